"""Ranking a query's candidates on its rarer words (``query._rarer``,
``query._by_rarer``, ``portal.search.tsquery``): the index reads the
postings of the rarer words only, each candidate is tested for the whole
query. What is found must be exactly what the full query finds."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import portal.search.query as search
from portal.core.models import Status
from portal.search.db import has_rum
from portal.search.models import SearchDocument
from portal.search.query import run_search
from portal.search.tsquery import lexemes, needing, share, weaken, without
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
        # A phrase: a word left out of an & inside keeps the phrase ...
        (
            "'doorgaand' <-> ( 'leerlijn' | 'leer' & 'lijn' )",
            {"leer"},
            "'doorgaand' <-> ( 'leerlijn' | 'lijn' )",
        ),
        ("'a' <2> 'b' & 'c'", {"c"}, "'a' <2> 'b'"),
        # ... a side left out leaves the other, and a phrase around a side
        # so changed is its sides anywhere (the positions moved).
        ("'doorgaand' <-> 'leerlijn'", {"doorgaand"}, "'leerlijn'"),
        ("'a' <-> 'b' <-> 'c'", {"b"}, "'a' & 'c'"),
        ("'a' <-> ( 'b' <-> 'c' )", {"c"}, "'a' & 'b'"),
        ("( 'a' <-> 'b' ) | 'c' & 'd'", {"b", "d"}, "'a' | 'c'"),
        # A part of another width left out of an & in a phrase.
        ("'x' <-> ( 'a' <-> 'b' & 'c' )", {"b"}, "'x' & 'a' & 'c'"),
    ],
)
def test_weaken_takes_words_as_matched(tsquery, taken, weaker):
    assert weaken(tsquery, taken) == weaker


@pytest.mark.parametrize(
    ("tsquery", "left_out", "fewer"),
    [
        (
            "'doorgaand' <-> ( 'leerlijn' | 'leer' & 'lijn' )",
            {"leer"},
            "'doorgaand' <-> 'leerlijn'",
        ),
        ("( 'a' | 'b' ) & ( 'c' | 'd' & 'e' )", {"b", "d"}, "'a' & 'c'"),
        ("'a' <-> ( 'b' | 'c' ) <-> 'd'", {"c"}, "( 'a' <-> 'b' ) <-> 'd'"),
        # In a phrase an alternative of another width moves the positions.
        ("( 'a' <-> 'b' | 'c' ) <-> 'd'", {"a"}, None),
        ("'a' & 'b'", {"a"}, None),  # nothing left
        ("'a' | 'b'", {"c"}, None),  # nothing changes
        ("'a' | 'b' & !'c'", {"a"}, None),  # a negation
        ("'a':* | 'b'", {"a"}, None),  # a prefix is not the word
    ],
)
def test_without_leaves_out_the_alternatives_that_need_a_word(tsquery, left_out, fewer):
    assert without(tsquery, left_out) == fewer


@pytest.mark.parametrize(
    ("tsquery", "expected"),
    [
        ("'a' & 'b'", 0.1),  # the least of its parts
        ("'a' | 'b'", 0.6),  # the sum
        ("'a' | 'b' | 'c' | 'd'", 1.0),  # at most everything
        ("'a' <-> ( 'b' | 'x' )", 0.11),  # x unlisted: 0.01
        ("'a':* & 'b'", 0.1),  # a prefix: unknown, 1
        ("!'a' & 'c'", 0.3),
        ("'a' & (", 0.0),  # not a tsquery
    ],
)
def test_share_estimates_the_matches_from_above(tsquery, expected):
    shares = {"a": 0.5, "b": 0.1, "c": 0.3, "d": 0.4}
    assert share(tsquery, shares, 0.01) == pytest.approx(expected)


# Queries over four words with phrases, & | and nesting, to check weaken and
# without against PostgreSQL's own matching.
_PHRASES = [
    "'a' <-> ( 'b' | 'c' & 'd' )",
    "'a' <-> 'b' <-> 'c'",
    "'a' <-> ( 'b' <-> 'c' )",
    "( 'a' <2> 'b' ) & 'c' | 'd'",
    "( 'a' | 'b' ) <-> ( 'c' & 'd' )",
    "'a' & 'b' <-> 'c' | 'b' <-> 'd'",
    "( 'a' <-> 'b' | 'c' ) <-> 'd'",
    "'d' <-> ( 'a' <-> 'b' & 'c' )",
    "'a' <-> ( 'b' | 'c' ) <-> 'd'",
]


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.parametrize("tsquery", _PHRASES)
def test_weaken_and_without_hold_for_postgresql(tsquery):
    """On 400 random vectors (four words at positions 1 to 5, several at
    one position as a split compound gives them): every match of the query
    matches it weakened, every match of it without a word's alternatives
    matches the query, and every other match of the query matches it with
    only the alternatives that need the word, for each word."""
    rng = random.Random(7)
    vectors = []
    for _ in range(400):
        words = {word: sorted(rng.sample(range(1, 6), rng.randint(1, 2))) for word in "abcd"}
        kept = rng.sample(sorted(words), rng.randint(1, 4))
        vectors.append(" ".join(f"{w}:{','.join(map(str, words[w]))}" for w in sorted(kept)))
    sql = (
        "SELECT count(*) FILTER (WHERE v @@ %(q)s::tsquery), "
        "bool_and(NOT v @@ %(q)s::tsquery OR v @@ %(weaker)s::tsquery), "
        "bool_and(NOT v @@ %(fewer)s::tsquery OR v @@ %(q)s::tsquery), "
        "bool_and(NOT v @@ %(q)s::tsquery OR v @@ %(fewer)s::tsquery OR v @@ %(needing)s::tsquery) "
        "FROM unnest(%(vectors)s::tsvector[]) AS v"
    )
    checked = 0
    with connection.cursor() as cursor:
        for word in "abcd":
            # None: nothing changed, or (weakened) everything matches, or
            # (without) nothing is left, or (needing) not one alternative:
            # nothing to check then.
            weaker = weaken(tsquery, {word}) or tsquery
            fewer = without(tsquery, {word}) or tsquery
            only = needing(tsquery, {word}) or tsquery
            cursor.execute(
                sql,
                {
                    "q": tsquery,
                    "weaker": weaker,
                    "fewer": fewer,
                    "needing": only,
                    "vectors": vectors,
                },
            )
            matched, weaker_holds, fewer_holds, needing_holds = cursor.fetchone()
            assert matched, f"{tsquery} matches none of the vectors"
            assert weaker_holds, f"{tsquery} without {word}: {weaker} loses matches"
            assert fewer_holds, f"{tsquery} without {word}: {fewer} matches more"
            assert needing_holds, f"{tsquery} needing {word}: {only} loses matches"
            checked += 1
    assert checked == 4


@pytest.mark.parametrize(
    ("tsquery", "taken"),
    [
        ("( 'ouder' ) & ( 'school' )", {"ouder", "school"}),  # nothing left
        ("'breed' & 'school'", {"ouder"}),  # nothing changes
        ("'a' | 'b' & 'c'", {"a"}),  # an alternative matched: everything matches
        ("'doorgaand' <-> 'leerlijn'", {"doorgaand", "leerlijn"}),  # nothing left
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
    assert lexemes("'doorgaand' <-> 'leerlijn'") == ["doorgaand", "leerlijn"]
    assert lexemes("'a' & !( 'b' | 'c' )") == ["a"]  # not under a negation
    assert lexemes("'a' & ( 'b'") == []


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
        monkeypatch.setattr(search, "_rarer", lambda *_args: rarer)
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


PHRASE = "'doorgaand' <-> ( 'leerlijn' | 'leer' & 'lijn' )"  # "doorgaande leerlijn"


def test_a_common_word_beside_an_alternative_is_taken_in_a_phrase(monkeypatch):
    """'leer' in 7 % of a million titles: as an independent word its
    candidates would match one time in fourteen, not worth it; beside
    'leerlijn', which stays, most candidates match (``_kept``): taken.
    The same share in a plain & is not taken."""
    statistics(monkeypatch, 1_000_000, leer=0.069, doorgaand=0.0058, leerlijn=0.0054, lijn=0.0072)
    shares = search._statistics("search_title")[1]
    kept = search._kept(weaken(PHRASE, ["leer"]), without(PHRASE, ["leer"]), shares, 0.0018)
    assert kept > 0.7
    assert search._rarer(PHRASE, "search_title") == "'doorgaand' <-> ( 'leerlijn' | 'lijn' )"
    assert search._rarer("'doorgaand' & 'leer'", "search_title") is None
    # Too few documents for it to pay.
    statistics(monkeypatch, 100_000, leer=0.069, doorgaand=0.0058, leerlijn=0.0054, lijn=0.0072)
    assert search._rarer(PHRASE, "search_title") is None


def phrase_corpus():
    """Documents whose vectors are set as a split compound leaves them:
    'leerlijn' with its parts 'leer' and 'lijn' at one position."""
    vectors = {
        "Doorgaande leerlijn": "doorgaand:1 leerlijn:2 leer:2 lijn:2",
        "Doorgaande leerlijn, concept": "doorgaand:1 leerlijn:2 leer:2 lijn:2",
        "Doorgaande taalleerlijn": "doorgaand:1 taalleerlijn:2 taal:2 leer:2 lijn:2",
        "Doorgaande buslijn": "doorgaand:1 buslijn:2 bus:2 lijn:2",
        "Doorgaande lijn, leren": "doorgaand:1 lijn:2 leer:5",
        "Leerlijn, doorgaand": "leerlijn:1 leer:1 lijn:1 doorgaand:3",
        "Leren": "leer:1",
    }
    docs = make_docs(*({"title": title, "days_old": i} for i, title in enumerate(vectors)))
    SearchDocument.objects.filter(title__endswith="concept").update(status=Status.DRAFT)
    for doc in docs:
        SearchDocument.objects.filter(pk=doc.pk).update(search_vector=vectors[doc.title])


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_phrase_is_counted_without_its_common_word(monkeypatch, rum):
    """With 'leer' in 70 % of a million documents the phrase is counted as
    its matches with 'leerlijn' plus, tested one by one, the others that
    have 'lijn' there: what counting the whole phrase finds (the draft and
    the documents with the words apart or another compound not among
    them), without 'leer' in either query."""
    phrase_corpus()
    statistics(monkeypatch, 1_000_000, leer=0.7, doorgaand=0.082, leerlijn=0.08, lijn=0.11)
    with search._index_plans():
        live = search._live()
        expected = search._matching(live, "search_vector", PHRASE).count()
        with CaptureQueriesContext(connection) as queries:
            counted = search._phrase_count(live, PHRASE)
        # Through _count too, as a search counts it.
        assert search._count(live, PHRASE, filtered=False) == counted
    assert counted == expected == 2  # the leerlijn and the taalleerlijn
    executed = [query["sql"] for query in queries.captured_queries]
    # One count of both parts side by side, between the planner's settings.
    (count,) = [sql for sql in executed if "COUNT(*)" in sql]
    assert len(executed) == 4 and count == executed[2]
    fewer, others = count.split("UNION ALL")
    # The index reads no 'leer': only the test of each row names it.
    searched = [fewer, others.split("ts_match_vq")[0]]
    assert all("@@" in sql and "''leer''" not in sql for sql in searched)
    assert "ts_match_vq" not in fewer and "ts_match_vq" in others
    # Few documents: the whole phrase is counted.
    statistics(monkeypatch, 20_000, leer=0.7, doorgaand=0.082, leerlijn=0.08, lijn=0.11)
    with search._index_plans():
        assert search._phrase_count(search._live(), PHRASE) is None


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_two_counts_of_a_phrase_run_side_by_side(monkeypatch, rum):
    """The two parts of a phrase's count are planned as a Parallel Append
    of two index scans, each run whole by one process; the planner's
    settings are as before afterwards, for the statements that follow."""
    phrase_corpus()
    statistics(monkeypatch, 1_000_000, leer=0.7, doorgaand=0.082, leerlijn=0.08, lijn=0.11)
    settings = "SELECT current_setting('max_parallel_workers_per_gather'), " + ", ".join(
        f"current_setting('{name}')" for name in search.SIDE_BY_SIDE
    )
    with search._index_plans(), connection.cursor() as cursor:
        cursor.execute(settings)
        before = cursor.fetchone()
        with CaptureQueriesContext(connection) as queries:
            assert search._phrase_count(search._live(), PHRASE) == 2
        cursor.execute(settings)
        assert cursor.fetchone() == before
        assert before[0] == "0"  # no workers for the other statements
        (count,) = [
            query["sql"] for query in queries.captured_queries if "COUNT(*)" in query["sql"]
        ]
        with search._planner(search.SIDE_BY_SIDE):
            cursor.execute(f"EXPLAIN {count}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
    # Each part one scan under the Parallel Append (at this size the planner
    # may take another index and test the vector: what it takes at scale is
    # measured by bench/scale.py).
    assert "Parallel Append" in plan and "Workers Planned: 2" in plan
    assert plan.count("Subquery Scan") == 2 and "Bitmap" not in plan


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_phrase_ranks_on_its_rarer_words_and_finds_all_its_matches(monkeypatch, rum):
    """The phrase's stage in the whole vector (up to PHRASE_WINDOW) through
    the rarer path finds the whole phrase's matches with their ranks."""
    phrase_corpus()
    statistics(monkeypatch, 1_000_000, leer=0.7, doorgaand=0.082, leerlijn=0.08, lijn=0.11)
    with search._index_plans():
        live = search._live()
        with CaptureQueriesContext(connection) as queries:
            rows = search._in_stage(
                live,
                "search_vector",
                PHRASE,
                limit=search.PHRASE_WINDOW,
                window=search.PHRASE_RARER_WINDOW,
            )
        expected = search._by_distance(live, "search_vector", PHRASE, limit=search.PHRASE_WINDOW)
    assert any("ts_match_vq(c.tested" in query["sql"] for query in queries.captured_queries)
    assert {row[0]: pytest.approx(row[1]) for row in rows} == {row[0]: row[1] for row in expected}
    assert len(rows) == 2


@pytest.mark.parametrize(
    ("tsquery", "taken", "expected"),
    [
        (PHRASE, {"leer"}, "'doorgaand' <-> ( 'leer' & 'lijn' )"),
        ("( 'a' | 'b' ) & ( 'c' | 'd' )", {"b"}, "'b' & ( 'c' | 'd' )"),
        ("( 'a' | 'b' ) & ( 'c' | 'd' )", {"b", "d"}, None),  # two |: either
        ("'a' & 'b'", {"a"}, None),  # no |
        ("( 'a' <-> 'b' | 'c' ) <-> 'd'", {"c"}, None),  # another width
        ("'a' | 'b' & !'c'", {"b"}, None),  # a negation
    ],
)
def test_needing_keeps_the_alternatives_that_need_the_word(tsquery, taken, expected):
    assert needing(tsquery, taken) == expected


def test_a_side_of_a_phrase_is_not_taken(monkeypatch):
    """Quoted "brede school": without 'school' the candidates are the
    documents with 'breed', and how many have the words side by side no
    statistics tell; the same words unquoted are taken."""
    statistics(monkeypatch, 1_000_000, school=0.9, breed=0.08)
    assert weaken("'breed' <-> 'school'", {"school"}) == "'breed'"
    assert weaken("'breed' <-> 'school'", {"school"}, keep_phrases=True) is None
    assert search._rarer("'breed' <-> 'school'", "search_vector") is None
    assert search._rarer("'breed' & 'school'", "search_vector") == "'breed'"
    # Inside the phrase, beside a staying alternative, it is.
    assert weaken(PHRASE, {"leer"}, keep_phrases=True) == "'doorgaand' <-> ( 'leerlijn' | 'lijn' )"
