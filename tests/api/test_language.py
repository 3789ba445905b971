"""The API in the language asked for (issue 21, point 1): ?taal=en or
Accept-Language gives the schema's descriptions, the error reasons and the
texts that have an English version in English; without either, Dutch."""

import json

import pytest

from tests.api.conftest import body
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    DossierEvidenceFactory,
    MeetingFactory,
    PracticeFactory,
    ThemeDossierFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ENGLISH = {"taal": "en"}
# Texts of the schema in either language (the info, a serializer's help text,
# the operations' description, an error answer's description, a model's help
# text and a filter's label).
SCHEMA_TEXTS = [
    (
        "Kennisportaal Ouderbetrokkenheid – open data",
        "Parental Involvement Knowledge Portal – open data",
    ),
    ("Taal van title, summary en body", "Language of title, summary and body"),
    ("Gepubliceerde items, nieuwste eerst", "Published items, newest first"),
    ("Ongeldige filterwaarde", "Invalid filter value"),
    ("Onderbouwing op de Nederlandse erkenningsladder", "Evidence on the Dutch recognition scale"),
    ("Leeg laten als de datum onbekend is.", "Leave empty if the date is unknown."),
    ("Gemeente (slug)", "Municipality (slug)"),
    ("Praktijkvoorbeelden als CSV", "Practices as CSV"),
]


def schema(client, **how):
    response = client.get("/api/schema/", {"format": "json", **how.pop("data", {})}, **how)
    assert response.status_code == 200
    return json.dumps(json.loads(response.content), ensure_ascii=False)


@pytest.mark.parametrize(
    "how", [{"data": ENGLISH}, {"headers": {"accept-language": "en-GB,en;q=0.9"}}]
)
def test_schema_in_english_when_asked(client, how):
    text = schema(client, **how)
    for dutch, english in SCHEMA_TEXTS:
        assert english in text, english
        assert dutch not in text, dutch
    # The developers' English docstrings are no longer the descriptions.
    assert "List (paginated, filtered) and detail by slug." not in text


def test_schema_in_dutch_by_default(client):
    text = schema(client)
    for dutch, english in SCHEMA_TEXTS:
        assert dutch in text, dutch
        assert english not in text, english
    assert "When it happened, as exactly as known" not in text
    assert "Wanneer het gebeurde, zo precies als bekend" in text


@pytest.mark.parametrize(
    ("url", "dutch", "english"),
    [
        (
            "/api/praktijkvoorbeelden/?provincie=XX",
            {"provincie": ["Selecteer een geldige keuze. XX is geen beschikbare keuze."]},
            {"provincie": ["Select a valid choice. XX is not one of the available choices."]},
        ),
        (
            "/api/praktijkvoorbeelden/?per_pagina=0",
            {"per_pagina": ["Kies een getal van 1 tot en met 100."]},
            {"per_pagina": ["Choose a number from 1 to 100."]},
        ),
        ("/api/praktijkvoorbeelden/bestaat-niet/", {"detail": "Niet gevonden."}, None),
        ("/api/bestaat/niet/", {"detail": "Niet gevonden."}, None),
        (
            "/api/praktijkvoorbeelden/?q=a%00b",
            {"detail": "Het adres bevat ongeldige tekens."},
            {"detail": "The address contains invalid characters."},
        ),
    ],
)
def test_error_reasons_speak_the_asked_language(client, url, dutch, english):
    english = english or {"detail": "Not found."}
    answer = client.get(url)
    assert answer.status_code in (400, 404)
    assert answer.json() == dutch
    separator = "&" if "?" in url else "?"
    assert client.get(f"{url}{separator}taal=en").json() == english
    assert client.get(url, headers={"accept-language": "en"}).json() == english


def test_csv_errors_and_header_speak_the_asked_language(client):
    dutch = body(client.get("/api/praktijkvoorbeelden/csv/?provincie=XX&jaar=twee"))
    assert dutch.splitlines() == [
        "fout",
        "provincie: Selecteer een geldige keuze. XX is geen beschikbare keuze.",
        "jaar: Voer een geheel getal in.",
    ]
    english = body(client.get("/api/praktijkvoorbeelden/csv/?provincie=XX&jaar=twee&taal=en"))
    assert english.splitlines() == [
        "error",
        "provincie: Select a valid choice. XX is not one of the available choices.",
        "jaar: Enter a whole number.",
    ]
    header = body(client.get("/api/praktijkvoorbeelden/csv/", ENGLISH)).splitlines()[0]
    assert header.startswith("title,address,summary,municipalities,themes,")


def test_english_twins_of_every_type_come_where_english_is_asked(client):
    theme = ThemeFactory(name="Taal", name_en="Language")
    meeting = MeetingFactory(
        published=True, goal="Leren van Gent.", goal_en="Learning from Ghent.", themes=[theme]
    )
    plan = ActionPlanFactory(published=True, ambition="Meer ouders.", ambition_en="More parents.")
    ActionFactory(plan=plan, title="Ouderkamer", title_en="Parents' room", description="Elke week.")
    dossier = ThemeDossierFactory(
        published=True, arguments_parents="Dutch\nNog een", arguments_parents_en="English\nMore"
    )
    DossierEvidenceFactory(dossier=dossier, statement="Bevinding", statement_en="Finding")
    practice = PracticeFactory(published=True, results="Meer ouders", results_en="More parents")

    english = client.get(f"/api/bijeenkomsten/{meeting.slug}/", ENGLISH).json()
    assert english["goal"] == "Learning from Ghent."
    assert english["themes"][0]["name"] == "Language"
    assert client.get(f"/api/bijeenkomsten/{meeting.slug}/").json()["goal"] == "Leren van Gent."
    actions = client.get(f"/api/actieplannen/{plan.slug}/", ENGLISH).json()
    assert actions["ambition"] == "More parents."
    # Each text on its own: a row's untranslated description stays Dutch.
    assert actions["actions"][0] | {"status": None} == {
        "title": "Parents' room",
        "description": "Elke week.",
        "owner_role": "Afdeling Onderwijs",
        "status": None,
    }
    data = client.get(f"/api/themas/{dossier.slug}/", ENGLISH).json()
    assert data["arguments_parents"] == ["English", "More"]
    assert data["evidence"][0]["statement"] == "Finding"
    dutch = client.get(f"/api/themas/{dossier.slug}/").json()
    assert dutch["arguments_parents"] == ["Dutch", "Nog een"]
    assert dutch["evidence"][0]["statement"] == "Bevinding"
    assert client.get(f"/api/praktijkvoorbeelden/{practice.slug}/", ENGLISH).json()["results"] == (
        "More parents"
    )
