"""Mail after a transition (portal.editorial.notifications), only after the
commit, and never undoing the transition when it fails."""

import pytest
from django.core import mail

from portal.core.models import Status
from portal.editorial import workflow
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_notifications_after_commit(
    redacteur, eindredacteur, superuser, django_capture_on_commit_callbacks
):
    redacteur.email, eindredacteur.email, superuser.email = "r@x.nl", "e@x.nl", "s@x.nl"
    for user in (redacteur, eindredacteur, superuser):
        user.save()
    item = PracticeFactory(created_by=redacteur)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(item, actor=redacteur)
    assert [(m.subject, sorted(m.to)) for m in mail.outbox] == [
        (f"Ter beoordeling: {item}", ["e@x.nl", "s@x.nl"])
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(item, actor=eindredacteur, comment="Voeg een bron toe.")
    assert mail.outbox[0].to == ["r@x.nl"] and "Voeg een bron toe." in mail.outbox[0].body
    mail.outbox.clear()
    workflow.submit(item, actor=redacteur)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(item, actor=eindredacteur)
    assert [m.subject for m in mail.outbox] == [f"Gepubliceerd: {item}"]


def test_failing_mail_never_undoes_a_transition(
    redacteur, eindredacteur, settings, caplog, django_capture_on_commit_callbacks
):
    eindredacteur.email = "e@x.nl"
    eindredacteur.save()
    settings.MAILERS = {"default": {"BACKEND": "tests.portal.ops.broken_mail.BrokenBackend"}}
    item = PracticeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(item, actor=redacteur)
    item.refresh_from_db()
    assert item.status == Status.REVIEW
    assert "Sending mail" in caplog.text
