"""The portal's own pages (portal.web.views): home, municipalities, search,
health and the 503 page when the database is away."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from portal.core.models import Municipality, Status
from portal.editorial import workflow
from practices.models import Submission
from tests.conftest import fresh_token
from tests.factories import PracticeFactory, municipality
from tests.portal.web.dbproxy import Proxy, WSGIClient

pytestmark = pytest.mark.django_db


def test_home_shows_counts_and_latest_practices(client, demo):
    html = client.get("/").content.decode()
    assert "11 praktijkvoorbeelden uit 9 gemeenten" in html
    assert "Breda verbindt wat er al is" in html
    assert 'href="/deel-uw-ervaring/"' in html and "Werkt u aan ouderbetrokkenheid?" in html


def test_home_lists_upcoming_meetings(client, demo, redacteur, eindredacteur):
    from meetings.models import Meeting

    soon = datetime.date.today() + datetime.timedelta(days=10)
    meeting = Meeting.objects.create(
        title="Regiobijeenkomst ouderbetrokkenheid",
        slug="regio-2026",
        summary="s",
        start_date=soon,
        end_date=soon,
        method=Meeting.Method.REGIONAL,
    )
    workflow.submit(meeting, actor=redacteur)
    workflow.publish(meeting, actor=eindredacteur)
    html = client.get("/").content.decode()
    assert "Komende bijeenkomsten" in html and "Regiobijeenkomst ouderbetrokkenheid" in html


def test_municipality_list_links_only_municipalities_with_content(client):
    breda, utrecht = municipality("GM0758"), municipality("GM0344")
    PracticeFactory(published=True, municipalities=[breda])
    PracticeFactory(published=True, municipalities=[breda, utrecht])
    PracticeFactory(municipalities=[municipality("GM0363")])  # draft: Amsterdam
    response = client.get(reverse("portal:municipality_list"))
    html = response.content.decode()
    assert (
        '<a class="utrecht-link" href="/gemeenten/breda/">Breda</a> <span class="count">(2 items)</span>'
        in html
    )
    assert (
        '<a class="utrecht-link" href="/gemeenten/utrecht/">Utrecht</a> <span class="count">(1 item)</span>'
        in html
    )
    assert 'href="/gemeenten/amsterdam/"' not in html
    assert "<li>Amsterdam</li>" in html
    assert response.context["with_content"] == 2
    assert response.context["total"] == 342
    provinces = re.findall(r"<summary>([^<]+)</summary>", html)
    assert provinces[0] == "Drenthe" and len(provinces) == 12


def test_municipality_quick_filter_works_without_javascript(client):
    response = client.get(reverse("portal:municipality_list"), {"q": "haag"})
    html = response.content.decode()
    assert html.count("<li>Den Haag</li>") == 2  # once A–Z, once under Zuid-Holland
    assert "Amsterdam" not in html
    assert "1 gemeente gevonden voor ‘haag’" in response.content.decode()
    response = client.get(reverse("portal:municipality_list"), {"q": "xyzzy"})
    assert "Geen gemeente gevonden" in response.content.decode()


def test_municipality_page_lists_only_its_published_content(client):
    breda = municipality("GM0758")
    live = PracticeFactory(published=True, municipalities=[breda], title="Voorlezen in Breda")
    PracticeFactory(municipalities=[breda], title="Concept Breda")
    PracticeFactory(status=Status.REVIEW, municipalities=[breda], title="Review Breda")
    PracticeFactory(published=True, municipalities=[municipality("GM0344")], title="Utrecht")
    response = client.get(breda.get_absolute_url())
    html = response.content.decode()
    assert live.title in html
    assert "Concept Breda" not in html and "Review Breda" not in html and ">Utrecht<" not in html
    assert 'Praktijkvoorbeelden <span class="count">(1)</span>' in html
    assert "Noord-Brabant" in html and "GM0758" in html


def test_municipality_without_content_invites_and_unknown_is_404(client):
    response = client.get(municipality("GM0014").get_absolute_url())
    assert "Er staat nog niets over Groningen op het portaal." in response.content.decode()
    assert client.get("/gemeenten/atlantis/").status_code == 404


def test_municipality_page_links_to_filtered_list_when_there_is_more(client):
    utrecht = municipality("GM0344")
    PracticeFactory.create_batch(26, published=True, municipalities=[utrecht])
    response = client.get(utrecht.get_absolute_url())
    assert 'href="/praktijkvoorbeelden/?gemeente=utrecht"' in response.content.decode()
    assert response.context["sections"][0]["count"] == 26


def test_municipality_pages_use_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    utrecht = municipality("GM0344")
    for batch in (3, 30):
        PracticeFactory.create_batch(
            batch, published=True, municipalities=[utrecht, municipality("GM0758")]
        )
        # One query per registered kind (issue 19 added four), whatever the items.
        with django_assert_max_num_queries(14):
            client.get(utrecht.get_absolute_url())
        with django_assert_max_num_queries(28):  # one count query per kind
            client.get(reverse("portal:municipality_list"))


def test_ended_municipality_page_still_works(client):
    m = Municipality.objects.create(name="Weesp", slug="weesp", cbs_code="GM0457")
    m.ended_on = "2022-03-24"
    m.save()
    PracticeFactory(published=True, municipalities=[m])
    html = client.get("/gemeenten/weesp/").content.decode()
    assert "Opgeheven per" in html and "24 maart 2022" in html


def test_municipality_is_offered_first(client, corpus):
    html = client.get("/zoeken/", {"q": "Utrecht"}).content.decode()
    assert html.index('href="/gemeenten/utrecht/"') < html.index("search-hit")


def test_search_page_shows_type_municipality_date_and_pagination(client, corpus, settings):
    settings.PAGINATE_BY = 1
    response = client.get("/zoeken/", {"q": "ouders"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Praktijkvoorbeelden · " in html
    assert "pagina=2" in html


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.sampled_from(
            ['"', "&|!:*", "' OR 1=1 --", "-", "or or or", "(((", "a:*b", "\\", "🌷" * 50,
             "!!!", "x" * 10_000, "ouders & | ! vve", '"ongesloten', "NOT", "<script>"]
        ),
    )
)  # fmt: skip
def test_any_query_gives_a_page(client, text):
    response = client.get("/zoeken/", {"q": text})
    # A result page, or (NUL in the address) a clear 400 message; never a 500.
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "\x00" in text and "ongeldige tekens" in response.content.decode()


def test_snippets_escape_content_and_only_add_mark(client):
    PracticeFactory(
        published=True,
        title="Voorleesproject",
        summary='Voorlezen <script>alert("x")</script> met ouders & kinderen',
    )
    html = client.get("/zoeken/", {"q": "voorlezen"}).content.decode()
    # PostgreSQL's headline drops the tag, the fallback escapes it: never raw.
    assert "<script>alert" not in html
    assert "<mark>voorlezen</mark>" in html.lower()


def test_health_reports_database_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_reports_503_when_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise OperationalError("database went away")

    from django.db import OperationalError

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


# --- the database going away: see dbproxy.py ----------------------------------


@pytest.fixture
def proxied_database():
    settings = connection.settings_dict
    host, port = settings["HOST"], int(settings["PORT"] or 5432)
    if not host or host.startswith("/"):
        pytest.skip("SKIPPED: the database is reached by a Unix socket; the proxy needs TCP")
    proxy = Proxy(host, port)
    connection.close()
    settings["HOST"], settings["PORT"] = "127.0.0.1", str(proxy.port)
    yield proxy
    connection.close()
    settings["HOST"], settings["PORT"] = host, str(port)
    proxy.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_away_gives_503_and_the_portal_recovers(proxied_database):
    PracticeFactory(
        published=True,
        title="Ouderkamer",
        slug="ouderkamer",
        municipalities=[municipality("GM0344")],
    )
    client = WSGIClient()
    assert client.get("/praktijkvoorbeelden/ouderkamer/").status_code == 200
    assert client.get("/health/").status_code == 200

    proxied_database.cut()  # mid-run: the open connection dies too
    for url in ["/praktijkvoorbeelden/ouderkamer/", "/", "/zoeken/?q=ouders"]:
        response = client.get(url)
        assert response.status_code == 503, url
        assert "Tijdelijk niet beschikbaar" in response.content.decode()
        assert response["Retry-After"] == "30"
    api = client.get("/api/praktijkvoorbeelden/")
    assert api.status_code == 503 and api.json() == {"detail": "Tijdelijk niet beschikbaar."}
    assert client.get("/health/").status_code == 503

    proxied_database.restore()
    response = client.get("/praktijkvoorbeelden/ouderkamer/")
    assert response.status_code == 200
    assert "Ouderkamer" in response.content.decode()
    assert client.get("/health/").status_code == 200
    assert client.get("/api/praktijkvoorbeelden/").json()["count"] == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_submission_during_the_outage_is_refused_cleanly(proxied_database):
    client = WSGIClient()
    form = client.get("/deel-uw-ervaring/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "title": "Tijdens storing",
        "story": "Een verhaal.",
        "municipality": municipality("GM0344").pk,
        "organisation": "Basisschool",
        "role": "Leerkracht",
        "name": "Iemand",
        "email": "iemand@example.org",
        "consent": "on",
        **fresh_token(),
        "website": "",
    }
    proxied_database.cut()
    response = client.post("/deel-uw-ervaring/", data)
    assert response.status_code == 503
    assert "Tijdelijk niet beschikbaar" in response.content.decode()
    proxied_database.restore()
    assert Submission.objects.count() == 0
    # Back up: the same input goes through (nothing half-saved blocks it).
    response = client.post("/deel-uw-ervaring/", data)
    assert response.status_code == 302
    assert Submission.objects.get().title == "Tijdens storing"
