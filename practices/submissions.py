"""What happens to a public submission: receiving, notifying, converting,
rejecting and purging personal data. One function per step; views and the
admin call these."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.editorial.roles import REDACTIE
from portal.ops.mail import send_safely
from practices.models import Practice, PracticeAttachment, Submission


class SubmissionError(Exception):
    """A step that may not happen now; the message is for the user."""


def editor_addresses():
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=REDACTIE, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def notify_new_submission(submission_id):
    submission = Submission.objects.get(pk=submission_id)
    admin_url = settings.SITE_URL + reverse(
        "admin:practices_submission_change", args=[submission.pk]
    )
    send_safely(
        _("Nieuwe inzending %(reference)s") % {"reference": submission.reference},
        _(
            "Er is een nieuwe inzending binnengekomen: %(title)s\n\nBekijk en behandel haar in het beheer:\n%(url)s\n"
        )
        % {"title": submission.title, "url": admin_url},
        editor_addresses(),
    )
    if submission.email:
        send_safely(
            _("Ontvangen: uw inzending %(reference)s") % {"reference": submission.reference},
            _(
                "Bedankt voor het delen van uw ervaring ‘%(title)s’.\n\n"
                "Uw referentienummer is %(reference)s. De redactie bekijkt uw inzending "
                "en neemt zo nodig contact met u op.\n\nKennisportaal Ouderbetrokkenheid"
            )
            % {"title": submission.title, "reference": submission.reference},
            [submission.email],
        )


def receive(form):
    """Save a valid submission form; mail only after the commit.

    A second post of the same form (double click, back button) returns the
    submission saved the first time instead of making a second one."""
    existing = Submission.objects.filter(form_token=form.cleaned_data["form_token"]).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            submission = form.save(commit=False)
            submission.form_token = form.cleaned_data["form_token"]
            submission.consent_at = timezone.now()
            submission.save()
            form.save_m2m()
    except IntegrityError:
        existing = Submission.objects.filter(form_token=form.cleaned_data["form_token"]).first()
        if existing is None:
            raise
        return existing, False
    transaction.on_commit(lambda: notify_new_submission(submission.pk))
    return submission, True


def _unique_slug(title):
    base = slugify(title)[:200] or "inzending"
    slug, n = base, 2
    while Practice.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _story_as_html(story):
    from django.utils.html import escape, linebreaks

    return linebreaks(escape(story))


def start_handling(submission, *, actor):
    if submission.status != Submission.Status.NEW:
        raise SubmissionError(_("Deze inzending is al in behandeling of afgehandeld."))
    submission.status = Submission.Status.IN_PROGRESS
    submission.handled_by = actor
    submission.save(update_fields=["status", "handled_by"])
    return submission


def convert(submission, *, actor):
    """Make a draft practice from the submission (text, municipality, themes,
    phases, target groups and attachment), linked back to it."""
    if submission.status in (Submission.Status.CONVERTED, Submission.Status.REJECTED):
        raise SubmissionError(_("Deze inzending is al afgehandeld."))
    with transaction.atomic():
        practice = Practice(
            title=submission.title,
            slug=_unique_slug(submission.title),
            summary=submission.story.strip().split("\n")[0][:500],
            body=_story_as_html(submission.story),
            created_by=actor,
            updated_by=actor,
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
            attachment.file.save(submission.attachment.name, ContentFile(content), save=False)
            attachment.save()
        submission.practice = practice
        submission.status = Submission.Status.CONVERTED
        submission.handled_at = timezone.now()
        submission.handled_by = actor
        submission.save(update_fields=["practice", "status", "handled_at", "handled_by"])
    return practice


def reject(submission, *, actor, reason, notify_submitter=False):
    if not (reason or "").strip():
        raise SubmissionError(_("Geef een reden voor de afwijzing."))
    if submission.status in (Submission.Status.CONVERTED, Submission.Status.REJECTED):
        raise SubmissionError(_("Deze inzending is al afgehandeld."))
    submission.status = Submission.Status.REJECTED
    submission.rejection_reason = reason.strip()
    submission.handled_at = timezone.now()
    submission.handled_by = actor
    submission.save(update_fields=["status", "rejection_reason", "handled_at", "handled_by"])
    if notify_submitter and submission.email:
        subject = _("Over uw inzending %(reference)s") % {"reference": submission.reference}
        body = _(
            "Bedankt voor uw inzending ‘%(title)s’. We plaatsen haar niet op het portaal.\n\n"
            "Toelichting van de redactie:\n%(reason)s\n\nKennisportaal Ouderbetrokkenheid"
        ) % {"title": submission.title, "reason": submission.rejection_reason}
        address = submission.email
        transaction.on_commit(lambda: send_safely(subject, body, [address]))
    return submission


def purge_personal_data(*, older_than_days, now=None):
    """Remove name, e-mail, phone and the attachment of handled submissions
    older than the retention period; the anonymous content stays. Returns the
    number purged. Safe to run daily: purged items are not touched again."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(days=older_than_days)
    count = 0
    for submission in Submission.objects.due_for_purge(before=cutoff):
        if submission.attachment:
            submission.attachment.delete(save=False)
        submission.name = ""
        submission.email = ""
        submission.phone = ""
        submission.personal_data_purged_at = now
        submission.save(
            update_fields=["name", "email", "phone", "attachment", "personal_data_purged_at"]
        )
        count += 1
    return count
