"""The admin of municipalities and themes (portal.core.admin)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_municipality_autocomplete_for_editors(client, redacteur):
    client.force_login(redacteur)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Haag",
            "app_label": "practices",
            "model_name": "practice",
            "field_name": "municipalities",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Den Haag ('s-Gravenhage)"]
