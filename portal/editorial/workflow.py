"""The editorial workflow: one function per transition.

Each function checks that the actor may do it and that the item is in a state
it can leave, saves the new state and writes a ``TransitionLog`` row, all in
one transaction with the row locked, so two chief editors clicking at once
cannot both publish. Views and the admin call these functions; nothing else
assigns ``status``.

    draft --submit--> review --publish--> published --archive--> archived
      ^                 |                   |                      |
      +---send_back-----+                   |                      |
      +-----------------unpublish-----------+                      |
      +-----------------restore------------------------------------+
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.models import Status
from portal.editorial import changes, notifications
from portal.editorial.models import Publishable, TransitionLog

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    # Who starts a transition: a request's user (maybe anonymous) or nobody.
    Actor = User | AnonymousUser | None


class TransitionError(Exception):
    """A transition that may not happen; the message is for the user."""


class TransitionNotAllowed(TransitionError):
    """The actor lacks the permission for this transition."""


def _permission(item: Publishable, action: str) -> str:
    opts = item._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def can(actor: Actor, item: Publishable, action: str) -> TypeGuard[User]:
    """May ``actor`` perform workflow ``action`` ('change' or 'publish')?"""
    return bool(
        actor is not None
        and actor.is_authenticated
        and actor.is_active
        and actor.is_staff
        and actor.has_perm(_permission(item, action))
    )


def submitted_version(item: Publishable) -> int | None:
    """The version of ``item`` that was last submitted for review, or None
    for an item that reached review before versions were recorded."""
    row = (
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            to_status=Status.REVIEW,
        )
        .order_by("-created_at", "-id")
        .values_list("version", flat=True)
        .first()
    )
    return row


def _log(
    item: Publishable,
    *,
    actor: User,
    action: str,
    current: str,
    target: str,
    comment: str,
    version: int | None,
) -> TransitionLog:
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        actor=actor,
        action=action,
        from_status=current,
        to_status=target,
        comment=comment,
        version=version,
    )


def _transition(
    item: Publishable,
    *,
    actor: Actor,
    action: str,
    sources: set[str],
    target: str,
    comment: str = "",
    extra: dict[str, Any] | None = None,
    name: str = "",
) -> Publishable:
    if not can(actor, item, action):
        raise TransitionNotAllowed(
            _("U hebt geen recht om dit te doen met ‘%(title)s’.") % {"title": item}
        )
    with transaction.atomic():
        row = type(item).objects.select_for_update().values("status", "version").get(pk=item.pk)
        current, version = row["status"], row["version"]
        if current not in sources:
            raise TransitionError(
                _("‘%(title)s’ heeft status ‘%(status)s’; dat kan nu niet.")
                % {"title": item, "status": Status(current).label}
            )
        if name == TransitionLog.Action.PUBLISH:
            submitted = submitted_version(item)
            if submitted is not None and submitted != version:
                raise TransitionError(
                    _(
                        "‘%(title)s’ is gewijzigd nadat het ter beoordeling werd aangeboden "
                        "(aangeboden: versie %(submitted)s, nu: versie %(version)s). Alleen "
                        "de aangeboden versie kan worden goedgekeurd: laat het opnieuw aanbieden."
                    )
                    % {"title": item, "submitted": submitted, "version": version}
                )
            if item.is_change:
                # A pending change: approving it writes it into the live item.
                item.refresh_from_db()
                live, log = changes.merge(item, actor=actor, version=version)
                transaction.on_commit(lambda: notifications.transition_done(log.pk))
                return live
        item.status = target
        for field, value in (extra or {}).items():
            setattr(item, field, value)
        changed = item.on_published() if target == Status.PUBLISHED else []
        item.updated_by = actor
        setattr(item, "_history_user", actor)  # noqa: B010 (simple_history's hook)
        item.save(update_fields=["status", "updated_by", "updated_at", *(extra or {}), *changed])
        # The version a submission offers is the one it leaves; approval
        # records the version it approved (the one that was submitted).
        recorded = item.version if name == TransitionLog.Action.SUBMIT else version
        log = _log(
            item,
            actor=actor,
            action=name,
            current=current,
            target=target,
            comment=comment,
            version=recorded,
        )
        transaction.on_commit(lambda: notifications.transition_done(log.pk))
    return item


def submit(item: Publishable, *, actor: Actor, comment: str = "") -> Publishable:
    """Redactie: offer a draft for review."""
    return _transition(
        item,
        name=TransitionLog.Action.SUBMIT,
        actor=actor,
        action="change",
        sources={Status.DRAFT},
        target=Status.REVIEW,
        comment=comment,
    )


def publish(
    item: Publishable,
    *,
    actor: Actor,
    publish_at: datetime.datetime | None = None,
    comment: str = "",
) -> Publishable:
    """Eindredactie: approve and publish now, or at ``publish_at``."""
    return _transition(
        item,
        name=TransitionLog.Action.PUBLISH,
        actor=actor,
        action="publish",
        sources={Status.REVIEW},
        target=Status.PUBLISHED,
        comment=comment,
        extra={"publish_at": publish_at or timezone.now()},
    )


def send_back(item: Publishable, *, actor: Actor, comment: str) -> Publishable:
    """Eindredactie: return an item under review to draft, with a reason."""
    if not (comment or "").strip():
        raise TransitionError(_("Geef bij terugsturen aan wat er moet veranderen."))
    return _transition(
        item,
        name=TransitionLog.Action.SEND_BACK,
        actor=actor,
        action="publish",
        sources={Status.REVIEW},
        target=Status.DRAFT,
        comment=comment.strip(),
    )


def unpublish(item: Publishable, *, actor: Actor, comment: str = "") -> Publishable:
    """Eindredactie: take a published item offline, back to draft."""
    return _transition(
        item,
        name=TransitionLog.Action.UNPUBLISH,
        actor=actor,
        action="publish",
        sources={Status.PUBLISHED},
        target=Status.DRAFT,
        comment=comment,
    )


def archive(item: Publishable, *, actor: Actor, comment: str = "") -> Publishable:
    """Eindredactie: archive an item (it disappears from the public site)."""
    return _transition(
        item,
        name=TransitionLog.Action.ARCHIVE,
        actor=actor,
        action="publish",
        sources={Status.DRAFT, Status.REVIEW, Status.PUBLISHED},
        target=Status.ARCHIVED,
        comment=comment,
    )


def restore(item: Publishable, *, actor: Actor, comment: str = "") -> Publishable:
    """Eindredactie: bring an archived item back as a draft."""
    return _transition(
        item,
        name=TransitionLog.Action.RESTORE,
        actor=actor,
        action="publish",
        sources={Status.ARCHIVED},
        target=Status.DRAFT,
        comment=comment,
    )


def reopen(item: Publishable, *, actor: Actor) -> Publishable:
    """An item under review was edited: it goes back to draft, since only
    the version that was submitted may be approved. Anyone who may edit it
    may do this (it is what saving the edit means)."""
    return _transition(
        item,
        actor=actor,
        action="change",
        sources={Status.REVIEW},
        target=Status.DRAFT,
        comment=_("Gewijzigd nadat het ter beoordeling was aangeboden; opnieuw aanbieden."),
        name=TransitionLog.Action.REOPEN,
    )


def record_live_edit(item: Publishable, *, actor: Actor) -> TransitionLog:
    """A chief editor changed a published item directly: allowed, logged."""
    if not can(actor, item, "publish"):
        raise TransitionNotAllowed(
            _("Een gepubliceerd item wijzigt u via een wijziging in behandeling.")
        )
    return _log(
        item,
        actor=actor,
        action=TransitionLog.Action.EDIT_LIVE,
        current=item.status,
        target=item.status,
        comment=_("Direct gewijzigd en gepubliceerd door de eindredactie."),
        version=item.version,
    )


def start_change(item: Publishable, *, actor: Actor) -> Publishable:
    """Redactie: begin a pending change of a published item (or open the one
    that exists). The public keeps seeing the approved version until a chief
    editor approves the change."""
    if not can(actor, item, "change"):
        raise TransitionNotAllowed(_("U hebt geen recht om dit item te wijzigen."))
    if item.is_change:
        raise TransitionError(_("Dit is zelf al een wijziging in behandeling."))
    if item.status != Status.PUBLISHED:
        raise TransitionError(
            _("Alleen een gepubliceerd item krijgt een aparte wijziging; bewerk dit item zelf.")
        )
    return changes.start_change(item, actor=actor)


# The rules the admin (and any other screen) asks about: which transitions a
# person is offered, who may edit what directly, what saving an edit means.

# The transitions a person starts by name (buttons, bulk actions).
TRANSITIONS: dict[str, Callable[..., Publishable]] = {
    "submit": submit,
    "publish": publish,
    "send_back": send_back,
    "unpublish": unpublish,
    "archive": archive,
    "restore": restore,
}

# Transitions that need a comment (the reason for the author).
COMMENT_REQUIRED = frozenset({"send_back"})

# Which transitions leave which status, and the right each needs.
AVAILABLE: dict[str, tuple[tuple[str, str], ...]] = {
    Status.DRAFT: (("submit", "change"), ("archive", "publish")),
    Status.REVIEW: (("publish", "publish"), ("send_back", "publish"), ("archive", "publish")),
    Status.PUBLISHED: (("unpublish", "publish"), ("archive", "publish")),
    Status.ARCHIVED: (("restore", "publish"),),
}

# A pending change is never published itself (approving merges it), and a
# withdrawn (archived) change is not brought back: a new one is started.
NOT_FOR_CHANGES = frozenset({"unpublish", "restore"})


def available_transitions(item: Publishable, user: Actor) -> list[str]:
    """The transitions ``user`` is offered on ``item`` in its current
    status, by name (keys of ``TRANSITIONS``), in a fixed order."""
    return [
        name
        for name, action in AVAILABLE.get(item.status, ())
        if not (item.is_change and name in NOT_FOR_CHANGES) and can(user, item, action)
    ]


def can_schedule(item: Publishable) -> bool:
    """May publication of ``item`` be set for later? Not for a pending
    change: approving it writes it into the live item at once."""
    return not item.is_change


def perform(
    item: Publishable,
    name: str,
    *,
    actor: Actor,
    comment: str = "",
    publish_at: datetime.datetime | None = None,
) -> Publishable:
    """Run the transition called ``name`` (see ``TRANSITIONS``); only
    ``publish`` takes ``publish_at`` (None: now)."""
    if name not in TRANSITIONS:
        raise TransitionError(_("Deze statuswijziging bestaat niet."))
    if name == "publish":
        return publish(item, actor=actor, publish_at=publish_at, comment=comment)
    return TRANSITIONS[name](item, actor=actor, comment=comment)


def can_edit(actor: Actor, item: Publishable) -> bool:
    """May ``actor`` save changes to ``item`` itself? A published item
    changes only through a chief editor (logged, ``record_edit``); others
    start a pending change instead."""
    if item.status == Status.PUBLISHED and not item.is_change:
        return can(actor, item, "publish")
    return can(actor, item, "change")


def can_start_change(actor: Actor, item: Publishable) -> bool:
    """Is ``actor`` offered to start a pending change of ``item``: a
    published item without an open change? (``start_change`` itself also
    opens an existing change.)"""
    return (
        item.status == Status.PUBLISHED
        and not item.is_change
        and changes.pending_change(item) is None
        and can(actor, item, "change")
    )


def locked_fields(item: Publishable) -> tuple[str, ...]:
    """Fields of ``item`` nobody edits: a pending change keeps the live
    item's address (slug)."""
    return ("slug",) if item.is_change else ()


def can_delete(actor: Actor) -> bool:
    """Content is archived, not deleted; only superusers may delete it."""
    return bool(actor is not None and actor.is_superuser)


def record_edit(
    item: Publishable, *, actor: Actor, previous_status: str
) -> TransitionLog.Action | None:
    """What a saved edit of ``item`` means for the workflow; call it right
    after the save, with the status the item had before. An item under
    review goes back to draft, since only the version that was submitted
    may be approved (``reopen``); a direct edit of a published item (only a
    chief editor may, see ``can_edit``) is logged (``record_live_edit``).
    Returns the action recorded, or None."""
    if previous_status == Status.REVIEW:
        reopen(item, actor=actor)
        return TransitionLog.Action.REOPEN
    if previous_status == Status.PUBLISHED and not item.is_change:
        record_live_edit(item, actor=actor)
        return TransitionLog.Action.EDIT_LIVE
    return None
