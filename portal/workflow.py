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

from portal import notifications
from portal.models import Status, TransitionLog


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


def _transition(item, *, actor, action, sources, target, comment="", extra=None):
    if not can(actor, item, action):
        raise TransitionNotAllowed(
            _("U hebt geen recht om dit te doen met ‘%(title)s’.") % {"title": item}
        )
    with transaction.atomic():
        current = type(item).objects.select_for_update().only("status").get(pk=item.pk).status
        if current not in sources:
            raise TransitionError(
                _("‘%(title)s’ heeft status ‘%(status)s’; dat kan nu niet.")
                % {"title": item, "status": Status(current).label}
            )
        item.status = target
        for field, value in (extra or {}).items():
            setattr(item, field, value)
        changed = item.on_published() if target == Status.PUBLISHED else []
        item.updated_by = actor
        item._history_user = actor
        item.save(update_fields=["status", "updated_by", "updated_at", *(extra or {}), *changed])
        log = TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            actor=actor,
            from_status=current,
            to_status=target,
            comment=comment,
        )
        transaction.on_commit(lambda: notifications.transition_done(log.pk))
    return item


def submit(item, *, actor, comment=""):
    """Redactie: offer a draft for review."""
    return _transition(
        item,
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
        actor=actor,
        action="publish",
        sources={Status.ARCHIVED},
        target=Status.DRAFT,
        comment=comment,
    )
