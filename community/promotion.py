"""From forum to knowledge: an editor turns a thread into a draft practice,
or into a question and answer on a theme dossier.

    ask_consent --> one ConsentRequest per participant (mail) --> given / refused
    promote --> a draft ``practices.Practice`` with only the text of
                participants who gave consent; the thread links to it
                (``Question.practice``)
    promote_to_dossier --> a ``DossierQuestion`` on a theme dossier: the
                question (its asker consented) and the answers of those who
                consented; the thread links to the dossier (``Question.dossier``)

Nothing becomes public without review: the practice starts as a draft, like
``practices.intake.convert``; a published dossier gets the question and answer
in a pending change (``workflow.start_change``, an open one is reused), which
a chief editor approves like any other change; a draft dossier gets it
directly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from community import access, members
from community.models import ConsentRequest, Question
from dossiers.models import DossierQuestion, ThemeDossier
from portal.core.models import Status
from portal.core.slugs import unique_slug
from portal.editorial import workflow
from portal.ops.mail import send_safely
from practices.models import Practice

CREATE_PRACTICE = "practices.add_practice"


class PromotionError(Exception):
    """A step that may not happen now; the message is for the user."""


def can_promote(user: Any) -> bool:
    return access.is_moderator(user) and user.has_perm(CREATE_PRACTICE)


def participants(question: Question) -> list[Any]:
    """The authors (with an account) of the question and its visible answers."""
    users = {}
    if question.author_id:
        users[question.author_id] = question.author
    for post in question.answers.filter(hidden=False).select_related("author"):
        if post.author_id:
            users.setdefault(post.author_id, post.author)
    return list(users.values())


def ask_consent(question: Question, *, actor: Any) -> list[ConsentRequest]:
    """Ask every participant whether their text may be used; mail each once."""
    if not can_promote(actor):
        raise PromotionError(
            _("U hebt geen recht om van een draad een praktijkvoorbeeld te maken.")
        )
    made = []
    with transaction.atomic(durable=True):
        for user in participants(question):
            request, created = ConsentRequest.objects.get_or_create(
                question=question, user=user, defaults={"asked_by": actor}
            )
            if created:
                made.append(request)
        for request in made:
            address, key = request.user.email, f"forum-toestemming-{request.pk}"
            # In the member's language, with the link to the page in it.
            with translation.override(members.language_of(request.user)):
                subject = _("Mag de redactie uw forumbericht gebruiken?")
                body = _(
                    "De redactie wil van de forumdraad ‘%(title)s’ een praktijkvoorbeeld "
                    "maken. Mag uw tekst daarin worden gebruikt (zonder uw naam)? Geef uw "
                    "antwoord na inloggen:\n%(url)s\n\nZonder uw toestemming gebruiken we "
                    "uw tekst niet."
                ) % {
                    "title": question.title,
                    "url": settings.SITE_URL + reverse("community:consents"),
                }
            transaction.on_commit(
                lambda address=address, key=key, subject=subject, body=body: send_safely(
                    subject, body, [address], key=key
                )
            )
    return made


def answer_consent(request: ConsentRequest, *, user: Any, give: bool) -> ConsentRequest:
    if request.user_id != getattr(user, "pk", None):
        raise PromotionError(_("Dit verzoek is niet aan u gericht."))
    request.status = ConsentRequest.Status.GIVEN if give else ConsentRequest.Status.REFUSED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    return request


def consenting_ids(question: Question) -> set[int]:
    return set(
        question.consents.filter(status=ConsentRequest.Status.GIVEN).values_list(
            "user_id", flat=True
        )
    )


def promote(question: Question, *, actor: Any) -> Practice:
    """Make a draft practice of the thread, with the text of consenting
    participants only. Refused when nobody consented or the thread already
    has a practice."""
    if not can_promote(actor):
        raise PromotionError(
            _("U hebt geen recht om van een draad een praktijkvoorbeeld te maken.")
        )
    with transaction.atomic(durable=True):
        question.refresh_from_db(from_queryset=Question.objects.select_for_update())
        if question.practice_id:
            raise PromotionError(_("Van deze draad is al een praktijkvoorbeeld gemaakt."))
        allowed = consenting_ids(question)
        parts = []
        if question.author_id in allowed:
            parts.append(question.body)
        for post in question.answers.filter(hidden=False).order_by("created_at", "pk"):
            if post.author_id in allowed:
                parts.append(post.body)
        if not parts:
            raise PromotionError(
                _("Nog niemand gaf toestemming: er is geen tekst om over te nemen.")
            )
        practice = Practice(
            title=question.title,
            slug=unique_slug(Practice, question.title, fallback="forum"),
            summary=parts[0].strip().split("\n")[0][:500],
            body="".join(linebreaks(escape(part.strip())) for part in parts),
            source=_("Forumdraad %(pk)s (tekst van deelnemers met toestemming)")
            % {"pk": question.pk},
            created_by=actor,
            updated_by=actor,
        )
        practice.save()
        if question.theme_id:
            practice.themes.set([question.theme_id])
        if question.municipality_id:
            practice.municipalities.set([question.municipality_id])
        question.practice = practice
        question.save(update_fields=["practice"])
    return practice


def dossier_choices():
    """The dossiers a thread can go to: not archived, not a pending change."""
    return (
        ThemeDossier.objects.originals()
        .exclude(status__in=[Status.ARCHIVED, Status.REVIEW])
        .order_by("title")
    )


def promote_to_dossier(question: Question, dossier: ThemeDossier, *, actor: Any) -> ThemeDossier:
    """Add the thread to ``dossier`` as a question and answer, with the text of
    consenting participants only (the asker must have consented; the
    accepted answer first). Returns the dossier row that holds it: the
    dossier itself when it is a draft, else its pending change."""
    if not can_promote(actor):
        raise PromotionError(
            _("U hebt geen recht om van een draad een vraag en antwoord in een dossier te maken.")
        )
    with transaction.atomic(durable=True):
        question.refresh_from_db(from_queryset=Question.objects.select_for_update())
        if question.dossier_id:
            raise PromotionError(_("Deze draad staat al in een themadossier."))
        allowed = consenting_ids(question)
        if question.author_id not in allowed:
            raise PromotionError(
                _("De vraagsteller gaf (nog) geen toestemming: de vraag kan niet over.")
            )
        answers = sorted(
            (a for a in question.answers.filter(hidden=False) if a.author_id in allowed),
            key=lambda a: (a.pk != question.accepted_answer_id, a.created_at, a.pk),
        )
        if not answers:
            raise PromotionError(_("Er is nog geen antwoord met toestemming om over te nemen."))
        if dossier.is_change or dossier.status in (Status.REVIEW, Status.ARCHIVED):
            raise PromotionError(
                _(
                    "Dit dossier ligt ter beoordeling of is gearchiveerd: voeg de vraag toe "
                    "als het weer een concept of gepubliceerd is."
                )
            )
        target = dossier
        if dossier.status == Status.PUBLISHED:
            target = workflow.start_change(dossier, actor=actor)
        DossierQuestion.objects.create(
            dossier=target,
            question="\n\n".join(part for part in (question.title, question.body.strip()) if part),
            answer="\n\n".join(a.body.strip() for a in answers),
            source_url=question.get_absolute_url(),
            position=target.questions.count(),
        )
        question.dossier = dossier
        question.save(update_fields=["dossier"])
    return target
