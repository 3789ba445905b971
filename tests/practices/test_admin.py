"""The practice admin (practices.admin)."""

import pytest
from django.urls import reverse

from portal.core.models import Status
from practices.models import Practice
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def test_editor_creates_practice_in_admin_and_body_is_sanitised(client, redacteur):
    client.force_login(redacteur)
    response = client.post(
        reverse("admin:practices_practice_add"),
        {
            "title": "Ouderkamer in de wijk",
            "slug": "ouderkamer-in-de-wijk",
            "summary": "Een ouderkamer op school.",
            "body": '<p>Tekst<script>alert(1)</script><a href="javascript:x()">k</a></p>',
            "municipalities": [municipality("GM0363").pk],
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    practice = Practice.objects.get(slug="ouderkamer-in-de-wijk")
    assert practice.status == Status.DRAFT
    assert practice.created_by == redacteur
    assert practice.body == "<p>Tekst<a>k</a></p>"
