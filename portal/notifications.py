"""E-mail about the editorial workflow, sent after the transaction commits.
A failing mail server is logged and never undoes or blocks a transition."""

import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.roles import EINDREDACTIE

log = logging.getLogger(__name__)


# Line breaks (CR, LF, Unicode separators) and other control characters: in a
# subject they would make the mail library refuse the whole message.
_CONTROL = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")


def one_line(text):
    """A header value on one line: control characters become one space."""
    return _CONTROL.sub(" ", str(text)).strip()


def send_safely(subject, body, recipients):
    """Send one mail; every mail of the portal goes through here. Subjects are
    built from titles people typed, so they are put on one line first."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return False
    subject = one_line(subject)
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # any mail failure is logged, not raised
        log.exception("Sending mail %r failed", subject)
        return False
    return True


def _admin_url(item):
    opts = item._meta
    try:
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path


def chief_editor_addresses():
    User = get_user_model()
    return list(
        User.objects.filter(Q(groups__name=EINDREDACTIE) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def transition_done(log_id):
    from portal.models import Status, TransitionLog

    entry = TransitionLog.objects.select_related("content_type").filter(pk=log_id).first()
    item = entry.item if entry else None
    if item is None:
        return
    url = _admin_url(item)
    author = getattr(item.created_by, "email", "") if item.created_by_id else ""
    if entry.to_status == Status.REVIEW:
        send_safely(
            _("Ter beoordeling: %(title)s") % {"title": item},
            _("‘%(title)s’ wacht op uw beoordeling.\n\n%(url)s\n") % {"title": item, "url": url},
            chief_editor_addresses(),
        )
    elif entry.to_status == Status.PUBLISHED:
        send_safely(
            _("Gepubliceerd: %(title)s") % {"title": item},
            _("‘%(title)s’ is goedgekeurd en wordt gepubliceerd op %(when)s.\n\n%(url)s\n")
            % {
                "title": item,
                "when": timezone.localtime(item.publish_at).strftime("%d-%m-%Y %H:%M"),
                "url": url,
            },
            [author],
        )
    elif (
        entry.from_status == Status.REVIEW
        and entry.to_status == Status.DRAFT
        and entry.action != TransitionLog.Action.REOPEN  # the editor did that themself
    ):
        send_safely(
            _("Teruggestuurd: %(title)s") % {"title": item},
            _("‘%(title)s’ is teruggestuurd met deze toelichting:\n\n%(comment)s\n\n%(url)s\n")
            % {"title": item, "comment": entry.comment, "url": url},
            [author],
        )
