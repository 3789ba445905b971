"""One function per state change of a subscription (keyword-only), and the
digest run the background task calls.

    request ──mail with confirm link──▶ confirm ──▶ digests (daily / weekly)
       │ not confirmed within 48 h: deleted            │
       ▼                                               ▼
    purge_unconfirmed                     unsubscribe / unsubscribe_all:
                                          the row (and the address) is deleted

Mails go through the outbox (``portal.ops.mail.send_safely``) after the
transaction commits; a digest mail is queued in the same transaction that
moves the subscription's window on, under a key per subscription and window,
so a window is mailed at most once even when two runs overlap.
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alerts import digest, links
from alerts.models import CONFIRM_WITHIN, Subscription
from portal.core.identity import normalise_username
from portal.ops.mail import queue_mail, send_safely

log = logging.getLogger(__name__)


def normalise_email(value: object) -> str:
    """One form per address, as the portal does for user names (NFKC,
    case-folded, no invisible characters): "Info@Example.org" and
    "info@example.org" are one follower."""
    return normalise_username(value)


def request(
    *,
    email: str,
    target: str,
    frequency: str,
    municipality=None,
    theme=None,
    kind: str = "",
    query: str = "",
    language: str = settings.LANGUAGE_CODE,
) -> Subscription:
    """A visitor asks to follow something: the request is stored
    unconfirmed and a mail with the confirm link goes out. Asking again
    sends the link again (and takes the new frequency); for a subscription
    that is confirmed already, a mail with the manage link instead. The page
    says the same in every case, so it never tells whether an address
    follows something. ``language``: of the page asked on; every mail of
    the subscription is written in it, with links to that language's pages
    (asking again on a page in another language changes it)."""
    now = timezone.now()
    with transaction.atomic():
        Subscription.objects.expired(now=now).filter(email=normalise_email(email)).delete()
        candidate = Subscription(
            email=normalise_email(email),
            target=target,
            frequency=frequency,
            municipality=municipality if target == Subscription.Target.MUNICIPALITY else None,
            theme=theme if target == Subscription.Target.THEME else None,
            kind=kind if target == Subscription.Target.KIND else "",
            query=query.strip() if target == Subscription.Target.QUERY else "",
        )
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=candidate.email,
            target_key=candidate.make_key(),
            defaults={
                **{
                    field: getattr(candidate, field)
                    for field in ("target", "frequency", "municipality", "theme", "kind", "query")
                },
                "language": language,
            },
        )
        if not created:
            changed = ["language", "target_key"]
            subscription.language = language
            if not subscription.is_confirmed:
                subscription.frequency = frequency
                changed.append("frequency")
            subscription.save(update_fields=changed)
        transaction.on_commit(lambda: _send_request_mail(subscription))
    return subscription


def _send_request_mail(subscription: Subscription) -> None:
    with translation.override(subscription.language):
        _send_request_mail_in_language(subscription)


def _send_request_mail_in_language(subscription: Subscription) -> None:
    context = {"subscription": subscription, "site_url": settings.SITE_URL}
    if subscription.is_confirmed:
        template, subject = "alerts/mail/already.txt", _("U volgt dit al")
        context["manage_url"] = links.url(subscription, links.MANAGE)
    else:
        template = "alerts/mail/confirm.txt"
        subject = _("Bevestig dat u %(label)s wilt volgen") % {"label": subscription.label}
        context["confirm_url"] = links.url(subscription, links.CONFIRM)
        context["hours"] = int(CONFIRM_WITHIN.total_seconds() // 3600)
    send_safely(
        subject,
        render_to_string(template, context),
        [subscription.email],
        key=f"alerts:aanvraag:{subscription.pk}:{uuid.uuid4().hex}",
    )


def confirm(subscription: Subscription) -> Subscription:
    """The visitor confirmed from the mail: digests start with what becomes
    public from now on. Confirming twice changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=now, checked_until=now
        )
    subscription.refresh_from_db()
    return subscription


def change_frequency(subscription: Subscription, *, frequency: str) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(frequency=frequency)


def unsubscribe(subscription: Subscription) -> None:
    """Stop following: the row, and with it the address, is deleted."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def unsubscribe_all(*, email: str) -> int:
    """Stop every subscription of ``email``; returns how many there were."""
    deleted, _detail = Subscription.objects.filter(email=normalise_email(email)).delete()
    return deleted


def purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete requests that were not confirmed in time (with their address)."""
    deleted, _detail = Subscription.objects.expired(now=now).delete()
    return deleted


def send_digest(subscription: Subscription, *, now: datetime.datetime) -> bool:
    """Mail what became public for ``subscription`` since its last digest;
    no mail when there is nothing new. The window moves on either way.
    True when a mail was queued."""
    since = subscription.checked_until or subscription.confirmed_at or now
    with transaction.atomic():
        claimed = Subscription.objects.filter(
            pk=subscription.pk, confirmed_at__isnull=False, checked_until=since
        ).update(checked_until=now)
        if not claimed:
            return False  # another run took this window, or it was deleted
        # In the subscriber's language: the mail's words, the items' titles
        # where they have one in it, and every link.
        with translation.override(subscription.language):
            items = digest.new_items(subscription, since=since, until=now)
            if not items:
                return False
            mail = digest.compose(subscription, items, since=since)
        queue_mail(
            mail["subject"],
            mail["body"],
            [subscription.email],
            key=f"alerts:samenvatting:{subscription.pk}:{now.isoformat()}",
            headers=mail["headers"],
        )
        Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return True


def run_digest(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """One run of the digest task: expired requests deleted, every due
    subscription looked at. Returns counts (for the log; no addresses)."""
    now = now or timezone.now()
    counts = {"verwijderd": purge_unconfirmed(now=now), "bekeken": 0, "verstuurd": 0}
    for subscription in Subscription.objects.due(now=now).select_related("municipality", "theme"):
        counts["bekeken"] += 1
        try:
            counts["verstuurd"] += send_digest(subscription, now=now)
        except Exception:  # one broken subscription must not stop the others
            log.exception("Digest for subscription %s failed", subscription.pk)
    log.info(
        "Alerts digest: %(bekeken)d due, %(verstuurd)d mails, %(verwijderd)d expired requests",
        counts,
    )
    return counts
