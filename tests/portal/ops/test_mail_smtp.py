"""Nothing is lost when the mail server is down (issue 18): the real task
queue (django-tasks-db), the real worker (``manage.py db_worker --batch``) and
a real SMTP server (aiosmtpd) on a free loopback port that is down while a
visitor submits the form and comes up hours later. Time is moved on by the
test's clock (``timezone.now``), so the retries of hours take a second."""

import datetime
import email
import socket

import pytest
from aiosmtpd.controller import Controller
from django.db.models import Min
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.ops import mail, tasks
from portal.ops.models import OutgoingMail
from tests.conftest import FORM
from tests.portal.ops.worker import DATABASE_QUEUE, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

DOWN = datetime.timedelta(hours=3)
SEND_TASK = mail.send_mail_task.module_path


class Inbox:
    """The SMTP server's handler: keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.messages.append((sorted(envelope.rcpt_tos), str(message["Subject"])))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A mail server that is down until ``start()``ed."""
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    started = []

    def start():
        controller.start()
        started.append(True)

    inbox.start = start
    yield inbox
    if started:
        controller.stop()


@pytest.fixture
def queue(settings):
    """The database task backend, as in production."""
    settings.TASKS = DATABASE_QUEUE


def next_send_due():
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=SEND_TASK
    ).aggregate(due=Min("run_after"))["due"]


def test_mail_queued_while_the_server_is_down_arrives_once_when_it_is_up(
    client, valid, redacteur, smtp, queue, monkeypatch, caplog
):
    redacteur.email = "redactie@example.org"
    redacteur.save()
    response = client.post(FORM, valid)
    assert response.status_code == 302
    request_id = response["X-Request-ID"]
    reference = OutgoingMail.objects.values_list("subject", flat=True)
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).count() == 2
    assert smtp.messages == []  # nothing is sent in the request itself

    clock = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    start = OutgoingMail.objects.aggregate(t=Min("created_at"))["t"]
    timeline = []  # (minutes after the submission, server up?, mail statuses)
    up = False
    run_worker()
    while True:
        timeline.append(
            (
                round((clock["now"] - start).total_seconds() / 60),
                up,
                sorted(OutgoingMail.objects.values_list("status", "attempts")),
            )
        )
        due = next_send_due()
        if due is None:
            break
        clock["now"] = due
        if not up and clock["now"] - start >= DOWN:
            smtp.start()
            up = True
        run_worker()
    print("\nminute, server up, (status, attempts) of both mails:")
    print("\n".join(map(str, timeline)))

    # While the server was down: retried with backoff, nothing delivered.
    minutes = [minute for minute, _up, _statuses in timeline]
    assert minutes[:9] == [0, 1, 3, 7, 15, 31, 63, 123, 183]
    for _minute, was_up, statuses in timeline[:-1]:
        assert not was_up and {status for status, _ in statuses} == {"queued"}
    # Up after three hours: delivered at the next attempt, each once.
    delivered_at, _, statuses = timeline[-1]
    assert 180 <= delivered_at < 240
    assert statuses == [("sent", 9), ("sent", 9)]
    assert sorted(smtp.messages) == sorted(
        [
            (["lucja@example.org"], next(s for s in reference if s.startswith("Ontvangen"))),
            (["redactie@example.org"], next(s for s in reference if s.startswith("Nieuwe"))),
        ]
    )

    # Exactly once: a duplicate task, the same mails queued again, another run.
    for pk in OutgoingMail.objects.values_list("pk", flat=True):
        tasks.enqueue(mail.send_mail_task, pk)
    submission_mails = list(
        OutgoingMail.objects.values_list("key", "subject", "body", "recipients")
    )
    for key, subject, body, recipients in submission_mails:
        mail.send_safely(subject, body, recipients, key=key)
    run_worker()
    assert len(smtp.messages) == 2
    assert OutgoingMail.objects.count() == 2

    # No task failed (the retries are the policy's, not errors), and every
    # log line of the mail tasks names the request that queued them.
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()
    lines = [r for r in caplog.records if r.name == "portal.ops.mail"]
    attempts = [r for r in lines if "attempt" in r.getMessage()]
    assert len(attempts) == 18  # 8 failed and 1 sent, for each of the two mails
    assert {r.request_id for r in attempts} == {request_id}
    assert not [r for r in lines if "@" in r.getMessage()]  # no address in our lines
