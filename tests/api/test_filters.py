"""The API's filters (api.filters): the page filters, strict values."""

import pytest

from meetings.models import ActionPlan, Meeting
from portal.core.models import Municipality
from practices.filters import PracticeFilter
from practices.models import Practice
from tests.api.conftest import get_all

pytestmark = pytest.mark.django_db


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
