"""The anonymous page cache: fast repeats, never stale after an edit, never
shared with staff, never for forms or personal answers."""

import pytest
from django.test import Client

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
