"""Exact counts of searches that are slow to count, learned (migration 0021,
PostgreSQL).

Most counts are cheap: one word from its number of documents, several
common words from their bitmaps (``portal.search.bitmaps``). The others read
their matches, and at 1,000,000 documents some take 40 to 50 ms: a phrase of
common words ("doorgaande leerlijn": RUM reads the positions of every
document with either word) or a prefix of many lexemes ("voorlees"). After
such a count of at least MINIMUM matches without facet filters, the search
queues ``learn_count`` (once per QUEUE_SECONDS per query, across nodes); a
worker then counts the query's published documents once, with writers held
back, and keeps the number (``SearchCount``). From then on the triggers of
migration 0021 keep it exact in the same transaction as every change, and
the count of that search is one row read minus its scheduled matches (few),
as for one word: the same number, exact, without reading the matches.
Until the worker has learned it, a search counts its matches as before.

At most MAX_COUNTS queries are kept (every change of a document is tested
against each, in its trigger); a new one replaces the one learned longest
ago, and no more than MAX_COUNTS are learned in an hour. ``forget`` drops
them all: before rows are written without triggers or the whole index is
rebuilt, where testing every row against each would cost more than learning
them again.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from portal.core.models import Status
from portal.ops import tasks
from portal.search import bitmaps
from portal.search.db import is_postgres
from portal.search.models import SearchCount, SearchDocument

# Fewer matches are counted quickly from the index (as bitmaps.MINIMUM).
MINIMUM = 1000
MAX_COUNTS = 100
QUEUE_SECONDS = 3600

_COUNTS = SearchCount._meta.db_table
_DOCUMENTS = SearchDocument._meta.db_table


def count(tsquery: str, now: datetime) -> int | None:
    """The number of live documents matching ``tsquery`` when it is learned,
    else None."""
    if not is_postgres():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT documents - {bitmaps.SCHEDULED_MATCHES} FROM {_COUNTS} WHERE query = %s",  # noqa: S608  # nosec  # B608: table names
            [*bitmaps.scheduled(now, tsquery), tsquery],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def remember(tsquery: str, counted: int) -> None:
    """After ``tsquery``'s matches were counted (``counted`` live ones, no
    facet filters): queue learning its count when it had many."""
    if counted < MINIMUM or not is_postgres():
        return
    key = "search:learn:" + hashlib.sha256(tsquery.encode()).hexdigest()[:40]
    if cache.add(key, True, QUEUE_SECONDS):
        tasks.enqueue(learn_count, tsquery)


def learn(tsquery: str, *, limit: int = MAX_COUNTS) -> bool:
    """Count the published documents matching ``tsquery`` and keep the
    number, in one transaction that holds writers of documents back, so no
    change slips between the count and the first trigger that keeps it.
    False when it is kept already or ``limit`` were learned in the last
    hour; the one learned longest ago goes when ``limit`` are kept."""
    if not is_postgres():
        return False
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        bitmaps.lock_writers(cursor)
        cursor.execute(f"SELECT 1 FROM {_COUNTS} WHERE query = %s", [tsquery])  # noqa: S608  # nosec  # B608: table name
        if cursor.fetchone():
            return False
        cursor.execute(
            f"SELECT count(*) FROM {_COUNTS} WHERE learned > %s",  # noqa: S608  # nosec  # B608: table name
            [now - timedelta(hours=1)],
        )
        if cursor.fetchone()[0] >= limit:
            return False
        cursor.execute(
            f"DELETE FROM {_COUNTS} WHERE query IN (SELECT query FROM {_COUNTS} "  # noqa: S608  # nosec  # B608: table name
            "ORDER BY learned DESC, query OFFSET %s)",
            [limit - 1],
        )
        # Through the indexes: a scan of the table would read every vector.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
        cursor.execute(
            f"INSERT INTO {_COUNTS} (query, documents, learned) "  # noqa: S608  # nosec  # B608: table names
            f"SELECT %s, count(*), %s FROM {_DOCUMENTS} "
            "WHERE status = %s AND search_vector @@ %s::tsquery",
            [tsquery, now, Status.PUBLISHED, tsquery],
        )
    return True


@task()
def learn_count(tsquery: str, *, request_id: str = "") -> bool:
    with tasks.request_context(request_id):
        return learn(tsquery)


def forget() -> None:
    """Drop every learned count (they are learned again when searched)."""
    SearchCount.objects.all().delete()
