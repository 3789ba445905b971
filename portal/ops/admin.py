"""The admin of outgoing mail: what was sent, what waits for the mail
server, what failed, and "Opnieuw versturen" for the failed ones.

Mail is read-only here: it is written by ``portal.ops.mail`` only. The change
permission is what the resend action needs (``portal.change_outgoingmail``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.ops import mail
from portal.ops.models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin[OutgoingMail]):
    list_display = [
        "subject",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status"]
    search_fields = ["subject", "key"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        "subject",
        "recipients",
        "body",
        "status",
        "attempts",
        "created_at",
        "retry_from",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "key",
        "request_id",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A mail itself is never edited; the permission only opens the action.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Opnieuw versturen"), permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        count = mail.resend(queryset)
        skipped = queryset.count() - count
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d mail staat weer in de wachtrij.",
                    "%(count)d mails staan weer in de wachtrij.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d mail overgeslagen: alleen mislukte mail wordt opnieuw verstuurd.",
                    "%(count)d mails overgeslagen: alleen mislukte mail wordt opnieuw verstuurd.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
