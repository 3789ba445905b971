"""Every sort order of the practice list is an index over the public rows
(issue 23): a page of 20 reads the first matching entries, whatever the
number of practices. Checked on the plan: with sorting switched off,
PostgreSQL can still give each order, so an index's expression is the one
the list sorts by (were they to drift apart, a Sort node would come back).
Publication order reads the live index and sorts only ties (Incremental
Sort)."""

import re

import pytest
from django.db import connection
from django.http import QueryDict

from practices.filters import SORTS, bind_filters
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

INDEXES = {
    "nieuw": "practice_public_by_event",
    "az": "practice_public_by_title",
    "onderbouwing": "practice_public_by_evidence",
    "kosten": "practice_public_by_cost",
}


# A Sort node that sorts every match (an Incremental Sort over an index in
# order only sorts the ties of one key: bounded by the page, not the table).
FULL_SORT = re.compile(r"(?<!Incremental )Sort  \(")


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_each_sort_order_reads_an_index_in_order(sort):
    PracticeFactory.create_batch(3, published=True)
    filterset, invalid = bind_filters(QueryDict(f"sortering={sort}"), Practice.objects.published())
    assert invalid == []
    shown = plan(filterset.qs[:20])
    assert not FULL_SORT.search(shown), shown
    if sort in INDEXES:
        assert INDEXES[sort] in shown, shown


def test_one_start_year_reads_its_index_in_the_public_order():
    # Enough years, and fresh statistics, that one year is a small share of
    # the public rows, as on the real list: on a handful of rows without
    # statistics the planner may as well read the publication order and
    # filter (both plans cost the same there).
    for year in range(1995, 2025):
        PracticeFactory.create_batch(2, published=True, start_year=year)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE practices_practice")
    filterset, _invalid = bind_filters(QueryDict("jaar=2019"), Practice.objects.published())
    shown = plan(filterset.qs[:20])
    assert "practice_public_by_year" in shown and not FULL_SORT.search(shown), shown
