"""What the API shows (api.serializers): no personal data, no drafts."""

import pytest

from practices.models import Submission
from tests.api.conftest import ENDPOINTS, body, get_all

pytestmark = pytest.mark.django_db


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
