"""Title suggestions while a visitor types in the search box.

The search page's combobox (``static/js/search-suggest.js``) asks
``/zoeken/suggesties/?q=…`` on every pause in typing; this module answers
with at most ``MAX_SUGGESTIONS`` public documents whose title has a word for
every typed word: the words before the last one as whole words, the last one
(the word being typed) as the start of a word. "ouders bere" finds "Ouders
bereiken in de wijk"; a space after the last word makes it a whole word too.
Newest first. Only live documents: published and ``publish_at`` passed.

On PostgreSQL the match is a ``simple``-configuration tsquery (no stemming,
no stop words: what is typed is what is matched) against the partial GIN
index ``search_doc_title_words`` of migration 0012; the query below uses the
index's expression and predicate, or the index is not used. For a common
prefix the planner walks the date index newest first and stops after a few
rows; for a rare one it reads the few matches from the GIN index. On SQLite a
case-insensitive regular expression per word does the same, without an
index. Answers are cached per typed words and content version.

On an English page (issue 21) a translated item is proposed by its English
title and an untranslated one by its Dutch title (marked ``"lang": "nl"``):
the words match the title that is shown. The English titles have a partial
GIN index of their own (``search_doc_title_en_words``, migration 0018, on the
translated documents only); the Dutch titles of the untranslated ones use
the index above. The addresses stay the Dutch ones: the view gives the
English page's.
"""

from __future__ import annotations

import datetime
import re
from typing import NotRequired, TypedDict

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db.models import F, Func, Q, QuerySet
from django.utils import timezone, translation

from portal.core import registry
from portal.core.cache import cached
from portal.core.models import Status
from portal.core.translations import ENGLISH
from portal.search.db import is_postgres
from portal.search.models import SearchDocument

MAX_SUGGESTIONS = 8
# Below this many letters or digits in all there is nothing worth proposing.
MIN_CHARS = 2
# At most this many words count, each at most this long (longer input is cut).
MAX_WORDS = 6
MAX_WORD_CHARS = 60

# Letters and digits: one lexeme each for PostgreSQL's parser, so a typed
# word never becomes a phrase query (which would need a recheck).
_WORD = re.compile(r"[^\W_]+")


class TitleSuggestion(TypedDict):
    """One suggestion as the JSON answer gives it."""

    title: str
    url: str
    type: str
    # The language of the title when it is not the page's ("nl").
    lang: NotRequired[str]


class _TitleWords(Func):
    """``to_tsvector('simple'::regconfig, title)``: the expression of the
    index, written out so that it matches it exactly (no COALESCE, no
    parameter for the configuration, as ``SearchVector`` would add)."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def typed_words(text: str) -> tuple[tuple[str, ...], bool]:
    """The typed words (lower case, bounded) and whether the last one is a
    prefix: it is, unless the text ends in a space or another separator."""
    words = tuple(w.lower()[:MAX_WORD_CHARS] for w in _WORD.findall(text[:400]))[:MAX_WORDS]
    prefix = bool(words) and bool(_WORD.fullmatch(text[-1:]))
    return words, prefix


def _tsquery(words: tuple[str, ...], prefix: bool) -> str:
    """A raw tsquery: every word quoted (letters and digits only, so no quote
    inside), the last one with ``:*`` when it is a prefix."""
    terms = [f"'{w}'" for w in words]
    if prefix:
        terms[-1] += ":*"
    return " & ".join(terms)


def _regex_filter(words: tuple[str, ...], prefix: bool, field: str = "title") -> Q:
    """SQLite: a regular expression per word, anchored at a word start."""
    condition = Q()
    for i, word in enumerate(words):
        end = "" if prefix and i == len(words) - 1 else r"(?:[\W_]|$)"
        condition &= Q(**{f"{field}__iregex": rf"(?:^|[\W_]){re.escape(word)}{end}"})
    return condition


def _matches(words: tuple[str, ...], prefix: bool) -> QuerySet[SearchDocument]:
    # The index is partial (status = 'published'): the literal condition
    # below lets the planner use it; publish_at is checked on the rows.
    documents = SearchDocument.objects.filter(
        status=Status.PUBLISHED, publish_at__lte=timezone.now()
    )
    if is_postgres():
        query = SearchQuery(_tsquery(words, prefix), search_type="raw", config="simple")
        return documents.alias(title_words=_TitleWords(F("title"))).filter(title_words=query)
    return documents.filter(_regex_filter(words, prefix))


def _find(words: tuple[str, ...], prefix: bool) -> list[tuple[str, str, str]]:
    """(title, url, kind key) of the newest matching live documents."""
    rows = _matches(words, prefix).order_by("-date", "-pk").values_list("title", "url", "kind")
    return list(rows[:MAX_SUGGESTIONS])


def _find_english(words: tuple[str, ...], prefix: bool) -> list[tuple[str, str, str, str]]:
    """(title, url, kind key, language of the title) of the newest live
    documents whose shown title matches: the English title of a translated
    document, the Dutch title of another."""
    documents = SearchDocument.objects.filter(
        status=Status.PUBLISHED, publish_at__lte=timezone.now()
    )
    translated, untranslated = documents.exclude(title_en=""), documents.filter(title_en="")
    if is_postgres():
        query = SearchQuery(_tsquery(words, prefix), search_type="raw", config="simple")
        translated = translated.alias(title_words=_TitleWords(F("title_en"))).filter(
            title_words=query
        )
        untranslated = untranslated.alias(title_words=_TitleWords(F("title"))).filter(
            title_words=query
        )
    else:
        translated = translated.filter(_regex_filter(words, prefix, "title_en"))
        untranslated = untranslated.filter(_regex_filter(words, prefix))
    fields = ("url", "kind", "date", "pk")
    rows = [
        (title, ENGLISH, *rest)
        for title, *rest in translated.order_by("-date", "-pk").values_list("title_en", *fields)[
            :MAX_SUGGESTIONS
        ]
    ] + [
        (title, settings.LANGUAGE_CODE, *rest)
        for title, *rest in untranslated.order_by("-date", "-pk").values_list("title", *fields)[
            :MAX_SUGGESTIONS
        ]
    ]
    oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    rows.sort(key=lambda row: (row[4] or oldest, row[5]), reverse=True)
    return [(title, url, kind, lang) for title, lang, url, kind, _date, _pk in rows][
        :MAX_SUGGESTIONS
    ]


def suggest_titles(text: str, *, language: str | None = None) -> list[TitleSuggestion]:
    """At most ``MAX_SUGGESTIONS`` public titles for what is typed so far,
    with their address and the label of their content type; in English
    (``language``, default the active one) the English titles (``_find_english``)."""
    words, prefix = typed_words(text)
    if sum(len(w) for w in words) < MIN_CHARS:
        return []
    language = language or translation.get_language()
    with translation.override(language):
        labels = {kind.key: str(kind.label) for kind in registry.kinds()}
    if language == ENGLISH:
        found = cached(
            "title-suggestions-en-v1", (words, prefix), lambda: _find_english(words, prefix)
        )
        suggestions: list[TitleSuggestion] = []
        for title, url, kind, lang in found:
            suggestion: TitleSuggestion = {"title": title, "url": url, "type": labels.get(kind, "")}
            if lang != ENGLISH:
                suggestion["lang"] = lang
            suggestions.append(suggestion)
        return suggestions
    rows = cached("title-suggestions-v1", (words, prefix), lambda: _find(words, prefix))
    return [{"title": title, "url": url, "type": labels.get(kind, "")} for title, url, kind in rows]
