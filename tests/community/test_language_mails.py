"""Members' mails in the member's language (issue 21, point 1): a member who
signed up on an English page gets the editor's decision and the forum's
notifications in English, with links to the English pages, though the
editor and the other members act in Dutch. The editors' own mail stays
Dutch."""

import re

import pytest
from django.core import mail
from django.test import Client

from community import forum, members, promotion
from community.models import MemberProfile
from tests.factories import FollowFactory, MemberProfileFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

CASES = [
    pytest.param(
        "/en", "en", "Your account has been approved", "The editors have approved", id="english"
    ),
    pytest.param("", "nl", "Uw account is goedgekeurd", "De redactie heeft uw account", id="dutch"),
]


@pytest.fixture
def editor(redacteur):
    """The editor as the moderation pages see them: logged in with the
    second factor (``community.access``)."""
    redacteur.is_verified = lambda: True
    return redacteur


def signup_on(prefix, email):
    client = Client()
    data = {"email": email, "password1": "een-heel-lang-wachtwoord-42"}
    data["password2"] = data["password1"]
    data.update(display_name="Sam Jansen", privacy="on")
    return client.post(f"{prefix}/account/signup/", data)


@pytest.mark.parametrize(("prefix", "language", "subject", "words"), CASES)
def test_the_editors_approval_is_mailed_in_the_language_of_the_signup(
    editor, django_capture_on_commit_callbacks, prefix, language, subject, words
):
    editor.email = "redactie@portaal.nl"
    editor.save()
    assert signup_on(prefix, "sam@example.org").status_code == 302
    profile = MemberProfile.objects.get()
    assert profile.language == language
    # The confirmation link (sent during the signup) leads to the same language.
    link = re.search(r"https?://[^/\s]+(/\S*account/confirm-email/\S+/)", mail.outbox[-1].body)
    assert link.group(1).startswith(f"{prefix}/account/")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link.group(1))
    # The editors are told in Dutch, whatever page the member used.
    assert mail.outbox[-1].subject == "Nieuw lid te beoordelen"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        members.approve(profile, actor=editor)
    [message] = mail.outbox
    assert message.subject == subject and words in message.body
    assert re.search(rf"https?://[^/\s]+{prefix}/forum/\s", message.body)


def test_a_refusal_is_in_the_members_language(editor, django_capture_on_commit_callbacks):
    user = UserFactory(email="alex@example.org")
    profile = MemberProfileFactory(user=user, pending=True, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        members.refuse(profile, actor=editor, reason="Not a civil servant.")
    [message] = mail.outbox
    assert message.subject == "About your request for an account"
    assert "Not a civil servant." in message.body


def test_forum_notifications_follow_each_followers_language(django_capture_on_commit_callbacks):
    question = QuestionFactory(title="Hoe bereik je vaders?")
    english = MemberProfileFactory(language="en").user
    dutch = MemberProfileFactory(language="nl").user
    for user in (english, dutch):
        FollowFactory(question=question, user=user)
    writer = MemberProfileFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        post = forum.answer(question, author=writer, body="Met een vaderavond.")
    to = {message.to[0]: message for message in mail.outbox}
    assert to[english.email].subject == "New answer to ‘Hoe bereik je vaders?’"
    assert f"/en{post.get_absolute_url()}" in to[english.email].body
    assert to[dutch.email].subject == "Nieuw antwoord op ‘Hoe bereik je vaders?’"
    assert f"/en{post.get_absolute_url()}" not in to[dutch.email].body


def test_the_consent_request_is_in_the_members_language(editor, django_capture_on_commit_callbacks):
    author = MemberProfileFactory(language="en").user
    question = QuestionFactory(author=author, title="Vaders bereiken")
    with django_capture_on_commit_callbacks(execute=True):
        promotion.ask_consent(question, actor=editor)
    [message] = mail.outbox
    assert message.subject == "May the editors use your forum post?"
    assert "/en/" in message.body


def test_saving_the_profile_on_an_english_page_makes_english_the_members_language():
    user = UserFactory(email="kim@example.org")
    profile = MemberProfileFactory(user=user, language="nl")
    client = Client()
    client.force_login(user)
    response = client.post(
        "/en/account/profiel/", {"display_name": "Kim", "role": "", "organisation_name": ""}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    profile.refresh_from_db()
    assert profile.language == "en"
