"""The review queue ("Wat wacht op mij"): one admin page that shows each
editor what waits for them, with its age."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core import registry
from portal.core.models import Status
from portal.editorial import workflow
from portal.editorial.models import Publishable, TransitionLog

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class QueueRow(TypedDict):
    """One line of a queue section: what, where, waiting since when."""

    label: str
    url: str
    since: datetime.datetime
    note: str


def _admin_url(item: Model) -> str:
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def _label(item: Publishable) -> str:
    kind = item._meta.verbose_name
    if item.change_of_id:
        return _("%(title)s (wijziging van het gepubliceerde item, %(kind)s)") % {
            "title": item,
            "kind": kind,
        }
    return f"{item} ({kind})"


def _editorial_kinds() -> list[registry.ContentKind]:
    return [k for k in registry.kinds() if hasattr(k.model, "transitions")]


def _last_transitions(items: Sequence[Model]) -> dict[tuple[int, int], TransitionLog]:
    """{(content_type_id, object_id): latest TransitionLog} in one query."""
    if not items:
        return {}
    keys = {(ContentType.objects.get_for_model(i).pk, i.pk) for i in items}
    rows = TransitionLog.objects.filter(
        content_type_id__in={k[0] for k in keys}, object_id__in={k[1] for k in keys}
    ).order_by("created_at", "id")
    latest: dict[tuple[int, int], TransitionLog] = {}
    for row in rows:
        latest[(row.content_type_id, row.object_id)] = row
    return latest


def sections_for(user: User) -> list[dict[str, Any]]:
    """The sections of the queue of ``user``: dicts with a key, a title and
    rows (``QueueRow``); the apps add theirs (``registry.register_queue``)."""
    in_review: list[QueueRow] = []
    sent_back: list[QueueRow] = []
    scheduled: list[QueueRow] = []
    now = timezone.now()
    for kind in _editorial_kinds():
        model = cast("type[Publishable]", kind.model)  # editorial: a Publishable
        sample = model()
        if workflow.can(user, sample, "publish"):
            for item in model.objects.filter(status=Status.REVIEW).order_by("updated_at"):
                in_review.append(
                    {
                        "label": _label(item),
                        "url": _admin_url(item),
                        "since": item.updated_at,
                        "note": "",
                    }  # fmt: skip
                )
            for item in model.objects.scheduled(now=now).order_by("publish_at"):
                scheduled.append(
                    {"label": f"{item} ({model._meta.verbose_name})", "url": _admin_url(item),
                     "since": item.updated_at,
                     "note": _("gaat live op %(when)s")
                     % {"when": timezone.localtime(item.publish_at).strftime("%d-%m-%Y %H:%M")}}
                )  # fmt: skip
        drafts = list(model.objects.filter(status=Status.DRAFT, created_by=user))
        latest = _last_transitions(drafts)
        for item in drafts:
            log = latest.get((ContentType.objects.get_for_model(item).pk, item.pk))
            if (
                log
                and log.from_status == Status.REVIEW
                and log.to_status == Status.DRAFT
                and log.action != TransitionLog.Action.REOPEN
            ):
                sent_back.append(
                    {
                        "label": f"{item} ({model._meta.verbose_name})",
                        "url": _admin_url(item),
                        "since": log.created_at,
                        "note": log.comment,
                    }  # fmt: skip
                )
    sections: list[dict[str, Any]] = [
        {"key": "review", "title": _("Ter beoordeling"), "rows": in_review},
        {"key": "sent-back", "title": _("Uw concepten, teruggestuurd"), "rows": sent_back},
        {"key": "scheduled", "title": _("Ingepland om live te gaan"), "rows": scheduled},
    ]
    for provider in registry.queue_providers():
        sections.extend(provider(user))
    return sections
