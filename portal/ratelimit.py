"""Fixed-window counters in the shared cache (the database cache), so a limit
holds across all gunicorn workers; process memory would not.

Identities are hashed with the secret key: the cache never holds an IP
address or a user name in clear text."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def _key(scope, ident, window):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{ident}".encode()).hexdigest()[:24]
    return f"rate:{scope}:{digest}:{int(time.time() // window)}"


def reached(scope, ident, limit, window):
    return (cache.get(_key(scope, ident, window)) or 0) >= limit


def hit(scope, ident, window):
    key = _key(scope, ident, window)
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


# The public submission form: a limit per IP address per hour.
def limit_reached(request):
    return reached("submit", client_ip(request), settings.SUBMISSION_RATE_LIMIT, 3600)


def count(request):
    hit("submit", client_ip(request), 3600)
