"""Revisions (django-simple-history): compare two and restore one."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal import workflow


def comparable_fields(item):
    return [
        f
        for f in item._meta.concrete_fields
        if f.name not in item.RESTORE_EXCLUDED and f.name != "id"
    ]


def compare(item, old, new):
    """Field-by-field rows for two historical records of ``item``."""
    rows = []
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


def restore_revision(item, revision, *, actor):
    """Bring back the content of ``revision``. The restore is itself a new
    revision; status and publication date stay as they are, so the item
    remains subject to the workflow."""
    if not workflow.can(actor, item, "change"):
        raise workflow.TransitionNotAllowed(_("U hebt geen recht om dit item te wijzigen."))
    for field in comparable_fields(item):
        setattr(item, field.attname, getattr(revision, field.attname))
    item.updated_by = actor
    item._history_user = actor
    item._change_reason = _("Versie van %(date)s teruggezet") % {
        "date": timezone.localtime(revision.history_date).strftime("%d-%m-%Y %H:%M")
    }
    item.save()
    return item
