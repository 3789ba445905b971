"""What happens to a public submission: one function per step.

    (form) --receive--> new --start_handling--> in_progress
                         |                          |
                         +-------convert------------+--> converted
                         +-------reject-------------+--> rejected
    converted/rejected --purge_personal_data--> (same status, personal data gone)

An adoption ("wij hebben dit overgenomen", ``Adoption``) follows the same
rules with steps of its own:

    (form) --receive_adoption--> new --approve_adoption--> approved (public)
                                  +----reject_adoption---> rejected

Every step runs in a transaction of its own (``durable=True``: no caller
wraps it in another one), checks first that the actor may take it, locks the
submission (``select_for_update``), checks that it is in a status the step
can leave and writes a ``SubmissionLog`` row in the same transaction. Mail
goes out only after the commit (``portal.ops.mail.send_safely``: a background
task sends it, retried while the mail server is down; each mail has a key, so
it is sent once). Views, the admin and the management command
call these functions; nothing else assigns ``Submission.status``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from portal.core.cache import bump_content_version
from portal.core.slugs import unique_slug
from portal.editorial.roles import REDACTIE
from portal.ops.mail import send_safely
from practices.models import Adoption, Practice, PracticeAttachment, Submission, SubmissionLog

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from practices.forms import AdoptionForm, SubmissionForm

    Actor = User | AnonymousUser | None

# The permissions of the staff steps (both editorial groups hold them).
HANDLE = "practices.change_submission"
CREATE_PRACTICE = "practices.add_practice"
HANDLE_ADOPTION = "practices.change_adoption"

# Statuses a submission can still be handled from.
OPEN = frozenset({Submission.Status.NEW, Submission.Status.IN_PROGRESS})


class SubmissionError(Exception):
    """A step that may not happen now; the message is for the user."""


class SubmissionNotAllowed(SubmissionError):
    """The actor lacks the permission for this step."""


def can_handle(actor: Actor) -> bool:
    """May ``actor`` take the staff steps (start, reject)?"""
    return _is_staff_with(actor, HANDLE)


def can_convert(actor: Actor) -> bool:
    """May ``actor`` turn a submission into a draft practice?"""
    return _is_staff_with(actor, HANDLE, CREATE_PRACTICE)


def available_steps(submission: Submission, actor: Actor) -> list[str]:
    """The staff steps ``actor`` may take on ``submission`` now, by function
    name, in the order the admin offers them."""
    steps = []
    if submission.status == Submission.Status.NEW and can_handle(actor):
        steps.append("start_handling")
    if submission.status in OPEN:
        if can_convert(actor):
            steps.append("convert")
        if can_handle(actor):
            steps.append("reject")
    return steps


def _is_staff_with(actor: Actor, *permissions: str) -> bool:
    return bool(
        actor is not None
        and actor.is_authenticated
        and actor.is_active
        and actor.is_staff
        and actor.has_perms(permissions)
    )


def _require(allowed: bool, actor: Actor, message: str) -> User:
    if not allowed:
        raise SubmissionNotAllowed(message)
    return cast("User", actor)


def _lock(submission: Submission) -> None:
    """Lock the row and bring ``submission`` up to date with it."""
    submission.refresh_from_db(from_queryset=Submission.objects.select_for_update())


def _log(
    submission: Submission, *, actor: User | None, before: str, comment: str = ""
) -> SubmissionLog:
    return SubmissionLog.objects.create(
        submission=submission,
        actor=actor,
        from_status=before,
        to_status=submission.status,
        comment=comment,
    )


# Mail, sent after the commit.


def editor_addresses() -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=REDACTIE, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _mail_received(submission_id: int) -> None:
    """The editors' mail (Dutch, like the admin) and the submitter's receipt
    (in the language of the form, ``Submission.language``)."""
    submission = Submission.objects.get(pk=submission_id)
    admin_url = settings.SITE_URL + reverse(
        "admin:practices_submission_change", args=[submission.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        send_safely(
            _("Nieuwe inzending %(reference)s") % {"reference": submission.reference},
            _(
                "Er is een nieuwe inzending binnengekomen: %(title)s\n\nBekijk en behandel haar in het beheer:\n%(url)s\n"
            )
            % {"title": submission.title, "url": admin_url},
            editor_addresses(),
            key=f"inzending-{submission.form_token}-nieuw",
        )
    if submission.email:
        _mail_receipt(submission)


def _mail_receipt(submission: Submission) -> None:
    with translation.override(submission.language):
        send_safely(
            _("Ontvangen: uw inzending %(reference)s") % {"reference": submission.reference},
            _(
                "Bedankt voor het delen van uw ervaring ‘%(title)s’.\n\n"
                "Uw referentienummer is %(reference)s. De redactie bekijkt uw inzending "
                "en neemt zo nodig contact met u op.\n\nKennisportaal Ouderbetrokkenheid"
            )
            % {"title": submission.title, "reference": submission.reference},
            [submission.email],
            key=f"inzending-{submission.form_token}-ontvangen",
        )


def _mail_rejected(submission: Submission) -> None:
    """Queue the rejection mail to the submitter for after the commit, in
    the language of their form (the editor decides in the Dutch admin)."""
    with translation.override(submission.language):
        subject = _("Over uw inzending %(reference)s") % {"reference": submission.reference}
        body = _(
            "Bedankt voor uw inzending ‘%(title)s’. We plaatsen haar niet op het portaal.\n\n"
            "Toelichting van de redactie:\n%(reason)s\n\nKennisportaal Ouderbetrokkenheid"
        ) % {"title": submission.title, "reason": submission.rejection_reason}
    address, key = submission.email, f"inzending-{submission.form_token}-afgewezen"
    transaction.on_commit(lambda: send_safely(subject, body, [address], key=key))


# The steps.


def receive(
    *, form: SubmissionForm, language: str = settings.LANGUAGE_CODE
) -> tuple[Submission, bool]:
    """The public: save a valid submission form as a new submission; mail
    the editors and the submitter after the commit. Returns the submission
    and whether it is new. ``language``: of the page the form was sent
    from; later mails to the submitter are written in it.

    A second post of the same form (double click, back button) returns the
    submission saved the first time instead of making a second one."""
    token = form.cleaned_data["form_token"]
    existing = Submission.objects.filter(form_token=token).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic(durable=True):
            submission = form.save(commit=False)
            submission.form_token = token
            submission.language = language
            submission.consent_at = timezone.now()
            submission.save()
            form.save_m2m()
            _log(submission, actor=None, before="")
            transaction.on_commit(lambda: _mail_received(submission.pk))
    except IntegrityError:
        existing = Submission.objects.filter(form_token=token).first()
        if existing is None:
            raise
        return existing, False
    return submission, True


def start_handling(submission: Submission, *, actor: Actor) -> Submission:
    """Redactie: take a new submission in hand."""
    user = _require(can_handle(actor), actor, _("U hebt geen recht om inzendingen te behandelen."))
    with transaction.atomic(durable=True):
        _lock(submission)
        if submission.status != Submission.Status.NEW:
            raise SubmissionError(_("Deze inzending is al in behandeling of afgehandeld."))
        before = submission.status
        submission.status = Submission.Status.IN_PROGRESS
        submission.handled_by = user
        submission.save(update_fields=["status", "handled_by"])
        _log(submission, actor=user, before=before)
    return submission


def convert(submission: Submission, *, actor: Actor) -> Practice:
    """Redactie: make a draft practice from an open submission (text,
    municipality, themes, phases, target groups and attachment), linked back
    to it. Returns the practice."""
    user = _require(
        can_convert(actor),
        actor,
        _("U hebt geen recht om van een inzending een praktijkvoorbeeld te maken."),
    )
    with transaction.atomic(durable=True):
        _lock(submission)
        if submission.status not in OPEN:
            raise SubmissionError(_("Deze inzending is al afgehandeld."))
        practice = Practice(
            title=submission.title,
            slug=unique_slug(Practice, submission.title, fallback="inzending"),
            summary=submission.story.strip().split("\n")[0][:500],
            body=linebreaks(escape(submission.story)),
            created_by=user,
            updated_by=user,
        )
        practice.save()
        if submission.municipality:
            practice.municipalities.set([submission.municipality])
        practice.themes.set(submission.themes.all())
        practice.phases.set(submission.phases.all())
        practice.target_groups.set(submission.target_groups.all())
        if submission.attachment:
            with submission.attachment.open("rb") as fh:
                content = fh.read()
            attachment = PracticeAttachment(practice=practice, title=_("Bijlage bij inzending"))
            name = submission.attachment.name or "bijlage"
            attachment.file.save(name, ContentFile(content), save=False)
            attachment.save()
        before = submission.status
        submission.practice = practice
        submission.status = Submission.Status.CONVERTED
        submission.handled_at = timezone.now()
        submission.handled_by = user
        submission.save(update_fields=["practice", "status", "handled_at", "handled_by"])
        _log(
            submission,
            actor=user,
            before=before,
            comment=_("Omgezet naar het concept-praktijkvoorbeeld ‘%(title)s’.")
            % {"title": practice.title},
        )
    return practice


def reject(
    submission: Submission, *, actor: Actor, reason: str, notify_submitter: bool = False
) -> Submission:
    """Redactie: turn down an open submission, with a reason; optionally
    mail the reason to the submitter (after the commit)."""
    user = _require(can_handle(actor), actor, _("U hebt geen recht om inzendingen te behandelen."))
    if not (reason or "").strip():
        raise SubmissionError(_("Geef een reden voor de afwijzing."))
    with transaction.atomic(durable=True):
        _lock(submission)
        if submission.status not in OPEN:
            raise SubmissionError(_("Deze inzending is al afgehandeld."))
        before = submission.status
        submission.status = Submission.Status.REJECTED
        submission.rejection_reason = reason.strip()
        submission.handled_at = timezone.now()
        submission.handled_by = user
        submission.save(update_fields=["status", "rejection_reason", "handled_at", "handled_by"])
        _log(submission, actor=user, before=before, comment=submission.rejection_reason)
        if notify_submitter and submission.email:
            _mail_rejected(submission)
    return submission


def purge_personal_data(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """The system (``manage.py purge_submissions``, daily): remove name,
    e-mail, phone and the attachment of handled submissions older than the
    retention period; the anonymous content stays. Each submission in a
    transaction of its own, locked and checked again. Returns the number
    purged. Safe to run daily: purged items are not touched again."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=older_than_days)
    count = 0
    for pk in Submission.objects.due_for_purge(before=cutoff).values_list("pk", flat=True):
        with transaction.atomic(durable=True):
            submission = (
                Submission.objects.select_for_update().due_for_purge(before=cutoff).filter(pk=pk)
            ).first()
            if submission is None:  # purged by a parallel run meanwhile
                continue
            if submission.attachment:
                submission.attachment.delete(save=False)
            submission.name = ""
            submission.email = ""
            submission.phone = ""
            submission.personal_data_purged_at = now
            submission.save(
                update_fields=["name", "email", "phone", "attachment", "personal_data_purged_at"]
            )
            _log(
                submission,
                actor=None,
                before=submission.status,
                comment=_("Persoonsgegevens verwijderd: de bewaartermijn is verstreken."),
            )
        count += 1
    return count


# Adoptions ("wij hebben dit overgenomen").


def can_handle_adoption(actor: Actor) -> bool:
    """May ``actor`` approve or reject adoptions?"""
    return _is_staff_with(actor, HANDLE_ADOPTION)


def _mail_adoption_received(adoption_id: int) -> None:
    adoption = Adoption.objects.select_related("practice", "municipality").get(pk=adoption_id)
    admin_url = settings.SITE_URL + reverse("admin:practices_adoption_change", args=[adoption.pk])
    with translation.override(settings.LANGUAGE_CODE):  # for the editors
        _mail_editors_adoption(adoption, admin_url)


def _mail_editors_adoption(adoption: Adoption, admin_url: str) -> None:
    send_safely(
        _("Nieuwe melding: %(municipality)s nam een praktijkvoorbeeld over")
        % {"municipality": adoption.municipality},
        _(
            "%(municipality)s meldt dat het ‘%(title)s’ heeft overgenomen.\n\n"
            "Bekijk en beoordeel de melding in het beheer:\n%(url)s\n"
        )
        % {
            "municipality": adoption.municipality,
            "title": adoption.practice.title,
            "url": admin_url,
        },
        editor_addresses(),
        key=f"overname-{adoption.form_token}-nieuw",
    )


def receive_adoption(
    *, form: AdoptionForm, language: str = settings.LANGUAGE_CODE
) -> tuple[Adoption, bool]:
    """The public: save a valid adoption form as a new adoption of the
    form's (published) practice; mail the editors after the commit. Returns
    the adoption and whether it is new (a second post of the same form
    returns the first). ``language``: of the page the form was sent from
    (the editors see it and write back in it)."""
    token = form.cleaned_data["form_token"]
    existing = Adoption.objects.filter(form_token=token).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic(durable=True):
            adoption = form.save(commit=False)
            adoption.practice = form.practice
            adoption.form_token = token
            adoption.language = language
            adoption.consent_at = timezone.now()
            adoption.save()
            transaction.on_commit(lambda: _mail_adoption_received(adoption.pk))
    except IntegrityError:
        existing = Adoption.objects.filter(form_token=token).first()
        if existing is None:
            raise
        return existing, False
    return adoption, True


def _lock_adoption(adoption: Adoption) -> None:
    adoption.refresh_from_db(from_queryset=Adoption.objects.select_for_update())


def approve_adoption(adoption: Adoption, *, actor: Actor) -> Adoption:
    """Redactie: publish a new adoption on the practice and municipality
    pages. Refused when that municipality is already listed for it."""
    user = _require(
        can_handle_adoption(actor), actor, _("U hebt geen recht om overnames te beoordelen.")
    )
    with transaction.atomic(durable=True):
        _lock_adoption(adoption)
        if adoption.status != Adoption.Status.NEW:
            raise SubmissionError(_("Deze melding is al beoordeeld."))
        if Adoption.objects.filter(
            practice_id=adoption.practice_id,
            municipality_id=adoption.municipality_id,
            status=Adoption.Status.APPROVED,
        ).exists():
            raise SubmissionError(
                _("Deze gemeente staat al vermeld bij dit praktijkvoorbeeld; wijs de melding af.")
            )
        adoption.status = Adoption.Status.APPROVED
        adoption.handled_at = timezone.now()
        adoption.handled_by = user
        adoption.save(update_fields=["status", "handled_at", "handled_by"])
        transaction.on_commit(bump_content_version)
    return adoption


def reject_adoption(adoption: Adoption, *, actor: Actor, reason: str) -> Adoption:
    """Redactie: turn down a new adoption, with a reason (for staff)."""
    user = _require(
        can_handle_adoption(actor), actor, _("U hebt geen recht om overnames te beoordelen.")
    )
    if not (reason or "").strip():
        raise SubmissionError(_("Geef een reden voor de afwijzing."))
    with transaction.atomic(durable=True):
        _lock_adoption(adoption)
        if adoption.status != Adoption.Status.NEW:
            raise SubmissionError(_("Deze melding is al beoordeeld."))
        adoption.status = Adoption.Status.REJECTED
        adoption.rejection_reason = reason.strip()
        adoption.handled_at = timezone.now()
        adoption.handled_by = user
        adoption.save(update_fields=["status", "rejection_reason", "handled_at", "handled_by"])
    return adoption


def withdraw_adoption(adoption: Adoption, *, actor: Actor, reason: str) -> Adoption:
    """Redactie: take an approved adoption off the pages again (it turned
    out wrong), with a reason."""
    user = _require(
        can_handle_adoption(actor), actor, _("U hebt geen recht om overnames te beoordelen.")
    )
    if not (reason or "").strip():
        raise SubmissionError(_("Geef een reden."))
    with transaction.atomic(durable=True):
        _lock_adoption(adoption)
        if adoption.status != Adoption.Status.APPROVED:
            raise SubmissionError(_("Alleen een goedgekeurde melding kan worden ingetrokken."))
        adoption.status = Adoption.Status.REJECTED
        adoption.rejection_reason = reason.strip()
        adoption.handled_at = timezone.now()
        adoption.handled_by = user
        adoption.save(update_fields=["status", "rejection_reason", "handled_at", "handled_by"])
        transaction.on_commit(bump_content_version)
    return adoption


def purge_adoption_personal_data(
    *, older_than_days: int, now: datetime.datetime | None = None
) -> int:
    """The system (``manage.py purge_submissions``): remove name and e-mail
    from adoptions handled longer ago than the retention period; the
    municipality, practice and note stay. Returns the number purged."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=older_than_days)
    with transaction.atomic(durable=True):
        return Adoption.objects.due_for_purge(before=cutoff).update(
            name="", email="", personal_data_purged_at=now
        )
