"""Followers in the admin: what is followed, how often, since when. The
address is personal data: only superusers and staff with the permission
"Kan e-mailadressen van volgers zien" see it (and can search on it, to
answer a request to delete it); others see the rows and their counts only.
Nothing is added or changed here: people do that from their own links."""

from django.contrib import admin

from alerts.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "target", "frequency", "confirmed_at", "created_at", "last_sent_at"]
    list_filter = ["target", "frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["municipality", "theme"]
    date_hierarchy = "created_at"
    fields = [
        "target",
        "municipality",
        "theme",
        "kind",
        "query",
        "frequency",
        "language",
        "created_at",
        "confirmed_at",
        "checked_until",
        "last_sent_at",
    ]
    readonly_fields = fields

    @staticmethod
    def may_see_address(request):
        return request.user.has_perm("alerts.view_address")

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        return ["email", *shown] if self.may_see_address(request) else shown

    def get_fields(self, request, obj=None):
        shown = list(super().get_fields(request, obj))
        return ["email", *shown] if self.may_see_address(request) else shown

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_search_fields(self, request):
        return ["email"] if self.may_see_address(request) else []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
