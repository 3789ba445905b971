"""The forum: one function per change.

Members (verified) ask, answer, edit their own post within
``FORUM_EDIT_MINUTES``, follow a question, report a post; the asker or a
moderator accepts one answer. Moderators hide, lock and move. A new answer
mails the followers (``send_safely``: the outbox, sent by the background
worker, once per follower and answer), never the author of the answer.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community import access, members
from community.models import Answer, Follow, Question, Report
from portal.ops.mail import send_safely


class ForumError(Exception):
    """A step that may not happen now; the message is for the user."""


def _member(user: Any) -> None:
    if not access.may_read_forum(user):
        raise ForumError(_("Alleen geverifieerde leden kunnen dit doen."))


def _moderator(user: Any) -> None:
    if not access.is_moderator(user):
        raise ForumError(_("Alleen de redactie kan dit doen."))


def ask(*, author: Any, title: str, body: str, theme=None, municipality=None) -> Question:
    _member(author)
    with transaction.atomic(durable=True):
        question = Question.objects.create(
            author=author, title=title, body=body, theme=theme, municipality=municipality
        )
        Follow.objects.get_or_create(user=author, question=question)
    return question


def answer(question: Question, *, author: Any, body: str) -> Answer:
    _member(author)
    with transaction.atomic(durable=True):
        question.refresh_from_db(from_queryset=Question.objects.select_for_update())
        if question.locked and not access.is_moderator(author):
            raise ForumError(_("Deze vraag is gesloten; er kunnen geen antwoorden meer bij."))
        if question.hidden and not access.is_moderator(author):
            raise ForumError(_("Deze vraag is verborgen."))
        post = Answer.objects.create(question=question, author=author, body=body)
        question.last_activity_at = post.created_at
        question.save(update_fields=["last_activity_at"])
        pk = post.pk
        transaction.on_commit(lambda: notify_followers(pk))
    return post


def notify_followers(answer_id: int) -> int:
    """Mail every follower of the question (not the answer's author) about a
    new answer. Returns the number of mails queued."""
    post = Answer.objects.select_related("question").get(pk=answer_id)
    question = post.question
    follows = (
        Follow.objects.filter(question=question, user__is_active=True)
        .exclude(user_id=post.author_id)
        .exclude(user__email="")
        .select_related("user")
    )
    count = 0
    for follow in follows:
        if not access.may_read_forum(follow.user):
            continue
        # In the follower's language, with the link to the page in it.
        with translation.override(members.language_of(follow.user)):
            send_safely(
                _("Nieuw antwoord op ‘%(title)s’") % {"title": question.title},
                _(
                    "Er is een nieuw antwoord op een vraag die u volgt op het forum van het "
                    "Kennisportaal Ouderbetrokkenheid.\n\nLees het antwoord (na inloggen):\n%(url)s\n\n"
                    "Wilt u geen berichten meer over deze vraag? Kies ‘Niet meer volgen’ bij de vraag."
                )
                % {"url": settings.SITE_URL + post.get_absolute_url()},
                [follow.user.email],
                key=f"forum-antwoord-{post.pk}-{follow.user_id}",
            )
        count += 1
    return count


def may_edit(post: Question | Answer, user: Any, now: datetime.datetime | None = None) -> bool:
    """The author, within the edit window (moderators hide rather than edit)."""
    if post.author_id is None or post.author_id != getattr(user, "pk", None):
        return False
    if not access.may_read_forum(user):
        return False
    window = datetime.timedelta(minutes=settings.FORUM_EDIT_MINUTES)
    return (now or timezone.now()) <= post.created_at + window


def edit(post: Question | Answer, *, user: Any, **fields: Any) -> Question | Answer:
    if not may_edit(post, user):
        raise ForumError(
            _("U kunt een bericht alleen binnen %(minutes)s minuten na plaatsen bewerken.")
            % {"minutes": settings.FORUM_EDIT_MINUTES}
        )
    for name, value in fields.items():
        setattr(post, name, value)
    post.edited_at = timezone.now()
    post.save()
    return post


def may_accept(question: Question, user: Any) -> bool:
    return access.is_moderator(user) or (
        question.author_id is not None
        and question.author_id == getattr(user, "pk", None)
        and access.may_read_forum(user)
    )


def accept(question: Question, post: Answer | None, *, user: Any) -> Question:
    """The asker or a moderator marks one answer as the accepted one (or,
    with ``post=None``, none)."""
    if not may_accept(question, user):
        raise ForumError(_("Alleen wie de vraag stelde of de redactie kan een antwoord kiezen."))
    if post is not None and (post.question_id != question.pk or post.hidden):
        raise ForumError(_("Dit antwoord hoort niet bij deze vraag."))
    question.accepted_answer = post
    question.save(update_fields=["accepted_answer"])
    return question


def set_follow(question: Question, *, user: Any, follow: bool) -> None:
    _member(user)
    if follow:
        Follow.objects.get_or_create(user=user, question=question)
    else:
        Follow.objects.filter(user=user, question=question).delete()


def report(*, user: Any, reason: str, question=None, post=None) -> Report:
    _member(user)
    reason = (reason or "").strip()
    if not reason:
        raise ForumError(_("Geef aan wat er mis is met dit bericht."))
    return Report.objects.create(reporter=user, question=question, answer=post, reason=reason)


def moderate(
    question: Question, *, user: Any, hidden=None, locked=None, theme=..., municipality=...
) -> Question:
    """Moderator: hide or show, lock or open, move to another theme or
    municipality."""
    _moderator(user)
    if hidden is not None:
        question.hidden = hidden
    if locked is not None:
        question.locked = locked
    if theme is not ...:
        question.theme = theme
    if municipality is not ...:
        question.municipality = municipality
    question.save()
    return question


def hide_answer(post: Answer, *, user: Any, hidden: bool) -> Answer:
    _moderator(user)
    post.hidden = hidden
    post.save(update_fields=["hidden"])
    if hidden and post.question.accepted_answer_id == post.pk:
        Question.objects.filter(pk=post.question_id).update(accepted_answer=None)
    return post


def handle_report(item: Report, *, user: Any) -> Report:
    _moderator(user)
    item.handled = True
    item.save(update_fields=["handled"])
    return item
