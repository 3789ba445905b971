"""The filters of the practice list (practices.filters)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


LIST = reverse("practices:list")


def titles(response):
    return [item.title for item in response.context["page"].object_list]


def test_filter_by_municipality_and_theme(client, data):
    response = client.get(LIST, {"gemeente": "utrecht", "thema": "ouders-bereiken"})
    assert sorted(titles(response)) == ["Aanpak Amsterdam", "Brugfiguren Utrecht"]
    response = client.get(LIST, {"gemeente": "breda"})
    assert titles(response) == ["Ouderkamer Breda"]


def test_filter_multiple_themes_is_or_and_province_works(client, data):
    response = client.get(LIST, {"thema": ["vve-en-taal", "ouders-bereiken"]})
    assert len(titles(response)) == 3
    response = client.get(LIST, {"provincie": "PV27"})
    assert titles(response) == ["Aanpak Amsterdam"]


def test_filter_by_phase_target_group_year_and_text(client, data):
    assert sorted(titles(client.get(LIST, {"fase": "voortgezet-onderwijs"}))) == [
        "Aanpak Amsterdam",
        "Brugfiguren Utrecht",
    ]
    assert titles(client.get(LIST, {"doelgroep": "laaggeletterde-ouders"})) == ["Ouderkamer Breda"]
    assert sorted(titles(client.get(LIST, {"jaar": "2021"}))) == [
        "Aanpak Amsterdam",
        "Brugfiguren Utrecht",
    ]
    assert titles(client.get(LIST, {"q": "brugfiguren"})) == ["Brugfiguren Utrecht"]


def test_unknown_filter_values_give_the_list_with_a_message(client, data):
    response = client.get(
        LIST, {"gemeente": "atlantis", "thema": ["nope", "vve-en-taal"], "jaar": "abc"}
    )
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Brugfiguren Utrecht", "Ouderkamer Breda"]
    message = response.content.decode()
    assert "Deze filterwaarden kennen we niet en zijn genegeerd" in message
    assert "Gemeente" in message and "Startjaar" in message
