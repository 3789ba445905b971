"""Readiness of one web node (``/ready/``): can it serve requests now?

``/health/`` only asks whether the process and its database answer
(liveness). ``/ready/`` checks everything a request may need, each with a
short timeout of its own: the database, the shared cache (sessions, rate
limits, page cache live there), the media storage (local disk or the object
store) and whether a background worker has shown a heartbeat recently. A node
whose database, cache or storage is away is not ready (503: the load balancer
stops sending it visitors). No worker is a warning, not a reason to take the
node out: pages still work, mail waits in the outbox until a worker runs.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connection

from portal.ops.tasks import worker_heartbeat_age

logger = logging.getLogger(__name__)

OK, FAILED = "ok", "niet bereikbaar"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    """Write and read back a value in every configured cache."""
    for alias in settings.CACHES:
        cache = caches[alias]
        key, value = f"ready:{uuid.uuid4().hex}", uuid.uuid4().hex
        cache.set(key, value, 10)
        if cache.get(key) != value:
            raise RuntimeError(f"cache {alias} gaf een andere waarde terug")
        cache.delete(key)


def _storage() -> None:
    """One request to the media storage (a HEAD on the object store)."""
    default_storage.exists(f"ready-probe-{uuid.uuid4().hex}")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "storage": _storage,
}


def readiness() -> tuple[bool, dict[str, object]]:
    """(ready, report): every check as "ok" or "niet bereikbaar", and the
    worker's state ("ok", "te laat", "geen") with the seconds since its last
    heartbeat."""
    report: dict[str, object] = {}
    ready = True
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure of that part means: not ready
            logger.warning("readiness: %s failed: %s", name, type(error).__name__)
            report[name] = FAILED
            ready = False
        else:
            report[name] = OK
    try:
        age = worker_heartbeat_age() if report["database"] == OK else None
    except Exception:  # the database went away between the checks
        age = None
    if age is None:
        worker = "geen"
    elif age > settings.READY_WORKER_MAX_AGE:
        worker = "te laat"
    else:
        worker = OK
    report["worker"] = worker
    report["worker_heartbeat_seconds"] = None if age is None else round(age)
    report["status"] = ("ok" if worker == OK else "waarschuwing") if ready else "niet gereed"
    return ready, report
