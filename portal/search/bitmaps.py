"""Exact counts of common words from bitmaps (migration 0019, PostgreSQL).

Counting the live matches of "ouders school" means visiting every one of
them: at 1,000,000 documents some 870,000 rows, a third of a second. For the
words in many documents (``portal_searchcommon``) the database keeps one bit
per document (``portal_searchbitmap``, exact through triggers): the number
of published documents with all of several common words is then the number
of bits set in all their bitmaps, under a millisecond at that size. The
published documents that are not live yet (scheduled) are few and are
subtracted, as for one word (``query._lexeme_count``).

Which words have bitmaps: ``refresh`` gives one to every lexeme in at least
``SHARE`` of the published documents (and ``MINIMUM`` of them: below that a
count over the matches is quick anyway), and drops the others. It runs after
a rebuild of the index, after the bench corpus, and in the background
(``queue_refresh``) when a search meets common words without bitmaps; until
then those searches count their matches, exactly, as before. A count
with facet filters always counts the matches.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.tasks import task

from portal.core.models import Status
from portal.ops import tasks
from portal.search.db import is_postgres, literal
from portal.search.models import SearchDocument, SearchLexeme
from portal.search.tsquery import parse

log = logging.getLogger(__name__)

CHUNK_BITS = 65536
CHUNK_SHIFT = CHUNK_BITS.bit_length() - 1  # id >> CHUNK_SHIFT is the chunk
# A lexeme in at least this share of the published documents, and in at
# least MINIMUM of them, gets a bitmap: some 600 lexemes in the bench's
# corpus (each a bit per document: 125 KB at 1,000,000 documents, 77 MB in
# all). The same share as the search's "common" words
# (``query.COMMON_SHARE``). Rarer words have fewer matches to count.
SHARE = 0.05
MINIMUM = 1000
# At most one background refresh is queued per this many seconds.
REFRESH_SECONDS = 3600

_DOCUMENTS = SearchDocument._meta.db_table
_LEXEMES = SearchLexeme._meta.db_table

# The published documents not live yet (no or a future ``publish_at``: few,
# found by the ``search_doc_live`` index) that match a tsquery: what a count
# of published documents holds too much. Parameters: ``scheduled``.
SCHEDULED_MATCHES = (
    f"(SELECT count(*) FROM {_DOCUMENTS} WHERE status = %s "  # noqa: S608  # nosec  # B608: table name
    "AND (publish_at IS NULL OR publish_at > %s) AND search_vector @@@ %s::tsquery)"
)


def scheduled(now: datetime, tsquery: str) -> list[Any]:
    """The parameters of SCHEDULED_MATCHES."""
    return [Status.PUBLISHED, now, tsquery]


# The live documents with one lexeme: its number of published documents
# (``SearchLexeme``, kept by triggers) minus the scheduled ones with it,
# without reading its matches. Parameters: ``one_lexeme``.
ONE_LEXEME = (
    f"(coalesce((SELECT documents FROM {_LEXEMES} WHERE lexeme = %s), 0)"  # noqa: S608  # nosec  # B608: table names
    f" - {SCHEDULED_MATCHES})"
)


def one_lexeme(lexeme: str, now: datetime) -> list[Any]:
    """The parameters of ONE_LEXEME."""
    return [lexeme, *scheduled(now, literal(lexeme))]


def formula(tsquery: str) -> tuple[str, list[str]] | None:
    """``tsquery`` as an SQL expression over the bitmaps ``b0``, ``b1``, ...
    of its lexemes, and those lexemes; None unless it is only lexemes with
    & and | (and parentheses): what ``build_tsquery`` makes of plain words,
    compounds split ('leerkracht' | 'leer' & 'kracht') and synonyms."""
    tree = parse(tsquery)
    lexemes: list[str] = []

    def expression(node: tuple) -> str:
        if node[0] not in ("lexeme", "&", "|"):
            raise ValueError(node[0])  # a phrase or a negation: not from bitmaps
        if node[0] != "lexeme":
            return "(" + f" {node[0]} ".join(expression(part) for part in node[1:]) + ")"
        if node[3]:  # a prefix or weights: no bitmap holds those
            raise ValueError(node[1])
        if node[2] not in lexemes:
            lexemes.append(node[2])
        return f"b{lexemes.index(node[2])}"

    try:
        return (expression(tree), lexemes) if tree is not None else None
    except ValueError:
        return None


# This process's last view of the lexemes with bitmaps: (monotonic time,
# lexemes). Only a hint to skip a count that cannot work: a lexeme added
# since is counted from its matches for at most HINT_SECONDS, one dropped
# since makes the count's own check fail (and the matches are counted).
HINT_SECONDS = 60
_hint: list[tuple[float, frozenset[str]]] = []


def _known() -> frozenset[str]:
    if not _hint or time.monotonic() - _hint[0][0] > HINT_SECONDS:
        _hint[:] = [(time.monotonic(), frozenset(have()))]
    return _hint[0][1]


def forget_hint() -> None:
    _hint.clear()


def count(tsquery: str, now: datetime, parsed: tuple[str, list[str]] | None = None) -> int | None:
    """The number of live documents matching ``tsquery``, or None when it is
    not a formula of lexemes (``formula``; ``parsed`` when the caller has it
    already), has one lexeme only (that one has its own count) or some of
    its lexemes have no bitmap."""
    if not is_postgres():
        return None
    parsed = parsed or formula(tsquery)
    if parsed is None or len(parsed[1]) < 2 or not set(parsed[1]) <= _known():
        return None
    expression, lexemes = parsed
    columns = ", ".join(
        f"coalesce(bit_or(b.bits) FILTER (WHERE b.lexeme = %s), zero.z) AS b{i}"
        for i in range(len(lexemes))
    )
    sql = (
        "SELECT CASE WHEN (SELECT count(*) FROM portal_searchcommon WHERE lexeme = ANY(%s)) = %s "  # noqa: S608  # nosec  # B608: b0.. & | ( ) only, a table name
        f"THEN (SELECT coalesce(sum(bit_count({expression})), 0) FROM ("
        f"  SELECT {columns} FROM portal_searchbitmap AS b,"
        f"  (SELECT repeat('0', {CHUNK_BITS})::varbit AS z) AS zero"
        "  WHERE b.lexeme = ANY(%s) GROUP BY b.chunk, zero.z) AS s)"
        f" - {SCHEDULED_MATCHES} END"
    )
    params: list[Any] = [lexemes, len(lexemes), *lexemes, lexemes, *scheduled(now, tsquery)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (found,) = cursor.fetchone()
    return None if found is None else int(found)


# At most this many lexemes for one prefix; a shorter prefix is counted
# from its matches.
MAX_EXPANSION = 200


def alternatives(tsquery: str) -> list[tuple[str, bool]] | None:
    """``tsquery`` as its alternatives [(lexeme, is_prefix)] when it is only
    lexemes and prefixes joined by ``|`` (what ``build_tsquery`` makes of one
    word: 'ouderbetrokk' | '~ouderbetrokk':*), else None."""
    found: list[tuple[str, bool]] = []

    def gather(node: tuple) -> bool:
        if node[0] == "|":
            return all(gather(part) for part in node[1:])
        if node[0] != "lexeme" or node[3] not in ("", ":*"):
            return False
        found.append((node[2], node[3] == ":*"))
        return True

    tree = parse(tsquery)
    return found if tree is not None and gather(tree) else None


def _expand(cursor: Any, terms: list[tuple[str, bool]]) -> dict[str, int] | None:
    """The lexemes of published documents that the terms match (a prefix
    expanded through ``SearchLexeme``) with their numbers of published
    documents, None when a prefix matches more than MAX_EXPANSION."""
    lexemes: dict[str, int] = {}
    for lexeme, prefix in terms:
        pattern = re.sub(r"([\\%_])", r"\\\1", lexeme) + ("%" if prefix else "")
        cursor.execute(
            f"SELECT lexeme, documents FROM {_LEXEMES} WHERE lexeme LIKE %s LIMIT %s",  # noqa: S608  # nosec  # B608: table name
            [pattern, MAX_EXPANSION + 1],
        )
        found = cursor.fetchall()
        if len(found) > MAX_EXPANSION:
            return None
        lexemes.update(found)
    return lexemes


def count_any(tsquery: str, now: datetime) -> int | None:
    """The number of live documents matching ``tsquery`` when it is one
    word's alternatives (``alternatives``: a prefix among them); else None.
    The prefix is expanded into the lexemes of published documents; those
    with a bitmap (B) are counted from their bitmaps, minus the scheduled
    documents with one of them, and the live documents with one of the
    others (R, each in fewer than SHARE of the documents) but none of B are
    counted through the index: they are few. "ouderbetrokk" at 100,000
    documents: 9,600 matches, of which some 900 are read. Without bitmaps
    the lexeme in most documents stands in for B (``_count_beside``)."""
    if not is_postgres():
        return None
    terms = alternatives(tsquery)
    if terms is None or not any(prefix for _lexeme, prefix in terms):
        return None
    with connection.cursor() as cursor:
        lexemes = _expand(cursor, terms)
        if lexemes is None:
            return None
        if not lexemes:
            return 0
        with_bits = [lexeme for lexeme in lexemes if lexeme in _known()]
        if not with_bits:
            return _count_beside(cursor, tsquery, max(lexemes, key=lexemes.__getitem__), now)
        others = [lexeme for lexeme in lexemes if lexeme not in with_bits]
        sql = (
            "WITH b AS (SELECT chunk, bit_or(bits) AS bits FROM portal_searchbitmap "  # noqa: S608  # nosec  # B608: table name
            "  WHERE lexeme = ANY(%s) GROUP BY chunk) "
            "SELECT CASE WHEN (SELECT count(*) FROM portal_searchcommon WHERE lexeme = ANY(%s)) = %s "
            "THEN (SELECT coalesce(sum(bit_count(b.bits)), 0) FROM b)"
            f" - {SCHEDULED_MATCHES} END"
            # B's chunks as text, to test the bits of the others' matches.
            + (
                ", (SELECT array_agg(b.chunk) FROM b), (SELECT array_agg(b.bits::text) FROM b)"
                if others
                else ""
            )
        )
        either = " | ".join(literal(lexeme) for lexeme in with_bits)
        params: list[Any] = [with_bits, with_bits, len(with_bits), *scheduled(now, either)]
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row[0] is None:
            return None
        found = int(row[0])
        if others:
            # The live documents with one of the others and none of B
            # (testing their bits here: get_bit in SQL copies the chunk).
            chunks = dict(zip(row[1] or [], row[2] or [], strict=True))
            cursor.execute(
                f"SELECT id FROM {_DOCUMENTS} WHERE status = %s AND publish_at <= %s "  # noqa: S608  # nosec  # B608: table name
                "AND search_vector @@@ %s::tsquery",
                [Status.PUBLISHED, now, " | ".join(literal(lexeme) for lexeme in others)],
            )
            for (pk,) in cursor.fetchall():
                bits = chunks.get(pk >> CHUNK_SHIFT)
                if bits is None or bits[pk & (CHUNK_BITS - 1)] == "0":
                    found += 1
    return found


def _count_beside(cursor: Any, tsquery: str, lexeme: str, now: datetime) -> int:
    """The live documents matching ``tsquery``, which every document with
    ``lexeme`` matches: those with the lexeme from its number of published
    documents (``SearchLexeme``, minus the scheduled ones, as for one word)
    and the others through the index, only they visited. "voorlees" at
    1,000,000 documents: 69,946 matches, 38,971 of them with 'voorlees',
    80 -> 50 ms (the visits of the rows cost as much as the index)."""
    sql = (
        f"SELECT {ONE_LEXEME} + (SELECT count(*) FROM {_DOCUMENTS} WHERE status = %s"  # noqa: S608  # nosec  # B608: table names
        " AND publish_at <= %s AND search_vector @@@ %s::tsquery)"
    )
    rest = f"( {tsquery} ) & !{literal(lexeme)}"
    cursor.execute(sql, [*one_lexeme(lexeme, now), Status.PUBLISHED, now, rest])
    (found,) = cursor.fetchone()
    return int(found)


def wanted(share: float = SHARE, minimum: int = MINIMUM) -> set[str]:
    """The lexemes that should have a bitmap now."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {_DOCUMENTS} WHERE status = %s",  # noqa: S608  # nosec  # B608: table name
            [Status.PUBLISHED],
        )
        (published,) = cursor.fetchone()
        cursor.execute(
            f"SELECT lexeme FROM {_LEXEMES} WHERE documents >= %s",  # noqa: S608  # nosec  # B608: table name
            [max(minimum, share * published)],
        )
        return {lexeme for (lexeme,) in cursor.fetchall()}


def have() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme FROM portal_searchcommon")
        return {lexeme for (lexeme,) in cursor.fetchall()}


def add_bits(chunks: dict[int, bytearray], ids: Iterable[int]) -> dict[int, bytearray]:
    """Set the bits of these document ids in ``chunks`` (chunk -> bytes)."""
    for pk in ids:
        chunk, position = divmod(pk, CHUNK_BITS)
        bits = chunks.get(chunk)
        if bits is None:
            bits = chunks[chunk] = bytearray(CHUNK_BITS // 8)
        bits[position // 8] |= 0x80 >> (position % 8)
    return chunks


def write(cursor: Any, lexeme: str, chunks: dict[int, bytearray]) -> None:
    """Store a new lexeme's bitmap (its chunks, as varbit hex input)."""
    forget_hint()
    cursor.execute("INSERT INTO portal_searchcommon (lexeme) VALUES (%s)", [lexeme])
    if chunks:
        cursor.execute(
            "INSERT INTO portal_searchbitmap (lexeme, chunk, bits) "
            "SELECT %s, c, b::varbit FROM unnest(%s::integer[], %s::text[]) AS u(c, b)",
            [lexeme, list(chunks), ["x" + bits.hex() for bits in chunks.values()]],
        )


def lock_writers(cursor: Any) -> None:
    """Until the transaction ends, no document changes (writers wait; readers
    go on) and no other refresh runs (the mode conflicts with itself)."""
    cursor.execute(f"LOCK TABLE {_DOCUMENTS} IN SHARE ROW EXCLUSIVE MODE")


def refresh(
    *,
    share: float | None = None,
    minimum: int | None = None,
    rebuild: bool = False,
    built: Mapping[str, dict[int, bytearray]] | None = None,
) -> tuple[int, int]:
    """Give every lexeme that should have a bitmap one, and drop the others
    (``rebuild``: build all again, after rows were loaded without triggers).
    A new lexeme's bitmap is read from the index, or taken from ``built``
    when that holds it (complete: a bulk load that saw every document).
    Each lexeme is added in a transaction of its own that holds writers of
    documents back (``lock_writers``), so no change slips between reading
    its documents and its first trigger, and editors wait for one lexeme
    (about 2 s at 1,000,000 documents), not for all of them. Meanwhile
    searches for the lexemes not yet added count their matches, as without
    bitmaps. Returns (added, dropped)."""
    if not is_postgres():
        return 0, 0
    forget_hint()
    with transaction.atomic(), connection.cursor() as cursor:
        lock_writers(cursor)
        if rebuild:
            cursor.execute("DELETE FROM portal_searchcommon")
        target = wanted(SHARE if share is None else share, MINIMUM if minimum is None else minimum)
        present = have()
        dropped = sorted(present - target)
        if dropped:
            cursor.execute("DELETE FROM portal_searchcommon WHERE lexeme = ANY(%s)", [dropped])
    added = 0
    for lexeme in sorted(target - present):
        with transaction.atomic(), connection.cursor() as cursor:
            lock_writers(cursor)
            cursor.execute("SELECT 1 FROM portal_searchcommon WHERE lexeme = %s", [lexeme])
            if cursor.fetchone():
                continue  # added meanwhile by another refresh
            if built is not None and lexeme in built:
                chunks = built[lexeme]
            else:
                # Through the GIN index: a scan of the table would read
                # every vector (see query._index_plans).
                cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
                cursor.execute(
                    f"SELECT id FROM {_DOCUMENTS} WHERE status = %s "  # noqa: S608  # nosec  # B608: table name
                    "AND search_vector @@@ %s::tsquery",
                    [Status.PUBLISHED, literal(lexeme)],
                )
                chunks = add_bits({}, (pk for (pk,) in cursor.fetchall()))
            write(cursor, lexeme, chunks)
            added += 1
    with transaction.atomic(), connection.cursor() as cursor:
        # Chunks of ids that no longer exist (re-indexing gives new ids).
        cursor.execute("DELETE FROM portal_searchbitmap WHERE bit_count(bits) = 0")
    log.info("Search bitmaps: %d added, %d dropped", added, len(dropped))
    return added, len(dropped)


@task()
def refresh_bitmaps(*, request_id: str = "") -> tuple[int, int]:
    with tasks.request_context(request_id):
        return refresh()


_queued: list[float] = []


def queue_refresh() -> None:
    """Queue one ``refresh`` (at most one per REFRESH_SECONDS across nodes;
    each process asks the shared cache at most that often)."""
    if _queued and time.monotonic() - _queued[0] < REFRESH_SECONDS:
        return
    _queued[:] = [time.monotonic()]
    if cache.add("search:bitmaps-refresh", True, REFRESH_SECONDS):
        tasks.enqueue(refresh_bitmaps)
