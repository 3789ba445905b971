"""The workflow in the admin (portal.editorial.admin): transition buttons,
bulk actions, scheduling and refused concurrent saves."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.core.models import Status
from portal.editorial.models import TransitionLog
from practices.models import Practice
from tests.factories import PracticeFactory
from tests.portal.editorial.conftest import change_url, form_data
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


def transition_url(item, name):
    return reverse("admin:practices_practice_transition", args=[item.pk, name])


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


def test_second_save_of_same_item_is_refused_and_keeps_input(client, redacteur, eindredacteur):
    item = PracticeFactory(title="Start")
    opened_by_a = form_data(item, title="Titel van A")
    opened_by_b = form_data(item, title="Titel van B", summary="B typte dit allemaal")
    client.force_login(redacteur)
    assert client.post(change_url(item), opened_by_a).status_code == 302
    client.force_login(eindredacteur)
    response = client.post(change_url(item), opened_by_b)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders (redacteur) heeft dit item om" in html
    assert "B typte dit allemaal" in html and 'value="Titel van B"' in html
    item.refresh_from_db()
    assert item.title == "Titel van A"
    # Knowing about the conflict, a deliberate second save goes through.
    again = dict(opened_by_b, loaded_version=item.version)
    assert client.post(change_url(item), again).status_code == 302
    item.refresh_from_db()
    assert item.title == "Titel van B"


def test_publish_at_future_time_from_admin_goes_live_then(client, redacteur, eindredacteur):
    item = PracticeFactory(status=Status.REVIEW, created_by=redacteur)
    client.force_login(eindredacteur)
    moment = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    client.post(
        reverse("admin:practices_practice_transition", args=[item.pk, "publish"]),
        {"publish_at": moment.strftime("%Y-%m-%dT%H:%M")},
    )
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.publish_at == moment
    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404
    assert item.title not in client.get("/feeds/praktijkvoorbeelden/rss/").content.decode()
    assert item.get_absolute_url() not in sitemap_text(client)
    client.force_login(eindredacteur)
    queue = client.get(reverse("review_queue")).content.decode()
    assert "Ingepland om live te gaan (1)" in queue and "gaat live op" in queue
    later = moment + datetime.timedelta(minutes=1)
    assert Practice.objects.published(now=later).filter(pk=item.pk).exists()
