"""Every mail of the portal: recorded, sent by a background task, retried
while the mail server is down, and never sent twice.

    send_safely --> OutgoingMail (queued) --send_mail_task--> sent
                         ^      |  server down: retry with backoff
                         |      +--> queued again (1, 2, 4 ... 60 minutes)
                         |      +--> failed (after 24 hours of trying, or
                         |           when the server refuses for good)
                         +---- resend ("Opnieuw versturen" in the admin)

``send_safely`` is the one entry point. Callers call it after their
transaction commits (``transaction.on_commit``), as before; it records the
mail and queues the task in one transaction (with the database task backend
both rows commit together, so no mail is recorded without a task to send it).
A ``key`` names the logical mail: queuing the same key again returns the row
already there, so a repeated call queues nothing new.

Sending once: a task first *claims* the mail with one conditional UPDATE
(queued and due -> sending); only the task that claimed it sends. A second
task for the same mail (a resend click, a duplicate) finds it sent or not due
and does nothing. A worker that dies in the middle of the SMTP conversation
leaves the mail "wordt verstuurd"; staff can send it again from the admin.

Logs name the mail by id and key, never by address or subject.
"""

from __future__ import annotations

import datetime
import logging
import re
import smtplib
import uuid
from collections.abc import Iterable

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.tasks import task
from django.utils import timezone

from portal.ops import tasks
from portal.ops.logs import current_request_id
from portal.ops.models import OutgoingMail

log = logging.getLogger(__name__)

# The retry policy: first retry after a minute, each wait twice the last,
# at most an hour; failed when an attempt fails a day after the first.
FIRST_DELAY = datetime.timedelta(minutes=1)
MAX_DELAY = datetime.timedelta(hours=1)
RETRY_FOR = datetime.timedelta(hours=24)
# A mail "being sent" this long was left by a worker that died.
STALE_SENDING = datetime.timedelta(minutes=15)

# Line breaks (CR, LF, Unicode separators) and other control characters: in a
# subject they would make the mail library refuse the whole message.
_CONTROL = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")


def one_line(text: object) -> str:
    """A header value on one line: control characters become one space."""
    return _CONTROL.sub(" ", str(text)).strip()


def queue_mail(
    subject: str,
    body: str,
    recipients: Iterable[str],
    *,
    key: str | None = None,
    headers: dict[str, str] | None = None,
) -> OutgoingMail | None:
    """Record one mail and queue its sending; None when it has no recipient.
    Subjects are built from titles people typed, so they are put on one line
    (and so are the values of extra ``headers``, such as List-Unsubscribe).
    With a ``key`` already used, the mail recorded then is returned and
    nothing new is queued."""
    addresses = sorted({r for r in recipients if r})
    if not addresses:
        return None
    key = key or f"los-{uuid.uuid4().hex}"
    now = timezone.now()
    with transaction.atomic():
        mail, created = OutgoingMail.objects.get_or_create(
            key=key,
            defaults={
                "recipients": addresses,
                "subject": one_line(subject)[:300],
                "body": body,
                "headers": {one_line(k): one_line(v) for k, v in (headers or {}).items()},
                "retry_from": now,
                "next_attempt_at": now,
                "request_id": current_request_id.get()[:32],
            },
        )
        if created:
            tasks.enqueue(send_mail_task, mail.pk)
        else:
            log.info("Mail %s (%s) was queued before; not again", mail.pk, key)
    return mail


def send_safely(
    subject: str,
    body: str,
    recipients: Iterable[str],
    *,
    key: str | None = None,
    headers: dict[str, str] | None = None,
) -> bool:
    """Send one mail in the background; every mail of the portal goes
    through here. True when it is queued (or was, under ``key``). A mail
    server that is down never reaches the caller."""
    return queue_mail(subject, body, recipients, key=key, headers=headers) is not None


@task()
def send_mail_task(mail_id: int, *, request_id: str = "") -> str:
    """The task: send mail ``mail_id`` if it is still to be sent and due."""
    with tasks.request_context(request_id):
        return deliver(mail_id)


def deliver(mail_id: int) -> str:
    """Send mail ``mail_id`` once. Returns what happened: "sent", "retry",
    "failed" or "skipped" (sent already, failed, or not due yet)."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(
        pk=mail_id, status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now
    ).update(status=OutgoingMail.Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    extra = {"request_id": current_request_id.get()}
    if not claimed:
        log.info("Mail %s skipped: sent, failed or not due", mail_id, extra=extra)
        return "skipped"
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        EmailMessage(
            subject=mail.subject, body=mail.body, to=mail.recipients, headers=mail.headers or None
        ).send()
    except Exception as error:  # every failure is recorded; none reaches the caller
        return _failed(mail, error, now)
    OutgoingMail.objects.filter(pk=mail_id).update(
        status=OutgoingMail.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
    )
    log.info("Mail %s (%s) sent, attempt %d", mail.pk, mail.key, mail.attempts, extra=extra)
    return "sent"


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4 ... minutes,
    at most an hour."""
    return min(FIRST_DELAY * 2 ** min(max(attempts - 1, 0), 20), MAX_DELAY)


def permanent(error: BaseException) -> bool:
    """Did the mail server refuse for good (a 5xx reply for the sender, the
    message, or every recipient)? Then trying again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _failed(mail: OutgoingMail, error: BaseException, now: datetime.datetime) -> str:
    extra = {"request_id": current_request_id.get()}
    reason = f"{type(error).__name__}: {error}"[:500]
    give_up = permanent(error) or now >= mail.retry_from + RETRY_FOR
    if give_up:
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.FAILED, next_attempt_at=None, last_error=reason
        )
        log.error(
            "Sending mail %s (%s) failed for good after %d attempts (%s)",
            mail.pk,
            mail.key,
            mail.attempts,
            type(error).__name__,
            extra=extra,
        )
        return "failed"
    next_at = now + backoff(mail.attempts)
    with transaction.atomic():
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.QUEUED, next_attempt_at=next_at, last_error=reason
        )
        tasks.enqueue(send_mail_task, mail.pk, run_after=next_at)
    log.warning(
        "Sending mail %s (%s) failed, attempt %d (%s); next attempt at %s",
        mail.pk,
        mail.key,
        mail.attempts,
        type(error).__name__,
        next_at.isoformat(),
        extra=extra,
    )
    return "retry"


def resendable(now: datetime.datetime | None = None) -> Q:
    """The mails staff may send again: failed, or left "being sent" by a
    worker that died."""
    now = now or timezone.now()
    return Q(status=OutgoingMail.Status.FAILED) | Q(
        status=OutgoingMail.Status.SENDING, last_attempt_at__lt=now - STALE_SENDING
    )


def resend(mails: QuerySet[OutgoingMail]) -> int:
    """Staff ("Opnieuw versturen"): queue failed mails again, with a new day
    of retries. Sent and waiting mails are left alone (a mail is sent once).
    Returns the number queued."""
    now = timezone.now()
    count = 0
    for pk in mails.filter(resendable(now)).values_list("pk", flat=True):
        with transaction.atomic():
            changed = OutgoingMail.objects.filter(resendable(now), pk=pk).update(
                status=OutgoingMail.Status.QUEUED, retry_from=now, next_attempt_at=now
            )
            if changed:
                tasks.enqueue(send_mail_task, pk)
                count += 1
    return count


def purge_old_mail(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """Delete sent and failed mails created more than ``older_than_days``
    ago: they hold addresses and texts (personal data). Mail still waiting
    is kept. Returns the number deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    deleted, _ = OutgoingMail.objects.filter(
        status__in=[OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED], created_at__lt=cutoff
    ).delete()
    return deleted
