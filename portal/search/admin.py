"""Admin for the search: the editors' synonyms, and a read-only page with
what visitors searched for in the last 30 days and what they did not find."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from portal.search import stats
from portal.search.models import SearchQueryStat, Synonym

if TYPE_CHECKING:
    _SynonymBase = admin.ModelAdmin[Synonym]
    _StatBase = admin.ModelAdmin[SearchQueryStat]
    _FormBase = forms.ModelForm[Synonym]
else:
    _SynonymBase = _StatBase = admin.ModelAdmin
    _FormBase = forms.ModelForm


class SynonymForm(_FormBase):
    class Meta:
        model = Synonym
        fields = ["term", "equivalents"]
        widgets = {"equivalents": forms.Textarea(attrs={"rows": 5, "cols": 60})}


@admin.register(Synonym)
class SynonymAdmin(_SynonymBase):
    """Redactie and Eindredactie add, change and delete synonyms (migration
    0010); a change counts for the next search."""

    form = SynonymForm
    list_display = ["term", "equivalents_shown"]
    search_fields = ["term", "equivalents"]
    ordering = ["term"]
    change_list_template = "admin/search/synonym_change_list.html"

    @admin.display(description=_("betekent hetzelfde als"))
    def equivalents_shown(self, synonym: Synonym) -> str:
        return ", ".join(synonym.equivalent_list())


@admin.register(SearchQueryStat)
class SearchQueryStatAdmin(_StatBase):
    """One read-only page instead of a change list: the most frequent queries
    of the last ``stats.WINDOW_DAYS`` days and the ones that found nothing,
    summed over the days. Only the query text and counts are shown (there is
    nothing else). Nobody adds, changes or deletes rows here; the purge
    command removes old days."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name=f"{opts.app_label}_{opts.model_name}_changelist",
            )
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        days = stats.WINDOW_DAYS
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Wat bezoekers zoeken"),
            "days": days,
            "retention_days": stats.RETENTION_DAYS,
            "most_searched": stats.most_searched(days),
            "not_found": stats.not_found(days),
            **(extra_context or {}),
        }
        return render(request, "admin/search/query_stats.html", context)
