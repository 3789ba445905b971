import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.core.models import Municipality, Status
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


PUBLIC_URLS = [
    "/",
    "/gemeenten/",
    "/gemeenten/?q=breda",
    "/gemeenten/breda/",
    "/gemeenten/gent/",
    "/praktijkvoorbeelden/",
    "/praktijkvoorbeelden/?thema=vve-en-taal&gemeente=breda",
    "/praktijkvoorbeelden/breda-ouderbetrokkenheid-van-geboorte-tot-school/",
    "/over/",
    "/privacy/",
    "/toegankelijkheid/",
    "/deel-uw-ervaring/",
    "/deel-uw-ervaring/bedankt/",
    "/zoeken/?q=ouders",
    "/zoeken/?q=ouderbetrokkenhied",
    "/netwerken/",
    "/netwerken/urbact-prevent/",
    "/bijeenkomsten/",
    "/bijeenkomsten/urbact-prevent-final-meeting-nantes-2015/",
    "/reisverslagen/",
    "/reisverslagen/reisverslag-gent-2012-brugfiguren/",
    "/actieplannen/",
    "/actieplannen/local-action-plan-den-haag-prevent/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_page_has_one_h1_landmarks_and_dutch(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="nl">' in html
    assert 'href="#inhoud"' in html and '<main id="inhoud"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert "<script" not in html and " style=" not in html


def test_print_version_of_travel_report_is_a_plain_document(client, demo):
    html = client.get(
        "/reisverslagen/reisverslag-gent-2012-brugfiguren/afdrukken/"
    ).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="nl">' in html and "<main" in html and "print-report.css" in html
    assert "<script" not in html and " style=" not in html


def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_home_shows_counts_and_latest_practices(client, demo):
    html = client.get("/").content.decode()
    assert "11 praktijkvoorbeelden uit 9 gemeenten" in html
    assert "Breda verbindt wat er al is" in html
    assert 'href="/deel-uw-ervaring/"' in html and "Werkt u aan ouderbetrokkenheid?" in html


def test_home_lists_upcoming_meetings(client, demo, redacteur, eindredacteur):
    import datetime

    from meetings.models import Meeting
    from portal.editorial import workflow

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


@pytest.mark.parametrize("url", ["/", "/praktijkvoorbeelden/"])
def test_html_budget_of_home_and_list_pages(client, demo, url):
    assert len(client.get(url).content) < 60 * 1024


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
        with django_assert_max_num_queries(10):
            client.get(utrecht.get_absolute_url())
        with django_assert_max_num_queries(24):
            client.get(reverse("portal:municipality_list"))


def test_ended_municipality_page_still_works(client):
    m = Municipality.objects.create(name="Weesp", slug="weesp", cbs_code="GM0457")
    m.ended_on = "2022-03-24"
    m.save()
    PracticeFactory(published=True, municipalities=[m])
    html = client.get("/gemeenten/weesp/").content.decode()
    assert "Opgeheven per" in html and "24 maart 2022" in html
