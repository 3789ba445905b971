"""Site-wide search over every registered content type.

Indexing: each published-content save writes one ``SearchDocument`` (title,
summary, names of municipalities and themes, plain body text) with its filter
values as ``SearchFacet`` rows. On PostgreSQL the document gets a weighted
``dutch`` tsvector (title A; summary and names B; body C).

Querying (``run_search``): websearch syntax when the query uses it (quotes,
``-word``, ``or``), otherwise every word as a Dutch-stemmed prefix
(``ouder`` finds ``ouderbetrokkenheid``, ``scholen`` finds ``school``).
Ranking is bounded: only the ``CANDIDATES`` most recent matches are ranked,
so a very common word costs no more than a rare one. SQLite gets a simple
word-by-word ``icontains`` fallback with the same interface.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
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
from django.utils.html import escape, format_html, strip_tags

from portal import registry
from portal.models import Municipality, SearchDocument, SearchFacet, SearchTerm, Status

CANDIDATES = 300
# A word in at least this share of the documents is "common": walking the
# date index finds its newest matches after about CANDIDATES / share rows.
COMMON_SHARE = 0.2
MAX_QUERY = 200
FACETS = ["type", "gemeente", "provincie", "thema", "fase", "jaar"]
_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATORS = re.compile(r'"|(^|\s)-\w|\s(or|OR)\s')
STX, ETX = "\x02", "\x03"


def is_postgres():
    return connection.vendor == "postgresql"


# --- indexing ---------------------------------------------------------------


def _kind_for(model):
    return next((k for k in registry.kinds() if k.model is model), None)


def build_document(kind, item):
    """(fields, facets) for ``item``; facets are (facet, value, label)."""
    municipalities = list(item.municipalities.all())
    themes = list(item.themes.all()) if hasattr(item, "themes") else []
    extra_text, extra_facets = kind.search_extra(item) if kind.search_extra else ("", [])
    date = getattr(item, "publish_at", None)
    facets = [("type", kind.key, str(kind.label))]
    for m in municipalities:
        facets.append(("gemeente", m.slug, m.alias or m.name))
        if m.province:
            facets.append(("provincie", m.province, m.get_province_display()))
    facets += [("thema", t.slug, t.name) for t in themes]
    facets += list(extra_facets)
    if not any(f[0] == "jaar" for f in facets) and date:
        facets.append(("jaar", str(date.year), str(date.year)))
    names = " ".join(
        [m.name for m in municipalities] + [m.alias for m in municipalities if m.alias]
    )
    fields = {
        "kind": kind.key,
        "title": item.title[:300],
        "summary": item.summary,
        "names": " ".join([names, *(t.name for t in themes)]),
        "body_text": " ".join([strip_tags(getattr(item, "body", "") or ""), extra_text]).strip(),
        "url": item.get_absolute_url(),
        "date": date,
        "status": getattr(item, "status", Status.PUBLISHED),
        "publish_at": date,
    }
    return fields, sorted(set(facets))


def _vector():
    return (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("summary", "names", weight="B", config="dutch")
        + SearchVector("body_text", weight="C", config="dutch")
    )


# --- vocabulary for "Bedoelde u …?" -------------------------------------------
#
# ``SearchTerm`` only lists candidates: the words (4 to 60 characters) of the
# title and summary of documents with status published, live or scheduled.
# Reindexing or removing a document prunes the words no published document
# has any more. Whether a word may be *proposed* is decided when it is asked:
# only if a live document (published, publish_at <= now) has it as a whole
# word in its title or summary. So a word of a draft, review or archived item
# is never proposed, a scheduled item's words count from the moment its
# publish_at passes (no save needed) and an unpublished item's words stop at
# once. On PostgreSQL the check is one query over a partial GIN index
# (migration 0007), whatever the number of documents; the search results and
# suggestions are cached as before (content version, COUNT_CACHE_SECONDS), so
# a suggestion may lag a scheduled publish_at by that long, never precede it.

SUGGESTION_CANDIDATES = 10
# The words of a document's title and summary, as the partial GIN index
# "search_doc_words" of migration 0007 holds them: the queries below use the
# same expression and predicate, or the index is not used.
_LIVE_WORDS_SQL = """
SELECT w FROM unnest(%s::text[]) AS w WHERE EXISTS (
    SELECT 1 FROM portal_searchdocument d
    WHERE d.status = 'published' AND d.publish_at <= %s
      AND to_tsvector('simple', d.title || ' ' || d.summary) @@ phraseto_tsquery('simple', w))
"""
_PUBLISHED_WORDS_SQL = """
SELECT w FROM unnest(%s::text[]) AS w WHERE EXISTS (
    SELECT 1 FROM portal_searchdocument d
    WHERE d.status = 'published'
      AND to_tsvector('simple', d.title || ' ' || d.summary) @@ phraseto_tsquery('simple', w))
"""
_FORGET_WORDS_SQL = """
DELETE FROM portal_searchterm t WHERE t.word = ANY(%s::text[]) AND NOT EXISTS (
    SELECT 1 FROM portal_searchdocument d
    WHERE d.status = 'published'
      AND to_tsvector('simple', d.title || ' ' || d.summary) @@ phraseto_tsquery('simple', t.word))
"""


_TERM = re.compile(r"[^\W_]+", re.UNICODE)
# Every word no published document has any more, in one pass over the
# documents (not one probe per word): for a rebuild and migration 0007.
_PRUNE_SQL = """
DELETE FROM portal_searchterm WHERE word NOT IN (
    SELECT word FROM ts_stat($$SELECT to_tsvector('simple', title || ' ' || summary)
        FROM portal_searchdocument WHERE status = 'published'$$))
"""


def _term_words(text):
    """The vocabulary words of ``text``, lower case: letters and digits (one
    lexeme each for PostgreSQL's parser), not only digits."""
    words = {w.lower() for w in _TERM.findall(text)}
    return {w for w in words if 4 <= len(w) <= 60 and not w.isdigit()}


def _published_words(documents):
    """The vocabulary words of the published ones of ``documents``."""
    rows = documents.filter(status=Status.PUBLISHED).values_list("title", "summary")
    return set().union(*(_term_words(f"{title} {summary}") for title, summary in rows))


def public_words(words, *, now=None, live=True):
    """Those of ``words`` (lower case) that a live document has as a whole word
    in its title or summary; with ``live=False`` any published document,
    scheduled ones included (that is what keeps a word in the vocabulary)."""
    words = sorted(set(words))
    if not words:
        return set()
    now = now or timezone.now()
    if is_postgres():
        with connection.cursor() as cursor:
            if live:
                cursor.execute(_LIVE_WORDS_SQL, [words, now])
            else:
                cursor.execute(_PUBLISHED_WORDS_SQL, [words])
            return {row[0] for row in cursor.fetchall()}
    documents = SearchDocument.objects.filter(status=Status.PUBLISHED)
    if live:
        documents = documents.filter(publish_at__lte=now)
    found = set()
    for word in words:
        pattern = r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])"
        if documents.filter(Q(title__iregex=pattern) | Q(summary__iregex=pattern)).exists():
            found.add(word)
    return found


def _remember_words(words):
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w) for w in sorted(words)], ignore_conflicts=True, batch_size=1000
    )


def _forget_words(words):
    """Drop the words of ``words`` that no published document has any more."""
    words = sorted(set(words))
    if not words:
        return
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(_FORGET_WORDS_SQL, [words])
        return
    gone = set(words) - public_words(words, live=False)
    SearchTerm.objects.filter(word__in=gone).delete()


def prune_vocabulary(batch=5000):
    """Drop every word no published document has (after a rebuild)."""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(_PRUNE_SQL)
        return
    last = ""
    while True:
        words = list(
            SearchTerm.objects.filter(word__gt=last)
            .order_by("word")
            .values_list("word", flat=True)[:batch]
        )
        if not words:
            return
        _forget_words(words)
        last = words[-1]


def index_items(kind, items):
    """(Re)index ``items`` of ``kind`` in bulk: a few queries per batch.
    Pending changes of published items are never indexed."""
    items = [item for item in items if not getattr(item, "change_of_id", None)]
    if not items:
        return 0
    ct = ContentType.objects.get_for_model(kind.model)
    built = [(item, *build_document(kind, item)) for item in items]
    with transaction.atomic():
        previous = SearchDocument.objects.filter(
            content_type=ct, object_id__in=[i.pk for i in items]
        )
        old_words = _published_words(previous)
        previous.delete()
        docs = SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    content_type=ct,
                    object_id=item.pk,
                    facet_text=facet_lines(facets),
                    **fields,
                )
                for item, fields, facets in built
            ]
        )
        SearchFacet.objects.bulk_create(
            [
                SearchFacet(document=doc, facet=f, value=v[:120], label=label[:200])
                for doc, (_, _, facets) in zip(docs, built, strict=True)
                for f, v, label in facets
            ],
            batch_size=5000,
        )
        if is_postgres():
            SearchDocument.objects.filter(pk__in=[d.pk for d in docs]).update(
                search_vector=_vector()
            )
        new_words = set().union(
            *(
                _term_words(f["title"] + " " + f["summary"])
                for _, f, _ in built
                if f["status"] == Status.PUBLISHED
            )
        )
        _remember_words(new_words)
        _forget_words(old_words - new_words)
    return len(docs)


def index_item(item):
    kind = _kind_for(type(item))
    if kind is not None and item.pk:
        index_items(
            kind, [type(item).objects.prefetch_related(*kind.search_prefetch).get(pk=item.pk)]
        )


def unindex_item(item):
    documents = SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )
    with transaction.atomic():
        words = _published_words(documents)
        documents.delete()
        _forget_words(words)


def reindex_facet_value(facet, value):
    """A renamed theme or municipality: reindex the documents that name it."""
    docs = SearchDocument.objects.filter(facets__facet=facet, facets__value=value).values_list(
        "content_type_id", "object_id"
    )
    by_type = {}
    for ct_id, object_id in docs:
        by_type.setdefault(ct_id, []).append(object_id)
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        kind = _kind_for(model)
        if kind:
            index_items(
                kind, model.objects.filter(pk__in=ids).prefetch_related(*kind.search_prefetch)
            )


def rebuild(*, batch=500, stdout=None):
    total = 0
    for kind in registry.kinds():
        queryset = kind.model.objects.order_by("pk").prefetch_related(*kind.search_prefetch)
        ct = ContentType.objects.get_for_model(kind.model)
        SearchDocument.objects.filter(content_type=ct).exclude(
            object_id__in=kind.model.objects.values("pk")
        ).delete()
        start = 0
        while True:
            chunk = list(queryset[start : start + batch])
            if not chunk:
                break
            total += index_items(kind, chunk)
            start += batch
        if stdout:
            stdout.write(f"{kind.key}: {queryset.count()} geïndexeerd")
    prune_vocabulary()
    return total


# --- querying ---------------------------------------------------------------


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


def _similar_terms(word):
    """Up to SUGGESTION_CANDIDATES vocabulary words like ``word``, most
    similar first (public or not: the caller checks)."""
    if is_postgres():
        return list(
            SearchTerm.objects.filter(word__trigram_similar=word)
            .annotate(sim=TrigramSimilarity("word", word))
            .filter(sim__gt=0.35)
            .exclude(word=word)
            .order_by("-sim", "word")
            .values_list("word", flat=True)[:SUGGESTION_CANDIDATES]
        )
    candidates = SearchTerm.objects.filter(word__startswith=word[:1]).exclude(word=word)
    return difflib.get_close_matches(
        word, list(candidates.values_list("word", flat=True)), n=SUGGESTION_CANDIDATES, cutoff=0.75
    )


def suggest(text):
    """Replace each word the public content lacks by the most similar word
    it has. Only public words count, both to decide that a word is unknown
    and to propose one (see the vocabulary section above)."""
    words = _WORD.findall(text)
    checked = {w.lower() for w in words} & _term_words(text)
    unknown = checked - public_words(checked)
    options = {word: _similar_terms(word) for word in sorted(unknown)}
    public = public_words(set().union(*options.values()))
    best = {
        word: next((c for c in candidates if c in public), None)
        for word, candidates in options.items()
    }
    result = [best.get(word.lower()) or word for word in words]
    return " ".join(result) if any(best.values()) else ""


def clean_query(text):
    """Drop control characters (PostgreSQL refuses NUL) and bound the length."""
    text = "".join(ch for ch in (text or "") if ch.isprintable() or ch == " ")
    return " ".join(text.split())[:MAX_QUERY]


def common_lexemes():
    """Lexemes in at least COMMON_SHARE of the indexed documents, read from
    the planner's statistics (pg_stats, kept by ANALYZE/autovacuum); cached
    for an hour. Empty without statistics: then every query probes first."""
    from django.core.cache import cache

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


def facet_lines(facets):
    """(facet, value, label) triples as SearchDocument.facet_text; the same
    truncation as the SearchFacet rows, no tabs or line breaks inside."""

    def clean(text, size):
        return " ".join(str(text).split())[:size]

    return "\n".join(
        f"{clean(facet, 20)}\t{clean(value, 120)}\t{clean(label, 200)}"
        for facet, value, label in facets
    )


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
    from django.core.paginator import Paginator

    from portal.cache import cached
    from portal.views import page_or_last

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
