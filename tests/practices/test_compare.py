"""Comparing practices side by side (issue 19): up to three published
practices, field by field, at a shareable address; without JavaScript."""

import re

import pytest
from django.urls import reverse

from tests.factories import AdoptionFactory, PracticeFactory, municipality

pytestmark = pytest.mark.django_db

COMPARE = reverse("practices:compare")


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def three():
    return [
        PracticeFactory(
            published=True,
            title="Ouderkamer",
            slug="ouderkamer",
            evidence_level="goed-beschreven",
            municipalities=[municipality("GM0758")],
        ),
        PracticeFactory(
            published=True,
            title="Brugfiguren",
            slug="brugfiguren",
            cost_band="laag",
            cost_unit="per-school-per-jaar",
        ),
        PracticeFactory(published=True, title="Voorleesexpress", slug="voorleesexpress"),
    ]


def test_list_cards_have_compare_checkboxes_in_a_get_form(client, three):
    html = client.get(reverse("practices:list")).content.decode()
    assert f'action="{COMPARE}"' in html
    form = html[html.index(f'action="{COMPARE}"') :]
    assert 'name="p" value="ouderkamer"' in form
    assert '<label for="vergelijk-ouderkamer">Vergelijken' in form
    assert 'type="submit"' in form


def test_compare_shows_chosen_practices_side_by_side_in_order(client, three):
    AdoptionFactory(practice=three[0], approved=True)
    response = client.get(COMPARE, {"p": ["brugfiguren", "ouderkamer"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert [p.title for p in response.context["chosen"]] == ["Brugfiguren", "Ouderkamer"]
    assert "<caption>" in html and 'class="compare-table responsive-table"' in html
    assert html.count('<th scope="col">') == 2
    assert '<th scope="row">Onderbouwing</th>' in html
    rows = {row["label"]: [c["value"] for c in row["cells"]] for row in response.context["rows"]}
    assert rows["Onderbouwing"] == ["", "goed beschreven"]
    assert rows["Kosten"] == ["laag: minder dan € 1.000 per school per jaar", ""]
    assert rows["Gemeente(n)"] == ["", "Breda"]
    assert rows["Overgenomen door"] == ["", "Amsterdam"]
    # Every cell names its practice for the narrow (stacked) layout.
    assert 'data-label="Brugfiguren"' in html and 'data-label="Ouderkamer"' in html
    assert "niet bekend" in text(html)


def test_compare_never_shows_drafts_and_says_what_it_left_out(client, three):
    PracticeFactory(title="Geheim concept", slug="concept")
    response = client.get(COMPARE, {"p": ["ouderkamer", "concept", "bestaat-niet"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geheim concept" not in html
    assert [p.slug for p in response.context["chosen"]] == ["ouderkamer"]
    assert "concept, bestaat-niet" in html
    assert "vonden we niet" in html


def test_more_than_three_keeps_every_choice_and_says_so_in_dutch(client, three):
    PracticeFactory(published=True, title="Vierde", slug="vierde")
    slugs = ["ouderkamer", "brugfiguren", "voorleesexpress", "vierde"]
    response = client.get(COMPARE, {"p": slugs})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kies hoogstens 3 praktijkvoorbeelden" in html
    assert "U koos 4 praktijkvoorbeelden" in html
    assert "<table" not in html
    for slug in slugs:  # nothing lost: all still ticked, ready to narrow down
        assert f'name="p" value="{slug}" checked' in html


def test_compare_without_choice_explains_and_duplicates_count_once(client, three):
    response = client.get(COMPARE)
    assert response.status_code == 200
    assert "Kies op de lijst" in response.content.decode()
    response = client.get(COMPARE, {"p": ["ouderkamer", "ouderkamer", " ", "brugfiguren"]})
    assert [p.slug for p in response.context["chosen"]] == ["ouderkamer", "brugfiguren"]


def test_compare_page_has_one_h1(client, three):
    html = client.get(COMPARE, {"p": ["ouderkamer", "brugfiguren"]}).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
