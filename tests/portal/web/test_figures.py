"""The figures of the home page and the municipality list after a
publication (portal.web.figures on portal.ops.counts): the previous figures
at once with one refresh queued, exact once it ran; a page with such figures
is not kept in the page cache."""

import re

import pytest
from django.tasks import task_backends
from django.test import Client

from portal.core.models import Status
from portal.editorial import workflow
from portal.ops import counts
from portal.web import figures
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    return backend


def refreshes(queue):
    return sorted(
        (r for r in queue.results if r.task.func is counts.refresh.func),
        key=lambda r: r.args[0],
    )


def run(result):
    return result.task.call(*result.args, **result.kwargs)


def home_figures(client):
    html = client.get("/").content.decode()
    found = re.search(r"(\d+) praktijkvoorbeeld(?:en)? uit (\d+) gemeenten", html)
    return int(found.group(1)), int(found.group(2))


def municipality_figures(client):
    html = client.get("/gemeenten/").content.decode()
    with_content = int(re.search(r"Van (\d+) gemeenten staat inhoud", html).group(1))
    rows = dict(
        re.findall(r'href="/gemeenten/([a-z-]+)/">[^<]+</a> <span class="count">\((\d+)', html)
    )
    return with_content, {slug: int(n) for slug, n in rows.items()}


def publish(item, redacteur, eindredacteur):
    workflow.submit(item, actor=redacteur)
    workflow.publish(item, actor=eindredacteur)


def test_home_figures_after_a_publication(client, queue, redacteur, eindredacteur):
    PracticeFactory(published=True, municipalities=[municipality("GM0344")])
    assert home_figures(client) == (1, 1)
    new = PracticeFactory(status=Status.DRAFT, municipalities=[municipality("GM0758")])
    publish(new, redacteur, eindredacteur)

    assert home_figures(client) == (1, 1)  # at once, the previous figures
    [queued] = refreshes(queue)
    assert queued.args[0] == figures.HOME
    assert home_figures(client) == (1, 1)
    assert len(refreshes(queue)) == 1  # a second visitor queues nothing more

    run(queued)
    assert home_figures(client) == (2, 2)


def test_municipality_counts_after_an_unpublication(client, queue, eindredacteur):
    PracticeFactory(published=True, municipalities=[municipality("GM0344")])
    gone = PracticeFactory(
        published=True, municipalities=[municipality("GM0344"), municipality("GM0758")]
    )
    assert municipality_figures(client) == (2, {"utrecht": 2, "breda": 1})
    workflow.unpublish(gone, actor=eindredacteur)

    assert municipality_figures(client) == (2, {"utrecht": 2, "breda": 1})
    [queued] = refreshes(queue)
    assert queued.args[0] == figures.PER_MUNICIPALITY
    municipality_figures(client)
    assert len(refreshes(queue)) == 1

    run(queued)
    assert municipality_figures(client) == (1, {"utrecht": 1})


def test_beyond_the_stale_limit_the_figures_are_computed(client, queue, settings, eindredacteur):
    settings.COUNT_STALE_SECONDS = 0
    PracticeFactory(published=True, municipalities=[municipality("GM0344")])
    gone = PracticeFactory(published=True, municipalities=[municipality("GM0758")])
    assert home_figures(client) == (2, 2)
    assert municipality_figures(client)[0] == 2
    workflow.unpublish(gone, actor=eindredacteur)
    assert home_figures(client) == (1, 1)
    assert municipality_figures(client) == (1, {"utrecht": 1})
    assert refreshes(queue) == []


@pytest.mark.page_cache
def test_a_page_with_stale_figures_is_not_kept_in_the_page_cache(settings, queue, eindredacteur):
    settings.PAGE_CACHE_SECONDS = 60
    anonymous = Client()
    PracticeFactory(published=True, municipalities=[municipality("GM0344")])
    gone = PracticeFactory(published=True, municipalities=[municipality("GM0758")])
    anonymous.get("/")
    assert anonymous.get("/")["X-Page-Cache"] == "hit"
    workflow.unpublish(gone, actor=eindredacteur)

    stale = anonymous.get("/")  # a new content version: rendered, stale figures
    assert "X-Page-Cache" not in stale and "2 praktijkvoorbeelden uit 2" in stale.content.decode()
    again = anonymous.get("/")
    assert "X-Page-Cache" not in again  # not stored: would outlive the refresh

    [queued] = refreshes(queue)
    run(queued)
    fresh = anonymous.get("/")
    assert "1 praktijkvoorbeeld uit 1" in fresh.content.decode()
    assert anonymous.get("/")["X-Page-Cache"] == "hit"  # exact again: kept
