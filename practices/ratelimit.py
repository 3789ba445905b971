"""A per-IP limit on submissions, in the shared cache so it holds across all
gunicorn workers (the database cache; process memory would not)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def _key(request):
    ip = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:24]
    return f"submit-rate:{digest}:{int(time.time() // 3600)}"


def limit_reached(request):
    return (cache.get(_key(request)) or 0) >= settings.SUBMISSION_RATE_LIMIT


def count(request):
    key = _key(request)
    if not cache.add(key, 1, 3600):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 3600)
