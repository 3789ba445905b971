"""The open-data API: published content only, no personal data, the page
filters, pagination, CSV export and an OpenAPI schema."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from meetings.models import ActionPlan, Meeting, TravelReport
from portal.core.models import Municipality
from practices.filters import PracticeFilter
from practices.models import Practice, Submission
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "praktijkvoorbeelden": Practice,
    "bijeenkomsten": Meeting,
    "reisverslagen": TravelReport,
    "actieplannen": ActionPlan,
}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    draft = PracticeFactory(
        title="Geheim concept",
        slug="geheim-concept",
        contact_email="persoon.prive@example.nl",
        municipalities=[municipality("GM0344")],
    )
    live = PracticeFactory(
        published=True,
        title='=HYPERLINK("http://kwaad.example")',
        slug="met-contact",
        contact_email="persoon.prive@example.nl",
        municipalities=[municipality("GM0344")],
    )
    return draft, live


def body(response):
    """The text of a response, streamed (the CSV) or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def get_all(client, url):
    items = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        items += data["results"]
        url = data["next"]
    return items


def test_lists_and_details_hold_exactly_the_published_items(client, demo):
    for name, model in ENDPOINTS.items():
        items = get_all(client, f"/api/{name}/?per_pagina=2")
        published = model.objects.published()
        assert sorted(i["slug"] for i in items) == sorted(published.values_list("slug", flat=True))
        assert items, name
        item = published.first()
        data = client.get(f"/api/{name}/{item.slug}/").json()
        assert data["title"] == item.title
        assert data["url"] == "http://testserver" + item.get_absolute_url()
        assert client.get(f"/api/{name}/bestaat-niet/").status_code == 404
    assert client.get("/api/praktijkvoorbeelden/geheim-concept/").status_code == 404


def test_no_personal_data_and_no_drafts_anywhere(client, demo):
    Submission.objects.create(
        title="Inzending",
        story="Verhaal",
        organisation="School",
        role="leerkracht",
        name="Jan Inzender",
        email="inzender@example.nl",
        phone="0612345678",
        consent_at="2026-01-01T10:00:00Z",
        form_token="12345678-1234-5678-1234-567812345678",
    )
    bodies = []
    for name in [*ENDPOINTS, "gemeenten"]:
        for item in get_all(client, f"/api/{name}/?per_pagina=100"):
            if name != "gemeenten":
                bodies.append(client.get(f"/api/{name}/{item['slug']}/").content.decode())
        bodies.append(client.get(f"/api/{name}/?per_pagina=100").content.decode())
    bodies.append(body(client.get("/api/praktijkvoorbeelden/csv/")))
    text = "\n".join(bodies)
    for secret in ["persoon.prive@example.nl", "inzender@example.nl", "Jan Inzender", "0612345678"]:
        assert secret not in text
    assert "Geheim concept" not in text
    assert "contact_email" not in text and "created_by" not in text


PAGE_FILTERS = [
    "gemeente=breda",
    "provincie=PV30",
    "thema=ouders-bereiken",
    "fase=primair-onderwijs",
    "q=ouders",
    "jaar=2019",
    "sortering=az&thema=ouders-bereiken",
]


def test_practice_filters_are_the_page_filters(client, demo):
    for query in PAGE_FILTERS:
        check_same_as_page(client, query)


def check_same_as_page(client, query):
    from django.http import QueryDict

    filterset = PracticeFilter(QueryDict(query), queryset=Practice.objects.published())
    assert filterset.is_valid()
    expected = filterset.qs
    assert expected.exists()
    items = get_all(client, f"/api/praktijkvoorbeelden/?{query}&per_pagina=100")
    assert [i["slug"] for i in items] == list(expected.values_list("slug", flat=True))


def test_other_lists_filter_by_municipality_and_period(client, demo):
    nantes = Municipality.objects.get(slug="nantes")
    items = get_all(client, "/api/bijeenkomsten/?gemeente=nantes")
    assert items and all(
        Meeting.objects.get(slug=i["slug"]).municipalities.filter(pk=nantes.pk).exists()
        for i in items
    )
    upcoming = get_all(client, "/api/bijeenkomsten/?periode=komend")
    past = get_all(client, "/api/bijeenkomsten/?periode=voorbij")
    assert len(upcoming) + len(past) == Meeting.objects.published().count()
    den_haag = get_all(client, "/api/actieplannen/?gemeente=den-haag")
    assert [i["slug"] for i in den_haag] == list(
        ActionPlan.objects.published()
        .filter(municipalities__slug="den-haag")
        .values_list("slug", flat=True)
    )
    assert get_all(client, "/api/gemeenten/?provincie=PV22&per_pagina=100") == [
        i for i in get_all(client, "/api/gemeenten/?per_pagina=100") if i["province"] == "Drenthe"
    ]


def test_values_of_the_wrong_type_give_400_with_the_reason(client, demo):
    for query in [
        "provincie=XX",
        "jaar=twee",
        "jaar=1.5",
        "sortering=x",
        "per_pagina=0",
        "per_pagina=101",
        "per_pagina=tien",
        "per_pagina=%C2%B2",
    ]:
        response = client.get(f"/api/praktijkvoorbeelden/?{query}")
        assert response.status_code == 400, query
        assert query.split("=")[0] in response.json()
    for query in ["q=%00", "gemeente=%00"]:
        response = client.get(f"/api/praktijkvoorbeelden/?{query}")
        assert response.status_code == 400
        assert response.json() == {"detail": "Het adres bevat ongeldige tekens."}


def test_unknown_slugs_match_nothing(client, demo):
    for query in ["gemeente=bestaat-niet", "thema=x", "fase=x&fase=y", "doelgroep=x"]:
        response = client.get(f"/api/praktijkvoorbeelden/?{query}")
        assert response.status_code == 200
        assert response.json()["count"] == 0
    for name in ["bijeenkomsten", "reisverslagen", "actieplannen"]:
        assert client.get(f"/api/{name}/?gemeente=onbekend").json()["count"] == 0


def test_several_slugs_of_one_filter_mean_any_of_them(client, demo):
    one = client.get("/api/praktijkvoorbeelden/?fase=mbo").json()["count"]
    other = client.get("/api/praktijkvoorbeelden/?fase=voortgezet-onderwijs").json()["count"]
    both = client.get("/api/praktijkvoorbeelden/?fase=mbo&fase=voortgezet-onderwijs").json()
    assert max(one, other) <= both["count"] <= one + other
    assert client.get("/api/praktijkvoorbeelden/?fase=mbo,voortgezet-onderwijs").json() == both


def test_pagination(client, demo):
    data = client.get("/api/praktijkvoorbeelden/?per_pagina=3").json()
    assert data["count"] == Practice.objects.published().count()
    assert len(data["results"]) == 3 and "pagina=2" in data["next"]
    assert len(client.get("/api/gemeenten/?per_pagina=100").json()["results"]) == 100
    for page in ["999", "0", "", "-1", "twee", "%C2%B2"]:
        response = client.get(f"/api/praktijkvoorbeelden/?pagina={page}")
        assert response.status_code == 404, page
        assert "detail" in response.json()


def test_csv_export_of_the_practice_list(client, demo):
    response = client.get("/api/praktijkvoorbeelden/csv/?gemeente=breda")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0][:3] == ["titel", "adres", "samenvatting"]
    breda = Practice.objects.published().filter(municipalities__slug="breda")
    assert sorted(r[0] for r in rows[1:]) == sorted(breda.values_list("title", flat=True))
    all_rows = list(csv.reader(io.StringIO(body(client.get("/api/praktijkvoorbeelden/csv/")))))
    assert len(all_rows) == 1 + Practice.objects.published().count()
    # A title that looks like a formula is neutralised for spreadsheet programs.
    assert '\'=HYPERLINK("http://kwaad.example")' in [r[0] for r in all_rows]
    assert client.get("/api/praktijkvoorbeelden/csv/?provincie=XX").status_code == 400


def test_csv_export_streams_in_batches_with_a_fixed_number_of_queries(
    client, demo, monkeypatch, django_assert_max_num_queries
):
    from api import views

    monkeypatch.setattr(views, "CSV_BATCH", 3)
    published = Practice.objects.published().count()
    assert published > 3 * 3
    response = client.get("/api/praktijkvoorbeelden/csv/")
    assert response.streaming
    batches = -(-published // 3)
    # One query for the rows (server-side cursor) + four name lookups per batch.
    with django_assert_max_num_queries(2 + 4 * batches):
        rows = list(csv.reader(io.StringIO(body(response))))
    assert len(rows) == 1 + published
    breda = Practice.objects.published().filter(municipalities__slug="breda").first()
    row = next(r for r in rows if r[0] == breda.title)
    assert row[3] == "; ".join(sorted(m.name for m in breda.municipalities.all()))
    assert row[1] == "http://testserver" + breda.get_absolute_url()


def test_schema_is_served_and_lists_every_endpoint(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for name in [*ENDPOINTS, "gemeenten"]:
        assert f"/api/{name}/" in schema["paths"]
        assert f"/api/{name}/{{slug}}/" in schema["paths"]
    assert "/api/praktijkvoorbeelden/csv/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/praktijkvoorbeelden/"]["get"]["parameters"]}
    assert {"gemeente", "provincie", "thema", "fase", "doelgroep", "jaar", "q"} <= params


def test_the_api_writes_nothing(client, demo):
    before = Practice.objects.count()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/praktijkvoorbeelden/met-contact/")
        assert response.status_code == 405
    assert Practice.objects.count() == before
