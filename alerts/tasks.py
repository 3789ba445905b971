"""The digest task: once a day at ``DIGEST_HOUR`` (local time) it sends the
due digests (``services.run_digest``) and queues itself for the next day, as
the worker's heartbeat does every minute (``portal.ops.tasks``).

One chain: the task is queued only when none waits yet. The chain starts,
and comes back should it ever break, each time the heartbeat task has run
(``keep_scheduled``, connected to ``task_finished`` in ``AlertsConfig``),
which also deletes expired requests every minute. With a backend that cannot wait (tests,
``TASK_BACKEND=immediate``) nothing is queued ahead.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alerts import services
from portal.ops import tasks

log = logging.getLogger(__name__)

DIGEST_HOUR = 7
# Finished digest tasks are removed from the task table after this.
RESULTS_KEEP = datetime.timedelta(days=30)


def next_run(now: datetime.datetime) -> datetime.datetime:
    """The next ``DIGEST_HOUR`` o'clock (local time) after ``now``."""
    local = timezone.localtime(now)
    day = local.date() if local.hour < DIGEST_HOUR else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        day, datetime.time(DIGEST_HOUR), tzinfo=timezone.get_current_timezone()
    )


def _waiting() -> bool:
    return DBTaskResult.objects.filter(
        task_path=digest_task.module_path, status=TaskResultStatus.READY
    ).exists()


def start_digest() -> None:
    """Queue the digest task for its next hour, unless one waits already."""
    if tasks.can_defer(digest_task) and not _waiting():
        tasks.enqueue(digest_task, run_after=next_run(timezone.now()))


@task()
def digest_task(*, request_id: str = "") -> dict[str, int]:
    """Send the due digests, then come back at the next digest hour."""
    with tasks.request_context(request_id):
        try:
            return services.run_digest(now=timezone.now())
        finally:
            if tasks.can_defer(digest_task):
                DBTaskResult.objects.filter(
                    task_path=digest_task.module_path,
                    status=TaskResultStatus.SUCCESSFUL,
                    finished_at__lt=timezone.now() - RESULTS_KEEP,
                ).delete()
            start_digest()


def keep_scheduled(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """``task_finished`` receiver: after each heartbeat (every minute), make
    sure the digest task waits (starts the chain on a new worker, repairs a
    broken one) and delete requests not confirmed in time, so none outlives
    its 48 hours by more than a minute. It never raises: the worker sends
    this signal outside its own error handling."""
    try:
        if task_result.task.module_path == tasks.heartbeat.module_path:
            services.purge_unconfirmed()
            start_digest()
    except Exception:
        log.exception("Keeping the alerts digest scheduled failed")
