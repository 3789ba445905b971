"""django-allauth, the portal's way: every mail through the outbox
(``portal.ops.mail.send_safely``) and addresses normalised. (A confirmed
address verifies the member through ``allauth``'s ``email_confirmed`` signal,
connected in ``CommunityConfig.ready`` to ``members.on_email_confirmed``.)"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from portal.core.identity import normalise_username
from portal.ops.mail import send_safely


class MemberAccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        return super().clean_email(normalise_username(email))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        body = message.body
        if not body and getattr(message, "alternatives", None):
            body = str(message.alternatives[0][0])
        send_safely(message.subject, body, [email])
