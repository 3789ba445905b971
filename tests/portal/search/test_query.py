"""Site-wide search (portal.search.query). The PostgreSQL tests run in CI
(marked ``postgres``); the fallback tests run everywhere."""

import datetime

import pytest
from django.utils import timezone

from portal.search.query import run_search

pytestmark = pytest.mark.django_db


def titles(outcome):
    return {doc.title for doc in outcome.page.object_list}


@pytest.mark.postgres
def test_dutch_stemming_finds_school_for_scholen(corpus):
    assert "Ouderkamer op de basisschool" in titles(run_search("scholen", {}, 1))


@pytest.mark.postgres
def test_prefix_covers_compounds(corpus):
    found = titles(run_search("ouder", {}, 1))
    assert "Stedelijke lijn" in found  # via "ouderbetrokkenheid"


@pytest.mark.postgres
def test_websearch_phrase_exclusion_and_or(corpus):
    assert titles(run_search('"ouders bereiken"', {}, 1)) == {"Moeilijk bereikbare ouders"}
    assert "Moeilijk bereikbare ouders" not in titles(run_search("ouders -vve", {}, 1))
    assert titles(run_search("dinsdag OR sleutelpersonen", {}, 1)) == {
        "Ouderkamer op de basisschool",
        "Moeilijk bereikbare ouders",
    }


@pytest.mark.postgres
def test_title_match_ranks_first_and_snippet_is_highlighted(corpus):
    outcome = run_search("ouderkamer", {}, 1)
    first = outcome.page.object_list[0]
    assert first.title == "Ouderkamer op de basisschool"
    assert "<mark>ouderkamer</mark>" in first.snippet.lower()


def test_drafts_and_scheduled_items_are_never_found(corpus):
    for text in ("ouderkamer", "geheime", "toekomstige"):
        found = titles(run_search(text, {}, 1))
        assert "Geheime ouderkamer" not in found and "Toekomstige ouderkamer" not in found


def test_filters_and_counts(corpus):
    outcome = run_search("", {"gemeente": ["breda"]}, 1)
    assert titles(outcome) == {"Ouderkamer op de basisschool"}
    everything = run_search("", {}, 1)
    municipalities = {o["value"]: o["n"] for o in everything.facets["gemeente"]}
    assert municipalities == {"breda": 1, "amersfoort": 1, "utrecht": 1}
    types = {o["value"]: o["n"] for o in everything.facets["type"]}
    assert types == {"practices": 3}
    provinces = {o["value"]: o["n"] for o in everything.facets["provincie"]}
    assert provinces == {"PV30": 1, "PV26": 2}


def test_old_item_gets_no_recency_boost_but_is_found(corpus):
    old = corpus["bereiken"]
    old.publish_at = timezone.now() - datetime.timedelta(days=3000)
    old.save()
    assert "Moeilijk bereikbare ouders" in titles(run_search("huisbezoeken", {}, 1))


@pytest.mark.postgres
def test_common_words_find_the_same_whatever_the_statistics(corpus, monkeypatch, settings):
    """When the statistics say every word is common, the last word is taken
    as complete (no prefix search); here that changes nothing found."""
    from django.db import connection

    import portal.search.query as search

    settings.PAGE_CACHE_SECONDS = 0
    queries = ["ouders", "school ouderkamer", "vve", "bereiken"]
    normal = {q: {d.pk for d in run_search(q, {}, None).page.object_list} for q in queries}
    assert all(normal.values())

    from portal.core.cache import bump_content_version

    bump_content_version()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector('portal_dutch', %s))", [" ".join(queries)]
        )
        stems = frozenset(cursor.fetchone()[0])
    monkeypatch.setattr(search, "common_lexemes", lambda: stems)
    for q in queries:
        found = {d.pk for d in run_search(q, {}, None).page.object_list}
        assert found == normal[q], q


@pytest.mark.postgres
def test_common_lexemes_come_from_the_statistics(corpus):
    from django.db import connection

    from portal.search.query import COMMON_SHARE, common_lexemes, forget_statistics

    forget_statistics()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_searchdocument")
        cursor.execute(
            "SELECT lexeme, count(*)::float / (SELECT count(*) FROM portal_searchdocument) "
            "FROM portal_searchdocument, unnest(tsvector_to_array(search_vector)) AS lexeme "
            "GROUP BY lexeme"
        )
        share = dict(cursor.fetchall())
    common = common_lexemes()
    assert common, "ANALYZE gave no element statistics"
    assert all(share[lexeme] >= COMMON_SHARE for lexeme in common)
