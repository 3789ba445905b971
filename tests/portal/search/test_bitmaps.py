"""Bitmaps of common words (migration 0019, ``portal.search.bitmaps``): the
bits stay exact through every change of the index, and the count of a
search for several common words read from them equals a plain COUNT of the
live matches (nothing unpublished is ever counted), without reading the
matches."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.core.models import Status
from portal.editorial import workflow
from portal.search import bitmaps
from portal.search.models import SearchDocument
from portal.search.query import _count, _live, _matching, run_search
from tests.portal.search.helpers import make_docs, revector

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def every_lexeme():
    """Bitmaps for every lexeme of a published document (a test corpus is
    too small for the real thresholds)."""
    return bitmaps.refresh(share=0, minimum=1)


def kept() -> dict[str, set[int]]:
    """Lexeme -> the document ids whose bit is set."""
    found: dict[str, set[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme, chunk, bits::text FROM portal_searchbitmap")
        for lexeme, chunk, bits in cursor.fetchall():
            ids = found.setdefault(lexeme, set())
            ids.update(chunk * bitmaps.CHUNK_BITS + i for i, bit in enumerate(bits) if bit == "1")
    return {lexeme: ids for lexeme, ids in found.items() if ids}


def recount(lexemes) -> dict[str, set[int]]:
    """Lexeme -> published documents holding it, from the vectors."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.lexeme, array_agg(d.id) FROM portal_searchdocument AS d, "
            "unnest(tsvector_to_array(d.search_vector)) AS w(lexeme) "
            "WHERE d.status = 'published' AND w.lexeme = ANY(%s) GROUP BY w.lexeme",
            [sorted(lexemes)],
        )
        return {lexeme: set(ids) for lexeme, ids in cursor.fetchall()}


def live_matches(tsquery: str) -> int:
    return int(_matching(_live(), "search_vector", tsquery).count())


def test_bits_follow_insert_update_delete_and_truncate():
    docs = make_docs(
        {"title": "Ouders in de ouderkamer", "body_text": "De school nodigt ouders uit."},
        {"title": "Voorlezen op school", "summary": "Ouders lezen voor."},
        {"title": "Een concept over ouders", "status": Status.DRAFT},
    )
    every_lexeme()
    common = bitmaps.have()
    assert {"ouder", "school", "voorlez"} <= common
    assert kept() == recount(common)
    assert kept()["ouder"] == {docs[0].pk, docs[1].pk}  # the draft has no bit

    SearchDocument.objects.filter(pk=docs[0].pk).update(status=Status.DRAFT)
    assert kept() == recount(common)
    SearchDocument.objects.filter(pk=docs[2].pk).update(status=Status.PUBLISHED)
    assert kept() == recount(common)
    assert kept()["ouder"] == {docs[1].pk, docs[2].pk}

    # New text: words it lost clear their bit, words it gained (if common) set one.
    SearchDocument.objects.filter(pk=docs[1].pk).update(title="Taalles", summary="", body_text="")
    revector(docs[1])
    assert kept() == recount(common)
    assert "voorlez" not in kept()

    make_docs({"title": "Ouders en school"})
    SearchDocument.objects.filter(pk=docs[2].pk).delete()
    assert kept() == recount(common)

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending
        cursor.execute("TRUNCATE portal_searchdocument CASCADE")
    assert kept() == {}


def test_bits_follow_the_workflow(corpus, eindredacteur):
    every_lexeme()
    common = bitmaps.have()
    assert kept() == recount(common)
    workflow.unpublish(corpus["school"], actor=eindredacteur)
    assert kept() == recount(common)
    corpus["school"].delete()
    assert kept() == recount(common)


def test_ids_beyond_one_chunk():
    first, second = make_docs({"title": "Ouders op school"}, {"title": "Ouders op school"})
    far = first.pk + 3 * bitmaps.CHUNK_BITS + 5
    SearchDocument.objects.filter(pk=second.pk).update(id=far)
    every_lexeme()
    assert kept()["school"] == {first.pk, far}
    assert _count(_live(), "'ouder' & 'school'", filtered=False) == 2


def test_count_of_common_words_equals_a_plain_count_without_reading_the_matches():
    now = timezone.now()
    make_docs(*({"title": f"Ouders en school {i}"} for i in range(6)))
    make_docs({"title": "Ouders, later", "body_text": "school"}, {"title": "Alleen ouders"})
    make_docs({"title": "Ouders en school in concept", "status": Status.DRAFT})
    scheduled, undated = make_docs(
        {"title": "Ouders en school gepland"}, {"title": "Ouders en school zonder datum"}
    )
    SearchDocument.objects.filter(pk=scheduled.pk).update(
        publish_at=now + datetime.timedelta(days=3)
    )
    SearchDocument.objects.filter(pk=undated.pk).update(publish_at=None)
    every_lexeme()
    bitmaps._known()  # this process's hint of the lexemes with bitmaps (read once a minute)

    for tsquery in ["'ouder' & 'school'", "( 'ouder' ) & ( 'school' )", "'school' & 'ouder'"]:
        with CaptureQueriesContext(connection) as queries:
            counted = _count(_live(), tsquery, filtered=False)
        executed = [query["sql"] for query in queries.captured_queries]
        assert counted == live_matches(tsquery) == 7
        assert len(executed) == 1 and "portal_searchbitmap" in executed[0]
        assert "__count" not in executed[0]
    # A word that has no bitmap: the matches are counted, still exact.
    assert _count(_live(), "'ouder' & 'nergens'", filtered=False) == 0
    # With facet filters the matches are always counted.
    assert _count(_live(), "'ouder' & 'school'", filtered=True) == 7


def test_common_words_without_bitmaps_are_counted_and_queue_one_refresh(monkeypatch):
    make_docs(*({"title": f"Ouders en school {i}"} for i in range(3)))
    queued = []
    monkeypatch.setattr(bitmaps.tasks, "enqueue", lambda task, *a, **k: queued.append(task))
    monkeypatch.setattr(
        "portal.search.query.common_lexemes", lambda: frozenset({"ouder", "school"})
    )
    monkeypatch.setattr(bitmaps, "_queued", [])
    asked = []
    add = bitmaps.cache.add
    monkeypatch.setattr(bitmaps.cache, "add", lambda *a, **k: asked.append(a) or add(*a, **k))
    cache.delete("search:bitmaps-refresh")
    assert _count(_live(), "'ouder' & 'school'", filtered=False) == 3
    assert _count(_live(), "'ouder' & 'school'", filtered=False) == 3
    assert queued == [bitmaps.refresh_bitmaps]  # once, not per search
    assert len(asked) == 1  # the process asks the shared cache once per interval
    # Not common: nothing to queue.
    monkeypatch.setattr(bitmaps, "_queued", [])
    cache.delete("search:bitmaps-refresh")
    assert _count(_live(), "'ouder' & 'drie'", filtered=False) == 0
    assert len(queued) == 1


def test_refresh_follows_the_share_of_documents():
    make_docs(*({"title": "Ouders", "body_text": "school"} for _ in range(8)))
    make_docs(*({"title": "Ouders", "body_text": "voorlezen"} for _ in range(2)))
    assert bitmaps.refresh(share=0.5, minimum=1) == (4, 0)
    assert bitmaps.have() == {"ouder", "~ouders", "school", "~school"}
    # Voorlezen grows past the share, school falls below it.
    SearchDocument.objects.filter(body_text="school").update(status=Status.DRAFT)
    make_docs(*({"title": "Ouders", "body_text": "voorlezen"} for _ in range(3)))
    bitmaps.refresh(share=0.5, minimum=1)
    assert bitmaps.have() == {"ouder", "~ouders", "voorlez", "~voorlezen"}
    assert kept() == recount(bitmaps.have())
    # MINIMUM: in a small index no word is common enough.
    bitmaps.refresh(share=0.5, minimum=1000)
    assert bitmaps.have() == set()
    assert kept() == {}


def test_rebuild_after_rows_changed_without_triggers():
    docs = make_docs(*({"title": "Ouders en school"} for _ in range(4)))
    every_lexeme()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # triggers off, as a bulk load
        try:
            SearchDocument.objects.filter(pk=docs[0].pk).update(status=Status.DRAFT)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    assert kept() != recount(bitmaps.have())
    bitmaps.refresh(share=0, minimum=1, rebuild=True)
    assert kept() == recount(bitmaps.have())
    assert _count(_live(), "'ouder' & 'school'", filtered=False) == 3


def test_search_total_for_two_common_words_is_exact(monkeypatch):
    """More matches than are ranked: the total comes from the bitmaps."""
    make_docs(*({"title": f"Ouders {i}", "body_text": "school"} for i in range(520)))
    make_docs({"title": "Ouders in concept", "body_text": "school", "status": Status.DRAFT})
    every_lexeme()
    # Common words (planner statistics): the last word is no prefix then.
    monkeypatch.setattr(
        "portal.search.query.common_lexemes", lambda: frozenset({"ouder", "school"})
    )
    with CaptureQueriesContext(connection) as queries:
        outcome = run_search("ouders school", {}, 1)
    assert outcome.total == 520 == live_matches("'ouder' & 'school'")
    assert any("portal_searchbitmap" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize(
    ("tsquery", "parsed"),
    [
        ("'ouder' & 'school'", ("(b0 & b1)", ["ouder", "school"])),
        (
            "( 'ouder' ) & ( 'school' ) & ( 'kind' )",
            ("(b0 & b1 & b2)", ["ouder", "school", "kind"]),
        ),
        ("'ouder'", ("b0", ["ouder"])),
        # & binds closer than |, as in tsquery; a lexeme used twice is one bitmap.
        (
            "'leerkracht' | 'leer' & 'kracht'",
            ("(b0 | (b1 & b2))", ["leerkracht", "leer", "kracht"]),
        ),
        (
            "( 'ouder' | 'vader' ) & ( 'school' | 'ouder' )",
            ("((b0 | b1) & (b2 | b0))", ["ouder", "vader", "school"]),
        ),
        ("'it''s' & 'a\\\\b'", ("(b0 & b1)", ["it's", "a\\b"])),
        ("'ouder' & 'school':*", None),
        ("'ouder' <-> 'school'", None),
        ("'ouder' & !'school'", None),
        ("'ouder' & 'school':A", None),
        ("( 'ouder' & 'school'", None),
        ("'ouder' & 'school' )", None),
        ("'ouder' &", None),
        ("", None),
    ],
)
def test_formula(tsquery, parsed):
    assert bitmaps.formula(tsquery) == parsed


def test_count_of_a_formula_equals_a_plain_count():
    make_docs(
        {"title": "Ouders en leerkrachten"},
        {"title": "Ouders, leer en kracht"},
        {"title": "Ouders en school"},
        {"title": "Leerkrachten en school"},
        {"title": "Vaders en leerkrachten"},
    )
    make_docs({"title": "Ouders en leerkrachten in concept", "status": Status.DRAFT})
    every_lexeme()
    for tsquery in [
        "'ouder' & ( 'leerkracht' | 'leer' & 'kracht' )",
        "( 'ouder' | 'vader' ) & 'leerkracht'",
        "'ouder' | 'school'",
        "'school' & 'leerkracht' & 'ouder'",
    ]:
        assert bitmaps.count(tsquery, timezone.now()) == live_matches(tsquery), tsquery


@pytest.mark.parametrize(
    ("tsquery", "found"),
    [
        ("'ouderbetrokk' | '~ouderbetrokk':*", [("ouderbetrokk", False), ("~ouderbetrokk", True)]),
        ("( 'voorlees' | '~voorlees':* )", [("voorlees", False), ("~voorlees", True)]),
        ("'~it''s':*", [("~it's", True)]),
        ("'a|b' | '~a|b':*", [("a|b", False), ("~a|b", True)]),
        ("( 'a' | 'b' ) | 'c'", [("a", False), ("b", False), ("c", False)]),
        ("'ouder' & 'school':*", None),
        ("'ouder' <-> 'school'", None),
        ("'ouder':A | 'school'", None),
        ("'ouder' |", None),
    ],
)
def test_alternatives(tsquery, found):
    assert bitmaps.alternatives(tsquery) == found


def test_count_of_a_word_and_its_prefix_equals_a_plain_count():
    """The prefix's common lexemes from their bitmaps, the others through
    the index, nothing twice (documents with both), nothing unpublished."""
    now = timezone.now()
    make_docs(*({"title": f"Ouderbetrokkenheid {i}"} for i in range(6)))
    make_docs(
        {"title": "Ouderbetrokkenheid en ouderbetrokkenheidsbeleid"},
        {"title": "Over ouderbetrokkenheidsbeleid"},
        {"title": "De ouderbetrokkene"},
        {"title": "Iets anders"},
    )
    make_docs({"title": "Ouderbetrokkenheidsplan in concept", "status": Status.DRAFT})
    scheduled, undated = make_docs(
        {"title": "Ouderbetrokkenheidsplan gepland"}, {"title": "Ouderbetrokkenheid zonder datum"}
    )
    SearchDocument.objects.filter(pk=scheduled.pk).update(
        publish_at=now + datetime.timedelta(days=3)
    )
    SearchDocument.objects.filter(pk=undated.pk).update(publish_at=None)
    # A bitmap for the lexemes in half the published documents: the whole
    # word "~ouderbetrokkenheid", not the rarer "~ouderbetrokkenheidsbeleid".
    bitmaps.refresh(share=0.5, minimum=1)
    assert "~ouderbetrokkenheid" in bitmaps.have()
    assert "~ouderbetrokkenheidsbeleid" not in bitmaps.have()
    tsquery = "'ouderbetrokk' | '~ouderbetrokk':*"
    with CaptureQueriesContext(connection) as queries:
        counted = bitmaps.count_any(tsquery, now)
    assert counted == live_matches(tsquery) == 9
    assert any("portal_searchbitmap" in query["sql"] for query in queries.captured_queries)
    assert _count(_live(), tsquery, filtered=False) == 9
    # Only lexemes without bitmaps: counted beside the commonest of them.
    assert bitmaps.count_any("'~ouderbetrokkenheids':*", now) == 2
    assert live_matches("'~ouderbetrokkenheids':*") == 2
    # Nothing published starts so: none, without reading anything.
    assert bitmaps.count_any("'~nergensmee':*", now) == 0
    # No prefix: not this count's business.
    assert bitmaps.count_any("'ouder' | 'school'", now) is None


def test_a_prefix_without_bitmaps_is_counted_beside_its_commonest_lexeme():
    """No lexeme has a bitmap: the documents with the commonest one come
    from its number of published documents, minus those not live yet; only
    the others are visited, and nothing is counted twice or unpublished."""
    now = timezone.now()
    # 'voorlees' (compounds split) in four published documents; the
    # dictionary does not split "voorleesgnomen" ('voorleesgnom').
    make_docs(
        {"title": "Voorleesochtend in de bibliotheek"},
        {"title": "Voorleesochtend en voorleesaanbod"},
        {"title": "Voorleesgnomen en voorleesaanbod"},
        {"title": "Voorleesgnomen"},
        {"title": "Iets anders"},
    )
    make_docs({"title": "Voorleesochtend in concept", "status": Status.DRAFT})
    make_docs({"title": "Voorleesgnomen in concept", "status": Status.DRAFT})
    scheduled, undated, later = make_docs(
        {"title": "Voorleesochtend gepland"},
        {"title": "Voorleesochtend zonder datum"},
        {"title": "Voorleesgnomen gepland"},
    )
    SearchDocument.objects.filter(pk__in=[scheduled.pk, later.pk]).update(
        publish_at=now + datetime.timedelta(days=3)
    )
    SearchDocument.objects.filter(pk=undated.pk).update(publish_at=None)
    assert not bitmaps.have()
    tsquery = "'voorlees' | '~voorlees':*"
    with CaptureQueriesContext(connection) as queries:
        counted = bitmaps.count_any(tsquery, now)
    assert counted == live_matches(tsquery) == 4
    # The commonest lexeme is left out of the documents visited: one is.
    assert "& !''voorlees''" in queries.captured_queries[-1]["sql"]
    assert live_matches(f"( {tsquery} ) & !'voorlees'") == 1
    assert _count(_live(), tsquery, filtered=False) == 4
    # Only the rarer word: its scheduled document is not counted either.
    assert bitmaps.count_any("'~voorleesgn':*", now) == 2 == live_matches("'~voorleesgn':*")


def test_a_prefix_of_too_many_lexemes_is_counted_from_its_matches(monkeypatch):
    make_docs({"title": "Ouderbetrokkenheid, ouderavond en ouderkamer"})
    every_lexeme()
    monkeypatch.setattr(bitmaps, "MAX_EXPANSION", 2)
    assert bitmaps.count_any("'~ouder':*", timezone.now()) is None
    monkeypatch.setattr(bitmaps, "MAX_EXPANSION", 200)
    assert bitmaps.count_any("'~ouder':*", timezone.now()) == 1 == live_matches("'~ouder':*")
