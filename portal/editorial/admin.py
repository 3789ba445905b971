"""Admin for ``Publishable`` models: status, transitions, versions,
pending changes and the concurrency-safe form."""

import datetime
import hashlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal.core.models import Status
from portal.editorial import changes, history, workflow
from portal.editorial.models import TransitionLog

# The transitions staff can start from the admin: (name, label, needs comment).
TRANSITIONS = {
    "submit": (workflow.submit, _("Ter beoordeling aanbieden"), False),
    "publish": (workflow.publish, _("Goedkeuren en publiceren"), False),
    "send_back": (workflow.send_back, _("Terugsturen naar redacteur"), True),
    "unpublish": (workflow.unpublish, _("Depubliceren"), False),
    "archive": (workflow.archive, _("Archiveren"), False),
    "restore": (workflow.restore, _("Terugzetten uit archief"), False),
}


# Other words for the same transitions on a pending change.
CHANGE_LABELS = {
    "submit": _("Wijziging ter beoordeling aanbieden"),
    "publish": _("Wijziging goedkeuren en publiceren"),
    "send_back": _("Wijziging terugsturen naar redacteur"),
    "archive": _("Wijziging intrekken"),
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


def _norm(value):
    """A comparable form of a form value or a model value: model instances
    by key, sets sorted, text with browser line endings undone."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return sorted((_norm(v) for v in value), key=str)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _digest(value):
    return hashlib.sha256(repr(_norm(value)).encode()).hexdigest()[:24]


def _show(value):
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    return strip_tags(str(value)) if isinstance(value, str) else str(value)


class VersionedForm(forms.ModelForm):
    """Optimistic concurrency with a field-by-field merge.

    The form carries the version it was opened with and a signed digest of
    every field as it was then (``loaded_state``). On save, a field this
    person did not change keeps what is stored now, so a concurrent edit of
    another field survives. When somebody else saved in between, the first
    save shows their changes next to this person's (nothing is stored, the
    input stays); where both changed the same field the person chooses which
    version stays, and the next save applies exactly that."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    STATE_SALT = "portal.admin.loaded_state"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = []
        if self.instance.pk:
            self.initial["loaded_version"] = self.instance.version
            if not self.is_bound:
                self.initial["loaded_state"] = signing.dumps(
                    {name: _digest(self.initial.get(name)) for name in self.content_fields()},
                    salt=self.STATE_SALT,
                    compress=True,
                )

    def content_fields(self):
        return [n for n in self.fields if n not in ("loaded_version", "loaded_state")]

    def _base(self):
        raw = self.data.get(self.add_prefix("loaded_state")) or ""
        try:
            return signing.loads(raw, salt=self.STATE_SALT) if raw else None
        except signing.BadSignature:
            return None

    def _current(self):
        row = (
            type(self.instance)
            .objects.select_for_update(of=("self",))
            .filter(pk=self.instance.pk)
            .values("version", "updated_by__username", "updated_at")
            .first()
        )
        return row

    def _conflict_message(self, current):
        return _(
            "Iemand anders (%(who)s) heeft dit item om %(when)s gewijzigd terwijl u het "
            "bewerkte. Niets is opgeslagen en uw invoer staat nog in het formulier. Hieronder "
            "ziet u per veld hun versie en de uwe; velden die alleen zij wijzigden zijn in het "
            "formulier bijgewerkt. Sla opnieuw op om uw wijzigingen toe te voegen."
        ) % {
            "who": current["updated_by__username"] or _("onbekend"),
            "when": timezone.localtime(current["updated_at"]).strftime("%d-%m-%Y %H:%M"),
        }

    def _rows(self, names, both):
        return [
            {
                "name": name,
                "label": self.fields[name].label or name,
                "theirs": _show(self.initial.get(name)),
                "yours": _show(self.cleaned_data.get(name, self.data.get(name))),
                "both": name in both,
                "choice": self.data.get(f"keuze_{name}", ""),
            }
            for name in names
        ]

    def _show_theirs_in_form(self, names):
        self.data = self.data.copy()
        for name in names:
            value = self.fields[name].prepare_value(self.initial.get(name))
            key = self.add_prefix(name)
            if isinstance(value, (list, tuple)):
                self.data.setlist(key, [str(v) for v in value])
            else:
                self.data[key] = "" if value is None else str(value)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        current = self._current()
        if current is None:
            return cleaned
        loaded = cleaned.get("loaded_version")
        stale = loaded is not None and current["version"] != loaded
        base = self._base()
        if base is None:
            # A form without its opening state (not from this admin): the
            # plain version check is all that can be done.
            if stale:
                self.data = self.data.copy()
                self.data[self.add_prefix("loaded_version")] = current["version"]
                raise forms.ValidationError(self._conflict_message(current), code="conflict")
            return cleaned
        names = [n for n in self.content_fields() if n in cleaned]
        mine = {n for n in names if _digest(cleaned[n]) != base.get(n)}
        theirs = {n for n in names if _digest(self.initial.get(n)) != base.get(n)}
        both = {n for n in mine & theirs if _digest(cleaned[n]) != _digest(self.initial.get(n))}
        ordered = [n for n in names if n in mine | theirs]
        if stale and theirs:
            self.conflict = self._rows(ordered, both)
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current["version"]
            self._show_theirs_in_form(theirs - mine)
            raise forms.ValidationError(self._conflict_message(current), code="conflict")
        choices = {n: self.data.get(f"keuze_{n}") for n in both}
        if any(choice not in ("mine", "theirs") for choice in choices.values()):
            self.conflict = self._rows(ordered, both)
            raise forms.ValidationError(
                _("Kies bij elk veld dat u allebei wijzigde welke versie blijft."),
                code="conflict_choice",
            )
        keep = {n for n in mine if choices.get(n, "mine") == "mine"}
        for name in names:
            if name not in keep:
                # Untouched by this person (or their choice): what is stored stays.
                del cleaned[name]
        return cleaned


class WorkflowAdminMixin:
    """Admin for ``Publishable`` models: status columns, bulk actions and
    buttons for each transition, all through ``portal.workflow``."""

    change_form_template = "admin/portal/workflow_change_form.html"
    form = VersionedForm
    readonly_fields = ["status", "publish_at", "created_by", "updated_by"]
    actions = [_bulk_action(n) for n in ("submit", "publish", "unpublish", "archive")]

    def get_list_display(self, request):
        return [
            *super().get_list_display(request),
            "status",
            "change_label",
            "publish_at",
            "updated_at",
        ]

    @admin.display(description=_("wijziging van"))
    def change_label(self, obj):
        return _("wijziging van het gepubliceerde item") if obj.change_of_id else ""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        name, options = fieldsets[0]
        fields = list(options["fields"])
        for hidden in ("loaded_version", "loaded_state"):
            if hidden not in fields:
                fields.append(hidden)
        return [(name, {**options, "fields": fields}), *fieldsets[1:]]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.change_of_id:
            # A pending change keeps the live item's address.
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.change_of_id:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        """A published item changes only through a chief editor: others see
        it read-only and start a pending change instead."""
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status == Status.PUBLISHED and not obj.change_of_id:
            return workflow.can(request.user, obj, "publish")
        return allowed

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
                "<path:object_id>/wijziging/",
                self.admin_site.admin_view(self.start_change_view),
                name=f"{prefix}_start_change",
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

    def _change_url(self, item):
        opts = item._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])

    def start_change_view(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        item = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        try:
            change = workflow.start_change(item, actor=request.user)
        except workflow.TransitionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(self._change_url(item))
        self.message_user(
            request,
            _(
                "U bewerkt nu een wijziging van ‘%(title)s’. De gepubliceerde versie blijft "
                "zichtbaar tot de eindredactie uw wijziging goedkeurt."
            )
            % {"title": item},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(change))

    def restore_view(self, request, object_id, history_id):
        if request.method != "POST":
            raise PermissionDenied
        item = get_object_or_404(self.model, pk=unquote(object_id))
        # On a published item a restore by Redactie goes into a pending change.
        if not workflow.can(request.user, item, "change"):
            raise PermissionDenied
        revision = get_object_or_404(item.history, history_id=history_id)
        try:
            target = history.restore_revision(item, revision, actor=request.user)
        except workflow.TransitionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, target._change_reason, messages.SUCCESS)
            if target.pk != item.pk:
                return HttpResponseRedirect(self._change_url(target))
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
            if item.change_of_id and name in ("unpublish", "restore"):
                continue
            if workflow.can(request.user, item, action):
                label = TRANSITIONS[name][1]
                if item.change_of_id:
                    label = CHANGE_LABELS.get(name, label)
                buttons.append(
                    {
                        "name": name,
                        "label": label,
                        "schedule": name == "publish" and not item.change_of_id,
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
            extra_context.update(self._change_context(request, item))
        return super().change_view(request, object_id, form_url, extra_context)

    def _change_context(self, request, item):
        """'Gepubliceerde versie' and 'wijzigingen in behandeling': which one
        this page shows, the other one, and what differs."""
        opts = self.model._meta
        if item.change_of_id:
            live = item.change_of
            return {
                "live_item": live,
                "live_url": self._change_url(live),
                "change_diff": changes.diff(live, item),
            }
        context = {"can_publish": workflow.can(request.user, item, "publish")}
        if item.status == Status.PUBLISHED:
            pending = changes.pending_change(item)
            context["pending_change"] = pending
            if pending is not None:
                context["pending_url"] = self._change_url(pending)
                context["change_diff"] = changes.diff(item, pending)
            elif workflow.can(request.user, item, "change"):
                context["start_change_url"] = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_start_change", args=[item.pk]
                )
        return context

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        obj._history_user = request.user
        status = obj.status
        super().save_model(request, obj, form, change)
        if not change:
            return
        if status == Status.REVIEW:
            # Only the version that was submitted may be approved.
            workflow.reopen(obj, actor=request.user)
            self.message_user(
                request,
                _(
                    "Dit item stond ter beoordeling. Omdat u het wijzigde, staat het weer op "
                    "concept: bied het opnieuw aan als het klaar is."
                ),
                messages.WARNING,
            )
        elif status == Status.PUBLISHED and not obj.change_of_id:
            # has_change_permission let only a chief editor get here.
            workflow.record_live_edit(obj, actor=request.user)

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
