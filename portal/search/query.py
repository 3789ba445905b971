"""Running a search: matches, ranking, facets, snippets.

On PostgreSQL (``portal.search.db`` describes the vector):

* **Matching.** Each query word becomes an OR group of its alternatives
  (the word and its synonyms, ``portal.search.synonyms.expand``; a
  multi-word synonym as a phrase), normalised by ``portal_dutch`` (stemmed,
  compounds split). The last word also matches as a prefix of unstemmed
  words ("ouderbetrokk"). All groups must match; only when no item has all
  words, items with some of them are shown (``any_words``). Queries with
  operators (quotes, ``-word``, ``OR``) go to ``websearch_to_tsquery`` as typed.
* **Ranking** of every match, not of a date-bounded subset: field weights
  title 1.0 > taxonomy names 0.4 > summary 0.2 > body 0.1, and for several
  words their proximity (cover density: a phrase ranks above scattered
  words, a compound above its parts far apart). With RUM this happens inside
  the index (``ORDER BY search_vector <=> query``); for common words in two
  stages, first title and names (``search_head``), then the full rank for
  the best (``_ranked``). A stage may rank on the query's rarer words and
  test the whole query on each candidate (``_rarer``, ``_by_rarer``), when
  a word is in so many documents that reading its postings costs more.
  Without RUM ``ts_rank_cd`` per match. Recency then
  multiplies the rank by at most ``1 + RECENCY_BOOST`` (a mild factor that
  also breaks ties). The best ``RANKED`` can be paged through.
* **Counts.** ``total`` is the exact number of live matches (a count over
  the GIN index, only needed beyond ``RANKED``). The facet counts are taken
  over the ranked matches: exact when all matches are ranked
  (``facets_exact``), otherwise counts among the ``RANKED`` best.

On SQLite every word must occur (``icontains``) in one of the fields; the
matches are shown newest first.

On an English page (issue 21) ``run_search`` takes the English path (the
section "English" at the end): English matches first, then the Dutch ones.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQueryField
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.expressions import CombinedExpression, RawSQL
from django.db.models.functions import Concat, Left
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.translation import gettext_noop

from portal.core.cache import cached
from portal.core.models import Municipality, Status
from portal.core.pagination import page_or_last
from portal.core.translations import ENGLISH
from portal.search import bitmaps, learned
from portal.search.db import (
    CONFIG,
    ENGLISH_CONFIG,
    PREFIX_MARK,
    PREFIX_MIN,
    QUOTED_LEXEME,
    has_rum,
    is_postgres,
    literal,
    unquote,
)
from portal.search.models import SearchDocument, SearchFacet
from portal.search.suggest import _WORD, suggest, suggest_english
from portal.search.synonyms import expand
from portal.search.tsquery import lexemes as tsquery_lexemes
from portal.search.tsquery import needing, negates, weaken, without
from portal.search.tsquery import share as tsquery_share

if TYPE_CHECKING:
    from django.db.backends.utils import CursorWrapper
    from django.utils.safestring import SafeString

# The best RANKED matches are ranked, can be paged through and give the
# facet counts; ``total`` counts all matches. When the two-stage ranking is
# used (common words, ``_ranked``), the STAGE_TWO best get the full rank.
RANKED = 500
STAGE_TWO = 200
# The newest matches of the first stage that join its candidates, so that
# ties among the best go to the newer: as many as get the full rank, found
# among the NEWEST_WINDOW newest documents (each one a step back through
# the date index).
NEWEST = STAGE_TWO
NEWEST_WINDOW = 2000
# A query's most common words are taken as matched while the index ranks
# its candidates, and tested on each candidate instead (``_rarer``): when
# reading a word's postings would cost more than testing the rows that lack
# it. Testing a row costs about as much as reading TEST_COST postings of a
# word (measured at 100,000 and 1,000,000 documents: some 20 microseconds a
# row for the whole vector, which comes from TOAST, 4 for title and names,
# against 0.15 to 0.2 for a posting). At most RARER_WINDOW rows are tested.
TEST_COST = {"search_vector": 100, "search_head": 20, "search_title": 20}
RARER_WINDOW = 4 * RANKED
# A phrase's matches are ranked up to this many: when they are fewer, all
# are at hand (their number, exact facet counts) without counting them.
PHRASE_WINDOW = 2000
# Ranked on its rarer words (``_by_rarer``), a phrase's candidates are
# tested up to this many.
PHRASE_RARER_WINDOW = 2 * PHRASE_WINDOW
# The title stage comes before the names stage only when the statistics
# allow at least this many title matches (``_title_first``).
TITLE_LIKELY = 2 * RANKED


# Recency multiplies the rank by 1 + RECENCY_BOOST * 0.5 ** (age / half-life):
# at most 10 %, so it reorders near-equals but never lifts a body match over
# a title match (the field weights differ 2.5 times or more).
RECENCY_BOOST = 0.1
RECENCY_HALF_LIFE_DAYS = 730


# ts_rank_cd's weights for D, C, B, A (body, summary, names, title): the
# same as RUM's ranking uses.
WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"


# A word in at least this share of the documents (planner statistics) is
# "common": as the last word of a query it is taken as complete, no prefix.
COMMON_SHARE = 0.05


MAX_QUERY = 200
MAX_WORDS = 12


FACETS = ["type", "gemeente", "provincie", "thema", "fase", "jaar"]


_OPERATORS = re.compile(r'"|(^|\s)-\w|\s(or|OR)\s')


# A phrase operator in tsquery text: <-> or <N>.
_PHRASE = re.compile(r"<(-|\d+)>")


STX, ETX = "\x02", "\x03"


# A ranked match: (document id, rank, date, facet_text).
Row = tuple[int, float, datetime | None, str]


class FacetCount(TypedDict):
    facet: str
    value: str
    label: str
    n: int


class FacetOption(FacetCount):
    selected: bool


class Matches(TypedDict):
    """What ``_matches`` finds (cached, so plain data)."""

    ranked_ids: list[int]
    total: int
    facets_exact: bool
    any_words: bool
    facet_rows: list[FacetCount]
    tsquery: str
    suggestion: str
    message: str


@dataclass
class SearchOutcome:
    query: str
    # A page of the ranked ids whose object_list holds the documents.
    page: Page[SearchDocument]
    # The exact number of matches; the best RANKED of them can be paged.
    total: int
    # Kept for the template: the total is exact now, never "more than".
    capped: bool
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    suggestion: str = ""
    municipalities: list[Municipality] = field(default_factory=list)
    message: str = ""
    # False: the facet counts are over the RANKED best matches only.
    facets_exact: bool = True
    # True: no item has all words; these have at least one of them.
    any_words: bool = False


@dataclass(frozen=True)
class TsQueries:
    """A query as tsquery text: every word, and the fallback with any word
    (empty when there is none: one word, or operators)."""

    all_words: str
    any_word: str


class _TsQuery(Func):
    """A tsquery from its text, as is (``to_tsquery`` would normalise the
    marked prefix words away)."""

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()


def _query_words(text: str) -> list[str]:
    words = [w.lower().replace("_", "") for w in _WORD.findall(text)][:MAX_WORDS]
    return [w for w in words if w]


def _groups_sql(words: list[str]) -> tuple[str, list[str]]:
    """SQL giving, per word, the tsquery text of its OR group, and the
    lexemes of the last word (to decide on its prefix)."""
    parts, params = [], []
    for alternatives in expand(words):
        pieces = []
        for alternative in alternatives:
            function = "phraseto_tsquery" if " " in alternative.strip() else "plainto_tsquery"
            pieces.append(f"{function}('{CONFIG}', %s)")
            params.append(alternative)
        parts.append("(" + " || ".join(pieces) + ")::text")
    sql = "SELECT ARRAY[" + ", ".join(parts) + f"], tsvector_to_array(to_tsvector('{CONFIG}', %s))"
    return sql, [*params, words[-1]]


def _with_prefix(group: str, word: str, lexemes: list[str]) -> str:
    """The last word's group, also matching unstemmed words that start with
    it; not for a stop word ("kinderen voor" would find "voorlezen"), nor
    for a word in COMMON_SHARE of the documents or more: that one is
    complete, and its prefix would add little but cost the most."""
    if len(word) < PREFIX_MIN or not lexemes:
        return group
    common = common_lexemes()
    if all(lexeme in common for lexeme in lexemes):
        return group
    prefix = literal(PREFIX_MARK + word) + ":*"
    return f"{group} | {prefix}" if group else prefix


def _fetch(sql: str, params: list[str]) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def build_tsquery(text: str) -> TsQueries | None:
    """The tsquery texts for ``text`` (PostgreSQL), None when nothing of it
    can be searched (no letters, or only stop words)."""
    if _OPERATORS.search(text):
        (found,) = _fetch(f"SELECT websearch_to_tsquery('{CONFIG}', %s)::text", [text])
        return TsQueries(found, "") if found else None
    words = _query_words(text)
    if not words:
        return None
    groups, lexemes = _fetch(*_groups_sql(words))
    groups[-1] = _with_prefix(groups[-1], words[-1], lexemes)
    groups = [g for g in groups if g]
    if not groups:
        return None
    if len(groups) == 1:
        return TsQueries(groups[0], "")
    return TsQueries(" & ".join(f"( {g} )" for g in groups), " | ".join(f"( {g} )" for g in groups))


def lexeme_shares(column: str = "search_vector") -> dict[str, float]:
    """The share of the indexed documents holding each lexeme in ``column``
    that the planner's statistics list (pg_stats, kept by ANALYZE and
    autovacuum: the most common ones, down to some 3 % of the documents in
    the whole vector, 0.2 % in the title). Empty without statistics."""
    return _statistics(column)[1]


# This process's copy of the statistics, per column: (monotonic time, the
# number of documents, the shares). They change slowly; reading them (or a
# shared cache) on every search cost a round trip per ranking stage.
STATISTICS_SECONDS = 300
_statistics_seen: dict[str, tuple[float, int, dict[str, float]]] = {}


def forget_statistics() -> None:
    _statistics_seen.clear()
    _common_seen.clear()


def _statistics(column: str) -> tuple[int, dict[str, float]]:
    """The number of indexed documents (the planner's estimate) and
    ``lexeme_shares`` of ``column``, read at most every STATISTICS_SECONDS."""
    seen = _statistics_seen.get(column)
    if seen is None or time.monotonic() - seen[0] > STATISTICS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass), "
                "most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s AND attname = %s",
                [SearchDocument._meta.db_table, SearchDocument._meta.db_table, column],
            )
            row = cursor.fetchone()
        documents, shares = 0, {}
        if row and row[1]:
            # The frequencies end with three summary numbers (min, max, nulls).
            found = zip(row[1], row[2][: len(row[1])], strict=True)
            documents = max(0, row[0])
            shares = dict(found)
        seen = _statistics_seen[column] = (time.monotonic(), documents, shares)
    return seen[1], seen[2]


def _unlisted(shares: Mapping[str, float]) -> float:
    """The share taken for a word the statistics do not list: at most that
    of the rarest word they list."""
    return min(shares.values(), default=COMMON_SHARE)


# The common lexemes of the last shares seen (a search asks twice).
_common_seen: list[Any] = []


def common_lexemes() -> frozenset[str]:
    """Lexemes in at least COMMON_SHARE of the indexed documents
    (``lexeme_shares``)."""
    shares = lexeme_shares()
    if not _common_seen or _common_seen[0] is not shares:
        common = frozenset(word for word, share in shares.items() if share >= COMMON_SHARE)
        _common_seen[:] = [shares, common]
    return _common_seen[1]


def _live() -> QuerySet[SearchDocument]:
    return SearchDocument.objects.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())


def _apply_filters(
    queryset: QuerySet[SearchDocument], filters: Mapping[str, Iterable[str]]
) -> QuerySet[SearchDocument]:
    for facet, values in filters.items():
        if values:
            queryset = queryset.filter(
                Exists(
                    SearchFacet.objects.filter(
                        document=OuterRef("pk"), facet=facet, value__in=values
                    )
                )
            )
    return queryset


def _text_filter(queryset: QuerySet[SearchDocument], text: str) -> QuerySet[SearchDocument]:
    words = _WORD.findall(text)[:MAX_WORDS]
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(names__icontains=word)
            | Q(body_text__icontains=word)
        )
    return queryset


def _highlight(pieces: Iterable[tuple[str, bool]]) -> SafeString:
    """Join (text, is_match) pieces into safe HTML: all text escaped, the
    matches wrapped in <mark>. No mark_safe on anything user-made."""
    html = format_html("{}", "")
    for text, is_match in pieces:
        html = (
            format_html("{}<mark>{}</mark>", html, text)
            if is_match
            else format_html("{}{}", html, text)
        )
    return html


def _snippet_python(text: str, query: str) -> SafeString:
    words = sorted({w.lower() for w in _WORD.findall(query) if w}, key=len, reverse=True)
    lowered = text.lower()
    position = min((lowered.find(w) for w in words if lowered.find(w) >= 0), default=0)
    start = max(0, position - 80)
    fragment = ("…" if start else "") + text[start : start + 240] + "…"
    if not words:
        return _highlight([(fragment, False)])
    pattern = re.compile("(" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)
    return _highlight((piece, i % 2 == 1) for i, piece in enumerate(pattern.split(fragment)))


def _mark(headline: str) -> SafeString:
    """ts_headline output with STX/ETX around the matches."""
    pieces = re.split(f"{STX}(.*?){ETX}", headline)
    return _highlight((piece, i % 2 == 1) for i, piece in enumerate(pieces))


def clean_query(text: str | None) -> str:
    """Drop control characters (PostgreSQL refuses NUL) and bound the length."""
    text = "".join(ch for ch in (text or "") if ch.isprintable() or ch == " ")
    return " ".join(text.split())[:MAX_QUERY]


def _tsquery(text: str) -> _TsQuery:
    return _TsQuery(Value(text))


@contextmanager
def _index_plans() -> Iterator[None]:
    """The planner underestimates reading the vectors (TOASTed, see
    migration 0009): without this it scans the table for common words,
    detoasting every vector (0.5 s instead of 30 ms at 100,000 documents).
    The ranking sorts in memory, not in temporary files. No JIT: compiling
    costs more than these short queries (the seqscan penalty alone would
    trigger it). No parallel workers: on a count they saved nothing
    (38 ms either way at 100,000 documents) and take the other cores
    (except where two scans can run side by side: ``SIDE_BY_SIDE``)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '32MB'; SET LOCAL jit = off; "
            "SET LOCAL max_parallel_workers_per_gather = 0"
        )
        yield


# Two index scans in one statement, each run whole by its own process: a
# Parallel Append of plain index scans (its parts are not parallel-aware,
# so no table is too small for it). A phrase's two counts
# (``_phrase_count``) so read their postings side by side: at 1,000,000
# documents "doorgaande leerlijn" counted in 43-51 ms instead of 66-68 in
# psql, and the search 68 -> 62 ms (interleaved, median of 60). A worker
# takes some 6 ms to start, and the leader takes the part the planner
# thinks cheaper. No bitmap scans: with them each part also has a
# parallel-aware plan that the planner prefers, and a Parallel Append of
# those it costs as one part after the other (it stayed serial).
SIDE_BY_SIDE = {
    "max_parallel_workers_per_gather": "2",
    "parallel_setup_cost": "0",
    "parallel_tuple_cost": "0",
    "enable_bitmapscan": "off",
}


@contextmanager
def _planner(values: Mapping[str, str]) -> Iterator[None]:
    """The planner ``values`` for the statements inside, then those it had
    before (in the transaction of ``_index_plans``: set_config's ``true``
    is SET LOCAL). Not restored when a statement fails: the transaction is
    then rolled back, and the settings with it."""
    names = list(values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(['current_setting(%s)'] * len(names))}", names)
        before = dict(zip(names, cursor.fetchone(), strict=True))
        _set_config(cursor, values)
        yield
        _set_config(cursor, before)


def _set_config(cursor: CursorWrapper, values: Mapping[str, str]) -> None:
    pairs = [item for pair in values.items() for item in pair]
    cursor.execute(f"SELECT {', '.join(['set_config(%s, %s, true)'] * len(values))}", pairs)


def _matching(
    documents: QuerySet[SearchDocument], column: str, tsquery: str, operator: str = "@@"
) -> Any:
    return documents.filter(
        CombinedExpression(F(column), operator, _tsquery(tsquery), output_field=BooleanField())
    )


def _distance(column: str, tsquery: str) -> CombinedExpression:
    """RUM's distance: 1 / rank (infinite without a match)."""
    return CombinedExpression(F(column), "<=>", _tsquery(tsquery), output_field=FloatField())


def _rank(distance: float | None) -> float:
    """The rank of RUM's distance (1 / rank; infinite or none: no match)."""
    return 1 / distance if distance and math.isfinite(distance) else 0.0


def _rows(found: QuerySet[SearchDocument], distance: str, limit: int = 0) -> list[Row]:
    return [
        (pk, _rank(value), date, facets)
        for pk, value, date, facets in found.values_list("pk", distance, "date", "facet_text")[
            : limit or RANKED
        ]
    ]


def _by_distance(
    documents: QuerySet[SearchDocument],
    column: str,
    tsquery: str,
    rank: str = "",
    limit: int = 0,
) -> list[Row]:
    """The RANKED (or ``limit``) best matches in ``column``, ranked inside
    its RUM index; each with its rank in ``rank`` (another vector column;
    default: the same)."""
    found = _matching(documents, column, tsquery).annotate(
        order=_distance(column, tsquery), rank=_distance(rank or column, tsquery)
    )
    return _rows(found.order_by("order"), "rank", limit)


def _recent_since() -> datetime | None:
    """The date of the NEWEST_WINDOW-th newest live document (None when
    there are fewer); cached per content version."""

    def compute() -> list[datetime]:
        dated = _live().filter(date__isnull=False).order_by("-date")
        window = dated.values_list("date", flat=True)[NEWEST_WINDOW - 1 : NEWEST_WINDOW]
        return [date for date in window if date is not None]

    found = cached("search-recent-v1", NEWEST_WINDOW, compute)
    return found[0] if found else None


def _newest_in(documents: QuerySet[SearchDocument], column: str, tsquery: str) -> list[Row]:
    """The NEWEST newest matches in ``column`` (the title, or title and
    names) among the NEWEST_WINDOW newest documents, with their rank in
    title and names. The window bounds the steps back through the date
    index for a word in few documents (without it the planner walks back
    until it has found NEWEST of them: 20 ms for "kinderen onderwijs" at
    100,000 documents)."""
    # Back through the date index within the window, testing each row: the
    # match as a function call, which no index serves (the operator lets
    # the planner read every match from the RUM index first: 7 ms for
    # "ouders school" at 100,000 documents instead of 1, 65 ms for
    # "ouderpanel" at 1,000,000), and no bitmap of the window's rows.
    tested = documents.filter(
        Func(F(column), _tsquery(tsquery), function="ts_match_vq", output_field=BooleanField())
    )
    since = _recent_since()
    if since is not None:  # else fewer documents than the window
        tested = tested.filter(date__gte=since)
    tested = tested.annotate(rank=_distance("search_head", tsquery))
    with _walk_index():
        return _rows(tested.order_by("-date", "-pk"), "rank", NEWEST)


def _walk_index() -> AbstractContextManager[None]:
    """No bitmap scans: the rows are wanted in an index's order, and only
    the first of them."""
    return _planner({"enable_bitmapscan": "off"})


def _taken(tsquery: str, column: str, limit: int = 0, window: int | None = None) -> list[str]:
    """The most common words of ``tsquery`` in ``column`` worth taking as
    matched while the index ranks its candidates (``_rarer``); none when no
    word is. A word in the share s of n documents saves reading s * n
    postings, and the first RANKED matches take some RANKED / p rows to
    test, p the share of the candidates that match: s for independent
    words, more when the word is in an alternative beside one that stays
    (a compound split, 'leerlijn' | 'leer' & 'lijn': the share expected to
    match without the word, ``_kept``). Worth it when s * n * p > TEST_COST
    * RANKED (also when ``limit`` are wanted: a phrase's up to PHRASE_WINDOW
    are tested only as far as there are matches, and there are mostly fewer,
    at 100,000 documents 580 of "doorgaande leerlijn"), and when the words
    left are rarer (their postings at most half of the word's: a word the
    statistics do not list counted as COMMON_SHARE), else the index still
    reads most of what it did. Most common first; in the whole vector (dear
    tests) only while the first ``limit`` are expected within ``window``
    rows (no window: for a count), in title or names the window is tried
    anyway ("ouderpanel" at 1,000,000 documents, where 'ouder' is in 16 % of
    the titles: 32 -> 7 ms). Not a word that is a side of a phrase
    ("brede school" quoted): the candidates would be the other side's
    documents, and how many have the words side by side is unknown
    ("ouders in de klas" at 1,000,000 documents used up the window in all
    three stages)."""
    limit, window = limit or RANKED, RARER_WINDOW if window is None else window
    documents, shares = _statistics(column)
    found = sorted(tsquery_lexemes(tsquery), key=lambda lexeme: -shares.get(lexeme, 0))
    unlisted = _unlisted(shares)
    taken: list[str] = []
    independent = 1.0
    for at, lexeme in enumerate(found):
        share = shares.get(lexeme, 0.0)
        rest = sum(shares.get(other, COMMON_SHARE) for other in found[at + 1 :])
        weaker = weaken(tsquery, [*taken, lexeme], keep_phrases=True)
        if weaker is None:
            break  # a phrase would lose its order: no telling how many match
        kept = _kept(weaker, without(tsquery, [*taken, lexeme]), shares, unlisted)
        if share * max(share, kept) * documents < TEST_COST[column] * RANKED or share < 2 * rest:
            break
        passing = max(independent * share, kept)
        if column == "search_vector" and window and passing * window < limit:
            break
        taken.append(lexeme)
        independent *= share
    return taken


def _kept(weaker: str, fewer: str | None, shares: dict[str, float], unlisted: float) -> float:
    """The share of the matches of ``weaker`` (a query with words taken as
    matched, ``weaken``) expected to match ``fewer`` (the query without the
    alternatives that need them, ``without``), estimated from the
    statistics' ``shares`` (``unlisted``: a word they do not list); 0 when
    no alternative is left."""
    if fewer is None:
        return 0.0
    candidates = tsquery_share(weaker, shares, unlisted)
    return min(1.0, tsquery_share(fewer, shares, unlisted) / candidates) if candidates else 0.0


def _rarer(tsquery: str, column: str, limit: int = 0, window: int = 0) -> str | None:
    """``tsquery`` with the words worth it in ``column`` taken as matched
    (``_taken``, ``tsquery.weaken``), or None when there are none."""
    taken = _taken(tsquery, column, limit, window or None)
    return weaken(tsquery, taken) if taken else None


def _by_rarer(
    documents: QuerySet[SearchDocument],
    column: str,
    tsquery: str,
    rarer: str,
    rank: str = "",
    limit: int = 0,
    window: int = 0,
) -> list[Row] | None:
    """The first ``limit`` matches of ``tsquery`` in ``column`` among the
    ``window`` best matches of ``rarer`` (``_rarer``: the query without
    its most common words), in the order of their rank for ``rarer``; each
    with its rank for ``tsquery`` in ``rank`` (default: ``column``). The
    index reads only the rarer words' postings, and each row is tested for
    the whole query ("ouderpanel" at 1,000,000 documents: 234 -> 17 ms).
    Fewer than ``limit`` when there are no more matches; None when there
    may be, beyond the window."""
    limit, window = limit or RANKED, window or RARER_WINDOW
    candidates = (
        _matching(documents, column, rarer)
        .annotate(order=_distance(column, rarer))
        .order_by("order")
        .values(
            found=F("pk"),
            dated=F("date"),
            faceted=F("facet_text"),
            tested=F(column),
            ranked=F(rank or column),
        )
    )
    sql, params = candidates[:window].query.sql_with_params()
    # Each candidate tested, and numbered: the last of the window is kept
    # even when it does not match, to tell that the window was reached.
    with _walk_index(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.found, CASE WHEN t.matches THEN t.ranked <=> %s::tsquery END, t.dated, "  # noqa: S608  # nosec  # B608: Django's SQL of a queryset, its parameters apart
            "t.faceted, t.matches, t.n FROM (SELECT c.*, ts_match_vq(c.tested, %s::tsquery) AS matches, "
            f"row_number() OVER () AS n FROM ({sql}) AS c) AS t WHERE t.matches OR t.n = %s LIMIT %s",
            [tsquery, tsquery, *params, window, limit + 1],
        )
        found = cursor.fetchall()
    rows = [
        (pk, _rank(value), date, facets)
        for pk, value, date, facets, matches, _n in found
        if matches
    ][:limit]
    reached = any(n == window for *_row, n in found)
    return None if reached and len(rows) < limit else rows


def _in_stage(
    documents: QuerySet[SearchDocument],
    column: str,
    tsquery: str,
    rank: str = "",
    *,
    filtered: bool = False,
    limit: int = 0,
    window: int = 0,
) -> list[Row]:
    """The best ``limit`` matches in ``column``, each with its rank in
    ``rank`` (default: the same): ``_by_rarer`` when the query has a word common
    enough in ``column`` (``_rarer``) and its window holds enough of them,
    else ``_by_distance``. Not with facet filters: the walk in the rarer
    words' order tests each candidate for them too, and the planner is left
    free to find the few filtered matches first (at 1,000,000 documents,
    "brede school" with a municipality and a theme: title stage 14 ms, 20
    through the rarer word; the other stages equal)."""
    rarer = None if filtered else _rarer(tsquery, column, limit, window)
    rows = _by_rarer(documents, column, tsquery, rarer, rank, limit, window) if rarer else None
    return _by_distance(documents, column, tsquery, rank, limit) if rows is None else rows


def _full_rank(rows: list[Row], tsquery: str) -> list[Row]:
    """``rows`` with their rank in the whole document instead."""
    found = dict(
        SearchDocument.objects.filter(pk__in=[row[0] for row in rows])
        .annotate(full=_distance("search_vector", tsquery))
        .values_list("pk", "full")
    )
    return [(pk, _rank(found.get(pk)) or rank, date, facets) for pk, rank, date, facets in rows]


def _by_rank(documents: QuerySet[SearchDocument], tsquery: str) -> list[Row]:
    """Without RUM: ts_rank_cd per match, the best RANKED."""
    rank = Func(
        RawSQL(f"'{WEIGHTS}'::float4[]", []),  # noqa: S611  # nosec  # B611: a constant
        F("search_vector"),
        _tsquery(tsquery),
        function="ts_rank_cd",
        output_field=FloatField(),
    )
    found = _matching(documents, "search_vector", tsquery).annotate(score=rank)
    ordered = found.order_by("-score", "-date", "-pk")
    return list(ordered.values_list("pk", "score", "date", "facet_text")[:RANKED])


def _count(live: QuerySet[SearchDocument], tsquery: str, *, filtered: bool) -> int:
    """The exact number of live matches. One word without filters: its
    number of published documents (``SearchLexeme``) minus the scheduled
    ones that have it, without reading the matches; several common words
    likewise from their bitmaps (``portal.search.bitmaps``); a word with
    its prefix from the bitmaps of its common lexemes (or the count of its
    commonest) and the few matches of the others (``bitmaps.count_any``).
    Otherwise one pass over the matches that tests "live" on each (cheaper
    than counting all matches and then the unpublished ones among them:
    that builds the index's bitmap twice, and for a phrase that is most of
    the cost). Without filters, a search whose matches were counted
    (many of them) is learned in the background, and is then counted from
    its learned number (``portal.search.learned``)."""
    if filtered:
        return _matches_count(live, tsquery, filtered=True)
    now = timezone.now()
    lexeme = _single_lexeme(tsquery)
    if lexeme is not None:
        return _lexeme_count(lexeme, now)
    parsed = bitmaps.formula(tsquery)  # None for a prefix: that is count_any's
    counted = bitmaps.count(tsquery, now, parsed) if parsed else None
    if counted is not None:
        return counted
    counted = learned.count(tsquery, now)
    if counted is not None:
        return counted
    counted = bitmaps.count_any(tsquery, now)  # a word and its prefix
    if counted is None:
        if parsed and len(parsed[1]) > 1 and set(parsed[1]) <= common_lexemes():
            bitmaps.queue_refresh()  # common words without bitmaps yet
        counted = _matches_count(live, tsquery, filtered=False)
    learned.remember(tsquery, counted)
    return counted


def _matches_count(live: QuerySet[SearchDocument], tsquery: str, *, filtered: bool) -> int:
    """The live matches of ``tsquery`` counted through the index."""
    # @@@ is @@ under its old name, which only the GIN index knows: its
    # bitmap is two to three times faster to build than RUM's. Not for a
    # phrase: GIN checks those on every row's vector, RUM in the index.
    if has_rum() and _PHRASE.search(tsquery):
        counted = None if filtered else _phrase_count(live, tsquery)
        return (
            int(_matching(live, "search_vector", tsquery).count()) if counted is None else counted
        )
    return int(_matching(live, "search_vector", tsquery, "@@@").count())


def _phrase_count(live: QuerySet[SearchDocument], tsquery: str) -> int | None:
    """The live matches of a phrase without reading the postings of its
    most common words (``_taken``), or None when it has none worth it or no
    alternative without them. RUM checks a phrase's positions in the index,
    reading them for every word: "doorgaande leerlijn", 'doorgaand' <-> (
    'leerlijn' | 'leer' & 'lijn' ) at 1,000,000 documents, 164 ms, most of
    it for 'leer' (in 70 % of the documents). Its matches are those of the
    phrase without the alternatives that need the word (``without``:
    'doorgaand' <-> 'leerlijn') and, among the other matches of the phrase
    with the word taken as matched (``weaken``: 'doorgaand' <-> ( 'leerlijn'
    | 'lijn' )), the few that match the whole phrase, each tested: both in
    one statement, side by side (``SIDE_BY_SIDE``, 45-50 ms)."""
    taken = _taken(tsquery, "search_vector", window=0)
    fewer, weaker = without(tsquery, taken), weaken(tsquery, taken)
    if not taken or fewer is None or weaker is None:
        return None
    matched = _matching(live, "search_vector", fewer).values("pk")
    # The others need a taken word: when one alternative holds them, only
    # those alternatives are read ('doorgaand' <-> 'lijn': 38 -> 30 ms).
    weaker = weaken(needing(tsquery, taken) or tsquery, taken) or weaker
    others = _matching(live, "search_vector", f"( {weaker} ) & !( {fewer} )").filter(
        Func(
            F("search_vector"),
            _tsquery(tsquery),
            function="ts_match_vq",
            output_field=BooleanField(),
        )
    )
    with _planner(SIDE_BY_SIDE):
        return int(matched.union(others.values("pk"), all=True).count())


# A lexeme in tsquery text: 'ouder' (quotes doubled and backslashes
# escaped as in ``db.literal``).
_LEXEME = re.compile(QUOTED_LEXEME)


def _single_lexeme(tsquery: str) -> str | None:
    """The lexeme when ``tsquery`` is one lexeme (no prefix, weight, or
    operator), else None."""
    found = _LEXEME.fullmatch(tsquery.strip())
    return unquote(found.group(1)) if found else None


def _lexeme_count(lexeme: str, now: datetime) -> int:
    """Live documents with ``lexeme``: the published ones (``SearchLexeme``,
    kept by triggers) minus the published ones not live yet (no or a future
    ``publish_at``: few, found by the ``search_doc_live`` index)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {bitmaps.ONE_LEXEME}", bitmaps.one_lexeme(lexeme, now))
        (total,) = cursor.fetchone()
    return int(total)


def _total(
    rows: list[Row],
    live: QuerySet[SearchDocument],
    tsquery: str,
    *,
    filtered: bool,
    window: int = 0,
) -> int:
    """The number of live matches when ``rows`` holds ``window`` (RANKED)
    of them, the best: then counted, otherwise all of them are there."""
    full = len(rows) >= (window or RANKED)
    return _count(live, tsquery, filtered=filtered) if full else len(rows)


def _ranked(
    live: QuerySet[SearchDocument],
    tsquery: str,
    *,
    filtered: bool,
) -> tuple[list[Row], int]:
    """The best RANKED live matches of ``tsquery`` as (id, rank, date,
    facets) rows, best first (``_rerank``), and the exact number of live
    matches.

    With RUM, two stages when words are common. The matches with every
    query word in the title rank above all others (title weight 1.0 against
    0.4 for the taxonomy names and at most 0.2 below), so when RANKED of
    them exist (only tried when a query word is common), the candidates are
    the RANKED best of them by their title, ranked inside the title's RUM
    index (``search_title``); else the RANKED best of the matches in title
    and names (``search_head``), when RANKED of those exist. Either way plus
    the NEWEST newest of them among the NEWEST_WINDOW newest documents
    (equal ranks are the rule in a short field: the index alone would cut
    those ties at random, not by recency). The candidates are ordered by
    their rank in title and names; the STAGE_TWO best then get
    their rank in the whole document (summary, body, proximity) for the
    final order. Otherwise all matches are ranked inside the main index.
    The first stage ranks a fraction of the matches: at 100,000 documents
    "ouders" is in the titles of some 16,000 published documents and in
    the titles or names of 55,000."""
    if not has_rum():
        rows = _by_rank(live, tsquery)
        return _rerank(rows), _total(rows, live, tsquery, filtered=filtered)
    stage, rows, head = "search_title", [], None
    if _has_common_word(tsquery):
        if not _title_first(tsquery):
            head = _in_stage(live, "search_head", tsquery, filtered=filtered)
        if head is None or len(head) >= RANKED:
            rows = _in_stage(live, stage, tsquery, rank="search_head", filtered=filtered)
    if len(rows) < RANKED:
        stage = "search_head"
        rows = _in_stage(live, stage, tsquery, filtered=filtered) if head is None else head
    if len(rows) < RANKED:
        if _PHRASE.search(tsquery):
            # RUM checks the phrase on every match before it returns the
            # first; the rest of them cost little more, and spare the count
            # (a second check of every match) when they are all there.
            rows = _in_stage(
                live,
                "search_vector",
                tsquery,
                filtered=filtered,
                limit=PHRASE_WINDOW,
                window=PHRASE_RARER_WINDOW,
            )
            total = _total(rows, live, tsquery, filtered=filtered, window=PHRASE_WINDOW)
            return _rerank(rows, keep=len(rows)), total
        rows = _in_stage(live, "search_vector", tsquery, filtered=filtered)
        return _rerank(rows), _total(rows, live, tsquery, filtered=filtered)
    seen = {row[0] for row in rows}
    newest = _newest_in(live, stage, tsquery)
    rows = _rerank(rows + [row for row in newest if row[0] not in seen])
    rows = _rerank(_full_rank(rows[:STAGE_TWO], tsquery)) + rows[STAGE_TWO:]
    return rows, _count(live, tsquery, filtered=filtered)


def _title_first(tsquery: str) -> bool:
    """Whether the title stage is tried before the names stage: unless the
    statistics say fewer than TITLE_LIKELY titles can match. Then the names
    stage comes first, and when it holds fewer than RANKED the title stage
    is not needed: whatever matches a title matches title and names (the
    title's words at the same positions, ahead of the names), except a
    query that leaves a word out (websearch "-woord"). The same rows either
    way; "brede school" at 100,000 documents, where at most 567 titles have
    both words (254 have), takes one stage before the whole vector instead
    of two."""
    if negates(tsquery):
        return True
    documents, shares = _statistics("search_title")
    return tsquery_share(tsquery, shares, _unlisted(shares)) * documents >= TITLE_LIKELY


def _has_common_word(tsquery: str) -> bool:
    """Some lexeme of ``tsquery`` is common (``common_lexemes``)."""
    common = common_lexemes()
    return any(unquote(lexeme) in common for lexeme in _LEXEME.findall(tsquery))


def _newest(documents: QuerySet[SearchDocument]) -> tuple[list[Row], int]:
    rows = [
        (pk, 1.0, date, facets)
        for pk, date, facets in documents.order_by("-date", "-pk").values_list(
            "pk", "date", "facet_text"
        )[:RANKED]
    ]
    return rows, len(rows) if len(rows) < RANKED else documents.count()


def _rerank(rows: list[Row], keep: int = 0) -> list[Row]:
    """The ``keep`` (RANKED) best: the rank times a mild recency factor;
    ties newest first."""
    now = timezone.now().timestamp()

    def key(row: Row) -> tuple[float, float, int]:
        pk, rank, date, _facets = row
        if date is None:
            return (-rank, 0.0, -pk)
        stamp = date.timestamp()
        age = max(0.0, (now - stamp) / 86400)
        boost = 1 + RECENCY_BOOST * 0.5 ** (age / RECENCY_HALF_LIFE_DAYS)
        return (-rank * boost, -stamp, -pk)

    return sorted(rows, key=key)[: keep or RANKED]


def _count_facets(rows: Iterable[Row]) -> list[FacetCount]:
    """Facet rows: facet, value, label, n; ordered by facet, most frequent
    first, then label."""
    # One text split once: a line per facet value, some 3,000 for RANKED rows.
    counts = Counter("\n".join(text for *_rest, text in rows if text).splitlines())
    return [
        {"facet": facet, "value": value, "label": label, "n": n}
        for (facet, value, label), n in sorted(
            ((tuple(line.split("\t")), n) for line, n in counts.items()),
            key=lambda item: (item[0][0], -item[1], item[0][2]),
        )
    ]


# Shown translated (the template translates the message).
_NO_WORDS = gettext_noop("Geef een zoekwoord met letters of cijfers.")
_ONLY_STOP_WORDS = gettext_noop("Geef een zoekwoord dat meer zegt dan ‘de’, ‘en’ of ‘van’.")


def _matches(text: str, filters: Mapping[str, Iterable[str]]) -> Matches:
    """The expensive, cacheable part of a search: ranked ids (the best
    RANKED), the exact total, facet counts, a suggestion. Plain data only."""
    live = _apply_filters(_live(), filters)
    filtered = any(filters.values())
    message, tsquery, any_words = "", "", False
    if not text:
        rows, total = _newest(live)
    elif not _WORD.search(text):
        rows, total, message = [], 0, _NO_WORDS
    elif is_postgres():
        queries = build_tsquery(text)
        if queries is None:
            rows, total, message = [], 0, _ONLY_STOP_WORDS
        else:
            tsquery = queries.all_words
            with _index_plans():
                rows, total = _ranked(live, tsquery, filtered=filtered)
                if not total and queries.any_word:
                    tsquery, any_words = queries.any_word, True
                    rows, total = _ranked(live, tsquery, filtered=filtered)
    else:
        rows, total = _newest(_text_filter(live, text))
    # The best RANKED can be paged; the facets count every ranked row (all
    # matches when a phrase's are all at hand: PHRASE_WINDOW).
    ranked_ids = [row[0] for row in rows[:RANKED]]
    return {
        "ranked_ids": ranked_ids,
        "total": total,
        "facets_exact": total == len(rows),
        "any_words": any_words,
        "facet_rows": _count_facets(rows),
        "tsquery": tsquery,
        "suggestion": suggest(text) if text and not ranked_ids else "",
        "message": message,
    }


# The vectors (and the English body) no result page shows: left in the
# database (the title and names vectors alone are some 900 bytes a row in
# the bench's corpus, the whole vector 3,900).
_NOT_SHOWN = ("search_vector", "search_head", "search_title", "search_vector_en", "body_text_en")


def _page_rows(ids: list[int], text: str, tsquery: str) -> list[SearchDocument]:
    """The documents of one result page, in ranked order, with snippets."""
    rows = SearchDocument.objects.filter(pk__in=ids).defer(*_NOT_SHOWN)
    if tsquery:
        rows = rows.defer("body_text").annotate(
            headline=SearchHeadline(
                Concat("summary", Value(" "), Left("body_text", 700), output_field=TextField()),
                _tsquery(tsquery),
                config=CONFIG,
                start_sel=STX,
                stop_sel=ETX,
                max_words=30,
                min_words=12,
                max_fragments=2,
            )
        )
    by_id = {row.pk: row for row in rows}
    ordered = [by_id[pk] for pk in ids if pk in by_id]
    for row in ordered:
        if tsquery:
            row.snippet = _mark(row.headline)  # type: ignore[attr-defined]  # annotated above
        elif text:
            row.snippet = _snippet_python(row.summary + " " + row.body_text, text)
        else:
            row.snippet = escape(row.summary)
    return ordered


def run_search(
    text: str | None,
    filters: Mapping[str, Iterable[str]],
    page_number: int | str | None,
    *,
    language: str | None = None,
) -> SearchOutcome:
    """A search in ``language`` (default: the active one): English takes the
    English path (``_matches_english``), any other language the Dutch one."""
    text = clean_query(text)
    filters = {k: sorted(v) for k, v in filters.items() if k in FACETS}
    english = (language or translation.get_language()) == ENGLISH
    # Cached per query and content version, like the practice facets: a
    # repeated search costs a cache read plus the page query. Each language
    # has its own key: the English results differ.
    key = (text, sorted(filters.items()))
    if english:
        found_en = cached("search-en-v1", key, lambda: _matches_english(text, filters))
        found: Matches = found_en
    else:
        found = cached("search-v2", key, lambda: _matches(text, filters))
    page: Page[Any] = page_or_last(
        Paginator(found["ranked_ids"], settings.PAGINATE_BY), page_number
    )
    if english:
        page.object_list = _page_rows_english(
            list(page.object_list), text, found_en["tsquery"], found_en["tsquery_en"]
        )
    else:
        page.object_list = _page_rows(list(page.object_list), text, found["tsquery"])
    facets: dict[str, list[FacetOption]] = {name: [] for name in FACETS}
    for row in found["facet_rows"]:
        facets[row["facet"]].append(
            {**row, "selected": row["value"] in filters.get(row["facet"], [])}
        )
    municipalities = []
    if text and len(text) <= 60 and len(text.split()) <= 3 and not _OPERATORS.search(text):
        municipalities = list(
            Municipality.objects.filter(Q(name__iexact=text) | Q(alias__iexact=text))[:1]
        ) or list(
            Municipality.objects.filter(Q(name__istartswith=text) | Q(alias__istartswith=text))[:3]
        )
    return SearchOutcome(
        query=text,
        page=page,
        total=found["total"],
        capped=False,
        facets=facets,
        suggestion=found["suggestion"],
        municipalities=municipalities,
        message=found["message"],
        facets_exact=found["facets_exact"],
        any_words=found["any_words"],
    )


def explain(text: str) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the index queries a cold search for
    ``text`` runs (for the benchmark; PostgreSQL)."""
    captured: list[tuple[str, Any]] = []

    def record(
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        _matches(clean_query(text), {})
    lines: list[str] = []
    cursor: CursorWrapper
    with _index_plans(), connection.cursor() as cursor:
        for sql, params in captured:
            if sql.lstrip().upper().startswith("SELECT") and "portal_searchdocument" in sql:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                lines += ["-- " + sql[:160]] + [row[0] for row in cursor.fetchall()]
    return lines


# --- English (issue 21) ------------------------------------------------------------
#
# On an English page (/en/zoeken/) a search looks in English first: the
# English versions of translated items (``search_vector_en``, PostgreSQL's
# ``english`` configuration: English stemming and stop words), ranked by
# ``ts_rank_cd`` with the Dutch field weights (few documents have one), then
# recency as on the Dutch page. After them come the Dutch matches of the same
# query that the English did not find, ranked as on the Dutch page
# (``_ranked``): a Dutch word still finds untranslated items, and an English
# query with only Dutch hits shows those (the results page marks their text
# as Dutch). ``total`` is the exact number of the union; the facets count the
# ranked rows, as on the Dutch page. Editors' synonyms are Dutch: the English
# part does not use them. The last word is also a prefix of its stem
# ("involv" finds "involvement"). On SQLite every word must occur in a Dutch
# or an English field.


class EnglishMatches(Matches):
    """``Matches`` of an English page, with the English tsquery as well
    (``tsquery`` is the Dutch one)."""

    tsquery_en: str


_ENGLISH_FIELDS = ("title_en", "summary_en", "names_en", "body_text_en")


def build_english_tsquery(text: str) -> TsQueries | None:
    """The tsquery texts of ``text`` in English (PostgreSQL), None when
    nothing of it can be searched in English (only English stop words)."""
    if _OPERATORS.search(text):
        sql = f"SELECT websearch_to_tsquery('{ENGLISH_CONFIG}', %s)::text"
        (found,) = _fetch(sql, [text])
        return TsQueries(found, "") if found else None
    words = _query_words(text)
    if not words:
        return None
    parts = ", ".join(f"plainto_tsquery('{ENGLISH_CONFIG}', %s)::text" for _word in words)
    (groups,) = _fetch(f"SELECT ARRAY[{parts}]", words)
    if groups[-1] and len(words[-1]) >= PREFIX_MIN and _single_lexeme(groups[-1]) is not None:
        groups[-1] = groups[-1].strip() + ":*"
    groups = [g for g in groups if g]
    if not groups:
        return None
    if len(groups) == 1:
        return TsQueries(groups[0], "")
    return TsQueries(" & ".join(f"( {g} )" for g in groups), " | ".join(f"( {g} )" for g in groups))


def _english_ranked(live: QuerySet[SearchDocument], tsquery: str) -> tuple[list[Row], int]:
    """The best RANKED live English matches (rank times recency, as
    ``_rerank``) and the exact number of them."""
    rank = Func(
        RawSQL(f"'{WEIGHTS}'::float4[]", []),  # noqa: S611  # nosec  # B611: a constant
        F("search_vector_en"),
        _tsquery(tsquery),
        function="ts_rank_cd",
        output_field=FloatField(),
    )
    found = _matching(live, "search_vector_en", tsquery).annotate(score=rank)
    rows = list(
        found.order_by("-score", "-date", "-pk").values_list("pk", "score", "date", "facet_text")[
            :RANKED
        ]
    )
    total = (
        len(rows) if len(rows) < RANKED else _matching(live, "search_vector_en", tsquery).count()
    )
    return _rerank(rows), total


def _bilingual(
    live: QuerySet[SearchDocument],
    english: str,
    dutch: str,
    *,
    filtered: bool,
) -> tuple[list[Row], int]:
    """The English matches of ``english``, then the Dutch matches of
    ``dutch`` not among them (either tsquery may be empty: no part), and the
    exact number of live documents that match either."""
    rows_en, total_en = _english_ranked(live, english) if english else ([], 0)
    rows_nl, total_nl = _ranked(live, dutch, filtered=filtered) if dutch else ([], 0)
    seen = {row[0] for row in rows_en}
    both = 0
    if english and dutch:
        if len(rows_en) == total_en and len(rows_nl) == total_nl:  # every match at hand
            both = len(seen & {row[0] for row in rows_nl})
        else:
            in_english = _matching(live, "search_vector_en", english)
            both = int(_matching(in_english, "search_vector", dutch).count())
    rows = (rows_en + [row for row in rows_nl if row[0] not in seen])[:RANKED]
    return rows, total_en + total_nl - both


def _text_filter_english(queryset: QuerySet[SearchDocument], text: str) -> QuerySet[SearchDocument]:
    """SQLite: every word in a Dutch or an English field."""
    for word in _WORD.findall(text)[:MAX_WORDS]:
        condition = Q()
        for name in ("title", "summary", "names", "body_text", *_ENGLISH_FIELDS):
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def _matches_english(text: str, filters: Mapping[str, Iterable[str]]) -> EnglishMatches:
    """``_matches`` for an English page: English matches first, then the
    Dutch ones (see the section comment above)."""
    live = _apply_filters(_live(), filters)
    filtered = any(filters.values())
    message, tsquery, tsquery_en, any_words = "", "", "", False
    if not text:
        rows, total = _newest(live)
    elif not _WORD.search(text):
        rows, total, message = [], 0, _NO_WORDS
    elif is_postgres():
        english, dutch = build_english_tsquery(text), build_tsquery(text)
        if english is None and dutch is None:
            rows, total, message = [], 0, _ONLY_STOP_WORDS
        else:
            tsquery_en = english.all_words if english else ""
            tsquery = dutch.all_words if dutch else ""
            with _index_plans():
                rows, total = _bilingual(live, tsquery_en, tsquery, filtered=filtered)
                any_en = english.any_word if english else ""
                any_nl = dutch.any_word if dutch else ""
                if not total and (any_en or any_nl):
                    tsquery_en, tsquery, any_words = any_en, any_nl, True
                    rows, total = _bilingual(live, tsquery_en, tsquery, filtered=filtered)
    else:
        rows, total = _newest(_text_filter_english(live, text))
    ranked_ids = [row[0] for row in rows]
    return {
        "ranked_ids": ranked_ids,
        "total": total,
        "facets_exact": total == len(rows),
        "any_words": any_words,
        "facet_rows": _count_facets(rows),
        "tsquery": tsquery,
        "tsquery_en": tsquery_en,
        "suggestion": suggest_english(text) if text and not ranked_ids else "",
        "message": message,
    }


# How much of a body the Python snippet (no tsquery: SQLite) looks at.
SNIPPET_SOURCE = 5000


def _headline(fields: tuple[str, str], tsquery: str, config: str) -> SearchHeadline:
    """ts_headline of a summary and the start of a body, STX/ETX around the
    matches (as ``_page_rows``)."""
    summary, body = fields
    return SearchHeadline(
        Concat(summary, Value(" "), Left(body, 700), output_field=TextField()),
        _tsquery(tsquery),
        config=config,
        start_sel=STX,
        stop_sel=ETX,
        max_words=30,
        min_words=12,
        max_fragments=2,
    )


def _page_rows_english(
    ids: list[int], text: str, tsquery: str, tsquery_en: str
) -> list[SearchDocument]:
    """The documents of one English result page, in ranked order, with
    snippets: from the English text where the item has one (whether it
    matched in English or in Dutch), else from the Dutch text, with
    ``snippet_lang`` "nl". The template shows the English title where there
    is one (``tr_text``) and marks a Dutch one. The long bodies stay in the
    database: the snippets read their start."""
    rows = (
        SearchDocument.objects.filter(pk__in=ids)
        .defer(*_NOT_SHOWN, "body_text")
        .annotate(
            body_start=Left("body_text", SNIPPET_SOURCE),
            body_start_en=Left("body_text_en", SNIPPET_SOURCE),
        )
    )
    if tsquery:
        rows = rows.annotate(headline=_headline(("summary", "body_text"), tsquery, CONFIG))
    if tsquery_en:
        rows = rows.annotate(
            headline_en=_headline(("summary_en", "body_text_en"), tsquery_en, ENGLISH_CONFIG)
        )
    by_id = {row.pk: row for row in rows}
    ordered: list[SearchDocument] = [by_id[pk] for pk in ids if pk in by_id]
    for row in ordered:
        item: Any = row  # annotated above
        in_english = bool(row.summary_en or item.body_start_en)
        row.snippet_lang = "" if in_english else settings.LANGUAGE_CODE
        summary, body = (
            (row.summary_en, item.body_start_en) if in_english else (row.summary, item.body_start)
        )
        headline = getattr(row, "headline_en" if in_english else "headline", None)
        if headline is not None:
            row.snippet = _mark(headline)
        elif text:
            row.snippet = _snippet_python(summary + " " + body, text)
        else:
            row.snippet = escape(summary)
    return ordered
