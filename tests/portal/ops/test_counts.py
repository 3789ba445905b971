"""Counts no visitor waits for (portal.ops.counts): after an edit the
previous numbers come at once and one refresh is queued; beyond the stale
limit, or without a value, the request computes them; a worker refreshes
them by name."""

import datetime

import pytest
from django.core.cache import cache
from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.core.cache import bump_content_version, content_version, version_time
from portal.ops import counts
from practices.models import Practice
from tests.factories import PracticeFactory
from tests.portal.ops.worker import DATABASE_QUEUE, run_worker

NAMESPACE = "test-published-practices"
QUEUE = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def calls():
    """The namespace of these tests: the number of published practices
    whose title starts with the first part; records every computation."""
    made = []

    def compute(parts):
        made.append(parts)
        return Practice.objects.published().filter(title__startswith=parts[0]).count()

    counts.register(NAMESPACE, compute)
    yield made
    counts._computes.pop(NAMESPACE)


@pytest.fixture
def queue(settings):
    """A queue nothing runs (django.tasks' dummy backend): what a request
    queues stays there until the test runs it, as a worker would."""
    settings.TASKS = QUEUE
    backend = task_backends["default"]
    backend.clear()
    return backend


@pytest.fixture
def clock(monkeypatch):
    clock = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    return clock


def refreshes(queue):
    return [r for r in queue.results if r.task.func is counts.refresh.func]


def run(result):
    """Run a queued task the way the worker does."""
    return result.task.call(*result.args, **result.kwargs)


@pytest.mark.django_db
def test_without_a_value_the_request_computes_and_queues_nothing(calls, queue):
    PracticeFactory(published=True, title="Ouderkamer")
    assert counts.counted(NAMESPACE, ["Ouder"]).value == 1
    assert calls == [["Ouder"]] and refreshes(queue) == []
    # Then it is kept: no second computation while nothing changes.
    assert counts.counted(NAMESPACE, ["Ouder"]).value == 1
    assert len(calls) == 1 and refreshes(queue) == []


@pytest.mark.django_db
def test_after_an_edit_the_previous_value_comes_at_once_and_one_refresh_is_queued(calls, queue):
    PracticeFactory(published=True, title="Ouderkamer")
    first = counts.counted(NAMESPACE, ["Ouder"])
    PracticeFactory(published=True, title="Ouderavond")  # an edit: new content version

    stale = counts.counted(NAMESPACE, ["Ouder"])
    assert (stale.value, stale.stale, stale.stamp) == (1, True, first.stamp)
    assert len(calls) == 1  # nothing computed in the request
    [queued] = refreshes(queue)
    assert queued.args == [NAMESPACE, counts._digest(["Ouder"])]

    # A second request (another visitor, another node) queues nothing more.
    assert counts.counted(NAMESPACE, ["Ouder"]).value == 1
    assert len(refreshes(queue)) == 1

    assert run(queued) is True
    fresh = counts.counted(NAMESPACE, ["Ouder"])
    assert (fresh.value, fresh.stale) == (2, False) and fresh.stamp != first.stamp
    assert len(calls) == 2 and len(refreshes(queue)) == 1

    # The refresh is done, so the next edit queues a new one.
    bump_content_version()
    counts.counted(NAMESPACE, ["Ouder"])
    assert len(refreshes(queue)) == 2


@pytest.mark.django_db
def test_other_parts_are_other_values_with_their_own_refresh(calls, queue):
    PracticeFactory(published=True, title="Ouderkamer")
    counts.counted(NAMESPACE, ["Ouder"])
    counts.counted(NAMESPACE, ["Voor"])
    bump_content_version()
    counts.counted(NAMESPACE, ["Ouder"])
    counts.counted(NAMESPACE, ["Voor"])
    assert sorted(r.args[1] for r in refreshes(queue)) == sorted(
        counts._digest([word]) for word in ("Ouder", "Voor")
    )


@pytest.mark.django_db
def test_beyond_the_stale_limit_the_request_computes(settings, calls, queue, clock):
    settings.COUNT_STALE_SECONDS = 30
    PracticeFactory(published=True, title="Ouderkamer")
    counts.counted(NAMESPACE, ["Ouder"])
    clock["now"] += datetime.timedelta(seconds=5)
    PracticeFactory(published=True, title="Ouderavond")
    clock["now"] += datetime.timedelta(seconds=29)  # 29 s after the edit: still served
    assert counts.counted(NAMESPACE, ["Ouder"]).value == 1
    assert len(refreshes(queue)) == 1

    clock["now"] += datetime.timedelta(seconds=2)  # 31 s: the worker is late
    numbers = counts.counted(NAMESPACE, ["Ouder"])
    assert (numbers.value, numbers.stale) == (2, False)
    assert len(calls) == 2 and len(refreshes(queue)) == 1


@pytest.mark.django_db
def test_a_value_older_than_its_freshness_is_refreshed_in_the_background(
    settings, calls, queue, clock
):
    settings.COUNT_CACHE_SECONDS = 60
    settings.COUNT_STALE_SECONDS = 30
    PracticeFactory(published=True, title="Ouderkamer")
    counts.counted(NAMESPACE, ["Ouder"])
    clock["now"] += datetime.timedelta(seconds=59)
    counts.counted(NAMESPACE, ["Ouder"])
    assert refreshes(queue) == []
    clock["now"] += datetime.timedelta(seconds=2)  # 61 s old: stale for 1 s
    assert counts.counted(NAMESPACE, ["Ouder"]).stale
    assert len(refreshes(queue)) == 1 and len(calls) == 1
    clock["now"] += datetime.timedelta(seconds=30)  # 91 s old: stale for 31 s
    assert not counts.counted(NAMESPACE, ["Ouder"]).stale
    assert len(calls) == 2


@pytest.mark.django_db
def test_a_scheduled_publication_makes_the_value_stale_at_its_moment(calls, queue, clock):
    PracticeFactory(published=True, title="Ouderkamer")
    PracticeFactory(
        scheduled=True, title="Ouderavond", publish_at=clock["now"] + datetime.timedelta(seconds=20)
    )
    assert counts.counted(NAMESPACE, ["Ouder"]).value == 1
    clock["now"] += datetime.timedelta(seconds=19)
    assert not counts.counted(NAMESPACE, ["Ouder"]).stale
    clock["now"] += datetime.timedelta(seconds=2)  # it went live, without a save
    assert counts.counted(NAMESPACE, ["Ouder"]).stale
    [queued] = refreshes(queue)
    run(queued)
    assert counts.counted(NAMESPACE, ["Ouder"]).value == 2


@pytest.mark.django_db
def test_a_refresh_of_a_fresh_value_does_nothing(calls, queue):
    PracticeFactory(published=True, title="Ouderkamer")
    counts.counted(NAMESPACE, ["Ouder"])
    bump_content_version()
    counts.counted(NAMESPACE, ["Ouder"])
    [queued] = refreshes(queue)
    counts.counted(NAMESPACE, ["Ouder"], compute=lambda: 1)  # not used: stale is served
    cache.delete(counts._key(NAMESPACE, counts._digest(["Ouder"])))
    counts.counted(NAMESPACE, ["Ouder"])  # no value: computed in the request
    assert run(queued) is False  # a queued refresh then finds it fresh
    assert len(calls) == 2


@pytest.mark.django_db
def test_a_refresh_for_an_unknown_namespace_or_a_value_gone_is_skipped(calls, queue):
    assert counts.refresh.call("weg-na-een-deploy", counts._digest([])) is False
    counts.counted(NAMESPACE, ["Ouder"])
    bump_content_version()
    counts.counted(NAMESPACE, ["Ouder"])
    [queued] = refreshes(queue)
    cache.clear()  # evicted meanwhile: the next request computes it
    assert run(queued) is False and len(calls) == 1


@pytest.mark.django_db
def test_the_task_names_the_value_not_what_a_visitor_typed(calls, queue):
    counts.counted(NAMESPACE, ["Ouderkamer van mevrouw Jansen"])
    bump_content_version()
    counts.counted(NAMESPACE, ["Ouderkamer van mevrouw Jansen"])
    [queued] = refreshes(queue)
    assert "Jansen" not in repr(queued.args) + repr(queued.kwargs)
    run(queued)
    assert calls[-1] == ["Ouderkamer van mevrouw Jansen"]  # read from the kept value


@pytest.mark.django_db
def test_with_tasks_run_at_once_the_request_computes(calls):
    """The tests' immediate backend cannot run anything later: the request
    computes, as it did before counts were refreshed in the background."""
    PracticeFactory(published=True, title="Ouderkamer")
    counts.counted(NAMESPACE, ["Ouder"])
    PracticeFactory(published=True, title="Ouderavond")
    numbers = counts.counted(NAMESPACE, ["Ouder"])
    assert (numbers.value, numbers.stale) == (2, False)


@pytest.mark.django_db
def test_no_caching_at_all_with_zero_seconds(settings, calls, queue):
    settings.COUNT_CACHE_SECONDS = 0
    counts.counted(NAMESPACE, ["Ouder"])
    counts.counted(NAMESPACE, ["Ouder"])
    assert len(calls) == 2 and refreshes(queue) == []


@pytest.mark.django_db
def test_watch_tells_whether_stale_numbers_were_given(calls, queue):
    counts.counted(NAMESPACE, ["Ouder"])
    with counts.watch() as seen:
        counts.counted(NAMESPACE, ["Ouder"])
    assert seen.stale is False
    bump_content_version()
    with counts.watch() as seen:
        counts.counted(NAMESPACE, ["Ouder"])
    assert seen.stale is True


@pytest.mark.django_db
def test_the_content_version_says_when_it_was_made(clock):
    bump_content_version()
    assert version_time(content_version()) == pytest.approx(clock["now"].timestamp(), abs=0.001)
    assert version_time("3f2a9c0d1e2b4a5c8d7e6f5a4b3c2d1e") is None  # an older format


@pytest.mark.django_db(transaction=True)
def test_the_worker_refreshes_a_value_by_its_name(settings, calls):
    """The real queue: the request stores a task naming the namespace and
    its parts; ``db_worker`` runs it and the next request is exact."""
    settings.TASKS = DATABASE_QUEUE
    PracticeFactory(published=True, title="Ouderkamer")
    counts.counted(NAMESPACE, ["Ouder"])
    PracticeFactory(published=True, title="Ouderavond")
    assert counts.counted(NAMESPACE, ["Ouder"]).value == 1
    [row] = DBTaskResult.objects.filter(task_path=counts.refresh.module_path)
    assert row.args_kwargs["args"] == [NAMESPACE, counts._digest(["Ouder"])]
    run_worker()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    numbers = counts.counted(NAMESPACE, ["Ouder"])
    assert (numbers.value, numbers.stale) == (2, False)
