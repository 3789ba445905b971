"""Caching of counts that are slow at scale (facets, totals per municipality).

Every cached value is keyed by a *content version* that changes whenever any
published-content model is saved or deleted, so an edit shows at once. Items
that go live at a scheduled ``publish_at`` do so without a save: the short
timeout bounds how long such a count can lag (``COUNT_CACHE_SECONDS``).
The cache is the shared database cache, so all gunicorn workers agree.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "portal:content-version"


def content_version() -> str:
    version: str | None = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, None)
    return version


def bump_content_version(**kwargs: Any) -> None:
    """Signal receiver: any change to content invalidates all cached counts."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def cached[T](namespace: str, parts: object, compute: Callable[[], T]) -> T:
    """Return ``compute()``, cached under ``namespace`` + ``parts``."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"portal:{namespace}:{content_version()}:{digest}"
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.COUNT_CACHE_SECONDS)
    return value
