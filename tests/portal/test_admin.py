import pytest
from django.urls import reverse

from portal.core.models import Status
from portal.editorial.models import TransitionLog
from practices.models import Practice
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


def change_url(item):
    return reverse("admin:practices_practice_change", args=[item.pk])


def transition_url(item, name):
    return reverse("admin:practices_practice_transition", args=[item.pk, name])


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


def test_change_form_shows_only_allowed_transition_buttons(client, redacteur, eindredacteur):
    item = PracticeFactory(status=Status.REVIEW)
    client.force_login(redacteur)
    html = client.get(change_url(item)).content.decode()
    assert "Goedkeuren en publiceren" not in html
    client.force_login(eindredacteur)
    html = client.get(change_url(item)).content.decode()
    assert "Goedkeuren en publiceren" in html and "Terugsturen naar redacteur" in html


def test_admin_buttons_run_the_workflow(client, redacteur, eindredacteur):
    item = PracticeFactory()
    client.force_login(redacteur)
    client.post(transition_url(item, "submit"))
    item.refresh_from_db()
    assert item.status == Status.REVIEW
    # The editor cannot publish, even by posting directly.
    response = client.post(transition_url(item, "publish"), follow=True)
    assert "U hebt geen recht" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.REVIEW
    client.force_login(eindredacteur)
    client.post(transition_url(item, "send_back"), {"comment": "Bron ontbreekt."})
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    log = TransitionLog.objects.filter(object_id=item.pk).first()
    assert (log.comment, log.actor) == ("Bron ontbreekt.", eindredacteur)
    html = client.get(change_url(item)).content.decode()
    assert "Bron ontbreekt." in html


def test_transition_needs_post(client, eindredacteur):
    item = PracticeFactory(status=Status.REVIEW)
    client.force_login(eindredacteur)
    assert client.get(transition_url(item, "publish")).status_code == 403
    assert client.post(transition_url(item, "hack")).status_code == 403


def test_bulk_publish_action_reports_refusals(client, eindredacteur):
    ready = PracticeFactory(status=Status.REVIEW)
    draft = PracticeFactory()
    client.force_login(eindredacteur)
    response = client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "workflow_publish", "_selected_action": [ready.pk, draft.pk]},
        follow=True,
    )
    html = response.content.decode()
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert (ready.status, draft.status) == (Status.PUBLISHED, Status.DRAFT)
    assert "heeft status ‘Concept’" in html


def test_only_superusers_may_delete_content(client, eindredacteur, superuser):
    item = PracticeFactory(published=True)
    client.force_login(eindredacteur)
    url = reverse("admin:practices_practice_delete", args=[item.pk])
    assert client.get(url).status_code == 403
    client.force_login(superuser)
    assert client.get(url).status_code == 200


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
