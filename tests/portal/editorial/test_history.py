"""History and restore (portal.editorial.history): every save keeps a
revision, two revisions compare field by field, a restore is a new revision."""

import pytest
from django.urls import reverse

from portal.core.models import Status
from portal.editorial import workflow
from tests.factories import PracticeFactory
from tests.portal.editorial.conftest import change_url, form_data

pytestmark = pytest.mark.django_db


def test_every_save_keeps_a_revision_with_its_author(client, redacteur):
    item = PracticeFactory(title="Eerste titel")
    client.force_login(redacteur)
    client.post(change_url(item), form_data(item, title="Tweede titel"))
    item.refresh_from_db()
    revisions = list(item.history.order_by("history_date"))
    assert [r.title for r in revisions] == ["Eerste titel", "Tweede titel"]
    assert revisions[-1].history_user == redacteur


def test_compare_two_revisions_field_by_field(client, redacteur):
    item = PracticeFactory(title="Oud", summary="Zelfde")
    client.force_login(redacteur)
    client.post(change_url(item), form_data(item, title="Nieuw"))
    old, new = item.history.order_by("history_date")
    url = reverse("admin:practices_practice_versions", args=[item.pk])
    html = client.get(url, {"a": old.history_id, "b": new.history_id}).content.decode()
    assert "<td>Oud</td><td>Nieuw</td>" in html
    assert "Titel <strong>(gewijzigd)</strong>" in html
    assert "Samenvatting <strong>(gewijzigd)</strong>" not in html


def test_restore_makes_a_new_revision_and_keeps_the_status(client, eindredacteur):
    item = PracticeFactory(title="Goede versie", status=Status.REVIEW)
    workflow.publish(item, actor=eindredacteur)
    item.refresh_from_db()
    # A chief editor edits the published item directly (Redactie would go
    # through a pending change: tests/security/test_review_promise.py).
    client.force_login(eindredacteur)
    client.post(change_url(item), form_data(item, title="Foute versie"))
    good = item.history.filter(title="Goede versie").order_by("-history_date").first()
    count = item.history.count()
    client.post(reverse("admin:practices_practice_restore", args=[item.pk, good.history_id]))
    item.refresh_from_db()
    assert item.title == "Goede versie"
    assert item.status == Status.PUBLISHED  # still subject to the workflow
    assert item.history.count() == count + 1
    latest = item.history.order_by("-history_date").first()
    assert latest.history_change_reason.startswith("Versie van ")
    assert latest.history_user == eindredacteur


def test_restore_needs_post_and_change_permission(client, staff_without_group, redacteur):
    item = PracticeFactory()
    revision = item.history.first()
    url = reverse("admin:practices_practice_restore", args=[item.pk, revision.history_id])
    client.force_login(redacteur)
    assert client.get(url).status_code == 403
    client.force_login(staff_without_group)
    assert client.post(url).status_code == 403
