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
as plain JSON (lists, strings, numbers), kept with the value, so a task
queued by one process runs in another and names only the namespace and the
key's digest (no search words in the task table).
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
from typing import Any, NamedTuple

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


class Entry(NamedTuple):
    """What is kept for a key."""

    version: str  # the content version it was computed under
    computed_at: float  # seconds since the epoch
    until: float | None  # the next scheduled publication then, if any
    value: Any
    # What it was computed for: a refresh reads them from here, so the task
    # (a row in the task table) holds no text a visitor typed.
    parts: Any


def _plain(parts: Any) -> Any:
    """The parts as the worker will see them (JSON: tuples become lists)."""
    return json.loads(json.dumps(parts))


def _digest(parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _key(namespace: str, digest: str) -> str:
    return f"portal:counts:{namespace}:{digest}"


def _stale_since(entry: Entry, version: str, now: float) -> float | None:
    """Since when ``entry`` is stale (seconds since the epoch), None while
    it is fresh. After an edit: since the current version was made (unknown:
    since ever)."""
    moments = []
    if entry.version != version:
        made = version_time(version)
        moments.append(made if made is not None else -math.inf)
    if entry.until is not None and entry.until <= now:
        moments.append(entry.until)
    if now - entry.computed_at >= settings.COUNT_CACHE_SECONDS:
        moments.append(entry.computed_at + settings.COUNT_CACHE_SECONDS)
    return min(moments, default=None)


def _entry(key: str) -> Entry | None:
    entry = cache.get(key)
    return entry if isinstance(entry, Entry) else None


def _counted(entry: Entry, *, stale: bool = False) -> Counted:
    return Counted(entry.value, f"{entry.version}:{entry.computed_at:.6f}", stale)


def _compute(
    namespace: str,
    parts: Any,
    key: str,
    compute: Callable[[], Any] | None = None,
    version: str | None = None,
) -> Entry:
    """Compute the value now and keep it (unless counts are not cached)."""
    now = _now()
    version = version or content_version()
    until = next_scheduled_change(version=version)
    value = compute() if compute is not None else _computes[namespace](parts)
    entry = Entry(version, now, until.timestamp() if until else None, value, parts)
    if settings.COUNT_CACHE_SECONDS > 0:
        # Past its freshness plus the stale window nobody is given it.
        cache.set(key, entry, settings.COUNT_CACHE_SECONDS + settings.COUNT_STALE_SECONDS)
    return entry


def _queue_refresh(namespace: str, digest: str) -> bool:
    """Queue one refresh of the key unless one is queued already. False
    when nothing runs in the background (the immediate backend of tests):
    the caller computes the value itself."""
    if not tasks.can_defer(refresh):
        return False
    marker = f"{_key(namespace, digest)}:refreshing"
    if cache.add(marker, _now(), max(1, settings.COUNT_STALE_SECONDS)):
        tasks.enqueue(refresh, namespace, digest)
    return True


def counted(namespace: str, parts: Any = (), compute: Callable[[], Any] | None = None) -> Counted:
    """The value of ``namespace`` for ``parts`` (JSON-serialisable): fresh,
    or stale while a refresh is queued, or computed now (by ``compute()``
    when given: it may reuse what the request has already built, and must
    give what the registered function gives for ``parts``)."""
    parts = _plain(parts)
    digest = _digest(parts)
    key = _key(namespace, digest)
    entry = _entry(key) if settings.COUNT_CACHE_SECONDS > 0 else None
    version = None
    if entry is not None:
        now = _now()
        version = content_version()
        since = _stale_since(entry, version, now)
        if since is None:
            return _counted(entry)
        if now - since <= settings.COUNT_STALE_SECONDS and _queue_refresh(namespace, digest):
            if (seen := _watch.get()) is not None:
                seen.stale = True
            return _counted(entry, stale=True)
    return _counted(_compute(namespace, parts, key, compute, version))


@task()
def refresh(namespace: str, digest: str, *, request_id: str = "") -> bool:
    """Recompute the value kept under ``namespace`` and ``digest`` (for the
    parts kept with it) and keep the new one. Returns False when there was
    nothing to do: it is fresh already, or gone from the cache (the next
    request computes it), or the namespace is unknown (a task from before a
    deploy)."""
    with tasks.request_context(request_id):
        key = _key(namespace, digest)
        try:
            entry = _entry(key)
            if namespace not in _computes or entry is None:
                log.info("Counts refresh skipped: %s %s", namespace, digest)
                return False
            if _stale_since(entry, content_version(), _now()) is None:
                return False
            _compute(namespace, entry.parts, key)
            return True
        finally:
            cache.delete(f"{key}:refreshing")
