"""The open data of issue 19: onderbouwing, kosten, structureel of eenmalig
and "overgenomen door" in JSON (null = niet bekend), filters, the CSV and the
schema; a municipality's size class."""

import csv
import io

import pytest

from tests.api.conftest import body
from tests.factories import AdoptionFactory, PracticeFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged():
    return PracticeFactory(
        published=True,
        slug="beoordeeld",
        evidence_level="goed-onderbouwd",
        evidence_source="Loket Gezond Leven",
        cost_band="laag",
        cost_unit="per-school-per-jaar",
        results="Opkomst van 40 naar 70 procent.",
    )


def test_detail_gives_the_facts_and_null_where_unknown(client, judged):
    AdoptionFactory(practice=judged, approved=True)
    AdoptionFactory(practice=judged, municipality=municipality("GM0344"))  # not approved
    data = client.get("/api/praktijkvoorbeelden/beoordeeld/").json()
    assert data["evidence_level"] == "goed-onderbouwd"
    assert data["cost_band"] == "laag" and data["cost_unit"] == "per-school-per-jaar"
    assert data["continuity"] is None
    assert data["results"] == "Opkomst van 40 naar 70 procent."
    assert data["requirements"] == ""
    assert [m["slug"] for m in data["adopted_by"]] == ["amsterdam"]
    assert "email" not in str(data["adopted_by"])


def test_list_gives_the_badges(client, judged):
    PracticeFactory(published=True, slug="onbekend")
    rows = {r["slug"]: r for r in client.get("/api/praktijkvoorbeelden/").json()["results"]}
    assert rows["beoordeeld"]["evidence_level"] == "goed-onderbouwd"
    assert rows["onbekend"]["evidence_level"] is None
    assert rows["onbekend"]["cost_band"] is None


def test_filters_on_evidence_cost_size_and_adoption(client, judged):
    PracticeFactory(published=True, slug="onbekend", municipalities=[municipality("GM0758")])

    def slugs(query):
        response = client.get("/api/praktijkvoorbeelden/" + query)
        assert response.status_code == 200, response.content
        return sorted(r["slug"] for r in response.json()["results"])

    assert slugs("?onderbouwing=goed-onderbouwd") == ["beoordeeld"]
    assert slugs("?kosten=laag") == ["beoordeeld"]
    assert slugs("?grootte=groot") == ["onbekend"]
    assert slugs("?overgenomen=ja") == []
    AdoptionFactory(practice=judged, approved=True)
    assert slugs("?overgenomen=ja") == ["beoordeeld"]
    assert slugs("?sortering=onderbouwing")[0] == "beoordeeld"
    assert client.get("/api/praktijkvoorbeelden/?onderbouwing=super").status_code == 400


def test_csv_has_the_new_columns_in_words(client, judged):
    rows = list(csv.reader(io.StringIO(body(client.get("/api/praktijkvoorbeelden/csv/")))))
    header = rows[0]
    assert header[-3:] == ["onderbouwing", "kosten", "structureel of eenmalig"]
    row = next(r for r in rows[1:] if r[1].endswith("/beoordeeld/"))
    assert row[-3:] == [
        "goed onderbouwd",
        "laag: minder dan € 1.000 per school per jaar",
        "",
    ]


def test_municipality_size_class(client):
    data = {m["slug"]: m for m in client.get("/api/gemeenten/?q=breda").json()["results"]}
    assert data["breda"]["size_class"] == "groot"
    data = {m["slug"]: m for m in client.get("/api/gemeenten/?q=aa en hunze").json()["results"]}
    assert data["aa-en-hunze"]["size_class"] is None


def test_schema_documents_the_new_fields_and_filters(client):
    schema = client.get("/api/schema/?format=json").json()
    practice = schema["components"]["schemas"]["Practice"]["properties"]
    assert {"evidence_level", "cost_band", "continuity", "adopted_by", "results"} <= set(practice)
    parameters = {
        p["name"] for p in schema["paths"]["/api/praktijkvoorbeelden/"]["get"]["parameters"]
    }
    assert {"onderbouwing", "kosten", "grootte", "overgenomen"} <= parameters
