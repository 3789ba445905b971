"""Sending mail that never breaks the caller: failures are logged."""

import logging
import re

from django.core.mail import send_mail

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
