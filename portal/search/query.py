"""Running a search: matches, ranking, facets, snippets."""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Left
from django.utils import timezone
from django.utils.html import escape, format_html

from portal.core.cache import cached
from portal.core.models import Municipality, Status
from portal.core.pagination import page_or_last
from portal.search.db import is_postgres
from portal.search.models import SearchDocument, SearchFacet
from portal.search.suggest import _WORD, suggest

CANDIDATES = 300


# A word in at least this share of the documents is "common": walking the
# date index finds its newest matches after about CANDIDATES / share rows.
COMMON_SHARE = 0.2


MAX_QUERY = 200


FACETS = ["type", "gemeente", "provincie", "thema", "fase", "jaar"]


_OPERATORS = re.compile(r'"|(^|\s)-\w|\s(or|OR)\s')


STX, ETX = "\x02", "\x03"


@dataclass
class SearchOutcome:
    query: str
    page: object
    total: int
    capped: bool
    facets: dict = field(default_factory=dict)
    suggestion: str = ""
    municipalities: list = field(default_factory=list)
    message: str = ""


def build_tsquery(text):
    if _OPERATORS.search(text):
        return SearchQuery(text, search_type="websearch", config="dutch")
    words = [w.lower() for w in _WORD.findall(text)][:12]
    words = [w.replace("_", "") for w in words if w.replace("_", "")]
    if not words:
        return None
    return SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="dutch")


def _live():
    return SearchDocument.objects.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())


def _apply_filters(queryset, filters):
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


def _text_filter(queryset, text):
    words = _WORD.findall(text)[:12]
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(names__icontains=word)
            | Q(body_text__icontains=word)
        )
    return queryset


def _highlight(pieces):
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


def _snippet_python(text, query):
    words = sorted({w.lower() for w in _WORD.findall(query) if w}, key=len, reverse=True)
    lowered = text.lower()
    position = min((lowered.find(w) for w in words if lowered.find(w) >= 0), default=0)
    start = max(0, position - 80)
    fragment = ("…" if start else "") + text[start : start + 240] + "…"
    if not words:
        return _highlight([(fragment, False)])
    pattern = re.compile("(" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)
    return _highlight((piece, i % 2 == 1) for i, piece in enumerate(pattern.split(fragment)))


def _mark(headline):
    """ts_headline output with STX/ETX around the matches."""
    pieces = re.split(f"{STX}(.*?){ETX}", headline)
    return _highlight((piece, i % 2 == 1) for i, piece in enumerate(pieces))


def clean_query(text):
    """Drop control characters (PostgreSQL refuses NUL) and bound the length."""
    text = "".join(ch for ch in (text or "") if ch.isprintable() or ch == " ")
    return " ".join(text.split())[:MAX_QUERY]


def common_lexemes():
    """Lexemes in at least COMMON_SHARE of the indexed documents, read from
    the planner's statistics (pg_stats, kept by ANALYZE/autovacuum); cached
    for an hour. Empty without statistics: then every query probes first."""

    def compute():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s AND attname = 'search_vector'",
                [SearchDocument._meta.db_table],
            )
            row = cursor.fetchone()
        if not row or not row[0]:
            return []
        # The frequencies end with three summary numbers (min, max, nulls).
        shares = zip(row[0], row[1][: len(row[0])], strict=True)
        return sorted(word for word, share in shares if share >= COMMON_SHARE)

    return frozenset(cache.get_or_set("search:common-lexemes", compute, 3600))


def _all_common(text):
    """True when every word of a plain query stems to a common lexeme."""
    common = common_lexemes()
    if not common or _OPERATORS.search(text):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('dutch', %s))", [text])
        lexemes = cursor.fetchone()[0]
    return bool(lexemes) and all(lexeme in common for lexeme in lexemes)


def _candidates(documents, *, tsquery, text=""):
    """At most CANDIDATES + 1 matches, newest first, as (id, rank, facets)
    rows: the rank and the facets come with the match, so there is no second
    pass over the vectors and no separate facet query."""
    if tsquery is None:
        rows = documents.order_by("-date").values_list("pk", "facet_text")
        return [(pk, 0.0, facets) for pk, facets in rows[: CANDIDATES + 1]]
    fields = ("pk", "rank", "facet_text")
    ranked = documents.annotate(rank=_rank_expression(tsquery))
    # Rare words: the GIN index finds every match quickly. Skipped when the
    # statistics say every word is common: it would only confirm that.
    if not (text and _all_common(text)):
        rows = list(ranked.order_by().values_list(*fields)[: CANDIDATES + 1])
        if len(rows) <= CANDIDATES:
            return rows
    # A common word matches most documents: walking the date index newest
    # first and stopping after CANDIDATES + 1 matches beats collecting every
    # match with a bitmap scan and sorting them all.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        return list(ranked.order_by("-date").values_list(*fields)[: CANDIDATES + 1])


def _count_facets(rows):
    """Facet rows as the grouped query gave them: facet, value, label, n;
    ordered by facet, most frequent first, then label."""
    counts = Counter(line for _pk, _rank, text in rows for line in text.splitlines())
    return [
        {"facet": facet, "value": value, "label": label, "n": n}
        for (facet, value, label), n in sorted(
            ((tuple(line.split("\t")), n) for line, n in counts.items()),
            key=lambda item: (item[0][0], -item[1], item[0][2]),
        )
    ]


def _rank_expression(tsquery):
    recent = timezone.now() - timezone.timedelta(days=730)
    return SearchRank(F("search_vector"), tsquery) * Case(
        When(date__gte=recent, then=Value(1.2)), default=Value(1.0), output_field=FloatField()
    )


def _matches(text, filters):
    """The expensive, cacheable part of a search: ranked ids (bounded),
    facet counts, a suggestion. Plain data only."""
    documents = _apply_filters(_live(), filters)
    message = ""
    tsquery = None
    if text and is_postgres():
        tsquery = build_tsquery(text)
        if tsquery is None:
            message = "Geef een zoekwoord met letters of cijfers."
            documents = documents.none()
        else:
            documents = documents.filter(search_vector=tsquery)
    elif text:
        if not _WORD.search(text):
            message = "Geef een zoekwoord met letters of cijfers."
            documents = documents.none()
        else:
            documents = _text_filter(documents, text)
    # Bound the work: at most CANDIDATES matches (the most recent) are
    # counted, faceted and ranked.
    found = _candidates(documents, tsquery=tsquery, text=text)
    capped = len(found) > CANDIDATES
    found = found[:CANDIDATES] if capped else found
    # Newest first already (or unordered for rare words): a stable sort on
    # rank keeps that order among equals; unordered ties fall back to id.
    if tsquery is not None:
        found.sort(key=lambda row: (-row[1], -row[0]))
    ranked_ids = [row[0] for row in found]
    facet_rows = _count_facets(found)
    return {
        "ranked_ids": ranked_ids,
        "capped": capped,
        "facet_rows": facet_rows,
        "suggestion": suggest(text) if text and not ranked_ids else "",
        "message": message,
    }


def _page_rows(ids, text):
    """The documents of one result page, in ranked order, with snippets."""
    rows = SearchDocument.objects.filter(pk__in=ids).defer("search_vector")
    tsquery = build_tsquery(text) if text and is_postgres() else None
    if tsquery is not None:
        rows = rows.defer("body_text").annotate(
            headline=SearchHeadline(
                Concat("summary", Value(" "), Left("body_text", 700), output_field=TextField()),
                tsquery,
                config="dutch",
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
        if tsquery is not None:
            row.snippet = _mark(row.headline)
        elif text:
            row.snippet = _snippet_python(row.summary + " " + row.body_text, text)
        else:
            row.snippet = escape(row.summary)
    return ordered


def run_search(text, filters, page_number):
    text = clean_query(text)
    filters = {k: sorted(v) for k, v in filters.items() if k in FACETS}
    # Cached per query and content version, like the practice facets: a
    # repeated search costs a cache read plus the page query.
    found = cached("search-v1", (text, sorted(filters.items())), lambda: _matches(text, filters))
    page = page_or_last(Paginator(found["ranked_ids"], settings.PAGINATE_BY), page_number)
    page.object_list = _page_rows(list(page.object_list), text)
    facets = {name: [] for name in FACETS}
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
        total=len(found["ranked_ids"]),
        capped=found["capped"],
        facets=facets,
        suggestion=found["suggestion"],
        municipalities=municipalities,
        message=found["message"],
    )
