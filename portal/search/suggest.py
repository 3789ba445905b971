"""The public vocabulary and the 'Bedoelde u …' suggestion.

On an English page (issue 21) the suggestion also draws on English words:
those of the English titles and summaries of live items
(``english_vocabulary``), read from the few translated documents and cached
per content version (never past the next scheduled publication)."""

import datetime
import difflib
import re
from collections.abc import Iterable

from django.contrib.postgres.search import (
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    Q,
    QuerySet,
)
from django.utils import timezone

from portal.core.cache import cached
from portal.core.models import Status
from portal.search.db import is_postgres
from portal.search.models import SearchDocument, SearchTerm

_WORD = re.compile(r"\w+", re.UNICODE)
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


def _term_words(text: str) -> set[str]:
    """The vocabulary words of ``text``, lower case: letters and digits (one
    lexeme each for PostgreSQL's parser), not only digits."""
    words = {w.lower() for w in _TERM.findall(text)}
    return {w for w in words if 4 <= len(w) <= 60 and not w.isdigit()}


def _published_words(documents: QuerySet[SearchDocument]) -> set[str]:
    """The vocabulary words of the published ones of ``documents``."""
    rows = documents.filter(status=Status.PUBLISHED).values_list("title", "summary")
    return set().union(*(_term_words(f"{title} {summary}") for title, summary in rows))


def public_words(
    words: Iterable[str], *, now: datetime.datetime | None = None, live: bool = True
) -> set[str]:
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


def _remember_words(words: Iterable[str]) -> None:
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w) for w in sorted(words)], ignore_conflicts=True, batch_size=1000
    )


def _forget_words(words: Iterable[str]) -> None:
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


def prune_vocabulary(batch: int = 5000) -> None:
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


def _similar_terms(word: str) -> list[str]:
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


def suggest(text: str) -> str:
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


def english_vocabulary() -> frozenset[str]:
    """The vocabulary words of the English title and summary of every live
    document: only translated items have them."""

    def compute() -> list[str]:
        rows = (
            SearchDocument.objects.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())
            .filter(~Q(title_en="") | ~Q(summary_en=""))
            .values_list("title_en", "summary_en")
        )
        return sorted(set().union(*(_term_words(f"{title} {summary}") for title, summary in rows)))

    return frozenset(cached("english-vocabulary-v1", (), compute))


def suggest_english(text: str) -> str:
    """``suggest`` for an English page: a word neither the English nor the
    Dutch public words have is replaced by the most similar English word
    (``english_vocabulary``), else by the most similar public Dutch one."""
    words = _WORD.findall(text)
    checked = {w.lower() for w in words} & _term_words(text)
    vocabulary = english_vocabulary()
    unknown = checked - vocabulary
    unknown -= public_words(unknown)
    ordered = sorted(vocabulary)
    best: dict[str, str | None] = {}
    for word in sorted(unknown):
        english = difflib.get_close_matches(word, ordered, n=1, cutoff=0.75)
        if english:
            best[word] = english[0]
            continue
        candidates = _similar_terms(word)
        public = public_words(candidates)
        best[word] = next((c for c in candidates if c in public), None)
    result = [best.get(word.lower()) or word for word in words]
    return " ".join(result) if any(best.values()) else ""
