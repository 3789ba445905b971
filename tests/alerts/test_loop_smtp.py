"""The whole alert loop (issue 20), with the real task queue, the real worker
(``manage.py db_worker --batch``) and a real SMTP server (aiosmtpd): subscribe
→ confirmation mail → confirm → items published (one public and matching,
one draft, one scheduled for later, one of another municipality) → the
digest task at its hour → exactly one mail with only the public matching
item → one-click unsubscribe (RFC 8058) deletes the row → the next digest
sends nothing. Time moves by the test's clock (``timezone.now``)."""

import datetime
import email
import email.policy

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.utils import timezone

from alerts import tasks as alert_tasks
from alerts.models import Subscription
from portal.core.models import Status
from portal.ops.models import OutgoingMail
from tests.alerts.helpers import SUBSCRIBE, form_data, link_after, path_of
from tests.factories import PracticeFactory, TravelReportFactory, municipality
from tests.portal.ops.test_mail_smtp import free_port
from tests.portal.ops.worker import DATABASE_QUEUE, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((sorted(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    settings.TASKS = DATABASE_QUEUE
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def clock(monkeypatch):
    """Today 09:00 local time, moved on by the test."""
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    state = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def test_subscribe_confirm_digest_unsubscribe_over_smtp(smtp, clock):
    visitor = Client(enforce_csrf_checks=False)
    utrecht, amsterdam = municipality("GM0344"), municipality("GM0363")

    # Subscribe: nothing is sent in the request itself; the worker sends
    # the confirmation mail.
    response = visitor.post(
        SUBSCRIBE, form_data(email="Ouder@Example.org", municipality=utrecht.pk)
    )
    assert response.status_code == 302 and response["Location"] == "/volgen/verstuurd/"
    assert smtp.messages == []
    run_worker()
    assert len(smtp.messages) == 1
    recipients, confirmation = smtp.messages[0]
    assert recipients == ["ouder@example.org"]
    assert confirmation["Subject"] == "Bevestig dat u gemeente Utrecht wilt volgen"
    assert confirmation["List-Unsubscribe"] is None
    body = confirmation.get_content()
    confirm_path = path_of(link_after(body, "via deze link:"))
    assert confirm_path.startswith("/volgen/bevestigen/")
    assert "48 uur" in body

    # Confirm: the link shows a button (a mail scanner confirms nothing),
    # the button confirms.
    page = visitor.get(confirm_path)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert Subscription.objects.get().confirmed_at is None
    assert visitor.post(confirm_path).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at == clock["now"]
    run_worker()  # the heartbeat runs, and the digest task is queued for 07:00
    assert len(smtp.messages) == 1

    # Published in the next hour: one public item of Utrecht, one draft,
    # one scheduled for after the digest, one of Amsterdam.
    in_window = clock["now"] + datetime.timedelta(hours=1)
    tomorrow_7 = alert_tasks.next_run(clock["now"])
    assert timezone.localtime(tomorrow_7).hour == 7
    assert timezone.localdate(tomorrow_7) == timezone.localdate(clock["now"]) + (
        datetime.timedelta(days=1)
    )
    public = PracticeFactory(
        title="Ouderkamer Utrecht",
        status=Status.PUBLISHED,
        publish_at=in_window,
        municipalities=[utrecht],
    )
    PracticeFactory(title="Concept Utrecht", publish_at=in_window, municipalities=[utrecht])
    TravelReportFactory(
        title="Later Utrecht",
        status=Status.PUBLISHED,
        publish_at=tomorrow_7 + datetime.timedelta(hours=3),
        municipalities=[utrecht],
    )
    TravelReportFactory(
        title="Reis Amsterdam",
        status=Status.PUBLISHED,
        publish_at=in_window,
        municipalities=[amsterdam],
    )

    # Before 07:00 the digest waits; at 07:00 it sends exactly one mail.
    clock["now"] = tomorrow_7 - datetime.timedelta(minutes=1)
    run_worker()
    assert len(smtp.messages) == 1
    clock["now"] = tomorrow_7 + datetime.timedelta(seconds=30)
    run_worker()
    assert len(smtp.messages) == 2
    recipients, digest = smtp.messages[1]
    assert recipients == ["ouder@example.org"]
    assert digest["Subject"] == ("Nieuw op het Kennisportaal Ouderbetrokkenheid: gemeente Utrecht")
    assert digest.get_content_type() == "text/plain"  # no images, no pixels
    text = digest.get_content()
    assert "Ouderkamer Utrecht (Praktijkvoorbeelden)" in text
    assert f"http://127.0.0.1:8000{public.get_absolute_url()}" in text
    for absent in ("Concept Utrecht", "Later Utrecht", "Reis Amsterdam"):
        assert absent not in text
    unsubscribe_url = digest["List-Unsubscribe"].strip("<>")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in text
    assert path_of(link_after(text, "beheren:")).startswith("/volgen/beheer/")
    subscription.refresh_from_db()
    assert subscription.last_sent_at == clock["now"]
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == 2

    # One click (RFC 8058): a POST from the mail program, without CSRF
    # token or cookie, deletes the subscription and with it the address.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()

    # Something new for Utrecht, and the next day's digest: no mail.
    PracticeFactory(
        title="Nog een Utrechts voorbeeld",
        status=Status.PUBLISHED,
        publish_at=clock["now"] + datetime.timedelta(hours=1),
        municipalities=[utrecht],
    )
    clock["now"] = alert_tasks.next_run(clock["now"]) + datetime.timedelta(seconds=30)
    run_worker()
    assert len(smtp.messages) == 2
