"""Outgoing mail (portal.ops.mail): recorded, sent once, retried with
backoff while the server is down, failed after a day, sent again from the
admin. Tasks run at once here (the immediate backend); the real queue and a
real SMTP server are in test_mail_smtp.py."""

import datetime
import smtplib

import pytest
from django.core import mail as outbox
from django.urls import reverse
from django.utils import timezone

from portal.ops import mail, tasks
from portal.ops.models import OutgoingMail
from tests.factories import OutgoingMailFactory

pytestmark = pytest.mark.django_db

BROKEN = {"default": {"BACKEND": "tests.portal.ops.broken_mail.BrokenBackend"}}


class Clock:
    """``timezone.now`` under the test's control."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_a_mail_is_recorded_and_sent_once_under_its_key():
    assert mail.send_safely("Ter beoordeling:\nX", "Tekst", ["b@x.nl", "a@x.nl", ""], key="k1")
    assert mail.send_safely("Ter beoordeling: X", "Tekst", ["a@x.nl"], key="k1")
    assert [(m.subject, m.to) for m in outbox.outbox] == [
        ("Ter beoordeling: X", ["a@x.nl", "b@x.nl"])
    ]
    row = OutgoingMail.objects.get()
    assert (row.status, row.attempts, row.key) == (OutgoingMail.Status.SENT, 1, "k1")
    assert row.sent_at is not None and row.next_attempt_at is None


def test_without_recipients_nothing_is_queued():
    assert mail.send_safely("Onderwerp", "Tekst", ["", None]) is False
    assert not OutgoingMail.objects.exists()


def test_a_sent_mail_is_never_sent_again():
    mail.send_safely("Onderwerp", "Tekst", ["a@x.nl"], key="eens")
    row = OutgoingMail.objects.get()
    assert mail.deliver(row.pk) == "skipped"
    assert mail.send_mail_task.enqueue(row.pk).return_value == "skipped"
    assert len(outbox.outbox) == 1


def test_backoff_doubles_from_a_minute_up_to_an_hour():
    assert [mail.backoff(n).total_seconds() / 60 for n in range(1, 10)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
        60,
    ]


def test_a_down_server_is_retried_with_backoff_for_a_day_then_failed(settings, clock):
    settings.MAILERS = BROKEN
    start = clock.now
    mail.send_safely("Onderwerp", "Tekst", ["a@x.nl"], key="k")
    row = OutgoingMail.objects.get()
    attempts = [0.0]  # minutes after the first attempt
    while row.status == OutgoingMail.Status.QUEUED:
        assert row.last_error == "ConnectionRefusedError: mail server down"
        clock.now = row.next_attempt_at
        attempts.append((clock.now - start).total_seconds() / 60)
        assert mail.deliver(row.pk) in {"retry", "failed"}
        row.refresh_from_db()
    assert attempts[:9] == [0, 1, 3, 7, 15, 31, 63, 123, 183]
    assert row.status == OutgoingMail.Status.FAILED
    # It tried for at least a day, and gave up at the first attempt after that.
    assert attempts[-2] < 24 * 60 <= attempts[-1]
    assert row.attempts == len(attempts) and row.next_attempt_at is None
    assert outbox.outbox == []


def test_a_retry_is_not_sent_before_it_is_due(settings, clock):
    settings.MAILERS = BROKEN
    mail.send_safely("Onderwerp", "Tekst", ["a@x.nl"], key="k")
    row = OutgoingMail.objects.get()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    clock.advance(seconds=59)
    assert mail.deliver(row.pk) == "skipped"
    clock.advance(seconds=1)
    assert mail.deliver(row.pk) == "sent"
    assert len(outbox.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingMail.Status.SENT, 2)


@pytest.mark.parametrize(
    "error, gives_up",
    [
        (smtplib.SMTPRecipientsRefused({"a@x.nl": (550, b"unknown")}), True),
        (smtplib.SMTPRecipientsRefused({"a@x.nl": (450, b"try later")}), False),
        (smtplib.SMTPSenderRefused(553, b"no", "noreply@localhost"), True),
        (smtplib.SMTPServerDisconnected("gone"), False),
        (TimeoutError("timed out"), False),
    ],
)
def test_only_a_refusal_for_good_fails_at_once(error, gives_up):
    assert mail.permanent(error) is gives_up


def superuser_changelist(client, superuser):
    client.force_login(superuser)
    return reverse("admin:portal_outgoingmail_changelist")


def test_staff_see_failed_mail_and_send_it_again_once(client, superuser):
    failed = OutgoingMailFactory(status=OutgoingMail.Status.FAILED, attempts=30, last_error="X")
    sent = OutgoingMailFactory(status=OutgoingMail.Status.SENT, attempts=1)
    url = superuser_changelist(client, superuser)
    page = client.get(url, {"status__exact": "failed"})
    assert page.status_code == 200
    assert failed.subject in page.text and sent.subject not in page.text
    assert "mislukt" in page.text and "Opnieuw versturen" in page.text

    response = client.post(
        url,
        {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert "1 mail staat weer in de wachtrij." in response.text
    assert "1 mail overgeslagen" in response.text
    assert [m.subject for m in outbox.outbox] == [failed.subject]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingMail.Status.SENT, 31)
    sent.refresh_from_db()
    assert sent.status == OutgoingMail.Status.SENT


def test_a_resent_mail_gets_a_new_day_of_retries(settings, clock):
    settings.MAILERS = BROKEN
    row = OutgoingMailFactory(
        status=OutgoingMail.Status.FAILED, retry_from=clock.now - datetime.timedelta(days=2)
    )
    assert mail.resend(OutgoingMail.objects.all()) == 1
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.QUEUED  # failed once more, but not for good
    assert row.retry_from == clock.now
    assert row.next_attempt_at == clock.now + datetime.timedelta(minutes=1)


def test_a_mail_left_sending_by_a_dead_worker_can_be_sent_again(clock):
    stuck = OutgoingMailFactory(status=OutgoingMail.Status.SENDING, last_attempt_at=clock.now)
    assert mail.resend(OutgoingMail.objects.all()) == 0  # it may still be on its way
    clock.advance(minutes=16)
    assert mail.resend(OutgoingMail.objects.all()) == 1
    stuck.refresh_from_db()
    assert stuck.status == OutgoingMail.Status.SENT
    assert len(outbox.outbox) == 1


def test_a_mail_cannot_be_edited_or_added_in_the_admin(client, superuser):
    row = OutgoingMailFactory()
    superuser_changelist(client, superuser)
    change = client.get(reverse("admin:portal_outgoingmail_change", args=[row.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.text
    assert client.get(reverse("admin:portal_outgoingmail_add")).status_code == 403


def test_the_mail_and_its_log_lines_carry_the_request_id(caplog):
    with tasks.request_context("req-1234"):
        mail.send_safely("Onderwerp", "Tekst", ["a@x.nl"], key="k")
    assert OutgoingMail.objects.get().request_id == "req-1234"
    sent = [r for r in caplog.records if r.name == "portal.ops.mail"]
    assert [r.request_id for r in sent] == ["req-1234"]
    assert "a@x.nl" not in caplog.text and "Onderwerp" not in caplog.text


def test_old_sent_and_failed_mail_is_purged_waiting_mail_kept(clock):
    old = clock.now - datetime.timedelta(days=31)
    for status in OutgoingMail.Status.values:
        OutgoingMailFactory(status=status)
    OutgoingMail.objects.update(created_at=old)
    recent = OutgoingMailFactory(status=OutgoingMail.Status.SENT)
    assert mail.purge_old_mail(older_than_days=30) == 2
    assert sorted(OutgoingMail.objects.values_list("status", flat=True)) == sorted(
        ["queued", "sending", recent.status]
    )


def test_editors_see_failed_mail_and_may_send_it_again(client, redacteur, staff_without_group):
    failed = OutgoingMailFactory(status=OutgoingMail.Status.FAILED)
    url = reverse("admin:portal_outgoingmail_changelist")
    client.force_login(staff_without_group)
    assert client.get(url).status_code == 403
    client.force_login(redacteur)
    assert failed.subject in client.get(url).text
    client.post(url, {"action": "resend", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.status == OutgoingMail.Status.SENT
