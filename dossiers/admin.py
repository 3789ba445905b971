"""The editors' screens: every type goes through the editorial workflow
(``WorkflowAdminMixin``: submit, review, publish, pending changes, revisions)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dossiers.models import (
    DossierEvidence,
    DossierQuestion,
    Organisation,
    PolicyDocument,
    PolicyDocumentFile,
    Region,
    ThemeDossier,
)
from portal.editorial.admin import EnglishInlineMixin, WorkflowAdminMixin

EDITORIAL = (
    _("Redactie"),
    {"fields": ["source", "status", "publish_at", "created_by", "updated_by"]},
)


@admin.register(Region)
class RegionAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipalities"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Gemeenten"), {"fields": ["municipalities"]}),
        EDITORIAL,
    ]


@admin.register(Organisation)
class OrganisationAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind"]
    list_filter = ["status", "kind", "themes", "regions"]
    search_fields = ["title", "summary", "offer"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipalities", "regions", "practices", "meetings"]
    filter_horizontal = ["themes"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "offer", "body"]}),
        (_("Waar en waarover"), {"fields": ["themes", "regions", "municipalities"]}),
        (
            _("Functioneel contact"),
            {
                "fields": ["website", "email", "phone"],
                "description": _("Algemene adressen van de organisatie; geen persoonsgegevens."),
            },
        ),
        (
            _("Contactpersoon (alleen met toestemming)"),
            {
                "fields": [
                    "contact_name",
                    "contact_email",
                    ("contact_consent_on", "contact_review_on"),
                ],
                "description": _(
                    "Alleen invullen als de persoon toestemming gaf. Na de controledatum "
                    "verdwijnt de contactpersoon vanzelf van de website."
                ),
            },
        ),
        (_("Betrokken bij"), {"fields": ["practices", "meetings"]}),
        EDITORIAL,
    ]


class DossierEvidenceInline(EnglishInlineMixin, admin.TabularInline):
    model = DossierEvidence
    extra = 0
    fields = ["statement", "source_title", "source_url", "position"]


class DossierQuestionInline(EnglishInlineMixin, admin.StackedInline):
    model = DossierQuestion
    extra = 0
    fields = ["question", "answer", "source_url", "position"]


@admin.register(ThemeDossier)
class ThemeDossierAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title", "theme"]
    list_filter = ["status"]
    list_select_related = ["theme"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [DossierEvidenceInline, DossierQuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "theme", "summary", "body"]}),
        (_("Argumenten"), {"fields": ["arguments_parents", "arguments_heads"]}),
        EDITORIAL,
    ]


class PolicyDocumentFileInline(admin.TabularInline):
    model = PolicyDocumentFile
    extra = 0
    fields = ["title", "file", "position"]


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title", "municipality", "year"]
    list_filter = ["status", "themes"]
    list_select_related = ["municipality"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipality", "municipalities"]
    filter_horizontal = ["themes"]
    inlines = [PolicyDocumentFileInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "municipality", "year", "summary", "url", "body"]}),
        (_("Thema's en gemeenten"), {"fields": ["themes", "municipalities"]}),
        EDITORIAL,
    ]
