from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from portal.editorial.admin import WorkflowAdminMixin
from practices import intake
from practices.models import (
    Adoption,
    EducationPhase,
    Practice,
    PracticeAttachment,
    PracticeLink,
    Submission,
    SubmissionLog,
    TargetGroup,
)


class AttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0
    fields = ["title", "file", "alt_text", "position"]


class LinkInline(admin.TabularInline):
    model = PracticeLink
    extra = 0
    fields = ["title", "url", "position"]


@admin.register(Practice)
class PracticeAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title", "municipality_names"]
    list_filter = [
        "status",
        "themes",
        "phases",
        "target_groups",
        "evidence_level",
        "cost_band",
        "continuity",
        "municipalities__province",
        "municipalities__size_class",
    ]
    search_fields = ["title", "summary", "municipalities__name", "municipalities__alias"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipalities", "related"]
    filter_horizontal = ["themes", "phases", "target_groups"]
    inlines = [AttachmentInline, LinkInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("Waar en voor wie"),
            {"fields": ["municipalities", "themes", "phases", "target_groups", "outreach"]},
        ),
        (
            _("Uitvoering"),
            {
                "fields": [
                    "partners",
                    "start_year",
                    "end_year",
                    "contact_role",
                    "contact_email",
                    "video_url",
                ]
            },
        ),
        (
            _("In één oogopslag"),
            {
                "description": _(
                    "Leeg laten wat niet bekend is: de site toont dan ‘niet bekend’. "
                    "Vul alleen in wat een bron zegt."
                ),
                "fields": [
                    ("evidence_level", "evidence_source"),
                    "evidence_url",
                    ("cost_band", "cost_unit"),
                    "cost_note",
                    "time_investment",
                    "continuity",
                    "results",
                    "results_url",
                    "requirements",
                ],
            },
        ),
        (_("Samenhang en controle"), {"fields": ["related", "reviewed_on", "review_before"]}),
        (
            _("Redactie"),
            {"fields": ["source", "status", "publish_at", "created_by", "updated_by"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("gemeenten"))
    def municipality_names(self, obj):
        return ", ".join(m.alias or m.name for m in obj.municipalities.all())


@admin.register(EducationPhase, TargetGroup)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}


PERSONAL_FIELDS = ["name", "email", "phone"]


class SubmissionLogInline(admin.TabularInline):
    """The steps of the submission (``practices.intake``), read-only."""

    model = SubmissionLog
    extra = 0
    can_delete = False
    fields = ("created_at", "actor", "from_status", "to_status", "comment")
    readonly_fields = fields
    verbose_name_plural = _("Geschiedenis van deze inzending")

    def has_view_permission(self, request, obj=None):
        # Whoever may see the submission sees its steps.
        return request.user.has_perm("practices.view_submission")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The buttons of the handle view: URL name of the step -> intake function name.
STEPS = {"start": "start_handling", "convert": "convert", "reject": "reject"}


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """The moderation queue for public submissions. Every step is a
    function of ``practices.intake``; this view only reads the request."""

    change_form_template = "admin/practices/submission_change_form.html"
    list_display = ["reference", "title", "municipality", "organisation", "status", "created_at"]
    list_filter = ["status", "themes", "phases", "municipality__province"]
    list_select_related = ["municipality"]
    search_fields = ["reference", "title", "organisation", "story"]
    date_hierarchy = "created_at"
    inlines = [SubmissionLogInline]

    def get_fields(self, request, obj=None):
        fields = [
            "reference",
            "status",
            "created_at",
            "language",
            "title",
            "story",
            "municipality",
            "phases",
            "themes",
            "target_groups",
            "organisation",
            "role",
            "attachment",
            "handled_at",
            "handled_by",
            "rejection_reason",
            "practice",
            "personal_data_purged_at",
        ]
        if request.user.has_perm("practices.view_personal_data"):
            fields[fields.index("role") + 1 : fields.index("role") + 1] = PERSONAL_FIELDS
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_urls(self):
        return [
            path(
                "<path:object_id>/handle/<str:action>/",
                self.admin_site.admin_view(self.handle_view),
                name="practices_submission_handle",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, unquote(object_id))
        steps = intake.available_steps(submission, request.user) if submission else []
        extra_context = {
            **(extra_context or {}),
            "submission_steps": [url for url, name in STEPS.items() if name in steps],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def handle_view(self, request, object_id, action):
        if request.method != "POST" or action not in STEPS:
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=unquote(object_id))
        back = reverse("admin:practices_submission_change", args=[submission.pk])
        try:
            if action == "start":
                intake.start_handling(submission, actor=request.user)
                self.message_user(request, _("U behandelt deze inzending nu."), messages.SUCCESS)
            elif action == "convert":
                practice = intake.convert(submission, actor=request.user)
                self.message_user(
                    request,
                    _(
                        "Concept-praktijkvoorbeeld gemaakt. Werk het bij en bied het aan ter beoordeling."
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:practices_practice_change", args=[practice.pk])
                )
            else:
                intake.reject(
                    submission,
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                    notify_submitter=bool(request.POST.get("notify")),
                )
                self.message_user(request, _("Inzending afgewezen."), messages.SUCCESS)
        except intake.SubmissionNotAllowed:
            raise PermissionDenied from None
        except intake.SubmissionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        return HttpResponseRedirect(back)


# The buttons of the adoption view: URL name of the step -> intake function.
ADOPTION_STEPS = {"approve": "approve_adoption", "reject": "reject_adoption"}


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    """Moderation of "wij hebben dit overgenomen". Every step is a function
    of ``practices.intake``; the sender (name, e-mail) only for staff with
    ``view_personal_data``."""

    change_form_template = "admin/practices/adoption_change_form.html"
    list_display = ["municipality", "practice", "status", "submitted_at"]
    list_filter = ["status", "municipality__size_class"]
    list_select_related = ["municipality", "practice"]
    search_fields = ["municipality__name", "municipality__alias", "practice__title", "note"]
    date_hierarchy = "submitted_at"

    def get_fields(self, request, obj=None):
        fields = [
            "practice",
            "municipality",
            "note",
            "status",
            "submitted_at",
            "language",
            "role",
            "handled_at",
            "handled_by",
            "rejection_reason",
            "personal_data_purged_at",
        ]
        if request.user.has_perm("practices.view_personal_data"):
            fields[fields.index("role") + 1 : fields.index("role") + 1] = ["name", "email"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_urls(self):
        return [
            path(
                "<path:object_id>/handle/<str:action>/",
                self.admin_site.admin_view(self.handle_view),
                name="practices_adoption_handle",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        adoption = self.get_object(request, unquote(object_id))
        steps = []
        if adoption is not None and intake.can_handle_adoption(request.user):
            if adoption.status == Adoption.Status.NEW:
                steps = ["approve", "reject"]
            elif adoption.status == Adoption.Status.APPROVED:
                steps = ["withdraw"]
        extra_context = {**(extra_context or {}), "adoption_steps": steps}
        return super().change_view(request, object_id, form_url, extra_context)

    def handle_view(self, request, object_id, action):
        if request.method != "POST" or action not in ADOPTION_STEPS:
            raise PermissionDenied
        adoption = get_object_or_404(Adoption, pk=unquote(object_id))
        back = reverse("admin:practices_adoption_change", args=[adoption.pk])
        reason = request.POST.get("reason", "")
        try:
            if action == "approve":
                intake.approve_adoption(adoption, actor=request.user)
                self.message_user(
                    request, _("Goedgekeurd: de overname staat nu op de site."), messages.SUCCESS
                )
            elif adoption.status == Adoption.Status.APPROVED:
                intake.withdraw_adoption(adoption, actor=request.user, reason=reason)
                self.message_user(
                    request, _("De overname is van de site gehaald."), messages.SUCCESS
                )
            else:
                intake.reject_adoption(adoption, actor=request.user, reason=reason)
                self.message_user(request, _("Melding afgewezen."), messages.SUCCESS)
        except intake.SubmissionNotAllowed:
            raise PermissionDenied from None
        except intake.SubmissionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        return HttpResponseRedirect(back)
