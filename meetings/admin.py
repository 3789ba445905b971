from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meetings.models import (
    Action,
    ActionPlan,
    Meeting,
    MeetingAttachment,
    MeetingLink,
    MeetingPoint,
    Network,
    TravelReport,
    TravelReportAttachment,
    TravelReportLink,
)
from portal.editorial.admin import EnglishInlineMixin, WorkflowAdminMixin

EDITORIAL = (
    _("Redactie"),
    {"fields": ["source", "status", "publish_at", "created_by", "updated_by"]},
)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "lead_municipality", "start_year", "end_year"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead_municipality", "municipalities"]
    fields = [
        "name",
        "slug",
        "kind",
        "description",
        "lead_municipality",
        "municipalities",
        ("start_year", "end_year"),
        "website",
        "source",
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.lead_municipality:
            form.instance.municipalities.add(form.instance.lead_municipality)


class MeetingAttachmentInline(admin.TabularInline):
    model = MeetingAttachment
    extra = 0
    fields = ["title", "file"]


class MeetingLinkInline(admin.TabularInline):
    model = MeetingLink
    extra = 0
    fields = ["title", "url", "position"]


class MeetingPointInline(admin.TabularInline):
    """Concerns, tips, activities and support needs, one row each."""

    model = MeetingPoint
    extra = 0
    fields = ["kind", "text", "municipality", "position"]
    autocomplete_fields = ["municipality"]


class TravelReportAttachmentInline(admin.TabularInline):
    model = TravelReportAttachment
    extra = 0
    fields = ["title", "file", "alt_text", "position"]


class TravelReportLinkInline(admin.TabularInline):
    model = TravelReportLink
    extra = 0
    fields = ["title", "url", "position"]


@admin.register(Meeting)
class MeetingAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title", "network", "host_municipality", "start_date"]
    list_filter = ["status", "method", "network"]
    list_select_related = ["network", "host_municipality"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["network", "host_municipality", "municipalities"]
    filter_horizontal = ["themes"]
    inlines = [MeetingPointInline, MeetingAttachmentInline, MeetingLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        (
            _("Wanneer en waar"),
            {
                "fields": [
                    "network",
                    "method",
                    ("start_date", "end_date"),
                    "date_precision",
                    "host_municipality",
                    "venue",
                ]
            },
        ),
        (_("Inhoud"), {"fields": ["goal", "programme", "outcome", "body"]}),
        (_("Deelnemers en thema's"), {"fields": ["municipalities", "themes"]}),
        EDITORIAL,
    ]


@admin.register(TravelReport)
class TravelReportAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    """Laid out in the order of the municipal template, its questions as labels."""

    list_display = ["title", "destination", "author_municipality", "departure_date"]
    list_filter = ["status", "destination__country"]
    list_select_related = ["destination", "author_municipality"]
    search_fields = ["title", "summary", "purpose"]
    prepopulated_fields = {"slug": ["title"]}
    # Plain selects rather than select2 autocompletes: those have no
    # accessible name (axe: aria-input-field-name) and this form is for all staff.
    filter_horizontal = ["themes", "municipalities"]
    inlines = [TravelReportAttachmentInline, TravelReportLinkInline]
    fieldsets = [
        (
            _("Verslag buitenlandse dienstreis"),
            {
                "description": _(
                    "Geef in de titel de reisdatum en de bestemming op. Vul het verslag "
                    "binnen een week na terugkomst in en bied het aan ter beoordeling."
                ),
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    ("destination", "meeting"),
                    ("departure_date", "return_date"),
                    "date_precision",
                    ("author_municipality", "author_department"),
                ],
            },
        ),
        (
            _("De vragen van het sjabloon"),
            {"fields": TravelReport.TEMPLATE_QUESTIONS},
        ),
        (
            _("Aanvullend"),
            {"fields": ["themes", "body", "municipalities"], "classes": ["collapse"]},
        ),
        EDITORIAL,
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "travellers":
            kwargs["min_value"] = 1
            kwargs["error_messages"] = {"min_value": _("Er reisde minstens één persoon.")}
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ActionInline(EnglishInlineMixin, admin.TabularInline):
    model = Action
    extra = 1
    fields = ["position", "title", "description", "owner_role", "status"]


@admin.register(ActionPlan)
class ActionPlanAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title", "network", "municipality"]
    list_filter = ["status", "network"]
    list_select_related = ["network", "municipality"]
    search_fields = ["title", "summary", "ambition"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["network", "municipality", "municipalities"]
    filter_horizontal = ["themes"]
    inlines = [ActionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        (
            _("Plan"),
            {
                "fields": [
                    "network",
                    "municipality",
                    "ambition",
                    "support_group",
                    ("start_year", "end_year"),
                ]
            },
        ),
        (_("Aanvullend"), {"fields": ["body", "municipalities", "themes"]}),
        EDITORIAL,
    ]
