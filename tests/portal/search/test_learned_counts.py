"""Learned counts (migration 0021, ``portal.search.learned``): a search whose
count read many matches is learned in the background, the triggers keep its
number exact through every change of the index, and its count is then that
number minus the scheduled matches: equal to a plain count of the live
matches (nothing unpublished is ever counted), without reading them."""

import datetime
import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.core.models import Status
from portal.editorial import workflow
from portal.search import index, learned
from portal.search.models import SearchCount, SearchDocument
from portal.search.query import _count, _live, _matching
from tests.portal.search.helpers import make_docs, revector

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PHRASE = "'doorgaand' <-> ( 'leerlijn' | 'leer' & 'lijn' )"
PREFIX = "'voorlees' | '~voorlees':*"


def kept() -> dict[str, int]:
    return dict(SearchCount.objects.values_list("query", "documents"))


def recount(queries) -> dict[str, int]:
    """Query -> published documents matching it, from the vectors."""
    with connection.cursor() as cursor:
        found = {}
        for query in queries:
            cursor.execute(
                "SELECT count(*) FROM portal_searchdocument "
                "WHERE status = 'published' AND ts_match_vq(search_vector, %s::tsquery)",
                [query],
            )
            found[query] = cursor.fetchone()[0]
    return found


def live_matches(tsquery: str) -> int:
    return int(_matching(_live(), "search_vector", tsquery).count())


def test_learned_numbers_follow_insert_update_delete_and_truncate():
    docs = make_docs(
        {"title": "Een doorgaande leerlijn", "body_text": "De voorleeskast thuis."},
        {"title": "Doorgaande leerlijnen", "body_text": "Het voorleesontbijt."},
        {"title": "Een leerlijn die doorgaat", "body_text": "De voorleesouder."},
        {"title": "Doorgaande leerlijn in concept", "status": Status.DRAFT},
    )
    assert learned.learn(PHRASE) and learned.learn(PREFIX)
    assert not learned.learn(PHRASE)  # kept already
    assert kept() == recount([PHRASE, PREFIX]) == {PHRASE: 2, PREFIX: 3}

    # Published and back: the draft counts, the first one no longer.
    SearchDocument.objects.filter(pk=docs[3].pk).update(status=Status.PUBLISHED)
    SearchDocument.objects.filter(pk=docs[0].pk).update(status=Status.DRAFT)
    assert kept() == recount([PHRASE, PREFIX]) == {PHRASE: 2, PREFIX: 2}

    # New text: a match lost, one gained; an unchanged match stays once.
    SearchDocument.objects.filter(pk=docs[1].pk).update(title="Taalles", body_text="")
    SearchDocument.objects.filter(pk=docs[2].pk).update(title="Een doorgaande leerlijn")
    revector(docs[1], docs[2])
    assert kept() == recount([PHRASE, PREFIX]) == {PHRASE: 2, PREFIX: 1}
    SearchDocument.objects.filter(pk__in=[d.pk for d in docs]).update(facet_text="")
    assert kept() == recount([PHRASE, PREFIX])

    # Several rows in one statement, and a delete.
    make_docs(*({"title": "Doorgaande leerlijn", "body_text": "voorleesboek"} for _ in range(3)))
    SearchDocument.objects.filter(pk=docs[2].pk).delete()
    assert kept() == recount([PHRASE, PREFIX]) == {PHRASE: 4, PREFIX: 3}

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending
        cursor.execute("TRUNCATE portal_searchdocument CASCADE")
    assert kept() == {PHRASE: 0, PREFIX: 0}


def test_learned_numbers_follow_the_workflow(corpus, eindredacteur):
    queries = ["'ouder'", "'school' <-> 'ouder'", "'ouder' & !'school'"]
    for query in queries:
        learned.learn(query)
    assert kept() == recount(queries)
    assert kept()["'ouder'"] > 0
    workflow.unpublish(corpus["school"], actor=eindredacteur)
    assert kept() == recount(queries)
    corpus["school"].delete()
    assert kept() == recount(queries)


def test_the_count_of_a_learned_search_equals_a_plain_count_of_its_live_matches():
    now = timezone.now()
    make_docs(*({"title": f"Een doorgaande leerlijn {i}"} for i in range(5)))
    make_docs({"title": "Doorgaande leerlijnen"}, {"title": "Een leerlijn, doorgaand"})
    make_docs({"title": "Doorgaande leerlijn in concept", "status": Status.DRAFT})
    scheduled, undated = make_docs(
        {"title": "Doorgaande leerlijn, gepland"}, {"title": "Doorgaande leerlijn zonder datum"}
    )
    SearchDocument.objects.filter(pk=scheduled.pk).update(
        publish_at=now + datetime.timedelta(days=3)
    )
    SearchDocument.objects.filter(pk=undated.pk).update(publish_at=None)
    learned.learn(PHRASE)
    assert kept()[PHRASE] == 8  # published, whatever their publish_at

    with CaptureQueriesContext(connection) as queries:
        counted = _count(_live(), PHRASE, filtered=False)
    assert counted == live_matches(PHRASE) == 6
    executed = [query["sql"] for query in queries.captured_queries]
    # One statement: the learned number minus the scheduled matches.
    assert len(executed) == 1 and "portal_searchcount" in executed[0]
    assert executed[0].count("count(*)") == 1
    assert "publish_at IS NULL OR publish_at >" in executed[0]

    # Time passes: the scheduled one is live now, counted without relearning.
    SearchDocument.objects.filter(pk=scheduled.pk).update(publish_at=now)
    assert _count(_live(), PHRASE, filtered=False) == live_matches(PHRASE) == 7
    # With facet filters the matches are counted.
    with CaptureQueriesContext(connection) as queries:
        assert _count(_live(), PHRASE, filtered=True) == 7
    assert not any("portal_searchcount" in q["sql"] for q in queries.captured_queries)


def test_a_count_of_many_matches_is_learned_once_and_then_read(monkeypatch):
    make_docs(*({"title": f"Een doorgaande leerlijn {i}"} for i in range(4)))
    make_docs({"title": "De voorleeskast"}, {"title": "Het voorleesontbijt"})
    monkeypatch.setattr(learned, "MINIMUM", 3)
    queued = []
    enqueue = learned.tasks.enqueue
    monkeypatch.setattr(
        learned.tasks, "enqueue", lambda task, *a, **k: queued.append(a) or enqueue(task, *a, **k)
    )
    cache.clear()

    # Counted from its matches; the task (run at once in tests) learns it.
    with CaptureQueriesContext(connection) as queries:
        assert _count(_live(), PHRASE, filtered=False) == 4
    assert queued == [(PHRASE,)]
    assert kept() == {PHRASE: 4}
    assert any("portal_searchdocument" in q["sql"] for q in queries.captured_queries)
    # Then read: one statement.
    with CaptureQueriesContext(connection) as queries:
        assert _count(_live(), PHRASE, filtered=False) == 4
    assert len(queries.captured_queries) == 1
    assert queued == [(PHRASE,)]

    # Queued once per QUEUE_SECONDS, even when not learned (yet).
    learned.forget()
    assert _count(_live(), PHRASE, filtered=False) == 4
    assert queued == [(PHRASE,)] and kept() == {}

    # Fewer matches than MINIMUM, or facet filters: nothing queued.
    assert _count(_live(), PREFIX, filtered=False) == 2
    assert _count(_live(), "'doorgaand' <-> 'leerlijn'", filtered=True) == 4
    assert queued == [(PHRASE,)]
    # A word counted from its number of documents is never learned.
    monkeypatch.setattr(learned, "MINIMUM", 1)
    assert _count(_live(), "'leerlijn'", filtered=False) == 4
    assert queued == [(PHRASE,)]


def test_at_most_the_limit_is_kept_and_learned_per_hour():
    make_docs({"title": "Ouders en school"}, {"title": "Ouders thuis"})
    assert learned.learn("'ouder' & 'school'", limit=2)
    assert learned.learn("'ouder' & 'thuis'", limit=2)
    # Full: the one learned longest ago goes.
    SearchCount.objects.filter(query="'ouder' & 'school'").update(
        learned=timezone.now() - datetime.timedelta(hours=2)
    )
    assert learned.learn("'school' | 'thuis'", limit=2)
    assert kept() == {"'ouder' & 'thuis'": 1, "'school' | 'thuis'": 2}
    # Two learned within the hour: no third until the hour is over.
    assert not learned.learn("'ouder'", limit=2)
    assert set(kept()) == {"'ouder' & 'thuis'", "'school' | 'thuis'"}
    SearchCount.objects.update(learned=timezone.now() - datetime.timedelta(hours=2))
    assert learned.learn("'ouder'", limit=2)
    assert len(kept()) == 2 and kept()["'ouder'"] == 2


def test_a_rebuild_of_the_index_forgets_learned_counts():
    make_docs({"title": "Ouders en school"})
    learned.learn("'ouder' & 'school'")
    assert kept()
    index.rebuild()
    assert kept() == {}


def test_learned_numbers_stay_exact_through_random_changes():
    """Random inserts, text changes, status changes and deletes, one or
    several rows per statement: after each, every learned number equals a
    count from the vectors."""
    rnd = random.Random(23)
    words = ["doorgaande", "leerlijn", "leerlijnen", "voorleesouder", "ouders", "school", "thuis"]
    queries = [PHRASE, PREFIX, "'ouder' & !'school'", "'school' <-> 'ouder'", "'thuis'"]

    def text():
        return " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 6)))

    make_docs(*({"title": text()} for _ in range(12)))
    for query in queries:
        learned.learn(query)
    for _step in range(40):
        ids = [doc.pk for doc in SearchDocument.objects.only("pk")]
        chosen = rnd.sample(ids, min(len(ids), rnd.randint(1, 3)))
        action = rnd.choice(["insert", "text", "status", "delete"])
        if action == "insert" or len(ids) < 4:
            make_docs(*({"title": text()} for _ in range(rnd.randint(1, 3))))
        elif action == "text":
            for pk in chosen:
                SearchDocument.objects.filter(pk=pk).update(title=text())
            revector(*SearchDocument.objects.filter(pk__in=chosen))
        elif action == "status":
            status = rnd.choice([Status.DRAFT, Status.PUBLISHED, Status.REVIEW])
            SearchDocument.objects.filter(pk__in=chosen).update(status=status)
        else:
            SearchDocument.objects.filter(pk__in=chosen).delete()
        assert kept() == recount(queries), action
    assert any(kept().values())  # not only zeros compared
