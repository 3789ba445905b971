from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import WorkflowAdminMixin
from practices.models import (
    EducationPhase,
    Practice,
    PracticeAttachment,
    PracticeLink,
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
        "municipalities__province",
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
        (_("Samenhang en controle"), {"fields": ["related", "reviewed_on"]}),
        (
            _("Redactie"),
            {"fields": ["status", "publish_at", "created_by", "updated_by"]},
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
