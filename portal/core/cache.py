"""The content version, and caching of values that must follow it.

The *content version* changes whenever any published-content model is saved
or deleted; it also says when it changed (``version_time``). Values cached
with ``cached`` (search results, suggestions) are keyed by it, so an edit
shows at once. Items that go live at a scheduled ``publish_at`` do so without
a save: no such value (nor a whole page) is kept past the next such moment
(``bounded_timeout``), so a scheduled item shows on time on every node. The
cache is the shared database cache, so all gunicorn workers agree.

Counts (facets, totals, figures per municipality) are kept differently, by
``portal.ops.counts``: after an edit the previous numbers are served while a
worker recomputes them, so no visitor waits for them.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.utils import timezone

VERSION_KEY = "portal:content-version"

# Models whose items go live by the clock (``publish_at`` in the future):
# the registry adds every content kind that can be scheduled.
_scheduled_models: list[type[Model]] = []
# The last answer of next_scheduled_change in this process, with the content
# version it belongs to: most requests then need no query for it at all.
_memo: tuple[str, datetime.datetime | None] | None = None


def _new_version() -> str:
    """A new version: the moment it was made (ms, hex) and a random part."""
    return f"{int(timezone.now().timestamp() * 1000):x}.{uuid.uuid4().hex[:16]}"


def version_time(version: str) -> float | None:
    """When ``version`` was made (seconds since the epoch); None when it
    does not say (a version from before versions carried their moment)."""
    moment, dot, _random = version.partition(".")
    try:
        return int(moment, 16) / 1000 if dot else None
    except ValueError:
        return None


def content_version() -> str:
    version: str | None = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        cache.set(VERSION_KEY, version, None)
    return version


def bump_content_version(**kwargs: Any) -> None:
    """Signal receiver: any change to content invalidates all cached counts."""
    cache.set(VERSION_KEY, _new_version(), None)


def follow_schedule(model: type[Model]) -> None:
    """Let the items of ``model`` that go live later bound cache lifetimes."""
    if model not in _scheduled_models:
        _scheduled_models.append(model)


def _still_valid(entry: object, version: str, now: datetime.datetime) -> bool:
    return isinstance(entry, tuple) and entry[0] == version and (entry[1] is None or entry[1] > now)


def next_scheduled_change(
    now: datetime.datetime | None = None, *, version: str | None = None
) -> datetime.datetime | None:
    """The next moment a scheduled item goes live (None: nothing is
    scheduled). Remembered per process under the content version, so it is
    looked up (one query over all content types) only after an edit or once
    that moment has passed."""
    global _memo
    now = now or timezone.now()
    version = version or content_version()
    if _memo is not None and _memo[0] == version and (_memo[1] is None or _memo[1] > now):
        return _memo[1]
    querysets = [
        model._default_manager.scheduled(now=now).order_by().values_list("publish_at", flat=True)  # type: ignore[attr-defined]
        for model in _scheduled_models
    ]
    moments = list(querysets[0].union(*querysets[1:], all=True).order_by()) if querysets else []
    at = min(moments, default=None)
    _memo = (version, at)
    return at


def bounded_timeout(
    seconds: int, now: datetime.datetime | None = None, *, version: str | None = None
) -> int:
    """``seconds``, but no longer than until the next scheduled change; 0
    means: do not keep it at all."""
    now = now or timezone.now()
    at = next_scheduled_change(now, version=version)
    if at is None:
        return seconds
    return max(0, min(seconds, math.floor((at - now).total_seconds())))


def cached[T](namespace: str, parts: object, compute: Callable[[], T]) -> T:
    """Return ``compute()``, cached under ``namespace`` + ``parts``."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    version = content_version()
    key = f"portal:{namespace}:{version}:{digest}"
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        if timeout := bounded_timeout(settings.COUNT_CACHE_SECONDS, version=version):
            cache.set(key, value, timeout)
    return value
