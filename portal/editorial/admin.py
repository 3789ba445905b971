"""Admin for ``Publishable`` models: wiring only. The rules (which
transitions whom, who edits what, what saving an edit means) live in
``portal.editorial.workflow``; the merge of concurrent edits in
``portal.editorial.forms``. Three parts, combined in ``WorkflowAdminMixin``:

- ``TransitionAdminMixin``: status columns, bulk actions, the transition
  buttons and what a save means for the workflow;
- ``PendingChangeAdminMixin``: the 'gepubliceerde versie' / 'wijzigingen in
  behandeling' banner, diff and the start-a-change button;
- ``VersionsAdminMixin``: the versions page (compare, restore)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten, flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core import slugs, translations
from portal.core.models import Status
from portal.editorial import changes, history, workflow
from portal.editorial.forms import VersionedForm
from portal.editorial.models import Publishable, TransitionLog

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec
    from django.contrib.auth.models import User
    from django.db.models import QuerySet
    from django.forms import BaseFormSet, ModelForm
    from django.utils.functional import _StrPromise

    _Base = admin.ModelAdmin[Publishable]
    _InlineBase = admin.options.InlineModelAdmin[Any, Any]
else:
    _Base = object
    _InlineBase = object

# The words for each transition (``workflow.TRANSITIONS``) on buttons and actions.
LABELS: dict[str, _StrPromise] = {
    "submit": _("Ter beoordeling aanbieden"),
    "publish": _("Goedkeuren en publiceren"),
    "send_back": _("Terugsturen naar redacteur"),
    "unpublish": _("Depubliceren"),
    "archive": _("Archiveren"),
    "restore": _("Terugzetten uit archief"),
}

# Other words for the same transitions on a pending change.
CHANGE_LABELS: dict[str, _StrPromise] = {
    "submit": _("Wijziging ter beoordeling aanbieden"),
    "publish": _("Wijziging goedkeuren en publiceren"),
    "send_back": _("Wijziging terugsturen naar redacteur"),
    "archive": _("Wijziging intrekken"),
}


def _url(item: Publishable, view: str, *args: object) -> str:
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk, *args])


def _change_url(item: Publishable) -> str:
    return _url(item, "change")


def _run_transition(
    request: HttpRequest,
    item: Publishable,
    name: str,
    comment: str = "",
    publish_at: datetime.datetime | None = None,
) -> tuple[bool, str]:
    try:
        workflow.perform(item, name, actor=request.user, comment=comment, publish_at=publish_at)
    except workflow.TransitionError as exc:
        return False, str(exc)
    return True, f"{LABELS[name]}: {item}"


def _bulk_action(name: str) -> Any:
    def action(
        modeladmin: admin.ModelAdmin[Publishable],
        request: HttpRequest,
        queryset: QuerySet[Publishable],
    ) -> None:
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
                _("%(label)s: %(n)d item(s).") % {"label": LABELS[name], "n": done},
                messages.SUCCESS,
            )

    action.__name__ = f"workflow_{name}"
    return admin.action(description=LABELS[name])(action)


class TransitionAdminMixin(_Base):
    """Status columns, bulk actions and a button per transition, each
    calling ``portal.editorial.workflow``; the page's part is
    ``transition_context``."""

    readonly_fields = ["status", "publish_at", "created_by", "updated_by"]
    actions = [_bulk_action(n) for n in ("submit", "publish", "unpublish", "archive")]

    def get_list_display(self, request: HttpRequest) -> Any:
        return [
            *super().get_list_display(request),
            "status",
            "change_label",
            "publish_at",
            "updated_at",
        ]

    @admin.display(description=_("wijziging van"))
    def change_label(self, obj: Publishable) -> str:
        return str(_("wijziging van het gepubliceerde item")) if obj.is_change else ""

    def has_change_permission(self, request: HttpRequest, obj: Publishable | None = None) -> bool:
        """A published item changes only through a chief editor: others see
        it read-only and start a pending change instead."""
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return workflow.can_edit(request.user, obj)
        return allowed

    def has_delete_permission(self, request: HttpRequest, obj: Publishable | None = None) -> bool:
        return workflow.can_delete(request.user)

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{opts.app_label}_{opts.model_name}_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request: HttpRequest, object_id: str, name: str) -> HttpResponse:
        if request.method != "POST" or name not in workflow.TRANSITIONS:
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
                return HttpResponseRedirect(_change_url(item))
        ok, message = _run_transition(
            request,
            item,
            name,
            comment=request.POST.get("comment", "").strip(),
            publish_at=publish_at,
        )
        self.message_user(request, message, messages.SUCCESS if ok else messages.ERROR)
        return HttpResponseRedirect(_change_url(item))

    def workflow_buttons(self, request: HttpRequest, item: Publishable) -> list[dict[str, Any]]:
        labels = {**LABELS, **CHANGE_LABELS} if item.is_change else LABELS
        return [
            {
                "name": name,
                "label": labels[name],
                "schedule": name == "publish" and workflow.can_schedule(item),
                "needs_comment": name in workflow.COMMENT_REQUIRED,
                "url": _url(item, "transition", name),
            }
            for name in workflow.available_transitions(item, request.user)
        ]

    def transition_context(self, request: HttpRequest, item: Publishable) -> dict[str, Any]:
        return {
            "workflow_buttons": self.workflow_buttons(request, item),
            "transition_log": item.transitions.select_related("actor")[:20],
        }

    def save_model(
        self, request: HttpRequest, obj: Publishable, form: ModelForm[Publishable], change: bool
    ) -> None:
        user = cast("User", request.user)  # the admin lets only signed-in staff in
        if not change:
            obj.created_by = user
        obj.updated_by = user
        setattr(obj, "_history_user", user)  # noqa: B010 (simple_history's hook)
        status = obj.status
        super().save_model(request, obj, form, change)
        if not change:
            return
        done = workflow.record_edit(obj, actor=request.user, previous_status=status)
        if done == TransitionLog.Action.REOPEN:
            self.message_user(
                request,
                _(
                    "Dit item stond ter beoordeling. Omdat u het wijzigde, staat het weer op "
                    "concept: bied het opnieuw aan als het klaar is."
                ),
                messages.WARNING,
            )

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Publishable],
        formsets: list[BaseFormSet[Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        form.instance.include_concerned_municipalities()


class PendingChangeAdminMixin(_Base):
    """'Gepubliceerde versie' and 'wijzigingen in behandeling': which one a
    page shows, a link to the other one, what differs, and the button that
    starts a change; the page's part is ``pending_change_context``."""

    def get_readonly_fields(
        self, request: HttpRequest, obj: Publishable | None = None
    ) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.extend(workflow.locked_fields(obj))
        return fields

    def get_prepopulated_fields(
        self, request: HttpRequest, obj: Publishable | None = None
    ) -> dict[str, Any]:
        prepopulated = super().get_prepopulated_fields(request, obj)
        if obj is None:
            return prepopulated
        locked = workflow.locked_fields(obj)
        return {name: sources for name, sources in prepopulated.items() if name not in locked}

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/wijziging/",
                self.admin_site.admin_view(self.start_change_view),
                name=f"{opts.app_label}_{opts.model_name}_start_change",
            ),
            *super().get_urls(),
        ]

    def start_change_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            raise PermissionDenied
        item = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        try:
            change = workflow.start_change(item, actor=request.user)
        except workflow.TransitionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(_change_url(item))
        self.message_user(
            request,
            _(
                "U bewerkt nu een wijziging van ‘%(title)s’. De gepubliceerde versie blijft "
                "zichtbaar tot de eindredactie uw wijziging goedkeurt."
            )
            % {"title": item},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(_change_url(change))

    def pending_change_context(self, request: HttpRequest, item: Publishable) -> dict[str, Any]:
        live = item.change_of
        if live is not None:
            return {
                "live_item": live,
                "live_url": _change_url(live),
                "change_diff": changes.diff(live, item),
            }
        context: dict[str, Any] = {"can_publish": workflow.can(request.user, item, "publish")}
        if item.status == Status.PUBLISHED:
            pending = changes.pending_change(item)
            context["pending_change"] = pending
            if pending is not None:
                context["pending_url"] = _change_url(pending)
                context["change_diff"] = changes.diff(item, pending)
            elif workflow.can_start_change(request.user, item):
                context["start_change_url"] = _url(item, "start_change")
        return context


class VersionsAdminMixin(_Base):
    """The versions page: every revision, two compared field by field, and
    restoring one (``portal.editorial.history``); the link on the change
    page comes from ``versions_context``."""

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
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

    def versions_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
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

    def restore_view(self, request: HttpRequest, object_id: str, history_id: int) -> HttpResponse:
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
                return HttpResponseRedirect(_change_url(target))
        return HttpResponseRedirect(_url(item, "versions"))

    def versions_context(self, request: HttpRequest, item: Publishable) -> dict[str, Any]:
        return {"versions_url": _url(item, "versions")}


def english_twins(model: Any, listed: list[Any]) -> list[str]:
    """The English twins (issue 21: ``portal.core.translations``) of the
    Dutch fields in ``listed`` (names; a row of names counts as its names),
    in their order, that ``listed`` lacks."""
    names = [str(name) for name in flatten(list(listed))]
    translated = set(translations.translated_names(model))
    return [f"{name}_en" for name in names if name in translated and f"{name}_en" not in names]


class EnglishInlineMixin(_InlineBase):
    """An inline whose rows have English twins (an action, a finding, a
    question and answer): the twins of the listed Dutch fields come after
    them in the row. Put it before the inline class."""

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        return [*fields, *english_twins(self.model, fields)]


class EnglishFilter(admin.SimpleListFilter):
    """Which items lack an English version (issue 21): the title decides."""

    title = _("Engelse vertaling")
    parameter_name = "engels"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("ontbreekt", _("ontbreekt")), ("aanwezig", _("aanwezig"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "ontbreekt":
            return queryset.filter(title_en="")
        if self.value() == "aanwezig":
            return queryset.exclude(title_en="")
        return queryset


class WorkflowAdminMixin(TransitionAdminMixin, PendingChangeAdminMixin, VersionsAdminMixin):
    """Admin for ``Publishable`` models: put it before ``admin.ModelAdmin``.
    The change page gets the context of all three parts (one lookup)."""

    change_form_template = "admin/portal/workflow_change_form.html"
    form = VersionedForm
    # The save and workflow buttons also sit in a bar at the top that stays in
    # view while scrolling (the template's ``submit_buttons_top``).
    save_on_top = True

    # The slug (web address) is made on the server from the title
    # (``portal.core.slugs``): readable, unique, and fixed once the item has
    # left draft, so a published address never changes.
    def get_prepopulated_fields(
        self, request: HttpRequest, obj: Publishable | None = None
    ) -> dict[str, Any]:
        prepopulated = super().get_prepopulated_fields(request, obj)
        return {name: sources for name, sources in prepopulated.items() if name != "slug"}

    def get_readonly_fields(
        self, request: HttpRequest, obj: Publishable | None = None
    ) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Status.DRAFT and "slug" not in fields:
            fields.append("slug")
        return fields

    def get_form(
        self,
        request: HttpRequest,
        obj: Publishable | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = _(
                "Deel van het webadres. Leeg laten: het wordt gemaakt uit de titel. "
                "Alleen kleine letters, cijfers en -."
            )
        return form

    def save_model(
        self, request: HttpRequest, obj: Publishable, form: ModelForm[Publishable], change: bool
    ) -> None:
        if not obj.slug:
            obj.slug = slugs.unique_slug(type(obj), obj.title, exclude_pk=obj.pk)
        super().save_model(request, obj, form, change)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = extra_context or {}
        item = self.get_object(request, unquote(object_id))
        if item is not None:
            extra_context.update(self.transition_context(request, item))
            extra_context.update(self.versions_context(request, item))
            extra_context.update(self.pending_change_context(request, item))
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request: HttpRequest, obj: Publishable | None = None) -> _FieldsetSpec:
        # The form's hidden version fields go with the first fieldset; the
        # English version (issue 21) gets a folded fieldset of its own after
        # the content, before the editorial one (status): the twins of the
        # Dutch fields this form shows, in their order.
        fieldsets = list(super().get_fieldsets(request, obj))
        name, options = fieldsets[0]
        fields = list(options["fields"])
        for hidden in ("loaded_version", "loaded_state"):
            if hidden not in fields:
                fields.append(hidden)
        fieldsets[0] = (name, {**options, "fields": fields})
        english: list[Any] = english_twins(self.model, flatten_fieldsets(fieldsets))
        if english:
            editorial = [i for i, (_n, o) in enumerate(fieldsets) if "status" in o["fields"]]
            position = editorial[-1] if editorial and editorial[-1] > 0 else len(fieldsets)
            fieldsets.insert(
                position, (_("Engelse vertaling"), {"fields": english, "classes": ["collapse"]})
            )
        return fieldsets

    def get_list_display(self, request: HttpRequest) -> Any:
        return [*super().get_list_display(request), "english_label"]

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [*super().get_list_filter(request), EnglishFilter]

    @admin.display(description=_("Engelse vertaling"))
    def english_label(self, obj: Publishable) -> str:
        return str(_("aanwezig") if obj.title_en else _("ontbreekt"))


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "item", "from_status", "to_status", "actor", "comment"]
    list_filter = ["to_status", "content_type"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TransitionLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: TransitionLog | None = None) -> bool:
        return False
