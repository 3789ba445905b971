"""Revisions (django-simple-history): compare two and restore one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.editorial import workflow
from portal.editorial.models import Publishable

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from simple_history.models import HistoricalChanges

    from portal.editorial.workflow import Actor


class FieldComparison(TypedDict):
    """One row of the comparison of two revisions."""

    label: StrOrPromise
    old: Any
    new: Any
    changed: bool


def comparable_fields(item: Publishable) -> list[models.Field]:
    return [
        f
        for f in item._meta.concrete_fields
        if f.name not in item.RESTORE_EXCLUDED and f.name != "id"
    ]


def compare(
    item: Publishable, old: HistoricalChanges, new: HistoricalChanges
) -> list[FieldComparison]:
    """Field-by-field rows for two historical records of ``item``."""
    rows: list[FieldComparison] = []
    for field in comparable_fields(item):
        before = getattr(old, field.attname, None)
        after = getattr(new, field.attname, None)
        rows.append(
            {
                "label": field.verbose_name,
                "old": before,
                "new": after,
                "changed": before != after,
            }
        )
    return rows


def restore_revision(
    item: Publishable, revision: HistoricalChanges, *, actor: Actor
) -> Publishable:
    """Bring back the content of ``revision``. The restore is itself a new
    revision; status and publication date stay as they are, so the item
    remains subject to the workflow: on a published item it goes into a
    pending change unless a chief editor restores it (logged), and an item
    under review goes back to draft. Returns the item that was changed."""
    if not workflow.can(actor, item, "change"):
        raise workflow.TransitionNotAllowed(_("U hebt geen recht om dit item te wijzigen."))
    target = item
    if not workflow.can_edit(actor, item):
        # A published item: Redactie restores into a pending change.
        target = workflow.start_change(item, actor=actor)
    previous_status = target.status
    for field in comparable_fields(item):
        if field.name in workflow.locked_fields(target):
            continue
        setattr(target, field.attname, getattr(revision, field.attname))
    target.updated_by = actor
    target._history_user = actor
    target._change_reason = _("Versie van %(date)s teruggezet") % {
        "date": timezone.localtime(revision.history_date).strftime("%d-%m-%Y %H:%M")
    }
    target.save()
    workflow.record_edit(target, actor=actor, previous_status=previous_status)
    return target
