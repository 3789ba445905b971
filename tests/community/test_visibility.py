"""The forum is for verified members only: never in public pages, search,
feeds, sitemap, the API or the anonymous page cache."""

import pytest
from django.core.management import call_command
from django.test import Client

from portal.core import registry
from tests.factories import AnswerFactory, PracticeFactory, QuestionFactory, municipality
from tests.sitemaps import sitemap_paths

pytestmark = pytest.mark.django_db

TITLE = "Zeldzaamforumwoord ouderkamer"


@pytest.fixture
def thread():
    question = QuestionFactory(title=TITLE, municipality=municipality("GM0344"))
    AnswerFactory(question=question, body="Antwoordgeheim met zeldzaamforumwoord")
    return question


@pytest.mark.parametrize(
    "path", ["/forum/", "/forum/vraag/nieuw/", "/forum/meldingen/", "/forum/toestemming/"]
)
def test_anonymous_visitors_go_to_the_login_page(path, thread):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")


def test_anonymous_visitors_cannot_read_a_thread(thread):
    response = Client().get(thread.get_absolute_url())
    assert response.status_code == 302 and TITLE not in response.content.decode()
    post = Client().post(f"/forum/vraag/{thread.pk}/antwoorden/", {"body": "x"})
    assert post.status_code == 302 and thread.answers.count() == 1


def test_unverified_accounts_get_the_verification_page(make_member, thread):
    client = Client()
    client.force_login(make_member("wacht@example.org", pending=True))
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 403
    assert TITLE not in response.content.decode()


def test_forum_answers_are_private_and_never_stored(member_client, thread):
    for path in ["/forum/", thread.get_absolute_url(), "/account/profiel/"]:
        response = member_client.get(path)
        assert response.status_code == 200, path
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, path


@pytest.mark.page_cache
def test_the_page_cache_never_serves_the_forum(member_client, thread):
    member_client.get("/forum/")
    member_client.get(thread.get_absolute_url())
    member_client.get("/gemeenten/utrecht/")
    anonymous = Client()
    for path in ["/forum/", thread.get_absolute_url()]:
        response = anonymous.get(path)
        assert response.status_code == 302 and "X-Page-Cache" not in response
    first = anonymous.get("/gemeenten/utrecht/")
    second = anonymous.get("/gemeenten/utrecht/")
    assert second["X-Page-Cache"] == "hit"
    for html in (first.content.decode(), second.content.decode()):
        assert "Wie werkt hieraan" not in html and TITLE not in html
    # And a member is never served the anonymous copy.
    assert "X-Page-Cache" not in member_client.get("/gemeenten/utrecht/")


def test_forum_is_no_content_kind(thread):
    assert all(kind.model._meta.app_label != "community" for kind in registry.kinds())


def test_forum_text_is_in_no_public_output(thread, member_client):
    PracticeFactory(
        published=True, title="Openbaar voorbeeld", municipalities=[municipality("GM0344")]
    )
    call_command("rebuild_search_index", verbosity=0)
    anonymous = Client()
    for path in [
        *sitemap_paths(),
        "/feeds/alles/rss/",
        "/feeds/alles/atom/",
        "/zoeken/?q=ouderkamer",
        "/zoeken/?q=met",
        "/zoeken/suggesties/?q=zeld",
        "/zoeken/suggesties/?q=antw",
        "/gemeenten/utrecht/",
        "/api/practices/",
        "/api/schema/",
        "/",
    ]:
        for client in (anonymous, member_client):
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode(errors="replace").lower()
            assert "zeldzaamforumwoord" not in text and "antwoordgeheim" not in text, path
    robots = anonymous.get("/robots.txt").content.decode()
    assert "Openbaar voorbeeld" not in robots


@pytest.mark.page_cache
@pytest.mark.parametrize(
    "path",
    ["/account/login/", "/account/signup/", "/account/password/reset/", "/account/verwijderd/"],
)
def test_account_pages_are_never_cached(path):
    client = Client()
    first, second = client.get(path), client.get(path)
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "X-Page-Cache" not in second
