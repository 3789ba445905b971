"""The API's list totals come from the kept counts (portal.ops.counts): after
a publication the previous total for a moment with one refresh queued, while
the rows and the next/previous links are read live."""

import pytest
from django.tasks import task_backends

from portal.core.models import Status
from portal.editorial import workflow
from portal.ops import counts
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db

LIST = "/api/praktijkvoorbeelden/"


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    return backend


def refreshes(queue):
    return [r for r in queue.results if r.task.func is counts.refresh.func]


def test_after_a_publication_the_total_follows_once_refreshed_the_links_at_once(
    client, queue, redacteur, eindredacteur
):
    PracticeFactory(published=True, title="Ouderkamer", municipalities=[municipality("GM0344")])
    first = client.get(LIST, {"per_pagina": 1}).json()
    assert (first["count"], first["next"]) == (1, None)

    new = PracticeFactory(
        status=Status.DRAFT, title="Voorleesproject", municipalities=[municipality("GM0344")]
    )
    workflow.submit(new, actor=redacteur)
    workflow.publish(new, actor=eindredacteur)

    page = client.get(LIST, {"per_pagina": 1}).json()
    assert page["count"] == 1  # the previous total, for a moment
    assert page["next"] == "http://testserver/api/praktijkvoorbeelden/?pagina=2&per_pagina=1"
    second = client.get(LIST, {"per_pagina": 1, "pagina": 2}).json()
    assert [r["title"] for r in page["results"] + second["results"]] == [
        "Voorleesproject",
        "Ouderkamer",
    ]
    assert second["next"] is None and second["previous"]
    assert client.get(LIST, {"per_pagina": 1, "pagina": 3}).status_code == 404
    [queued] = refreshes(queue)  # one, for all those requests

    queued.task.call(*queued.args, **queued.kwargs)
    assert client.get(LIST, {"per_pagina": 1}).json()["count"] == 2


def test_each_filter_has_its_own_total(client, queue):
    PracticeFactory(published=True, municipalities=[municipality("GM0344")])
    PracticeFactory(published=True, municipalities=[municipality("GM0758")])
    assert client.get(LIST).json()["count"] == 2
    assert client.get(LIST, {"gemeente": "breda"}).json()["count"] == 1
    assert client.get(LIST, {"gemeente": "breda", "sortering": "az"}).json()["count"] == 1
    assert client.get(LIST, {"provincie": "PV26"}).json()["count"] == 1  # Utrecht
    assert client.get("/api/gemeenten/", {"q": "breda"}).json()["count"] == 1
    assert refreshes(queue) == []


def test_a_refresh_counts_as_the_list_filters(client, queue, eindredacteur):
    PracticeFactory(published=True, municipalities=[municipality("GM0344")])
    gone = PracticeFactory(published=True, municipalities=[municipality("GM0758")])
    assert client.get(LIST, {"thema[]": "x"}).json()["count"] == 0
    assert client.get(LIST, {"gemeente": "breda"}).json()["count"] == 1
    workflow.unpublish(gone, actor=eindredacteur)
    response = client.get(LIST, {"gemeente": "breda"}).json()
    assert (response["count"], response["results"]) == (1, [])  # rows live, total a moment behind
    [queued] = refreshes(queue)
    assert queued.args[1] == counts._digest(["PracticeViewSet", [["gemeente", ["breda"]]]])
    queued.task.call(*queued.args, **queued.kwargs)
    assert client.get(LIST, {"gemeente": "breda"}).json()["count"] == 0
