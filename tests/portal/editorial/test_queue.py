"""The review queue (portal.editorial.queue): what waits for each role."""

import pytest
from django.urls import reverse

from portal.core.models import Status
from portal.editorial import workflow
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_review_queue_shows_what_waits_for_each_role(client, redacteur, eindredacteur):
    waiting = PracticeFactory(title="Wacht op oordeel", status=Status.REVIEW)
    mine = PracticeFactory(title="Mijn concept", status=Status.REVIEW, created_by=redacteur)
    workflow.send_back(mine, actor=eindredacteur, comment="Kortere samenvatting graag.")
    client.force_login(redacteur)
    html = client.get(reverse("review_queue")).content.decode()
    assert "Uw concepten, teruggestuurd (1)" in html and "Kortere samenvatting graag." in html
    assert "Wacht op oordeel" not in html  # not a chief editor
    client.force_login(eindredacteur)
    html = client.get(reverse("review_queue")).content.decode()
    assert "Ter beoordeling (1)" in html and "Wacht op oordeel" in html
    assert waiting.get_absolute_url() not in html  # links go to the admin
    assert reverse("admin:practices_practice_change", args=[waiting.pk]) in html
    client.logout()
    assert client.get(reverse("review_queue")).status_code == 302
