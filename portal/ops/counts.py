"""Counts no visitor waits for after an edit (stale-while-revalidate).

Facet counts, totals and figures per municipality are grouped queries over
every published item: slow at scale, and changed by every edit. Each is kept
in the shared cache under its namespace and parts, with the content version
(``portal.core.cache``) and the moment it was computed. It is *fresh* while
the content version is the same, the next scheduled publication it was
computed before has not passed, and it is younger than
``COUNT_CACHE_SECONDS``. Otherwise it is *stale*: the request gets it at once
and one background ``refresh`` of that key is queued (one per key across all
processes and nodes: ``cache.add`` of a short-lived marker), which stores the
new numbers for the next request. (With a backend that runs tasks at once,
the immediate one of the tests, the request computes them itself.) A value stale for longer than
``COUNT_STALE_SECONDS`` (the worker is late or gone; measured from the edit,
the scheduled moment or the end of its freshness), or no value at all, is
computed in the request, as before.

Only numbers are kept this way. The rows a page lists are always read live,
so a stale count never shows an unpublished item. A page that got stale
numbers is not stored in the page cache (``watch``), and template fragments
holding numbers are keyed by their ``stamp``, which changes with every
recompute.

A worker has to know how to compute a key: each namespace registers its
function by name (``register``, in ``AppConfig.ready()``); it gets the parts
as plain JSON (lists, strings, numbers), so a task queued by one process
runs in another.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import logging
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from portal.core.cache import content_version, next_scheduled_change, version_time
from portal.ops import tasks

log = logging.getLogger(__name__)

_computes: dict[str, Callable[[Any], Any]] = {}


def _now() -> float:
    return timezone.now().timestamp()


def register(namespace: str, compute: Callable[[Any], Any]) -> None:
    """``compute(parts)`` gives the value of ``namespace`` for ``parts``."""
    _computes[namespace] = compute


@dataclass(frozen=True)
class Counted:
    value: Any
    # Changes with every recompute: a key for template fragments built from
    # the value.
    stamp: str
    stale: bool = False


class _Watch:
    stale = False


_watch: contextvars.ContextVar[_Watch | None] = contextvars.ContextVar(
    "portal_counts_watch", default=None
)


@contextmanager
def watch() -> Iterator[_Watch]:
    """``with watch() as seen:`` ``seen.stale`` says whether anything inside
    was given stale numbers (the page cache does not keep such a page)."""
    seen = _Watch()
    token = _watch.set(seen)
    try:
        yield seen
    finally:
        _watch.reset(token)


def _plain(parts: Any) -> Any:
    """The parts as the worker will see them (JSON: tuples become lists)."""
    return json.loads(json.dumps(parts))


def _key(namespace: str, parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"portal:counts:{namespace}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def _stale_since(entry: tuple, version: str, now: float) -> float | None:
    """Since when ``entry`` is stale (seconds since the epoch), None while
    it is fresh. After an edit: since the current version was made (unknown:
    since ever)."""
    entry_version, computed_at, until, _value = entry
    moments = []
    if entry_version != version:
        made = version_time(version)
        moments.append(made if made is not None else -math.inf)
    if until is not None and until <= now:
        moments.append(until)
    if now - computed_at >= settings.COUNT_CACHE_SECONDS:
        moments.append(computed_at + settings.COUNT_CACHE_SECONDS)
    return min(moments, default=None)


def _entry(key: str) -> tuple | None:
    """The kept (version, computed at, stale at, value) of ``key``."""
    entry = cache.get(key)
    return entry if isinstance(entry, tuple) and len(entry) == 4 else None


def _stamp(entry: tuple) -> str:
    return f"{entry[0]}:{entry[1]:.6f}"


def _compute(
    namespace: str,
    parts: Any,
    key: str,
    compute: Callable[[], Any] | None = None,
    version: str | None = None,
) -> tuple:
    """Compute the value now and keep it (unless counts are not cached)."""
    now = _now()
    version = version or content_version()
    until = next_scheduled_change(version=version)
    value = compute() if compute is not None else _computes[namespace](parts)
    entry = (version, now, until.timestamp() if until else None, value)
    if settings.COUNT_CACHE_SECONDS > 0:
        # Past its freshness plus the stale window nobody is given it.
        cache.set(key, entry, settings.COUNT_CACHE_SECONDS + settings.COUNT_STALE_SECONDS)
    return entry


def _queue_refresh(namespace: str, parts: Any, key: str) -> bool:
    """Queue one refresh of ``key`` unless one is queued already. False
    when nothing runs in the background (the immediate backend of tests):
    the caller computes the value itself."""
    if not tasks.can_defer(refresh):
        return False
    if cache.add(f"{key}:refreshing", _now(), max(1, settings.COUNT_STALE_SECONDS)):
        tasks.enqueue(refresh, namespace, parts)
    return True


def counted(namespace: str, parts: Any = (), compute: Callable[[], Any] | None = None) -> Counted:
    """The value of ``namespace`` for ``parts`` (JSON-serialisable): fresh,
    or stale while a refresh is queued, or computed now (by ``compute()``
    when given: it may reuse what the request has already built, and must
    give what the registered function gives for ``parts``)."""
    parts = _plain(parts)
    key = _key(namespace, parts)
    entry = _entry(key) if settings.COUNT_CACHE_SECONDS > 0 else None
    version = None
    if entry is not None:
        now = _now()
        version = content_version()
        since = _stale_since(entry, version, now)
        if since is None:
            return Counted(entry[3], _stamp(entry))
        if now - since <= settings.COUNT_STALE_SECONDS and _queue_refresh(namespace, parts, key):
            if (seen := _watch.get()) is not None:
                seen.stale = True
            return Counted(entry[3], _stamp(entry), stale=True)
    entry = _compute(namespace, parts, key, compute, version)
    return Counted(entry[3], _stamp(entry))


@task()
def refresh(namespace: str, parts: Any, *, request_id: str = "") -> bool:
    """Recompute the value of ``namespace`` for ``parts`` and keep it.
    Returns False when there was nothing to do (it was fresh already, or the
    namespace is unknown: a task from before a deploy)."""
    with tasks.request_context(request_id):
        key = _key(namespace, parts)
        try:
            if namespace not in _computes:
                log.warning("Counts refresh skipped: no namespace %s", namespace)
                return False
            entry = _entry(key)
            if entry is not None and _stale_since(entry, content_version(), _now()) is None:
                return False
            _compute(namespace, parts, key)
            return True
        finally:
            cache.delete(f"{key}:refreshing")
