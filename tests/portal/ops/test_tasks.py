"""Background tasks (portal.ops.tasks): the worker's heartbeat, and the
request id that follows a task from the request that queued it."""

import datetime

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.core import registry
from portal.core.models import Theme
from portal.ops import tasks
from portal.ops.logs import current_request_id
from portal.ops.models import WorkerHeartbeat
from portal.search import index
from portal.search import tasks as search_tasks
from portal.search.models import SearchDocument
from tests.factories import PracticeFactory, WorkerHeartbeatFactory
from tests.portal.ops.worker import DATABASE_QUEUE, run_worker


@pytest.fixture
def clock(monkeypatch):
    clock = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    return clock


@pytest.mark.django_db
def test_heartbeat_age_is_none_until_a_worker_beats_then_counts_from_the_last(clock):
    assert tasks.worker_heartbeat_age() is None
    WorkerHeartbeatFactory(worker_id="a", seen_at=clock["now"] - datetime.timedelta(seconds=90))
    WorkerHeartbeatFactory(worker_id="b", seen_at=clock["now"] - datetime.timedelta(seconds=400))
    assert tasks.worker_heartbeat_age() == 90
    tasks.beat("b")
    assert tasks.worker_heartbeat_age() == 0


@pytest.mark.django_db
def test_heartbeats_of_workers_gone_a_day_are_removed(clock):
    WorkerHeartbeatFactory(worker_id="oud", seen_at=clock["now"] - datetime.timedelta(days=2))
    tasks.beat("nieuw")
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["nieuw"]


@pytest.mark.django_db
def test_the_heartbeat_task_records_the_worker_that_runs_it(clock):
    result = tasks.heartbeat.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert list(WorkerHeartbeat.objects.values_list("worker_id", "seen_at")) == [
        (result.worker_ids[-1], clock["now"])
    ]


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_beats_every_minute(settings, clock):
    settings.TASKS = DATABASE_QUEUE
    assert tasks.worker_heartbeat_age() is None
    run_worker()
    assert tasks.worker_heartbeat_age() == 0

    def waiting():
        return list(
            DBTaskResult.objects.filter(
                task_path=tasks.heartbeat.module_path, status=TaskResultStatus.READY
            ).values_list("run_after", flat=True)
        )

    assert waiting() == [clock["now"] + datetime.timedelta(minutes=1)]

    clock["now"] += datetime.timedelta(minutes=5)  # no worker ran meanwhile
    assert tasks.worker_heartbeat_age() == 300
    run_worker()
    assert tasks.worker_heartbeat_age() == 0
    beats = DBTaskResult.objects.filter(
        task_path=tasks.heartbeat.module_path, status=TaskResultStatus.SUCCESSFUL
    )
    assert beats.count() == 2  # the one queued at the start, and the one a minute on
    # One chain of heartbeats, however many workers start.
    assert waiting() == [clock["now"] + datetime.timedelta(minutes=1)]


@pytest.mark.django_db
def test_a_task_carries_the_request_id_of_the_request_that_queued_it():
    token = current_request_id.set("abc123")
    try:
        result = tasks.enqueue(search_tasks.rebuild_index)
    finally:
        current_request_id.reset(token)
    assert result.kwargs == {"request_id": "abc123"}
    with tasks.request_context("def456"):
        assert current_request_id.get() == "def456"
    assert current_request_id.get() == ""


def test_without_a_backend_that_can_wait_a_later_task_is_not_queued():
    later = timezone.now() + datetime.timedelta(minutes=5)
    assert tasks.enqueue(tasks.heartbeat, run_after=later) is None


@pytest.mark.django_db
def test_bulk_reindexing_runs_as_a_task(monkeypatch):
    seen = []
    monkeypatch.setattr(search_tasks.index, "index_pks", lambda kind, pks: seen.append(pks) or 2)
    kind = registry.kinds()[0]
    results = search_tasks.queue_reindex(kind, range(search_tasks.CHUNK + 1))
    assert [r.return_value for r in results] == [2, 2]
    assert [len(pks) for pks in seen] == [search_tasks.CHUNK, 1]
    assert search_tasks.reindex_items.enqueue("geen-soort", [1]).return_value == 0


@pytest.mark.django_db
def test_renaming_a_theme_reindexes_its_items_through_the_task_queue(monkeypatch):
    theme = Theme.objects.create(name="Thema voor hernoemen")
    tagged = PracticeFactory(published=True, themes=[theme])
    PracticeFactory(published=True)  # not tagged: not re-indexed
    queued = []
    real = search_tasks.queue_reindex
    monkeypatch.setattr(
        search_tasks, "queue_reindex", lambda kind, pks: queued.append(list(pks)) or real(kind, pks)
    )
    monkeypatch.setattr(index, "bulk_reindex", search_tasks.queue_reindex)
    theme.name = "Hernoemd thema"
    theme.save()
    assert queued == [[tagged.pk]]
    document = SearchDocument.objects.get(object_id=tagged.pk, kind="practices")
    assert "Hernoemd thema" in document.names  # the (immediate) task did the work


def test_the_portal_points_bulk_reindexing_at_the_task_queue():
    assert index.bulk_reindex is search_tasks.queue_reindex
