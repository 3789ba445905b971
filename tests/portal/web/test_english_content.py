"""Translated content (issue 21, point 3): the English page shows the
English title, summary and body where they exist; an untranslated item
shows its Dutch text marked lang="nl" with a short English note; the Dutch
page never changes; an English text in a pending change is not public until
a chief editor approves it; editors see which items lack a translation."""

import re

import pytest

from portal.editorial import changes, workflow
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

NOTE = "This item is only available in Dutch."


def h1(html):
    return re.search(r"<h1[^>]*>.*?</h1>", html, re.S).group(0)


def translated_practice():
    return PracticeFactory(
        published=True,
        title="Ouderkamer in de wijk",
        summary="Een ruimte voor ouders in de school.",
        body="<p>Ouders komen wekelijks samen.</p>",
        title_en="Parents' room in the neighbourhood",
        summary_en="A room for parents in the school.",
        body_en="<p>Parents meet every week.</p>",
    )


def test_english_page_shows_the_english_version(client):
    practice = translated_practice()
    html = client.get(f"/en{practice.get_absolute_url()}").text
    assert h1(html) == '<h1 class="utrecht-heading-1">Parents&#x27; room in the neighbourhood</h1>'
    assert '<p class="lead">A room for parents in the school.</p>' in html
    assert '<div class="rich-text"><p>Parents meet every week.</p></div>' in html
    assert NOTE not in html and "Ouders komen wekelijks samen" not in html


def test_dutch_page_stays_dutch_when_a_translation_exists(client):
    practice = translated_practice()
    html = client.get(practice.get_absolute_url()).text
    assert h1(html) == '<h1 class="utrecht-heading-1">Ouderkamer in de wijk</h1>'
    assert "Parents meet every week" not in html and NOTE not in html


def test_untranslated_item_shows_dutch_marked_as_dutch_with_a_note(client):
    practice = PracticeFactory(published=True, title="Voorlezen thuis", body="<p>Tekst.</p>")
    html = client.get(f"/en{practice.get_absolute_url()}").text
    assert h1(html) == '<h1 class="utrecht-heading-1" lang="nl">Voorlezen thuis</h1>'
    assert f'<p class="only-dutch">{NOTE}</p>' in html
    assert '<div class="rich-text" lang="nl"><p>Tekst.</p></div>' in html
    assert re.search(r'<p class="lead" lang="nl">', html)


def test_cards_on_english_lists_are_english_or_marked_dutch(client):
    translated_practice()
    PracticeFactory(published=True, title="Voorlezen thuis")
    html = client.get("/en/praktijkvoorbeelden/").text
    assert ">Parents&#x27; room in the neighbourhood</a></h3>" in html
    assert 'lang="nl">Voorlezen thuis</a></h3>' in html


def test_english_text_of_a_pending_change_is_public_only_after_approval(
    client, redacteur, eindredacteur
):
    live = translated_practice()
    change = changes.start_change(live, actor=redacteur)
    assert change.title_en == live.title_en  # copied with the other fields
    change.title_en = "Unreviewed English title"
    change.save()
    url = f"/en{live.get_absolute_url()}"
    assert "Unreviewed English title" not in client.get(url).text
    workflow.submit(change, actor=redacteur)
    change.refresh_from_db()
    workflow.publish(change, actor=eindredacteur)
    live.refresh_from_db()
    assert live.title_en == "Unreviewed English title"
    assert "Unreviewed English title" in client.get(url).text
    assert Practice.objects.count() == 1


def test_editors_see_which_items_lack_a_translation(client, eindredacteur):
    translated_practice()
    PracticeFactory(title="Voorlezen thuis")
    client.force_login(eindredacteur)
    missing = client.get("/admin/practices/practice/?engels=ontbreekt").text
    present = client.get("/admin/practices/practice/?engels=aanwezig").text
    assert "Voorlezen thuis" in missing and "Ouderkamer in de wijk" not in missing
    assert "Ouderkamer in de wijk" in present and "Voorlezen thuis" not in present
    assert "Engelse vertaling" in missing and "ontbreekt" in missing
    form = client.get("/admin/practices/practice/add/").text
    assert 'name="title_en"' in form and 'name="body_en"' in form


@pytest.mark.parametrize(
    "how", [{"data": {"taal": "en"}}, {"headers": {"accept-language": "en-GB,en;q=0.9"}}]
)
def test_feeds_speak_the_asked_language(client, how):
    translated_practice()
    PracticeFactory(published=True, title="Voorlezen thuis")
    response = client.get("/feeds/praktijkvoorbeelden/rss/", **how)
    feed = response.text
    assert "<title>Parental Involvement Knowledge Portal: " in feed
    assert "<title>Parents&#x27; room in the neighbourhood</title>" in feed or (
        "<title>Parents' room in the neighbourhood</title>" in feed
    )
    assert "<title>Voorlezen thuis</title>" in feed
    assert response["Content-Language"] == "en"
    dutch = client.get("/feeds/praktijkvoorbeelden/rss/").text
    assert "<title>Ouderkamer in de wijk</title>" in dutch
    assert "Parents" not in dutch


def test_api_gives_english_where_asked_and_says_which_language(client):
    translated_practice()
    PracticeFactory(published=True, title="Voorlezen thuis")
    rows = client.get("/api/praktijkvoorbeelden/", {"taal": "en"}).json()["results"]
    by_language = {row["title"]: row["language"] for row in rows}
    assert by_language == {"Parents' room in the neighbourhood": "en", "Voorlezen thuis": "nl"}
    response = client.get("/api/praktijkvoorbeelden/", headers={"accept-language": "en"})
    assert "Accept-Language" in response["Vary"]
    assert {row["title"] for row in response.json()["results"]} == set(by_language)
    dutch = client.get("/api/praktijkvoorbeelden/").json()["results"]
    assert {row["language"] for row in dutch} == {"nl"}


def test_dates_are_written_in_the_page_language(client):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(published=True, start_date="2015-04-08", end_date="2015-04-11")
    assert "april 2015" in client.get(meeting.get_absolute_url()).text
    assert "April 2015" in client.get(f"/en{meeting.get_absolute_url()}").text


def test_demo_items_from_english_sources_have_an_english_version():
    import tomllib
    from pathlib import Path

    from django.conf import settings

    content_types = {"meetings", "reports", "plans", "practices", "dossiers"}
    for name in ("travel-report-gent-eurocities.toml", "urbact-prevent-nantes-2015.toml"):
        data = tomllib.loads((Path(settings.BASE_DIR) / "demo" / name).read_text())
        items = [item for item in data["item"] if item["type"] in content_types]
        english = [item for item in items if item.get("title_en") and item.get("summary_en")]
        # The Eurocities/URBACT items; the Dutch meeting in The Hague stays Dutch.
        assert len(english) >= 2, name


def test_dutch_only_fields_and_breadcrumbs_are_marked_on_english_pages(client):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(published=True, title="Bijeenkomst", goal="Leren van Gent.")
    html = client.get(f"/en{meeting.get_absolute_url()}").text
    assert '<p lang="nl">Leren van Gent.</p>' in html
    assert '<span aria-current="page" lang="nl">Bijeenkomst</span>' in html
    dutch = client.get(meeting.get_absolute_url()).text
    assert "<p>Leren van Gent.</p>" in dutch
    assert '<span aria-current="page">Bijeenkomst</span>' in dutch
