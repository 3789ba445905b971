"""Pending changes to published content (concept-wijzigingen).

A published item is what a chief editor approved, and it stays exactly that
while somebody works on a change. Editing a published item without the right
to publish starts a *pending change*: a row of the same model with
``change_of`` pointing to the live item, holding a copy of its content, its
relations and its inline rows (``CHANGE_CHILDREN``). The change is a draft
like any other: it is submitted, reviewed, sent back or approved through
``portal.editorial.workflow``; it is never public (``published()`` leaves it out) and
never indexed for search. Approving it merges it into the live item and the
change row disappears; its transition log moves to the live item.

The merge is field by field: ``change_base`` holds a fingerprint of the live
item taken when the change was started, and only the fields, relations and
inline sets that the change altered are written. A chief editor's direct
edit of another field in the meantime is kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from portal.core.models import Status
from portal.editorial.models import Publishable, TransitionLog

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Fields that are the item's bookkeeping rather than its content.
NOT_CONTENT = {"slug"}


def content_fields(model: type[Publishable]) -> list[models.Field]:
    """The concrete fields that carry the content of ``model``."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in model.RESTORE_EXCLUDED | NOT_CONTENT
    ]


def relation_fields(model: type[Publishable]) -> list[models.ManyToManyField]:
    return list(model._meta.many_to_many)


def _child_manager(item: Publishable, name: str) -> Any:
    """The reverse foreign-key manager of an inline set (a RelatedManager;
    its ``field`` and ``model`` are read, which the stubs do not declare)."""
    return getattr(item, name)


def _child_fields(manager: Any) -> list[models.Field]:
    fk = manager.field.name
    return [f for f in manager.model._meta.concrete_fields if not f.primary_key and f.name != fk]


def _child_rows(item: Publishable, name: str) -> list[list[str]]:
    manager = _child_manager(item, name)
    fields = _child_fields(manager)
    return sorted([str(f.value_from_object(row)) for f in fields] for row in manager.all())


def values(item: Publishable) -> dict[str, Any]:
    """The comparable content of ``item``: field values, related ids and the
    content of its inline rows (without their ids)."""
    model = type(item)
    result: dict[str, Any] = {}
    for f in content_fields(model):
        value = f.value_from_object(item)
        result[f.name] = str(value) if value is not None else None
    for f in relation_fields(model):
        result[f.name] = sorted(getattr(item, f.name).values_list("pk", flat=True))
    for name in model.CHANGE_CHILDREN:
        result[name] = _child_rows(item, name)
    return result


def _digest(value: Any) -> str:
    encoded = json.dumps(value, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:24]


def fingerprint(item: Publishable) -> dict[str, str]:
    """A short digest per field, relation and inline set of ``item``."""
    return {name: _digest(value) for name, value in values(item).items()}


def pending_change[P: Publishable](item: P) -> P | None:
    """The open (not archived) pending change of a live item, if any."""
    if item.pk is None or item.change_of_id:
        return None
    return (
        type(item)
        .objects.filter(change_of=item)
        .exclude(status=Status.ARCHIVED)
        .order_by("-pk")
        .first()
    )


def _change_slug(item: Publishable) -> str:
    base = f"{item.slug[:195]}-wijziging"
    slug, n = base, 1
    model = type(item)
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _log(
    item: Publishable,
    *,
    actor: User,
    action: str,
    from_status: str,
    to_status: str,
    comment: str = "",
    version: int | None = None,
    change: Publishable | None = None,
) -> TransitionLog:
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        version=version,
        change_id=change.pk if change is not None else None,
    )


def start_change[P: Publishable](item: P, *, actor: User) -> P:
    """Open a pending change of the published ``item`` for ``actor`` (or
    return the one already open). The live item is not touched. Permission
    and state are checked by ``workflow.start_change``, the caller."""
    model = type(item)
    with transaction.atomic():
        live = model.objects.select_for_update().get(pk=item.pk)
        existing = pending_change(live)
        if existing is not None:
            return existing
        change = model(
            **{f.attname: getattr(live, f.attname) for f in content_fields(model)},
            slug=_change_slug(live),
            status=Status.DRAFT,
            change_of=live,
            change_base=fingerprint(live),
            created_by=actor,
            updated_by=actor,
        )
        change._history_user = actor
        change._change_reason = _("Wijziging begonnen")
        change.save()
        for f in relation_fields(model):
            getattr(change, f.name).set(getattr(live, f.name).all())
        for name in model.CHANGE_CHILDREN:
            manager = _child_manager(live, name)
            fields = _child_fields(manager)
            manager.model.objects.bulk_create(
                manager.model(
                    **{f.attname: getattr(row, f.attname) for f in fields},
                    **{manager.field.name: change},
                )
                for row in manager.all()
            )
        _log(
            live,
            actor=actor,
            action=TransitionLog.Action.START_CHANGE,
            from_status=Status.PUBLISHED,
            to_status=Status.PUBLISHED,
            version=live.version,
            change=change,
        )
    return change


def changed_names(change: Publishable) -> list[str]:
    """The fields, relations and inline sets the pending change altered."""
    base = change.change_base or {}
    return [name for name, digest in fingerprint(change).items() if base.get(name) != digest]


def merge[P: Publishable](change: P, *, actor: User, version: int) -> tuple[P, TransitionLog]:
    """Write the approved ``change`` into its live item and remove the change
    row. Called by ``workflow.publish`` inside its transaction, with the
    change row locked and its version checked."""
    model = type(change)
    live = model.objects.select_for_update().get(pk=change.change_of_id)
    names = set(changed_names(change))
    for relation in relation_fields(model):
        if relation.name in names:
            getattr(live, relation.name).set(getattr(change, relation.name).all())
    for name in model.CHANGE_CHILDREN:
        if name in names:
            manager = _child_manager(live, name)
            manager.all().delete()
            manager.model.objects.filter(**{manager.field.name: change}).update(
                **{manager.field.name: live}
            )
    for f in content_fields(model):
        if f.name in names:
            setattr(live, f.attname, getattr(change, f.attname))
    live.on_published()
    live.updated_by = actor
    live._history_user = actor
    live._change_reason = _("Wijziging goedgekeurd")
    live.save()
    live.include_concerned_municipalities()
    TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(change), object_id=change.pk
    ).update(object_id=live.pk, change_id=change.pk)
    log = _log(
        live,
        actor=actor,
        action=TransitionLog.Action.APPROVE_CHANGE,
        from_status=live.status,
        to_status=live.status,
        comment=_("Gewijzigd: %(fields)s") % {"fields": ", ".join(_labels(model, names))}
        if names
        else _("Geen inhoudelijke wijzigingen."),
        version=version,
        change=change,
    )
    change.delete()
    return live, log


def label(model: type[Publishable], name: str) -> str:
    """The readable name of a field, relation or inline set of ``model``."""
    if name in model.CHANGE_CHILDREN:
        return str(getattr(model, name).rel.related_model._meta.verbose_name_plural)
    return str(_field(model, name).verbose_name)


def _field(model: type[Publishable], name: str) -> models.Field:
    """A content field or relation of ``model`` (``get_field`` may also give
    a reverse relation, but no name passed here is one)."""
    return cast("models.Field", model._meta.get_field(name))


def _labels(model: type[Publishable], names: Iterable[str]) -> list[str]:
    return [label(model, name) for name in sorted(names)]


def _display(item: Publishable, name: str) -> str:
    model = type(item)
    if name in model.CHANGE_CHILDREN:
        return "\n".join(str(row) for row in _child_manager(item, name).all())
    field = _field(model, name)
    if field.many_to_many:
        return ", ".join(str(obj) for obj in getattr(item, name).all())
    if field.is_relation:
        return str(getattr(item, name) or "")
    if field.choices:
        return str(getattr(item, f"get_{name}_display")())
    value = getattr(item, field.attname)
    if value is None:
        return ""
    text = str(value)
    return strip_tags(text) if name == "body" else text


def diff(live: Publishable, change: Publishable) -> list[dict[str, Any]]:
    """Rows 'gepubliceerde versie' / 'wijzigingen in behandeling' for every
    field, relation and inline set, marking what the change alters."""
    model = type(live)
    names = set(changed_names(change))
    all_names = [
        *(f.name for f in content_fields(model)),
        *(f.name for f in relation_fields(model)),
        *model.CHANGE_CHILDREN,
    ]
    return [
        {
            "name": name,
            "label": label(model, name),
            "live": _display(live, name),
            "change": _display(change, name),
            "changed": name in names,
        }
        for name in all_names
    ]
