from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.models import Municipality, Status, Theme, TransitionLog

admin.site.site_header = _("Kennisportaal Ouderbetrokkenheid – beheer")
admin.site.site_title = _("Kennisportaal beheer")
admin.site.index_title = _("Redactie")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "alias", "cbs_code", "province", "country", "ended_on"]
    list_filter = ["country", "province", ("ended_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "alias", "cbs_code", "region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


# The transitions staff can start from the admin: (name, label, needs comment).
TRANSITIONS = {
    "submit": (workflow.submit, _("Ter beoordeling aanbieden"), False),
    "publish": (workflow.publish, _("Goedkeuren en publiceren"), False),
    "send_back": (workflow.send_back, _("Terugsturen naar redacteur"), True),
    "unpublish": (workflow.unpublish, _("Depubliceren"), False),
    "archive": (workflow.archive, _("Archiveren"), False),
    "restore": (workflow.restore, _("Terugzetten uit archief"), False),
}

# Which transitions make sense from which state, and which permission they need.
AVAILABLE = {
    Status.DRAFT: [("submit", "change"), ("archive", "publish")],
    Status.REVIEW: [
        ("publish", "publish"),
        ("send_back", "publish"),
        ("archive", "publish"),
    ],
    Status.PUBLISHED: [("unpublish", "publish"), ("archive", "publish")],
    Status.ARCHIVED: [("restore", "publish")],
}


def _run_transition(request, item, name, comment=""):
    function, label, _needs_comment = TRANSITIONS[name]
    kwargs = {"actor": request.user}
    if name == "send_back" or comment:
        kwargs["comment"] = comment
    try:
        function(item, **kwargs)
    except workflow.TransitionError as exc:
        return False, str(exc)
    return True, f"{label}: {item}"


def _bulk_action(name):
    def action(modeladmin, request, queryset):
        done = 0
        for item in queryset:
            ok, message = _run_transition(request, item, name)
            if ok:
                done += 1
            else:
                modeladmin.message_user(request, message, messages.ERROR)
        if done:
            modeladmin.message_user(
                request,
                _("%(label)s: %(n)d item(s).") % {"label": TRANSITIONS[name][1], "n": done},
                messages.SUCCESS,
            )

    action.__name__ = f"workflow_{name}"
    action.short_description = TRANSITIONS[name][1]
    return action


class WorkflowAdminMixin:
    """Admin for ``Publishable`` models: status columns, bulk actions and
    buttons for each transition, all through ``portal.workflow``."""

    change_form_template = "admin/portal/workflow_change_form.html"
    readonly_fields = ["status", "publish_at", "created_by", "updated_by"]
    actions = [_bulk_action(n) for n in ("submit", "publish", "unpublish", "archive")]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "status", "publish_at", "updated_at"]

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{opts.app_label}_{opts.model_name}_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, name):
        if request.method != "POST" or name not in TRANSITIONS:
            raise PermissionDenied
        item = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        ok, message = _run_transition(
            request, item, name, comment=request.POST.get("comment", "").strip()
        )
        self.message_user(request, message, messages.SUCCESS if ok else messages.ERROR)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
        )

    def workflow_buttons(self, request, item):
        opts = item._meta
        buttons = []
        for name, action in AVAILABLE.get(item.status, []):
            if workflow.can(request.user, item, action):
                buttons.append(
                    {
                        "name": name,
                        "label": TRANSITIONS[name][1],
                        "needs_comment": TRANSITIONS[name][2],
                        "url": reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_transition",
                            args=[item.pk, name],
                        ),
                    }
                )
        return buttons

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        item = self.get_object(request, unquote(object_id))
        if item is not None:
            extra_context["workflow_buttons"] = self.workflow_buttons(request, item)
            extra_context["transition_log"] = item.transitions.select_related("actor")[:20]
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.include_concerned_municipalities()

    def has_delete_permission(self, request, obj=None):
        # Content is archived, not deleted; only superusers may delete.
        return request.user.is_superuser


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "item", "from_status", "to_status", "actor", "comment"]
    list_filter = ["to_status", "content_type"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
