"""What visitors search for and do not find (portal.search.stats): counts per
day, the admin page, the purge, and the page cache that must not hide them."""

import datetime
import importlib
import logging

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from portal.search import stats
from portal.search.models import SearchQueryStat

pytestmark = pytest.mark.django_db

ADMIN = "/admin/portal/searchquerystat/"


@pytest.fixture(autouse=True)
def view_permissions():
    """What migration 0011 grants (again, in case a flush removed it)."""
    importlib.import_module("portal.migrations.0011_query_log").forwards(apps, None)


@pytest.fixture
def move_time(monkeypatch):
    """Shift today's date by whole days (the clock of the login stays)."""
    real_localdate = timezone.localdate

    def move(days):
        def localdate(value=None, timezone=None):
            return real_localdate(value, timezone) + datetime.timedelta(days=days)

        monkeypatch.setattr(timezone, "localdate", localdate)

    return move


def rows():
    return {
        (row.day, row.query): (row.searches, row.zero_results)
        for row in SearchQueryStat.objects.all()
    }


def search(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    return response


# --- what is kept -------------------------------------------------------------


def test_only_the_day_the_query_and_two_counts_are_kept():
    assert {field.name for field in SearchQueryStat._meta.get_fields()} == {
        "id",
        "day",
        "query",
        "searches",
        "zero_results",
    }


def test_counts_per_day_and_query(move_time):
    today = timezone.localdate()
    stats.record("Ouders bereiken", zero_results=False)
    stats.record("  ouders   BEREIKEN ", zero_results=False)
    stats.record("ouderz", zero_results=True)
    move_time(1)
    stats.record("ouders bereiken", zero_results=False)
    tomorrow = today + datetime.timedelta(days=1)
    assert rows() == {
        (today, "ouders bereiken"): (2, 0),
        (today, "ouderz"): (1, 1),
        (tomorrow, "ouders bereiken"): (1, 0),
    }


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x01\x1f",
        "!!! ??",
        "jan@example.nl",
        "bel 06-12345678",
        "bsn 123456789",
    ],
)
def test_junk_and_personal_data_are_not_counted(text):
    stats.record(text, zero_results=True)
    assert rows() == {}


def test_long_queries_are_cut():
    stats.record("Ouder " * 60, zero_results=False)
    (query,) = SearchQueryStat.objects.values_list("query", flat=True)
    assert len(query) <= stats.MAX_QUERY and query.startswith("ouder ouder")


def test_a_failure_to_count_is_logged_and_the_search_goes_on(client, monkeypatch, caplog):
    monkeypatch.setattr(stats, "_UPSERT_SQL", "INSERT INTO no_such_table VALUES (%s, %s, %s, %s)")
    with caplog.at_level(logging.WARNING, logger="portal.search.stats"):
        search(client, q="ouders")
    assert "search not counted" in caplog.text
    assert rows() == {}


def test_counts_wait_in_the_process_and_are_written_together(settings, monkeypatch):
    """A popular query served from the page cache many times a second is
    one row update per SEARCH_STATS_FLUSH_SECONDS, not one per search."""
    settings.SEARCH_STATS_FLUSH_SECONDS = 60
    clock = [1000.0]
    monkeypatch.setattr(stats.time, "monotonic", lambda: clock[0])
    stats.flush()  # an empty buffer; the interval starts now
    today = timezone.localdate()
    for _ in range(3):
        stats.record("Ouders", zero_results=False)
    stats.record("qwxyzzy", zero_results=True)
    clock[0] += 59
    stats.record("ouders", zero_results=False)
    assert rows() == {}  # nothing written yet
    clock[0] += 1
    stats.record("qwxyzzy", zero_results=True)  # the interval is over: all of it
    assert rows() == {(today, "ouders"): (4, 0), (today, "qwxyzzy"): (2, 2)}
    stats.record("ouders", zero_results=False)
    assert rows()[(today, "ouders")] == (4, 0)
    stats.flush()  # as at the end of the process
    assert rows()[(today, "ouders")] == (5, 0)


def test_the_buffer_is_written_when_the_process_ends():
    import atexit

    registered = []
    original = atexit.register
    try:
        atexit.register = registered.append
        importlib.reload(stats)
    finally:
        atexit.register = original
    assert registered == [stats.flush]


# --- the search page counts -----------------------------------------------------


def test_the_search_page_counts_searches_and_searches_without_results(client, corpus):
    today = timezone.localdate()
    search(client, q="Ouderkamer")
    search(client, q="ouderkamer", thema="vve-en-taal")  # a filter: a new search, same text
    search(client, q="qwxyzzy")
    search(client, q="ouderkamer", pagina="2")  # paging on is no new search (one page)
    search(client)  # no query: nothing to count
    assert rows() == {
        (today, "ouderkamer"): (3, 0),
        (today, "qwxyzzy"): (1, 1),
    }


def test_later_result_pages_are_not_counted(client, corpus, settings):
    settings.PAGINATE_BY = 1
    today = timezone.localdate()
    search(client, q="ouders")
    search(client, q="ouders", pagina="2")
    assert rows() == {(today, "ouders"): (1, 0)}


@pytest.mark.page_cache
def test_the_page_cache_serves_searches_and_still_counts_each(corpus, settings):
    client = Client()  # anonymous: the page cache applies
    first = search(client, q="ouderkamer")
    second = search(client, q="ouderkamer")
    third = search(client, q="ouderkamer")
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == third["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert rows() == {(timezone.localdate(), "ouderkamer"): (3, 0)}
    # A search without results is counted as such from the cache too.
    search(client, q="zzgeenwoord")
    assert search(client, q="zzgeenwoord")["X-Page-Cache"] == "hit"
    assert rows()[(timezone.localdate(), "zzgeenwoord")] == (2, 2)
    # A later result page is no new search, also from the cache.
    settings.PAGINATE_BY = 1
    search(client, q="ouders", pagina="2")
    assert search(client, q="ouders", pagina="2")["X-Page-Cache"] == "hit"
    assert (timezone.localdate(), "ouders") not in rows()
    # The search page without a query (nothing to count) is still cached.
    search(client)
    assert search(client)["X-Page-Cache"] == "hit"


# --- the admin page -----------------------------------------------------------------


def add(days_ago, query, searches, zero_results=0):
    SearchQueryStat.objects.create(
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        query=query,
        searches=searches,
        zero_results=zero_results,
    )


def test_the_editors_see_the_last_30_days(client, redacteur, move_time):
    add(0, "vve", 3)
    add(29, "vve", 2)
    add(29, "brugfiguren", 4, zero_results=4)
    add(10, "ouderkamer", 1, zero_results=1)
    add(30, "verouderd", 50, zero_results=50)
    client.force_login(redacteur)
    response = client.get(ADMIN)
    assert response.status_code == 200
    assert response.context["most_searched"] == [
        {"query": "vve", "searches": 5, "zero_results": 0},
        {"query": "brugfiguren", "searches": 4, "zero_results": 4},
        {"query": "ouderkamer", "searches": 1, "zero_results": 1},
    ]
    assert response.context["not_found"] == [
        {"query": "brugfiguren", "searches": 4, "zero_results": 4},
        {"query": "ouderkamer", "searches": 1, "zero_results": 1},
    ]
    html = response.content.decode()
    assert "Meest gezocht" in html and "Niets gevonden" in html and "verouderd" not in html

    move_time(1)  # the day 29 days ago is now 30 days ago: out of the window
    response = client.get(ADMIN)
    assert response.context["most_searched"] == [
        {"query": "vve", "searches": 3, "zero_results": 0},
        {"query": "ouderkamer", "searches": 1, "zero_results": 1},
    ]
    assert "brugfiguren" not in response.content.decode()


def test_the_page_is_read_only_and_on_the_admin_index(client, eindredacteur):
    add(0, "vve", 1)
    client.force_login(eindredacteur)
    assert eindredacteur.has_perm("portal.view_searchquerystat")
    assert not eindredacteur.has_perm("portal.change_searchquerystat")
    assert ADMIN in client.get("/admin/").content.decode()
    assert client.get(ADMIN + "add/").status_code == 404
    row = SearchQueryStat.objects.get()
    assert client.get(f"{ADMIN}{row.pk}/change/").status_code == 404
    assert client.get(f"{ADMIN}{row.pk}/delete/").status_code == 404


def test_staff_without_a_group_may_not_see_it(client, staff_without_group):
    client.force_login(staff_without_group)
    assert client.get(ADMIN).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = Client().get(ADMIN)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- the purge -----------------------------------------------------------------------


def test_purge_drops_days_older_than_90_days(capsys):
    add(0, "vandaag", 1)
    add(90, "net nog", 1)
    add(91, "te oud", 1)
    add(400, "veel te oud", 1)
    call_command("purge_search_stats")
    assert set(SearchQueryStat.objects.values_list("query", flat=True)) == {"vandaag", "net nog"}
    assert "2 regels" in capsys.readouterr().out
    call_command("purge_search_stats", days=1)
    assert set(SearchQueryStat.objects.values_list("query", flat=True)) == {"vandaag"}
