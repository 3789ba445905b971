import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import history, workflow
from portal.models import Municipality, Status, Theme, TransitionLog


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


def _run_transition(request, item, name, comment="", publish_at=None):
    function, label, _needs_comment = TRANSITIONS[name]
    kwargs = {"actor": request.user}
    if name == "send_back" or comment:
        kwargs["comment"] = comment
    if name == "publish" and publish_at:
        kwargs["publish_at"] = publish_at
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


class VersionedForm(forms.ModelForm):
    """Optimistic concurrency: the form carries the version it was opened
    with; saving over a newer version is refused with a message, and
    everything the user typed stays in the form."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["loaded_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            current = (
                type(self.instance)
                .objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values("version", "updated_by_id", "updated_at")
                .first()
            )
            if current and current["updated_by_id"]:
                from django.contrib.auth import get_user_model

                current["updated_by__username"] = (
                    get_user_model()
                    .objects.filter(pk=current["updated_by_id"])
                    .values_list("username", flat=True)
                    .first()
                )
            elif current:
                current["updated_by__username"] = None
            if current and current["version"] != loaded:
                # Let a deliberate second save go through: it now knows.
                self.data = self.data.copy()
                self.data["loaded_version"] = current["version"]
                raise forms.ValidationError(
                    _(
                        "Iemand anders (%(who)s) heeft dit item om %(when)s gewijzigd terwijl "
                        "u het bewerkte. Uw invoer staat nog in het formulier, niets is "
                        "opgeslagen. Bekijk de versies om te zien wat er veranderde; sla "
                        "daarna opnieuw op als u hun wijziging wilt vervangen."
                    )
                    % {
                        "who": current["updated_by__username"] or _("onbekend"),
                        "when": timezone.localtime(current["updated_at"]).strftime(
                            "%d-%m-%Y %H:%M"
                        ),
                    },
                    code="conflict",
                )
        return cleaned


class WorkflowAdminMixin:
    """Admin for ``Publishable`` models: status columns, bulk actions and
    buttons for each transition, all through ``portal.workflow``."""

    change_form_template = "admin/portal/workflow_change_form.html"
    form = VersionedForm
    readonly_fields = ["status", "publish_at", "created_by", "updated_by"]
    actions = [_bulk_action(n) for n in ("submit", "publish", "unpublish", "archive")]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "status", "publish_at", "updated_at"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        name, options = fieldsets[0]
        fields = list(options["fields"])
        if "loaded_version" not in fields:
            fields.append("loaded_version")
        return [(name, {**options, "fields": fields}), *fieldsets[1:]]

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{prefix}_transition",
            ),
            path(
                "<path:object_id>/versies/",
                self.admin_site.admin_view(self.versions_view),
                name=f"{prefix}_versions",
            ),
            path(
                "<path:object_id>/versies/<int:history_id>/terugzetten/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def versions_view(self, request, object_id):
        item = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        revisions = list(item.history.select_related("history_user").order_by("-history_date"))
        comparison = None
        a, b = request.GET.get("a"), request.GET.get("b")
        by_id = {str(r.history_id): r for r in revisions}
        if a in by_id and b in by_id:
            old, new = sorted([by_id[a], by_id[b]], key=lambda r: r.history_date)
            comparison = {"old": old, "new": new, "rows": history.compare(item, old, new)}
        opts = self.model._meta
        return render(
            request,
            "admin/portal/versions.html",
            {
                **self.admin_site.each_context(request),
                "opts": opts,
                "item": item,
                "title": _("Versies van ‘%(title)s’") % {"title": item},
                "revisions": revisions,
                "comparison": comparison,
                "transition_log": item.transitions.select_related("actor")[:50],
                "can_restore": self.has_change_permission(request, item),
                "restore_url_name": f"admin:{opts.app_label}_{opts.model_name}_restore",
            },
        )

    def restore_view(self, request, object_id, history_id):
        if request.method != "POST":
            raise PermissionDenied
        item = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        revision = get_object_or_404(item.history, history_id=history_id)
        try:
            history.restore_revision(item, revision, actor=request.user)
        except workflow.TransitionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, item._change_reason, messages.SUCCESS)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_versions", args=[item.pk])
        )

    def transition_view(self, request, object_id, name):
        if request.method != "POST" or name not in TRANSITIONS:
            raise PermissionDenied
        item = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        publish_at = None
        raw = request.POST.get("publish_at", "").strip()
        if raw:
            try:
                publish_at = timezone.make_aware(datetime.datetime.fromisoformat(raw))
            except ValueError:
                self.message_user(request, _("Ongeldige publicatiedatum."), messages.ERROR)
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{item._meta.app_label}_{item._meta.model_name}_change",
                        args=[item.pk],
                    )
                )
        ok, message = _run_transition(
            request,
            item,
            name,
            comment=request.POST.get("comment", "").strip(),
            publish_at=publish_at,
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
            opts = self.model._meta
            extra_context["versions_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_versions", args=[item.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        obj._history_user = request.user
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
