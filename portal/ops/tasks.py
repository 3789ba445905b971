"""Background tasks: how the portal enqueues them, and the worker's heartbeat.

Tasks use Django's ``django.tasks``; in production they wait in the database
(django-tasks-db's ``DatabaseBackend``) until ``manage.py db_worker`` runs
them. That backend schedules (``run_after``) but does not retry: a task that
must survive a failure reschedules itself through ``enqueue(...,
run_after=...)`` (``portal.ops.mail`` does so for mail).

``enqueue`` passes the id of the request being handled (``request_id``, see
``portal.ops.logs``) to the task as a keyword argument, so the task's log lines
can be found with the request's. A task runs its body inside
``request_context(request_id)``, so what it enqueues carries the id on.

The heartbeat: ``manage.py db_worker`` (``portal/management/commands``)
writes one when it starts and queues ``heartbeat``, a task that writes one
and queues itself again a minute later. ``worker_heartbeat_age()`` says how
long ago the last one was: a worker that is gone, or stuck, stops beating.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Max
from django.tasks import Task, TaskContext, TaskResult, TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.ops.logs import current_request_id
from portal.ops.models import WorkerHeartbeat

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 60
# Heartbeats of workers gone this long are removed.
HEARTBEAT_KEEP = datetime.timedelta(days=1)
# Finished heartbeat tasks are removed from the task table after this.
HEARTBEAT_RESULTS_KEEP = datetime.timedelta(hours=1)


def can_defer(t: Task) -> bool:
    """Can the backend of ``t`` hold a task until a later time? (The
    database backend can; the immediate one, used in tests, cannot.)"""
    return bool(t.get_backend().supports_defer)


def enqueue(
    t: Task, *args: Any, run_after: datetime.datetime | None = None, **kwargs: Any
) -> TaskResult | None:
    """Queue ``t(*args, **kwargs, request_id=...)``, at once or not before
    ``run_after``. Returns None when the backend cannot defer: the caller
    keeps the due time itself (and an ``opnieuw`` later picks it up)."""
    kwargs.setdefault("request_id", current_request_id.get())
    if run_after is not None:
        if not can_defer(t):
            return None
        t = t.using(run_after=run_after)
    return t.enqueue(*args, **kwargs)


@contextmanager
def request_context(request_id: str) -> Iterator[None]:
    """Run a task's body as part of the request that started it."""
    token = current_request_id.set(request_id or "")
    try:
        yield
    finally:
        current_request_id.reset(token)


# The heartbeat.


def beat(worker_id: str) -> None:
    """Record that worker ``worker_id`` is alive now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEAT_KEEP).delete()


def worker_heartbeat_age() -> float | None:
    """Seconds since any worker last showed it was alive; None if none ever did."""
    seen = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
    if seen is None:
        return None
    return max(0.0, (timezone.now() - seen).total_seconds())


def _heartbeat_waiting() -> bool:
    return DBTaskResult.objects.filter(
        task_path=heartbeat.module_path, status=TaskResultStatus.READY
    ).exists()


def start_heartbeat() -> None:
    """Queue the heartbeat task unless one is waiting already (every worker
    calls this when it starts)."""
    if can_defer(heartbeat) and not _heartbeat_waiting():
        enqueue(heartbeat)


@task(takes_context=True)
def heartbeat(context: TaskContext, *, request_id: str = "") -> None:
    """Record the running worker as alive and come back in a minute (one
    chain of heartbeats: a second chain, from a second worker's start, ends
    itself when it finds the other one waiting)."""
    worker_ids = context.task_result.worker_ids
    beat(worker_ids[-1] if worker_ids else "onbekend")
    if not can_defer(heartbeat):
        return
    DBTaskResult.objects.filter(
        task_path=heartbeat.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=timezone.now() - HEARTBEAT_RESULTS_KEEP,
    ).delete()
    if not _heartbeat_waiting():
        enqueue(heartbeat, run_after=timezone.now() + datetime.timedelta(seconds=HEARTBEAT_SECONDS))
