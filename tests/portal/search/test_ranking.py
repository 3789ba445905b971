"""Relevance over all matches (portal.search.query), on a small judged set:
field weights (title > names > summary > body), every word before some,
phrase before scattered words, recency only as a tie-break, and the exact
count far beyond the old "300 newest" window. Each ranking test runs with
the RUM index and without it (the GIN fallback, ``ts_rank_cd``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import portal.search.query as search
from portal.core.models import Status
from portal.search.db import has_rum
from portal.search.query import RANKED, run_search
from tests.portal.search.helpers import make_docs, ranked_titles

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(params=["rum", "gin"])
def ranking(request, monkeypatch, settings):
    """Both ways of ranking; the result cache off (every search is cold)."""
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(search, "cached", lambda _namespace, _parts, compute: compute())
    if request.param == "rum":
        if not has_rum():
            pytest.fail("the RUM index is missing (postgresql-15-rum, migration 0009)")
    else:
        monkeypatch.setattr(search, "has_rum", lambda: False)
    return request.param


def top(text, n=3):
    return ranked_titles(run_search(text, {}, 1))[:n]


def test_old_title_match_beats_new_body_match(ranking):
    make_docs(
        {"title": "Nieuws uit de wijk", "body_text": "Ook de ouderkamer was open.", "days_old": 1},
        {"title": "De ouderkamer", "summary": "Een plek voor ouders.", "days_old": 3000},
        {"title": "Jaarverslag", "summary": "Over de ouderkamer en meer.", "days_old": 5},
        {"title": "Gemeente", "names": "Ouderkamer", "days_old": 5},
    )
    assert top("ouderkamer", 4) == [
        "De ouderkamer",  # title, 8 years old
        "Gemeente",  # taxonomy names
        "Jaarverslag",  # summary
        "Nieuws uit de wijk",  # body, yesterday
    ]


def test_all_words_in_the_title_beat_the_words_in_the_body(ranking):
    make_docs(
        {"title": "Warme overdracht naar de basisschool", "days_old": 2500},
        {
            "title": "Verslag van de dag",
            "body_text": "Het ging over warme contacten en de overdracht van dossiers.",
            "days_old": 1,
        },
    )
    assert top("warme overdracht") == ["Warme overdracht naar de basisschool", "Verslag van de dag"]


def test_phrase_before_scattered_words(ranking):
    filler = " ".join(["tekst"] * 40)
    make_docs(
        {
            "title": "Verspreid",
            "body_text": f"Een warme ontvangst. {filler} Daarna de overdracht.",
            "days_old": 1,
        },
        {
            "title": "Aaneen",
            "body_text": f"{filler} Zo werkt een warme overdracht.",
            "days_old": 400,
        },
    )
    assert top("warme overdracht", 2) == ["Aaneen", "Verspreid"]


def test_every_word_first_then_some_when_none_has_all(ranking):
    make_docs(
        {"title": "Ouderkamer en voorlezen", "days_old": 100},
        {"title": "Alleen de ouderkamer", "days_old": 1},
    )
    outcome = run_search("ouderkamer voorlezen", {}, 1)
    assert ranked_titles(outcome) == ["Ouderkamer en voorlezen"]
    assert not outcome.any_words
    fallback = run_search("ouderkamer xylofoonplaat", {}, 1)
    assert set(ranked_titles(fallback)) == {"Ouderkamer en voorlezen", "Alleen de ouderkamer"}
    assert fallback.any_words and fallback.total == 2


def test_recency_breaks_ties(ranking):
    make_docs(
        {"title": "Ouderavond in de herfst", "days_old": 900},
        {"title": "Ouderavond in de lente", "days_old": 20},
        {"title": "Ouderavond in de zomer", "days_old": 300},
    )
    assert top("ouderavond") == [
        "Ouderavond in de lente",
        "Ouderavond in de zomer",
        "Ouderavond in de herfst",
    ]


def test_synonyms_are_alternatives(ranking):
    """Migration 0010 gives "vve" the synonym "voor- en vroegschoolse
    educatie" (a phrase)."""
    make_docs(
        {"title": "Voor- en vroegschoolse educatie in de wijk"},
        {"title": "Educatie voor volwassenen"},
    )
    assert top("vve") == ["Voor- en vroegschoolse educatie in de wijk"]


def test_the_count_is_exact_far_beyond_the_ranked_window(ranking):
    make_docs(*({"title": f"Stuk {i}", "body_text": "over leesbevordering"} for i in range(1250)))
    make_docs(
        {"title": "Leesbevordering", "days_old": 4000},
        {"title": "Concept", "body_text": "leesbevordering", "status": Status.DRAFT},
    )
    outcome = run_search("leesbevordering", {}, 1)
    assert outcome.total == 1251 and not outcome.capped
    assert outcome.page.paginator.count == RANKED
    assert not outcome.facets_exact
    assert ranked_titles(outcome)[0] == "Leesbevordering"  # the oldest, the only title match


def test_a_count_beyond_the_old_300_is_exact_with_exact_facets(ranking):
    make_docs(*({"title": f"Stuk {i}", "summary": "taalspel"} for i in range(340)))
    outcome = run_search("taalspel", {}, 1)
    assert outcome.total == 340 and outcome.facets_exact
    assert sum(option["n"] for option in outcome.facets["type"]) == 340


def test_the_head_stage_keeps_title_matches_first(monkeypatch, ranking, order):
    """Many title matches (more than RANKED, here 5): only those are ranked,
    and a body-only match never comes before them, however new."""
    monkeypatch.setattr(search, "RANKED", 5)
    make_docs(*({"title": f"Rekenspel {i}", "days_old": 1000 + i} for i in range(8)))
    make_docs({"title": "Nieuwtje", "body_text": "rekenspel", "days_old": 0})
    outcome = run_search("rekenspel", {}, 1)
    assert outcome.total == 9
    assert ranked_titles(outcome) == [f"Rekenspel {i}" for i in range(5)]


@pytest.fixture
def rum(monkeypatch, settings):
    """The RUM ranking alone: its stages are what is tested (without RUM
    every match gets ``ts_rank_cd``)."""
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(search, "cached", lambda _namespace, _parts, compute: compute())
    if not has_rum():
        pytest.fail("the RUM index is missing (postgresql-15-rum, migration 0009)")


@pytest.fixture(params=["title first", "names first"])
def order(request, monkeypatch):
    """Both orders of the first two stages (``_title_first``): the same rows
    either way."""
    monkeypatch.setattr(search, "TITLE_LIKELY", 0 if request.param == "title first" else 10**9)
    return request.param


def test_the_title_stage_ranks_title_matches_of_a_common_word_first(monkeypatch, rum, order):
    """A common word (issue 23) with more title matches than RANKED (here
    5): its first stage ranks the title index only (``search_title``). The
    newest document, with the word only in its taxonomy names, comes after
    all of them; the title match with the word twice comes first, equal
    ranks newest first; the count has every match."""
    monkeypatch.setattr(search, "RANKED", 5)
    monkeypatch.setattr(search, "common_lexemes", lambda: frozenset({"ouder"}))
    make_docs(*({"title": f"Ouders bijeenkomst {i}", "days_old": 100 + i} for i in range(7)))
    make_docs(
        {"title": "Ouders en nog eens ouders", "days_old": 4000},
        {
            "title": "Nieuwsbrief",
            "names": "Ouders ouders ouders ouders ouders ouders",
            "days_old": 0,
        },
        {"title": "Concept", "body_text": "ouders", "status": Status.DRAFT},
    )
    outcome = run_search("ouders", {}, 1)
    assert outcome.total == 9
    titles = ranked_titles(outcome)
    assert titles == ["Ouders en nog eens ouders"] + [f"Ouders bijeenkomst {i}" for i in range(4)]


def test_the_title_stage_wants_every_word_in_the_title(monkeypatch, rum, order):
    """Two words, one common: the documents with both in the title come
    before one with a word in the names, however new and however close
    the two words are there."""
    monkeypatch.setattr(search, "RANKED", 5)
    monkeypatch.setattr(search, "common_lexemes", lambda: frozenset({"ouder"}))
    make_docs(
        *(
            {
                "title": f"Ouders bezoeken de lessen en de kantine van de school {i}",
                "days_old": 200 + i,
            }
            for i in range(6)
        )
    )
    make_docs({"title": "School", "names": "Ouders", "days_old": 0})
    outcome = run_search("ouders school", {}, 1)
    assert outcome.total == 7
    assert "School" not in ranked_titles(outcome)


def test_without_enough_title_matches_title_and_names_rank(monkeypatch, ranking, order):
    """Fewer title matches than RANKED: the stage of title and names
    (``search_head``) as before, where a names match ranks by its rank."""
    monkeypatch.setattr(search, "RANKED", 5)
    monkeypatch.setattr(search, "common_lexemes", lambda: frozenset({"ouder"}))
    make_docs(
        *(
            {"title": "Bijeenkomst", "names": f"Alle ouders {i}", "days_old": 50 + i}
            for i in range(6)
        )
    )
    make_docs({"title": "Ouders", "days_old": 3000})
    outcome = run_search("ouders", {}, 1)
    assert outcome.total == 7
    assert ranked_titles(outcome)[0] == "Ouders"


def test_names_first_when_few_titles_can_match(monkeypatch, rum):
    """When the statistics allow few title matches (``_title_first``), the
    stage of title and names goes first; holding fewer than RANKED, it
    spares the title stage (whatever matches a title matches title and
    names): the same rows and total as with the title first, without a
    query of the title index."""
    monkeypatch.setattr(search, "RANKED", 5)
    monkeypatch.setattr(search, "common_lexemes", lambda: frozenset({"school"}))
    make_docs(
        {"title": "De brede school in de wijk", "days_old": 900},
        {"title": "Brede school", "days_old": 40},
        {"title": "Bijeenkomst", "names": "Brede school", "days_old": 5},
        *({"title": f"Verslag {i}", "body_text": "Een brede aanpak op school."} for i in range(4)),
    )
    make_docs({"title": "Brede school in concept", "status": Status.DRAFT})

    def searched(title_likely):
        monkeypatch.setattr(search, "TITLE_LIKELY", title_likely)
        with CaptureQueriesContext(connection) as queries:
            outcome = run_search("brede school", {}, 1)
        return outcome, [query["sql"] for query in queries.captured_queries]

    first, title_first = searched(0)
    later, names_first = searched(10**9)
    assert later.total == first.total == 7
    assert ranked_titles(later) == ranked_titles(first)
    assert ranked_titles(later)[:3] == ["Brede school", "De brede school in de wijk", "Bijeenkomst"]
    # The title index ranks (a page's rows are fetched whole, vectors too).
    assert any('"search_title" @@' in sql for sql in title_first)
    assert not any('"search_title" @@' in sql for sql in names_first)


def test_the_title_goes_first_when_enough_titles_may_match(monkeypatch):
    """The statistics' bound on the title matches decides the order: at
    least TITLE_LIKELY (1,000) titles may match, or the query leaves a word
    out (a title without it may match where its names have it)."""
    shares = {"school": 0.12, "breed": 0.0057}
    monkeypatch.setattr(search, "_statistics", lambda column: (100_000, shares))
    assert search._title_first("( 'breed' ) & ( 'school' )") is False  # at most 570
    assert search._title_first("'school'") is True  # 12,000
    assert search._title_first("( 'breed' ) & ( 'zeldzaam' )") is False  # unlisted: rarer
    assert search._title_first("'school' & !'breed'") is True
    monkeypatch.setattr(search, "_statistics", lambda column: (1_000_000, shares))
    assert search._title_first("( 'breed' ) & ( 'school' )") is True  # 5,700


def test_a_phrase_with_fewer_matches_than_its_window_is_not_counted_again(monkeypatch, rum):
    """RUM checks a phrase on every match anyway: up to PHRASE_WINDOW of
    them are ranked, so the total and the facets are exact without a
    second pass (a count) over the matches; beyond the window it counts."""
    monkeypatch.setattr(search, "RANKED", 5)
    make_docs(*({"title": f"Stuk {i}", "body_text": "Over de warme overdracht."} for i in range(7)))
    make_docs({"title": "Los", "body_text": "warme maaltijd, overdracht later"})
    make_docs({"title": "Concept", "body_text": "warme overdracht", "status": Status.DRAFT})
    with CaptureQueriesContext(connection) as queries:
        outcome = run_search('"warme overdracht"', {}, 1)
    executed = [query["sql"] for query in queries.captured_queries]
    assert outcome.total == 7 and outcome.facets_exact
    assert outcome.page.paginator.count == 5
    assert sum(option["n"] for option in outcome.facets["type"]) == 7
    assert not any("COUNT(" in sql.upper() and "portal_searchdocument" in sql for sql in executed)
    monkeypatch.setattr(search, "PHRASE_WINDOW", 6)
    with CaptureQueriesContext(connection) as queries:
        outcome = run_search('"warme overdracht"', {}, 1)
    assert outcome.total == 7 and not outcome.facets_exact
    assert any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_the_newest_candidates_come_from_the_newest_documents(monkeypatch, rum):
    """The newest matches that join the first stage's candidates are looked
    for among the NEWEST_WINDOW newest live documents only (a bounded walk
    back through the date index)."""
    monkeypatch.setattr(search, "NEWEST_WINDOW", 3)
    docs = make_docs(*({"title": f"Ouders {i}", "days_old": 10 * i} for i in range(6)))
    make_docs({"title": "Nieuwer concept", "status": Status.DRAFT, "days_old": 0})
    since = search._recent_since()
    assert since == docs[2].date
    newest = search._newest_in(search._live(), "search_title", "'ouder'")
    assert [row[0] for row in newest] == [doc.pk for doc in docs[:3]]
