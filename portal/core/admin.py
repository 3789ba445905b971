"""Admin for municipalities and themes."""

from django.contrib import admin

from portal.core.models import Municipality, Theme


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "alias", "cbs_code", "province", "size_class", "country", "ended_on"]
    list_filter = [
        "country",
        "province",
        "size_class",
        ("ended_on", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "alias", "cbs_code", "region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
