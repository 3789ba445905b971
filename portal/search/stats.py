"""What visitors search for, and what they do not find.

Per day and query text: how often it was searched for and how often that
found nothing (``SearchQueryStat``). Only the cleaned, lower-cased query text
and the two counts are kept: no address, session, user, filters or time of
day; a query with an e-mail address, phone number or long number is not kept
at all. The editors see the last ``WINDOW_DAYS`` days in the admin; days older
than ``RETENTION_DAYS`` are removed by ``manage.py purge_search_stats``.

The search view counts a search on every request for a first result page,
also when the page cache serves it (``COUNTED_HEADER``). Counts are summed
in the process and written at most every ``SEARCH_STATS_FLUSH_SECONDS``
(``flush``): a process that is killed loses the counts of its last few
seconds, never more."""

import atexit
import datetime
import logging
import re
import threading
import time
from typing import Any, TypedDict

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from portal.ops.logs import EMAIL, PHONE
from portal.search.models import SearchQueryStat

logger = logging.getLogger(__name__)

MAX_QUERY = 200
WINDOW_DAYS = 30
RETENTION_DAYS = 90

_LONG_NUMBER = re.compile(r"\d{7,}")


class QueryCount(TypedDict):
    query: str
    searches: int
    zero_results: int


def normalise(text: str | None) -> str:
    """The query as counted: printable characters only, single spaces, lower
    case, at most MAX_QUERY characters. Empty (not counted) for junk without
    any letter or digit, and for a query that holds an e-mail address, a
    phone number or a long number (a citizen service or account number):
    people sometimes type those, and they are not kept."""
    text = "".join(ch if ch.isprintable() else " " for ch in (text or ""))
    query = " ".join(text.lower().split())[:MAX_QUERY].strip()
    if not any(ch.isalnum() for ch in query):
        return ""
    if EMAIL.search(query) or PHONE.search(query) or _LONG_NUMBER.search(query):
        return ""
    return query


# One statement, atomic on both databases (SQLite >= 3.24, PostgreSQL):
# concurrent flushes for the same text add up, none is lost.
_UPSERT_SQL = """
INSERT INTO portal_searchquerystat (day, query, searches, zero_results) VALUES (%s, %s, %s, %s)
ON CONFLICT (day, query) DO UPDATE SET
    searches = portal_searchquerystat.searches + excluded.searches,
    zero_results = portal_searchquerystat.zero_results + excluded.zero_results
"""


# On a search page that counts as a search (a query, the first page): "1"
# when it found nothing, else "0". The page cache counts the search again
# for every visitor it serves that page to.
COUNTED_HEADER = "X-Search-Counted"


# Searches counted in this process, not yet written: (day, query) ->
# [searches, without results]. Written by the first search that comes
# SEARCH_STATS_FLUSH_SECONDS or more after the last write, and when the
# process ends (so a quiet process may hold a count longer): a popular query
# served from the page cache a thousand times a second would otherwise
# update its one row a thousand times a second, and the visitors wait in
# line for that row's lock.
_pending: dict[tuple[datetime.date, str], list[int]] = {}
_lock = threading.Lock()
_flushed_at = time.monotonic()


def record(text: str | None, *, zero_results: bool) -> None:
    """Count one search for ``text`` today; written with the others of
    this process once SEARCH_STATS_FLUSH_SECONDS have passed since the last
    write (0: at once), by this search or a later one, or at the end of the
    process."""
    query = normalise(text)
    if not query:
        return
    with _lock:
        counts = _pending.setdefault((timezone.localdate(), query), [0, 0])
        counts[0] += 1
        counts[1] += int(zero_results)
    if time.monotonic() - _flushed_at >= settings.SEARCH_STATS_FLUSH_SECONDS:
        flush()


def flush() -> None:
    """Write the pending counts. A failure is logged, never raised (a search
    must not fail because it could not be counted); those counts are lost."""
    global _flushed_at  # noqa: PLW0603  # the process's one buffer
    with _lock:
        pending = list(_pending.items())
        _pending.clear()
        _flushed_at = time.monotonic()
    if not pending:
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # In key order: two processes flushing the same queries take
            # their row locks in the same order (no deadlock).
            for (day, query), (searches, zero) in sorted(pending):
                cursor.execute(_UPSERT_SQL, [day, query, searches, zero])
    except DatabaseError as error:
        logger.warning("search not counted: %s", type(error).__name__)


atexit.register(flush)


def _window(days: int) -> datetime.date:
    """The first day of the last ``days`` days (today included)."""
    return timezone.localdate() - datetime.timedelta(days=days - 1)


def _counts(rows: Any) -> list[QueryCount]:
    return [{"query": r["query"], "searches": r["total"], "zero_results": r["zero"]} for r in rows]


def most_searched(days: int = WINDOW_DAYS, limit: int = 100) -> list[QueryCount]:
    """The most frequent queries of the last ``days`` days, most first."""
    return _counts(
        SearchQueryStat.objects.filter(day__gte=_window(days))
        .values("query")
        .annotate(total=Sum("searches"), zero=Sum("zero_results"))
        .order_by("-total", "query")[:limit]
    )


def not_found(days: int = WINDOW_DAYS, limit: int = 100) -> list[QueryCount]:
    """The queries that found nothing at least once in the last ``days``
    days, most often fruitless first."""
    return _counts(
        SearchQueryStat.objects.filter(day__gte=_window(days))
        .values("query")
        .annotate(total=Sum("searches"), zero=Sum("zero_results"))
        .filter(zero__gt=0)
        .order_by("-zero", "-total", "query")[:limit]
    )


def purge(days: int = RETENTION_DAYS) -> int:
    """Delete the counts of days more than ``days`` days ago; how many rows."""
    cutoff = timezone.localdate() - datetime.timedelta(days=days)
    deleted, _ = SearchQueryStat.objects.filter(day__lt=cutoff).delete()
    return deleted
