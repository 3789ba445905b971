"""Signed links in the mails: confirm, unsubscribe (one click) and manage.

A link carries the subscription's id and its secret token, signed with the
secret key (``django.core.signing``, a salt per purpose, so a manage link is
no confirm link). No address is in a link, so nothing personal lands in a
log line. A confirm link expires with the request (``CONFIRM_WITHIN``);
the other two work as long as the subscription exists.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from alerts.models import CONFIRM_WITHIN, Subscription

CONFIRM, UNSUBSCRIBE, MANAGE = "bevestigen", "afmelden", "beheer"
_URL_NAMES = {CONFIRM: "alerts:confirm", UNSUBSCRIBE: "alerts:unsubscribe", MANAGE: "alerts:manage"}
_MAX_AGE = {CONFIRM: CONFIRM_WITHIN}


class BadLink(Exception):
    """The link was altered, expired, or is not a link of this kind."""


def sign(subscription: Subscription, purpose: str) -> str:
    return signing.dumps([subscription.pk, subscription.token], salt=f"alerts-{purpose}")


def url(subscription: Subscription, purpose: str) -> str:
    """The absolute address of the link (for a mail)."""
    path = reverse(_URL_NAMES[purpose], args=[sign(subscription, purpose)])
    return f"{settings.SITE_URL}{path}"


def load(value: str, purpose: str) -> Subscription | None:
    """The subscription of a genuine link, None when it no longer exists;
    ``BadLink`` for an altered or expired link."""
    try:
        data: Any = signing.loads(
            value[:500], salt=f"alerts-{purpose}", max_age=_MAX_AGE.get(purpose)
        )
        pk, token = int(data[0]), str(data[1])
    except (signing.BadSignature, TypeError, ValueError, IndexError, KeyError) as error:
        raise BadLink from error
    subscription = (
        Subscription.objects.filter(pk=pk).select_related("municipality", "theme").first()
    )
    if subscription is None or not constant_time_compare(subscription.token, token):
        return None
    return subscription
