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

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.models import Status
from portal.editorial import changes, notifications
from portal.editorial.models import TransitionLog


class TransitionError(Exception):
    """A transition that may not happen; the message is for the user."""


class TransitionNotAllowed(TransitionError):
    """The actor lacks the permission for this transition."""


def _permission(item, action):
    opts = item._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def can(actor, item, action):
    """May ``actor`` perform workflow ``action`` ('change' or 'publish')?"""
    return bool(
        actor is not None
        and actor.is_authenticated
        and actor.is_active
        and actor.is_staff
        and actor.has_perm(_permission(item, action))
    )


def submitted_version(item):
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


def _log(item, *, actor, action, current, target, comment, version):
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


def _transition(item, *, actor, action, sources, target, comment="", extra=None, name=""):
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
            if item.change_of_id:
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
        item._history_user = actor
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


def submit(item, *, actor, comment=""):
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


def publish(item, *, actor, publish_at=None, comment=""):
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


def send_back(item, *, actor, comment):
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


def unpublish(item, *, actor, comment=""):
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


def archive(item, *, actor, comment=""):
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


def restore(item, *, actor, comment=""):
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


def reopen(item, *, actor):
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


def record_live_edit(item, *, actor):
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


def start_change(item, *, actor):
    """Redactie: begin a pending change of a published item (or open the one
    that exists). The public keeps seeing the approved version until a chief
    editor approves the change."""
    if not can(actor, item, "change"):
        raise TransitionNotAllowed(_("U hebt geen recht om dit item te wijzigen."))
    if item.change_of_id:
        raise TransitionError(_("Dit is zelf al een wijziging in behandeling."))
    if item.status != Status.PUBLISHED:
        raise TransitionError(
            _("Alleen een gepubliceerd item krijgt een aparte wijziging; bewerk dit item zelf.")
        )
    return changes.start_change(item, actor=actor)
