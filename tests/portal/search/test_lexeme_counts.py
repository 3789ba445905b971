"""The number of published documents per lexeme (``SearchLexeme``, kept by
the triggers of migration 0013) stays exact through every change of the
index, and the count of a one-word search read from it equals a plain
COUNT of the live matches: nothing unpublished is ever counted."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from portal.core.models import Status
from portal.editorial import workflow
from portal.search.models import SearchDocument, SearchLexeme
from portal.search.query import _count, _live, _matching, _single_lexeme, run_search
from tests.portal.search.helpers import make_docs

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def recount() -> dict[str, int]:
    """Lexeme -> published documents, computed from the vectors themselves."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.lexeme, count(*) FROM portal_searchdocument AS d, "
            "unnest(tsvector_to_array(d.search_vector)) AS w(lexeme) "
            "WHERE d.status = 'published' GROUP BY w.lexeme"
        )
        return dict(cursor.fetchall())


def kept() -> dict[str, int]:
    return dict(SearchLexeme.objects.exclude(documents=0).values_list("lexeme", "documents"))


def live_matches(tsquery: str) -> int:
    """The plain COUNT: live documents whose vector matches."""
    return int(_matching(_live(), "search_vector", tsquery).count())


def test_lexeme_counts_follow_insert_update_and_delete():
    docs = make_docs(
        {"title": "Ouders in de ouderkamer", "body_text": "De school nodigt ouders uit."},
        {"title": "Voorlezen op school", "summary": "Ouders lezen voor."},
        {"title": "Een concept over ouders", "status": Status.DRAFT},
    )
    assert kept() == recount()
    assert kept()["ouder"] == 2  # the draft is not counted

    SearchDocument.objects.filter(pk=docs[0].pk).update(status=Status.DRAFT)
    assert kept() == recount()
    assert kept()["ouder"] == 1

    SearchDocument.objects.filter(pk=docs[2].pk).update(status=Status.PUBLISHED)
    SearchDocument.objects.filter(pk=docs[1].pk).delete()
    assert kept() == recount()
    assert kept()["ouder"] == 1
    assert "voorlez" not in kept()


def test_lexeme_counts_follow_the_workflow(corpus, eindredacteur):
    assert kept() == recount()
    workflow.unpublish(corpus["school"], actor=eindredacteur)
    assert kept() == recount()
    corpus["school"].delete()
    assert kept() == recount()


def test_one_word_count_equals_a_plain_count_of_live_matches():
    now = timezone.now()
    make_docs(*({"title": f"Ouders en school {i}"} for i in range(6)))
    make_docs({"title": "Ouders, later", "body_text": "school"})
    make_docs({"title": "Ouders in concept", "status": Status.DRAFT})
    scheduled, undated = make_docs({"title": "Ouders gepland"}, {"title": "Ouders zonder datum"})
    SearchDocument.objects.filter(pk=scheduled.pk).update(
        publish_at=now + datetime.timedelta(days=3)
    )
    SearchDocument.objects.filter(pk=undated.pk).update(publish_at=None)

    for tsquery in ["'ouder'", "'school'", "'ouder' & 'school'", "'nergens'"]:
        expected = live_matches(tsquery)
        assert _count(_live(), tsquery, filtered=False) == expected
        assert _count(_live(), tsquery, filtered=True) == expected
    assert live_matches("'ouder'") == 7


def test_search_total_for_a_common_word_is_exact(monkeypatch):
    """More matches than are ranked: the total comes from the lexeme count."""
    make_docs(*({"title": f"Ouders {i}", "body_text": "school"} for i in range(520)))
    make_docs({"title": "Ouders in concept", "status": Status.DRAFT})
    monkeypatch.setattr("portal.search.query.common_lexemes", lambda: frozenset({"ouder"}))
    outcome = run_search("ouders", {}, 1)
    assert outcome.total == 520 == live_matches("'ouder'")


@pytest.mark.parametrize(
    ("tsquery", "lexeme"),
    [
        ("'ouder'", "ouder"),
        ("'it''s'", "it's"),
        ("'a\\\\b'", "a\\b"),
        ("'ouder' & 'school'", None),
        ("'ouder':*", None),
        ("'ouder' | '~ouders':*", None),
        ("'ouder':A", None),
        ("!'ouder'", None),
    ],
)
def test_single_lexeme(tsquery, lexeme):
    assert _single_lexeme(tsquery) == lexeme
