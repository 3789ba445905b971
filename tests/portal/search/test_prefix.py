"""The last word of a query also matches as a prefix of unstemmed words
(portal.search.query, the marked words of portal.search.db)."""

import pytest
from django.db import connection

import portal.search.query as search
from portal.search.db import CONFIG
from portal.search.query import run_search
from tests.portal.search.helpers import make_docs, ranked_titles

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def docs(monkeypatch):
    monkeypatch.setattr(search, "cached", lambda _namespace, _parts, compute: compute())
    monkeypatch.setattr(search, "common_lexemes", frozenset)
    make_docs(
        {"title": "Stedelijke lijn", "summary": "Over ouderbetrokkenheid in de wijk."},
        {"title": "Taal thuis", "body_text": "Aandacht voor taalontwikkeling van peuters."},
        {"title": "Voorlezen op school", "summary": "Kinderen lezen voor."},
    )


def titles(text):
    return set(ranked_titles(run_search(text, {}, 1)))


def test_an_unfinished_last_word_finds_the_whole_word():
    assert titles("ouderbetrokk") == {"Stedelijke lijn"}
    assert titles("taalontw") == {"Taal thuis"}
    assert titles("peuters taalontw") == {"Taal thuis"}


def test_stemming_does_not_hide_the_prefix():
    """Stemmed, "ouderbetrokkenh" is something no document has; the
    unstemmed words still start with it."""
    assert titles("ouderbetrokkenh") == {"Stedelijke lijn"}


def test_only_the_last_word_is_a_prefix():
    assert not run_search("peuters taalontw", {}, 1).any_words
    # "taalontw" first: no item has all words, so only the fallback finds it.
    assert run_search("taalontw peuters", {}, 1).any_words


def test_a_short_last_word_or_a_stop_word_is_no_prefix():
    assert titles("ta") == set()
    # "voor" is a stop word: "kinderen voor" must not find "voorlezen" through it.
    assert titles("kinderen voor") == {"Voorlezen op school"}
    assert titles("taal voor") == {"Taal thuis"}


def test_a_common_last_word_is_taken_as_complete(monkeypatch):
    """A word in COMMON_SHARE of the documents is complete: no prefix (it
    would add little and cost the most)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tsvector_to_array(to_tsvector('{CONFIG}', 'ouderbetrokken'))")
        lexemes = frozenset(cursor.fetchone()[0])
    assert titles("ouderbetrokken") == {"Stedelijke lijn"}
    monkeypatch.setattr(search, "common_lexemes", lambda: lexemes)
    assert titles("ouderbetrokken") == set()
