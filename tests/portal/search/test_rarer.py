"""Ranking a query's candidates on its rarer words (``query._rarer``,
``query._by_rarer``, ``portal.search.tsquery``): the index reads the
postings of the rarer words only, each candidate is tested for the whole
query. What is found must be exactly what the full query finds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import portal.search.query as search
from portal.core.models import Status
from portal.search.db import has_rum
from portal.search.query import run_search
from portal.search.tsquery import lexemes, weaken
from tests.portal.search.helpers import make_docs, ranked_titles


@pytest.mark.parametrize(
    ("tsquery", "taken", "weaker"),
    [
        ("'breed' & 'school'", {"school"}, "'breed'"),
        ("( 'breed' ) & ( 'school' )", {"school"}, "'breed'"),
        ("'ouder' & 'panel' | '~ouderpanel':*", {"ouder"}, "'panel' | '~ouderpanel':*"),
        (
            "( 'leerkracht' | 'leer' & 'kracht' ) & ( 'ouder' )",
            {"ouder", "leer"},
            "'leerkracht' | 'kracht'",
        ),
        ("'a' & ( 'b' | 'c' & 'd' )", {"d"}, "'a' & ( 'b' | 'c' )"),
        ("( 'a' | 'b' ) & 'c'", {"c"}, "'a' | 'b'"),
        ("'it''s' & 'x'", {"x"}, "'it''s'"),
    ],
)
def test_weaken_takes_words_as_matched(tsquery, taken, weaker):
    assert weaken(tsquery, taken) == weaker


@pytest.mark.parametrize(
    ("tsquery", "taken"),
    [
        ("( 'ouder' ) & ( 'school' )", {"ouder", "school"}),  # nothing left
        ("'breed' & 'school'", {"ouder"}),  # nothing changes
        ("'a' | 'b' & 'c'", {"a"}),  # an alternative matched: everything matches
        ("'doorgaand' <-> 'leerlijn'", {"doorgaand"}),  # a phrase: positions count
        ("'a' & !'b'", {"a"}),  # a negation
        ("'ouder':* & 'panel'", {"ouder"}),  # a prefix is not the word
        ("'a' & ( 'b'", {"a"}),  # not a tsquery
    ],
)
def test_weaken_gives_nothing_when_it_cannot(tsquery, taken):
    assert weaken(tsquery, taken) is None


def test_lexemes_are_the_plain_ones():
    assert lexemes("( 'leerkracht' | 'leer' & 'kracht' ) & ( 'ouder' ) | '~oud':*") == [
        "leerkracht",
        "leer",
        "kracht",
        "ouder",
    ]
    assert lexemes("'doorgaand' <-> 'leerlijn'") == []


def statistics(monkeypatch, documents, **shares):
    monkeypatch.setattr(search, "_statistics", lambda column: (documents, shares))


def test_a_word_in_most_documents_is_taken_when_it_pays(monkeypatch):
    query = "( 'breed' ) & ( 'school' )"
    statistics(monkeypatch, 1_000_000, school=0.9, breed=0.08)
    assert search._rarer(query, "search_vector") == "'breed'"
    # Few documents: reading its postings is cheaper than the tests.
    statistics(monkeypatch, 20_000, school=0.9, breed=0.08)
    assert search._rarer(query, "search_vector") is None
    # The words left are not rarer: the index would read most of it anyway.
    statistics(monkeypatch, 1_000_000, school=0.9, breed=0.6)
    assert search._rarer(query, "search_vector") is None


def test_the_whole_vector_wants_the_first_ranked_within_the_window(monkeypatch):
    """A word in 20 % of the documents: RANKED matches would take 2,500
    tests, more than RARER_WINDOW: not for the whole vector (each test
    reads a vector from TOAST), but for the title (cheap tests)."""
    statistics(monkeypatch, 10_000_000, ouder=0.2)
    query = "'ouder' & 'panel'"
    assert search._rarer(query, "search_vector") is None
    assert search._rarer(query, "search_title") == "'panel'"


@pytest.fixture
def rum(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(search, "cached", lambda _namespace, _parts, compute: compute())
    if not has_rum():
        pytest.fail("the RUM index is missing (postgresql-15-rum, migration 0009)")


def corpus():
    """'ouder' in every document; 'panel' in some, in title, names or body,
    with drafts and documents without 'ouder' among them."""
    make_docs(*({"title": f"Ouders in de klas {i}", "days_old": i} for i in range(12)))
    make_docs(
        {"title": "Het ouderpanel", "summary": "Ouders denken mee.", "days_old": 900},
        {"title": "Ouders en het panel", "days_old": 40},
        {
            "title": "Verslag",
            "names": "Ouders",
            "body_text": "Het panel kwam bijeen.",
            "days_old": 2,
        },
        {"title": "Panel van ouders", "days_old": 300},
        {"title": "Een panel", "body_text": "Over ouders.", "days_old": 5},
        {"title": "Panel zonder de o-woord", "body_text": "Leerlingen.", "days_old": 1},
        {"title": "Panel van ouders (concept)", "status": Status.DRAFT, "days_old": 0},
    )


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_rarer_path_finds_what_the_whole_query_finds(monkeypatch, rum):
    corpus()
    tsquery = search.build_tsquery("ouders panel").all_words
    with search._index_plans():
        live = search._live()
        for column in ("search_title", "search_head", "search_vector"):
            rarer = weaken(tsquery, {"ouder"})
            assert rarer is not None and "ouder" not in rarer
            found = search._by_rarer(live, column, tsquery, rarer)
            expected = search._by_distance(live, column, tsquery)
            assert found is not None
            assert sorted(row[0] for row in found) == sorted(row[0] for row in expected)
            # Each with its rank for the whole query, not for the rarer one.
            ranks = {row[0]: row[1] for row in expected}
            assert all(row[1] == pytest.approx(ranks[row[0]]) for row in found)


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_window_too_small_gives_way_to_the_whole_query(monkeypatch, rum):
    """Of the rarer words' first RARER_WINDOW matches too few have every
    word: None, and the stage ranks the whole query instead."""
    corpus()
    monkeypatch.setattr(search, "RANKED", 4)
    monkeypatch.setattr(search, "RARER_WINDOW", 2)
    tsquery = search.build_tsquery("ouders panel").all_words
    rarer = weaken(tsquery, {"ouder"})
    with search._index_plans():
        live = search._live()
        assert search._by_rarer(live, "search_vector", tsquery, rarer) is None
        monkeypatch.setattr(search, "_rarer", lambda _tsquery, _column: rarer)
        rows = search._in_stage(live, "search_vector", tsquery)
        assert rows == search._by_distance(live, "search_vector", tsquery)
    monkeypatch.setattr(search, "RARER_WINDOW", 50)
    with search._index_plans():
        assert len(search._by_rarer(search._live(), "search_vector", tsquery, rarer)) == 4


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_search_on_its_rarer_word_ranks_and_counts_as_the_whole_query(monkeypatch, rum):
    """Through ``run_search``: with the statistics of a large corpus
    ('ouder' in 97 % of a million documents) the stages rank on 'panel'
    and test 'ouder' on each candidate (the SQL shows it); the ranked
    titles and the total are those of the whole query's ranking."""
    corpus()
    monkeypatch.setattr(search, "RANKED", 6)
    monkeypatch.setattr(search, "common_lexemes", lambda: frozenset({"ouder"}))
    statistics(monkeypatch, 0)
    plain = run_search("ouders panel", {}, 1)
    statistics(monkeypatch, 1_000_000, ouder=0.97)
    with CaptureQueriesContext(connection) as queries:
        rarer = run_search("ouders panel", {}, 1)
    assert any("ts_match_vq(c.tested" in query["sql"] for query in queries.captured_queries)
    assert rarer.total == plain.total == 5
    assert ranked_titles(rarer) == ranked_titles(plain)
    assert set(ranked_titles(rarer)) == {
        "Het ouderpanel",
        "Ouders en het panel",
        "Verslag",
        "Panel van ouders",
        "Een panel",
    }


@pytest.mark.django_db
@pytest.mark.postgres
def test_with_facet_filters_a_stage_ranks_the_whole_query(monkeypatch, rum):
    """With facet filters a stage ranks the whole query (the planner may
    find the few filtered matches first); without, the rarer word."""
    corpus()
    statistics(monkeypatch, 1_000_000, ouder=0.97)
    tsquery = search.build_tsquery("ouders panel").all_words
    with search._index_plans():
        live = search._live()
        for filtered, walked in ((True, False), (False, True)):
            with CaptureQueriesContext(connection) as queries:
                rows = search._in_stage(live, "search_vector", tsquery, filtered=filtered)
            executed = " ".join(query["sql"] for query in queries.captured_queries)
            assert ("ts_match_vq(c.tested" in executed) is walked
            assert sorted(row[0] for row in rows) == sorted(
                row[0] for row in search._by_distance(live, "search_vector", tsquery)
            )
