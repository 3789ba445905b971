"""The organisation directory (/organisaties/): filters by theme, region and
kind with counts, a functional contact, and a named person only with consent
until the review date; linked from practices, meetings and municipalities."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dossiers.filters import OrganisationFilter
from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    PracticeFactory,
    RegionFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


def titles(response):
    return [o.title for o in response.context["page"].object_list]


def options(response, name):
    facet = next(f for f in response.context["facets"] if f["name"] == name)
    return {o["value"]: (o["count"], o["selected"]) for o in facet["options"]}


def test_directory_lists_published_organisations_only(client, directory):
    response = client.get("/organisaties/")
    assert response.status_code == 200
    assert titles(response) == [
        "Expertisecentrum A",
        "Kwartiermaker C",
        "Netwerk B",
        "Onbekende soort D",
    ]
    assert "Conceptorganisatie" not in response.text
    assert response.context["total"] == 4


def test_directory_counts_each_option_with_the_other_filters(client, directory):
    response = client.get("/organisaties/")
    assert options(response, "soort") == {
        "expertise": (1, False),
        "netwerk": (1, False),
        "kwartiermaker": (1, False),
    }
    assert options(response, "thema") == {
        "vve-en-taal": (2, False),
        "passend-onderwijs-en-jeugdhulp": (2, False),
    }
    assert options(response, "regio") == {
        directory["haaglanden"].slug: (2, False),
        directory["noord"].slug: (1, False),
    }
    # With a theme chosen, the kinds and regions count within that theme.
    response = client.get("/organisaties/?thema=passend-onderwijs-en-jeugdhulp")
    assert titles(response) == ["Kwartiermaker C", "Netwerk B"]
    assert options(response, "soort") == {"netwerk": (1, False), "kwartiermaker": (1, False)}
    assert options(response, "thema")["passend-onderwijs-en-jeugdhulp"] == (2, True)
    assert options(response, "regio") == {
        directory["haaglanden"].slug: (1, False),
        directory["noord"].slug: (1, False),
    }


def test_directory_filters_combine(client, directory):
    region = directory["haaglanden"].slug
    response = client.get(f"/organisaties/?regio={region}&soort=expertise")
    assert titles(response) == ["Expertisecentrum A"]
    response = client.get(f"/organisaties/?regio={region}&thema=passend-onderwijs-en-jeugdhulp")
    assert titles(response) == ["Netwerk B"]
    assert "selected>Haaglanden (1)</option>" in response.text


def test_unknown_filter_values_are_ignored_with_a_dutch_message(client, directory):
    response = client.get("/organisaties/?soort=bestaat-niet&regio=nergens&thema=<b>")
    assert response.status_code == 200
    assert len(titles(response)) == 4
    assert "Deze filterwaarden kennen we niet en zijn genegeerd: Thema, Regio, Soort." in (
        response.text
    )


def test_a_draft_region_is_no_filter_option(directory):
    draft = RegionFactory(title="Conceptregio")
    OrganisationFactory(published=True, regions=[draft])
    filters = OrganisationFilter({"regio": draft.slug})
    assert filters.region is None and filters.invalid == ["Regio"]


def test_detail_shows_offer_and_functional_contact(client, themes):
    org = OrganisationFactory(
        published=True,
        title="Steunpunt Ouders",
        kind="ondersteuning",
        offer="Advies aan gemeenten\n\nTraining voor scholen",
        website="https://steunpunt.example.org",
        email="info@steunpunt.example.org",
        phone="030 123 45 67",
        themes=[themes["bereiken"]],
    )
    response = client.get(org.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "<li>Advies aan gemeenten</li><li>Training voor scholen</li>" in text
    assert "mailto:info@steunpunt.example.org" in text and "030 123 45 67" in text
    assert "Ondersteuningsorganisatie" in text and "Ouders bereiken" in text


def test_a_person_without_consent_never_shows(client):
    org = OrganisationFactory(
        published=True, contact_name="Jan Jansen", contact_email="jan@example.org"
    )
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert set(error.value.message_dict) == {"contact_consent_on", "contact_review_on"}
    response = client.get(org.get_absolute_url())
    assert "Jan Jansen" not in response.text and "jan@example.org" not in response.text
    assert "Jan Jansen" not in client.get("/organisaties/").text
    api = client.get(f"/api/organisaties/{org.slug}/").json()
    assert "jan@example.org" not in str(api) and "Jansen" not in str(api)


def test_a_consenting_person_shows_until_the_review_date(client):
    today = timezone.localdate()
    org = OrganisationFactory(
        published=True,
        contact_name="Fatima Bakker",
        contact_email="f.bakker@example.org",
        contact_consent_on=today - datetime.timedelta(days=30),
        contact_review_on=today + datetime.timedelta(days=30),
    )
    org.full_clean()
    response = client.get(org.get_absolute_url())
    assert "Fatima Bakker" in response.text and "mailto:f.bakker@example.org" in response.text
    # The open data never holds a person, consent or not.
    assert "Bakker" not in str(client.get(f"/api/organisaties/{org.slug}/").json())
    org.contact_review_on = today - datetime.timedelta(days=1)
    org.save()
    response = client.get(org.get_absolute_url())
    assert "Fatima Bakker" not in response.text and "f.bakker" not in response.text


def test_practice_meeting_and_municipality_pages_link_public_organisations(client):
    gouda = municipality("GM0513")
    practice = PracticeFactory(published=True)
    meeting = MeetingFactory(published=True)
    public = OrganisationFactory(
        published=True,
        title="Publieke organisatie",
        practices=[practice],
        meetings=[meeting],
        municipalities=[gouda],
    )
    OrganisationFactory(
        title="Geheime conceptorganisatie",
        practices=[practice],
        meetings=[meeting],
        municipalities=[gouda],
    )
    for url in (practice.get_absolute_url(), meeting.get_absolute_url(), gouda.get_absolute_url()):
        text = client.get(url).text
        assert public.get_absolute_url() in text, url
        assert "Geheime conceptorganisatie" not in text, url
    org_page = client.get(public.get_absolute_url()).text
    assert practice.get_absolute_url() in org_page and meeting.get_absolute_url() in org_page


def test_organisation_page_lists_only_public_practices_and_meetings(client):
    draft_practice = PracticeFactory(title="Conceptpraktijk")
    draft_meeting = MeetingFactory(title="Conceptbijeenkomst")
    org = OrganisationFactory(published=True, practices=[draft_practice], meetings=[draft_meeting])
    text = client.get(org.get_absolute_url()).text
    assert "Conceptpraktijk" not in text and "Conceptbijeenkomst" not in text
    detail = client.get(f"/api/organisaties/{org.slug}/").json()
    assert detail["practices"] == [] and detail["meetings"] == []
