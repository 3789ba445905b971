"""Regions (/regios/): the editors' regional networks, each with its
municipalities and their public practices, meetings and organisations."""

import pytest

from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    PracticeFactory,
    RegionFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    den_haag, rijswijk = municipality("GM0518"), municipality("GM0603")
    return RegionFactory(
        published=True,
        title="Den Haag en Rijswijk",
        summary="Twee gemeenten werken samen.",
        municipalities=[den_haag, rijswijk],
    )


def test_region_page_lists_public_content_of_its_municipalities(client, region):
    den_haag, rijswijk, amsterdam = (municipality(c) for c in ("GM0518", "GM0603", "GM0363"))
    PracticeFactory(published=True, title="Haagse aanpak", municipalities=[den_haag])
    PracticeFactory(
        published=True, title="Rijswijkse en Haagse aanpak", municipalities=[den_haag, rijswijk]
    )
    PracticeFactory(title="Conceptaanpak", municipalities=[den_haag])
    PracticeFactory(published=True, title="Amsterdamse aanpak", municipalities=[amsterdam])
    MeetingFactory(published=True, title="Bijeenkomst in Rijswijk", municipalities=[rijswijk])
    MeetingFactory(title="Conceptbijeenkomst", municipalities=[rijswijk])
    OrganisationFactory(published=True, title="Regionaal steunpunt", regions=[region])
    OrganisationFactory(published=True, title="Haags bureau", municipalities=[den_haag])
    OrganisationFactory(title="Conceptsteunpunt", regions=[region])
    OrganisationFactory(published=True, title="Amsterdams bureau", municipalities=[amsterdam])

    response = client.get(region.get_absolute_url())
    assert response.status_code == 200
    ctx = response.context
    assert sorted(p.title for p in ctx["practices"]) == [
        "Haagse aanpak",
        "Rijswijkse en Haagse aanpak",
    ]
    assert [m.title for m in ctx["meetings"]] == ["Bijeenkomst in Rijswijk"]
    assert [o.title for o in ctx["organisations"]] == ["Haags bureau", "Regionaal steunpunt"]
    text = response.text
    assert "Rijswijk" in text and den_haag.get_absolute_url() in text
    for hidden in ("Conceptaanpak", "Conceptbijeenkomst", "Conceptsteunpunt", "Amsterdam"):
        assert hidden not in text


def test_region_list_shows_published_regions_with_their_municipalities(client, region):
    RegionFactory(title="Conceptregio")
    response = client.get("/regios/")
    assert response.status_code == 200
    assert "Den Haag en Rijswijk" in response.text and "Conceptregio" not in response.text
    assert [r.title for r in response.context["regions"]] == ["Den Haag en Rijswijk"]


def test_a_draft_region_is_not_found(client):
    draft = RegionFactory(title="Conceptregio")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_region_page_shows_the_newest_practices_and_points_to_the_rest(client, region):
    """A page must not grow with the number of practices (issue 23)."""
    den_haag = municipality("GM0518")
    for year in range(2000, 2014):
        PracticeFactory(
            published=True, title=f"Aanpak {year}", start_year=year, municipalities=[den_haag]
        )
    response = client.get(region.get_absolute_url())
    assert [p.title for p in response.context["practices"]] == [
        f"Aanpak {year}" for year in range(2013, 2001, -1)
    ]
    assert "alle praktijkvoorbeelden staan op de pagina’s van de gemeenten" in response.text
    few = RegionFactory(published=True, municipalities=[municipality("GM0603")])
    assert "alle praktijkvoorbeelden staan" not in client.get(few.get_absolute_url()).text
