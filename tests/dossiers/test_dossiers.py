"""Theme dossiers (/themas/<slug>/): introduction, arguments, evidence with
sources, policy documents, practices strongest onderbouwing first (unknown
last), related meetings and organisations, and a print view of two A4."""

import re

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    DossierEvidenceFactory,
    MeetingFactory,
    OrganisationFactory,
    PolicyDocumentFactory,
    PracticeFactory,
    ThemeDossierFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(themes):
    vve = themes["vve"]
    dossier = ThemeDossierFactory(
        published=True,
        theme=vve,
        title="Ouderbetrokkenheid bij VVE",
        summary="Wat werkt bij ouders van jonge kinderen.",
        body="<p>Een inleiding van de redactie.</p>",
        arguments_parents="Uw kind leert meer woorden\n- U weet wat er op de groep gebeurt",
        arguments_heads="Betere aansluiting op de basisschool",
    )
    DossierEvidenceFactory(
        dossier=dossier,
        statement="Voorlezen thuis vergroot de woordenschat.",
        source_title="Onderzoeksrapport 2020",
        source_url="https://example.org/rapport",
    )
    PracticeFactory(published=True, title="Onbekend", themes=[vve])
    PracticeFactory(
        published=True, title="Goed beschreven", themes=[vve], evidence_level="goed-beschreven"
    )
    PracticeFactory(
        published=True, title="Sterk effectief", themes=[vve], evidence_level="effectief-sterke"
    )
    PracticeFactory(
        published=True, title="Niet beoordeeld", themes=[vve], evidence_level="niet-beoordeeld"
    )
    PracticeFactory(title="Concept sterk", themes=[vve], evidence_level="effectief-sterke")
    PracticeFactory(published=True, title="Ander thema", themes=[themes["passend"]])
    MeetingFactory(published=True, title="VVE-bijeenkomst", themes=[vve])
    MeetingFactory(title="Concept-VVE-bijeenkomst", themes=[vve])
    OrganisationFactory(published=True, title="VVE-steunpunt", themes=[vve])
    OrganisationFactory(title="Concept-steunpunt", themes=[vve])
    PolicyDocumentFactory(
        published=True,
        title="Notitie VVE en ouders",
        municipality=municipality("GM0758"),
        year=2019,
        themes=[vve],
    )
    PolicyDocumentFactory(title="Conceptnotitie", themes=[vve])
    return dossier


def test_dossier_orders_practices_strongest_evidence_first_unknown_last(client, dossier):
    response = client.get("/themas/" + dossier.slug + "/")
    assert response.status_code == 200
    assert [p.title for p in response.context["practices"]] == [
        "Sterk effectief",
        "Goed beschreven",
        "Niet beoordeeld",
        "Onbekend",
    ]


def test_dossier_shows_every_part_and_only_public_items(client, dossier):
    text = client.get(dossier.get_absolute_url()).text
    assert "Een inleiding van de redactie." in text
    assert "<li>Uw kind leert meer woorden</li><li>U weet wat er op de groep gebeurt</li>" in text
    assert "<li>Betere aansluiting op de basisschool</li>" in text
    assert "Voorlezen thuis vergroot de woordenschat." in text
    assert 'href="https://example.org/rapport">Onderzoeksrapport 2020</a>' in text
    assert "Notitie VVE en ouders" in text and "(Breda, 2019)" in text
    for shown in ("VVE-bijeenkomst", "VVE-steunpunt"):
        assert shown in text
    for hidden in ("Concept", "Ander thema"):
        assert hidden not in text
    assert dossier.get_absolute_url() + "afdrukken/" in text


def test_print_view_is_short_and_stands_alone(client, dossier):
    response = client.get(dossier.get_absolute_url() + "afdrukken/")
    assert response.status_code == 200
    text = response.text
    assert text.count("<h1>") == 1 and "site-nav" not in text and "noindex" in text
    assert "Argumenten voor ouders" in text and "Argumenten voor schoolleiders" in text
    assert "Sterk effectief" in text and "effectief volgens sterke aanwijzingen" in text
    assert "Concept" not in text
    # Two A4 pages hold some 900 words of 10pt text: the view stays well under.
    words = re.sub(r"<[^>]+>", " ", text.split("<main", 1)[1]).split()
    assert len(words) < 900


def test_print_view_lists_at_most_five_practices(client, themes):
    dossier = ThemeDossierFactory(published=True, theme=themes["bereiken"])
    for n in range(8):
        PracticeFactory(published=True, title=f"Aanpak {n}", themes=[themes["bereiken"]])
    text = client.get(dossier.get_absolute_url() + "afdrukken/").text
    assert sum(f"Aanpak {n}" in text for n in range(8)) == 5


def test_dossier_list_shows_published_dossiers(client, dossier, themes):
    ThemeDossierFactory(title="Conceptdossier", theme=themes["passend"])
    response = client.get("/themas/")
    assert "Ouderbetrokkenheid bij VVE" in response.text
    assert "Conceptdossier" not in response.text


def test_one_dossier_per_theme_but_a_pending_change_may_share_it(dossier):
    second = ThemeDossierFactory.build(theme=dossier.theme, slug="tweede")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "Er is al een themadossier voor dit thema" in str(error.value)
    change = ThemeDossierFactory(theme=dossier.theme, change_of=dossier, slug="wijziging")
    change.full_clean()


def test_a_dossier_shows_at_most_twelve_practices_and_links_to_all(client, dossier):
    """A page must not grow with the number of practices (issue 23)."""
    theme = dossier.theme
    for n in range(14):
        PracticeFactory(published=True, title=f"Extra {n}", themes=[theme])
    response = client.get(dossier.get_absolute_url())
    assert len(response.context["practices"]) == 12 and response.context["more_practices"]
    assert f"?thema={theme.slug}&amp;sortering=onderbouwing" in response.text
