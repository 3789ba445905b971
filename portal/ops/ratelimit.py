"""Rate limits over a sliding window, with counters that a flood cannot reset.

The counters live in their own table, ``portal_rate_counter`` (created by
migration ``portal.0006_security``), not in a cache: caches evict entries when
they are full, and anonymous traffic can fill them. The table is shared by all
gunicorn workers and servers.

Events are counted per fixed window (a quarter of an hour, an hour), and the
count that is decided on is that of the last full window's length: this
window's events plus the previous window's, weighted by the part of it that
still lies within the last window's length, rounded up (the sliding-window
counter). With the fixed windows alone, ten failed logins just before a
window's end and ten just after it would all have been checked: a lock that
ends at a clock's quarter, not a quarter of an hour after the failures. A
counter row goes away once the window after its own has ended.

Counting and checking are one step: ``hit`` is a single
``INSERT … ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING hits`` (the
same statement on PostgreSQL and on SQLite ≥ 3.35; Django needs 3.37), plus
the previous window's count, which no longer grows, so of N parallel
requests over a limit L exactly L see a count ≤ L (in a window that follows
a counted one, the weighted previous count can drop by one between two of
them: there at most one more). Callers decide on the returned count, never on an
earlier read.

Identities are hashed with the secret key: the table never holds an IP
address or a user name in clear text.

``client_ip`` gives the visitor's address, also behind the reverse proxy: the
``X-Forwarded-For`` header is only believed when the direct peer is one of
``settings.TRUSTED_PROXIES``.
"""

import functools
import hashlib
import ipaddress
import math
import random
import time

from django.conf import settings
from django.db import connection

# One in this many new windows also removes the counters of ended windows.
CLEANUP_EVERY = 50
# More hops than this in X-Forwarded-For are not examined.
MAX_FORWARDED_HOPS = 20


# --- the client's address -------------------------------------------------


@functools.lru_cache(maxsize=8)
def _trusted_networks(entries):
    return tuple(ipaddress.ip_network(str(entry), strict=False) for entry in entries)


def _parse_ip(text):
    """An address from a header or REMOTE_ADDR, or None. Accepts the forms
    proxies write: ``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1``,
    ``[2001:db8::1]`` and ``[2001:db8::1]:443``."""
    text = (text or "").strip()
    if not text or len(text) > 100:
        return None
    if text.startswith("["):
        text = text[1:].split("]", 1)[0] if "]" in text else ""
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address):
    networks = _trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request):
    """The visitor's IP address.

    ``REMOTE_ADDR`` is the direct peer. Only when that peer is a trusted proxy
    is ``X-Forwarded-For`` read, from the right (the entry the nearest proxy
    added) to the left, skipping further trusted proxies; the first address
    that is not trusted is the client. Entries further left were written by
    the client itself and are never used. A malformed entry ends the walk: the
    last trusted hop is used, so garbage can never choose an identity."""
    remote_text = request.META.get("REMOTE_ADDR", "")
    address = _parse_ip(remote_text)
    if address is None:
        return remote_text[:100]
    if not _is_trusted(address):
        return str(address)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = forwarded.split(",")[-MAX_FORWARDED_HOPS:] if forwarded else []
    for entry in reversed(hops):
        hop = _parse_ip(entry)
        if hop is None:
            break
        address = hop
        if not _is_trusted(hop):
            break
    return str(address)


# --- counters -------------------------------------------------------------


def _clock():
    return time.time()


def _buckets(scope, ident, window, now):
    """The keys of this window's counter and the previous one's, and the
    moment (epoch seconds) this window ends."""
    index = int(now // window)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{ident}".encode()).hexdigest()[:32]
    return (
        f"{scope[:20]}:{window}:{index}:{digest}",
        f"{scope[:20]}:{window}:{index - 1}:{digest}",
        (index + 1) * window,
    )


def _hits(cursor, bucket):
    cursor.execute("SELECT hits FROM portal_rate_counter WHERE bucket = %s", [bucket])
    row = cursor.fetchone()
    return row[0] if row else 0


def _carried(cursor, previous, ends, window, now):
    """The previous window's count, weighted by the part of it within the
    last ``window`` seconds, rounded up."""
    return math.ceil(_hits(cursor, previous) * (ends - now) / window)


def hit(scope, ident, window):
    """Count one event and return the count over the last ``window``
    seconds (this window's, atomic, plus the previous one's share)."""
    now = _clock()
    bucket, previous, ends = _buckets(scope, ident, window, now)
    with connection.cursor() as cursor:
        carried = _carried(cursor, previous, ends, window, now)
        # The row lives until the next window has ended: that one reads it.
        cursor.execute(
            "INSERT INTO portal_rate_counter (bucket, hits, expires_at) VALUES (%s, 1, %s) "
            "ON CONFLICT (bucket) DO UPDATE SET hits = portal_rate_counter.hits + 1 "
            "RETURNING hits",
            [bucket, ends + window],
        )
        count = cursor.fetchone()[0]
        if count == 1 and random.randrange(CLEANUP_EVERY) == 0:
            cursor.execute("DELETE FROM portal_rate_counter WHERE expires_at <= %s", [int(now)])
    return count + carried


def allow(scope, ident, limit, window):
    """Count one event; True when it is still within the limit."""
    return hit(scope, ident, window) <= limit


def refund(scope, ident, window):
    """Take back one counted event (for example a login that succeeded):
    from this window, or when it holds none (the event was counted just
    before it began) from the previous one."""
    bucket, previous, _ends = _buckets(scope, ident, window, _clock())
    with connection.cursor() as cursor:
        for key in (bucket, previous):
            cursor.execute(
                "UPDATE portal_rate_counter SET hits = hits - 1 WHERE bucket = %s AND hits > 0",
                [key],
            )
            if cursor.rowcount:
                return


def current(scope, ident, window):
    """The count over the last ``window`` seconds so far (for display or
    tests; decide with ``hit``)."""
    now = _clock()
    bucket, previous, ends = _buckets(scope, ident, window, now)
    with connection.cursor() as cursor:
        return _hits(cursor, bucket) + _carried(cursor, previous, ends, window, now)


def reached(scope, ident, limit, window):
    return current(scope, ident, window) >= limit


# The public submission form: a limit per IP address per hour.
def count(request):
    """Count a submission and return the count of this hour (atomic)."""
    return hit("submit", client_ip(request), 3600)


def uncount(request):
    """Take back a counted submission that stored nothing new."""
    refund("submit", client_ip(request), 3600)
