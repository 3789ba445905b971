"""The open-data API (api.views): published content only, pagination and
the CSV export; it writes nothing."""

import csv
import io

import pytest

from practices.models import Practice
from tests.api.conftest import ENDPOINTS, body, get_all

pytestmark = pytest.mark.django_db


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


def test_the_api_writes_nothing(client, demo):
    before = Practice.objects.count()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/praktijkvoorbeelden/met-contact/")
        assert response.status_code == 405
    assert Practice.objects.count() == before
