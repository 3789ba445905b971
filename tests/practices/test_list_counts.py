"""The practice list after a publication: the very next request answers
with the previous numbers at once and queues one refresh (portal.ops.counts);
the rows are live, so an unpublished practice never shows; once the refresh
ran, the numbers are exact."""

import re

import pytest
from django.tasks import task_backends
from django.urls import reverse

from portal.core.models import Status, Theme
from portal.editorial import workflow
from portal.ops import counts
from practices.filters import LIST_COUNTS
from practices.models import EducationPhase
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db

LIST = reverse("practices:list")
FILTERS = {"thema": "vve-en-taal", "fase": "primair-onderwijs"}


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    return backend


def refreshes(queue):
    return [r for r in queue.results if r.task.func is counts.refresh.func]


def run(result):
    return result.task.call(*result.args, **result.kwargs)


def practice(title, **kwargs):
    return PracticeFactory(
        title=title,
        themes=[Theme.objects.get(slug="vve-en-taal")],
        phases=[EducationPhase.objects.get(slug="primair-onderwijs")],
        municipalities=[municipality("GM0344")],
        **kwargs,
    )


def shown(response):
    html = response.content.decode()
    heading = re.search(r'id="results-heading"[^>]*>([^<]*)<', html).group(1).strip()
    utrecht = re.search(r"Utrecht \((\d+)\)</option>", html).group(1)
    titles = [item.title for item in response.context["page"].object_list]
    return heading, int(utrecht), sorted(titles)


def test_publishing_gives_the_previous_counts_at_once_then_exact_ones(
    client, queue, redacteur, eindredacteur
):
    practice("Ouderkamer", published=True)
    assert shown(client.get(LIST, FILTERS)) == ("1 praktijkvoorbeeld", 1, ["Ouderkamer"])
    assert refreshes(queue) == []  # no value yet: computed in the request

    new = practice("Voorleesproject", status=Status.DRAFT)
    workflow.submit(new, actor=redacteur)
    workflow.publish(new, actor=eindredacteur)

    response = client.get(LIST, FILTERS)
    # The rows are live; the numbers are those from before, for a moment.
    assert shown(response) == ("1 praktijkvoorbeeld", 1, ["Ouderkamer", "Voorleesproject"])
    [queued] = refreshes(queue)
    assert queued.args[0] == LIST_COUNTS
    # A second request before the worker ran queues nothing more.
    client.get(LIST, {**FILTERS, "sortering": "az"})  # same filters, other order
    assert len(refreshes(queue)) == 1

    run(queued)
    assert shown(client.get(LIST, FILTERS)) == (
        "2 praktijkvoorbeelden",
        2,
        ["Ouderkamer", "Voorleesproject"],
    )
    assert len(refreshes(queue)) == 1


def test_an_unpublished_practice_never_shows_while_its_count_is_refreshed(
    client, queue, eindredacteur
):
    practice("Ouderkamer", published=True)
    gone = practice("Voorleesproject", published=True)
    assert shown(client.get(LIST, FILTERS))[:2] == ("2 praktijkvoorbeelden", 2)

    workflow.unpublish(gone, actor=eindredacteur)
    response = client.get(LIST, FILTERS)
    assert shown(response) == ("2 praktijkvoorbeelden", 2, ["Ouderkamer"])
    assert "Voorleesproject" not in response.content.decode()
    [queued] = refreshes(queue)

    run(queued)
    assert shown(client.get(LIST, FILTERS)) == ("1 praktijkvoorbeeld", 1, ["Ouderkamer"])


def test_beyond_the_stale_limit_the_list_computes_its_counts(
    client, queue, settings, eindredacteur
):
    settings.COUNT_STALE_SECONDS = 0  # never served stale
    practice("Ouderkamer", published=True)
    gone = practice("Voorleesproject", published=True)
    client.get(LIST, FILTERS)
    workflow.unpublish(gone, actor=eindredacteur)
    assert shown(client.get(LIST, FILTERS)) == ("1 praktijkvoorbeeld", 1, ["Ouderkamer"])
    assert refreshes(queue) == []


def test_the_filter_form_follows_the_language(client):
    """The filter form is kept as a fragment: per language, not shared."""
    practice("Ouderkamer", published=True)
    assert "Filters toepassen" in client.get(LIST, FILTERS).content.decode()
    english = client.get("/en" + LIST, FILTERS).content.decode()
    assert "Filters toepassen" not in english and "Apply filters" in english
