"""The community in the admin: the editors keep the list of government
domains; members, posts and reports are there to look up (the work itself
happens on the forum's own pages: /forum/leden/aanvragen/, /forum/meldingen/)."""

from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.models import (
    Answer,
    ConsentRequest,
    Follow,
    GovernmentDomain,
    MeetingParticipation,
    MemberProfile,
    Question,
    Report,
)


@admin.register(GovernmentDomain)
class GovernmentDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "municipality", "organisation", "created_at"]
    list_select_related = ["municipality", "organisation"]
    search_fields = ["domain", "municipality__name", "organisation__title"]
    autocomplete_fields = ["municipality", "organisation"]


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "role", "municipality", "status", "verified_via", "created_at"]
    list_filter = ["status", "verified_via", "show_in_directory"]
    list_select_related = ["municipality"]
    search_fields = ["display_name", "user__email"]
    readonly_fields = [
        "user",
        "status",
        "verified_via",
        "domain",
        "handled_by",
        "handled_at",
        "refusal_reason",
        "directory_consent_at",
        "created_at",
    ]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["author", "body", "created_at", "hidden"]
    readonly_fields = ["author", "body", "created_at"]
    extra = 0
    can_delete = False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "municipality", "created_at", "hidden", "locked"]
    list_filter = ["hidden", "locked", "theme"]
    list_select_related = ["theme", "municipality"]
    search_fields = ["title", "body"]
    readonly_fields = ["author", "created_at", "edited_at", "last_activity_at", "practice"]
    raw_id_fields = ["accepted_answer"]
    inlines = [AnswerInline]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "handled"]
    list_filter = ["handled"]
    readonly_fields = ["reporter", "question", "answer", "reason", "created_at"]


@admin.register(MeetingParticipation)
class MeetingParticipationAdmin(admin.ModelAdmin):
    list_display = ["member", "meeting", "consent", "consent_at"]
    list_filter = ["consent"]
    list_select_related = ["member", "meeting"]
    raw_id_fields = ["member", "meeting"]
    readonly_fields = ["consent", "consent_at"]


admin.site.register(ConsentRequest, list_display=["question", "user", "status", "answered_at"])
admin.site.register(Follow, list_display=["question", "user", "created_at"])


class AuthenticatorForm(forms.ModelForm):
    """allauth's authenticator, with Dutch labels (its own fields have no
    translatable names)."""

    class Meta:
        model = Authenticator
        fields = "__all__"  # noqa: DJ007 - allauth's own model, shown as it is
        labels = {
            "user": _("lid"),
            "type": _("soort"),
            "data": _("gegevens"),
            "created_at": _("aangemaakt op"),
            "last_used_at": _("laatst gebruikt op"),
        }


@admin.display(description=_("aangemaakt op"), ordering="created_at")
def created(authenticator):
    return authenticator.created_at


@admin.display(description=_("laatst gebruikt op"), ordering="last_used_at")
def last_used(authenticator):
    return authenticator.last_used_at


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class PortalAuthenticatorAdmin(AuthenticatorAdmin):
    """A member's second factor (authenticator app, recovery codes), in Dutch."""

    form = AuthenticatorForm
    list_display = ("user", "type", created, last_used)
