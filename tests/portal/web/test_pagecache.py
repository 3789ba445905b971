"""The anonymous page cache: fast repeats, never stale after an edit, never
shared with staff, never for forms or personal answers."""

import datetime

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from portal.core.cache import bounded_timeout, cached
from portal.core.models import Status
from tests.conftest import StaffClient
from tests.factories import PracticeFactory, municipality

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]


@pytest.fixture
def practice():
    return PracticeFactory(
        published=True,
        title="Ouderkamer",
        slug="ouderkamer",
        municipalities=[municipality("GM0344")],
    )


def test_a_repeated_page_comes_from_the_cache(client, practice, django_assert_max_num_queries):
    first = client.get("/praktijkvoorbeelden/ouderkamer/")
    assert "X-Page-Cache" not in first
    with django_assert_max_num_queries(2):  # content version + the stored page
        second = client.get("/praktijkvoorbeelden/ouderkamer/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Fresh headers on a cached page: new CSP nonce, new request id.
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert "Content-Security-Policy" in second


def test_an_edit_shows_at_once(client, practice):
    client.get("/praktijkvoorbeelden/ouderkamer/")
    client.get("/praktijkvoorbeelden/")
    practice.title = "Ouderkamer in de wijk"
    practice.save()
    assert (
        "Ouderkamer in de wijk" in client.get("/praktijkvoorbeelden/ouderkamer/").content.decode()
    )
    assert "Ouderkamer in de wijk" in client.get("/praktijkvoorbeelden/").content.decode()
    practice.status = Status.DRAFT
    practice.save()
    assert client.get("/praktijkvoorbeelden/ouderkamer/").status_code == 404


def test_query_strings_are_separate_pages(client, practice):
    PracticeFactory(published=True, title="Voorleesproject", slug="voorlezen")
    client.get("/praktijkvoorbeelden/?q=ouderkamer")
    other = client.get("/praktijkvoorbeelden/?q=voorlees")
    assert "X-Page-Cache" not in other
    assert "Voorleesproject" in other.content.decode()
    assert client.get("/praktijkvoorbeelden/?q=voorlees")["X-Page-Cache"] == "hit"


def test_staff_never_get_or_fill_the_cache(client, practice, redacteur):
    draft = PracticeFactory(title="Concept", slug="concept")
    staff = StaffClient()
    staff.force_login(redacteur)
    preview = staff.get("/praktijkvoorbeelden/concept/")
    assert preview.status_code == 200 and "X-Page-Cache" not in preview
    assert client.get("/praktijkvoorbeelden/concept/").status_code == 404
    assert draft.pk
    staff.get("/praktijkvoorbeelden/ouderkamer/")
    assert "X-Page-Cache" not in staff.get("/praktijkvoorbeelden/ouderkamer/")


def test_forms_and_404s_are_not_cached(client):
    for url in ["/deel-uw-ervaring/", "/praktijkvoorbeelden/bestaat-niet/", "/health/"]:
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url
    first = client.get("/deel-uw-ervaring/").content.decode()
    second = Client().get("/deel-uw-ervaring/").content.decode()
    assert first != second  # each visitor gets their own CSRF token and form token


# --- a scheduled item is never shown late (issue 22 point 6) ------------------


def in_seconds(seconds):
    return timezone.now() + datetime.timedelta(seconds=seconds)


def test_a_cached_page_never_outlives_the_next_scheduled_publication(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    PracticeFactory(published=True, title="Al zichtbaar")
    PracticeFactory(scheduled=True, title="Straks zichtbaar", publish_at=in_seconds(30))
    pages = caches["pages"]
    store = pages.set
    timeouts = []

    def spy(key, value, timeout):
        timeouts.append(timeout)
        store(key, value, timeout)

    monkeypatch.setattr(pages, "set", spy)
    page = Client().get("/praktijkvoorbeelden/").content.decode()
    assert "Al zichtbaar" in page and "Straks zichtbaar" not in page
    assert len(timeouts) == 1 and 0 < timeouts[0] <= 30  # not 600: gone before it goes live


def test_a_page_is_not_stored_when_a_publication_is_due_now(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    PracticeFactory(scheduled=True, publish_at=in_seconds(0.5))
    client = Client()
    client.get("/praktijkvoorbeelden/")
    assert "X-Page-Cache" not in client.get("/praktijkvoorbeelden/")


def test_bounded_timeout_is_capped_by_the_next_scheduled_item():
    now = timezone.now()
    assert bounded_timeout(60, now=now) == 60
    PracticeFactory(published=True)  # live and draft items do not count
    PracticeFactory()
    assert bounded_timeout(60, now=now) == 60
    PracticeFactory(scheduled=True, publish_at=now + datetime.timedelta(seconds=12))
    assert bounded_timeout(60, now=now) == 12
    assert bounded_timeout(5, now=now) == 5
    # Once that moment has passed it bounds nothing (looked up again, not kept).
    assert bounded_timeout(60, now=now + datetime.timedelta(seconds=13)) == 60


def test_counts_are_not_kept_past_a_scheduled_publication():
    PracticeFactory(scheduled=True, publish_at=in_seconds(0.5))
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    cached("test-counts", 1, compute)
    cached("test-counts", 1, compute)
    assert len(calls) == 2  # not stored: it would outlive the publication
