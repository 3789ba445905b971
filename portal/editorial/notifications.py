"""E-mail about the editorial workflow, queued after the transaction commits
(``portal.ops.mail``: a background task sends it and retries while the mail
server is down). A failing mail server never undoes or blocks a transition."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Model, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.models import Status
from portal.editorial.models import TransitionLog
from portal.editorial.roles import EINDREDACTIE
from portal.ops.mail import send_safely


def _admin_url(item: Model) -> str:
    opts = item._meta
    try:
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path


def chief_editor_addresses() -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(Q(groups__name=EINDREDACTIE) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def transition_done(log_id: int) -> None:
    entry = TransitionLog.objects.select_related("content_type").filter(pk=log_id).first()
    if entry is None:
        return
    item = entry.item
    if item is None:
        return
    url = _admin_url(item)
    # One mail per transition, however often this runs (the time as well as
    # the id: SQLite may give a deleted row's id to the next one).
    key = f"overgang-{entry.pk}-{entry.created_at:%Y%m%d%H%M%S%f}"
    author = getattr(item.created_by, "email", "") if item.created_by_id else ""
    if entry.to_status == Status.REVIEW:
        send_safely(
            _("Ter beoordeling: %(title)s") % {"title": item},
            _("‘%(title)s’ wacht op uw beoordeling.\n\n%(url)s\n") % {"title": item, "url": url},
            chief_editor_addresses(),
            key=key,
        )
    elif entry.to_status == Status.PUBLISHED:
        send_safely(
            _("Gepubliceerd: %(title)s") % {"title": item},
            _("‘%(title)s’ is goedgekeurd en wordt gepubliceerd op %(when)s.\n\n%(url)s\n")
            % {
                "title": item,
                "when": timezone.localtime(item.publish_at).strftime("%d-%m-%Y %H:%M"),
                "url": url,
            },
            [author],
            key=key,
        )
    elif (
        entry.from_status == Status.REVIEW
        and entry.to_status == Status.DRAFT
        and entry.action != TransitionLog.Action.REOPEN  # the editor did that themself
    ):
        send_safely(
            _("Teruggestuurd: %(title)s") % {"title": item},
            _("‘%(title)s’ is teruggestuurd met deze toelichting:\n\n%(comment)s\n\n%(url)s\n")
            % {"title": item, "comment": entry.comment, "url": url},
            [author],
            key=key,
        )
