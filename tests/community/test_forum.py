"""The forum for verified members: ask, answer, follow (mail through the
outbox), accept, edit window, report, search; moderators hide, lock, move."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from community import forum
from community.models import Answer, Follow, Question, Report
from portal.core.models import Theme
from tests.factories import AnswerFactory, QuestionFactory, municipality

pytestmark = pytest.mark.django_db


def test_member_asks_and_others_answer_followers_get_mail(
    member, member_client, make_member, django_capture_on_commit_callbacks
):
    theme = Theme.objects.first()
    response = member_client.post(
        "/forum/vraag/nieuw/",
        {
            "title": "Hoe bereiken jullie vaders?",
            "body": "Wij zien vooral moeders.\n\nTips?",
            "theme": theme.pk,
            "municipality": municipality("GM0344").pk,
        },
    )
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/forum/vraag/{question.pk}/"
    assert question.author == member and question.theme == theme
    assert Follow.objects.filter(user=member, question=question).exists()  # the asker follows

    other = make_member("bo@utrecht.nl", name="Bo")
    bo = Client()
    bo.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        bo.post(
            f"/forum/vraag/{question.pk}/antwoorden/",
            {"body": "Een vaderochtend <b>op zaterdag</b>."},
        )
    answer = Answer.objects.get()
    assert answer.author == other
    # The asker (a follower) gets one mail; the one who answered gets none.
    assert [m.to for m in mail.outbox] == [["an@denhaag.nl"]]
    assert "Hoe bereiken jullie vaders?" in mail.outbox[0].subject
    assert "Een vaderochtend" not in mail.outbox[0].body  # the text stays behind the login

    page = member_client.get(f"/forum/vraag/{question.pk}/").content.decode()
    assert "Wij zien vooral moeders." in page
    # Markdown, sanitised like the editors' rich text: raw HTML is never run.
    assert "Een vaderochtend" in page and "op zaterdag" in page and "<b>op" not in page
    assert "Antwoord van Bo" in page


def test_empty_answer_gives_a_dutch_message_and_keeps_the_page(member_client):
    question = QuestionFactory()
    response = member_client.post(f"/forum/vraag/{question.pk}/antwoorden/", {"body": "  "})
    assert response.status_code == 400
    assert "Typ uw antwoord." in response.content.decode()
    assert not Answer.objects.exists()


def test_asker_or_editor_accepts_one_answer(member, member_client, make_member, moderator_client):
    question = QuestionFactory(author=member)
    first, second = AnswerFactory(question=question), AnswerFactory(question=question)
    member_client.post(f"/forum/vraag/{question.pk}/kiezen/", {"answer": first.pk})
    question.refresh_from_db()
    assert question.accepted_answer == first
    moderator_client.post(f"/forum/vraag/{question.pk}/kiezen/", {"answer": second.pk})
    question.refresh_from_db()
    assert question.accepted_answer == second
    stranger = Client()
    stranger.force_login(make_member("c@utrecht.nl"))
    response = stranger.post(
        f"/forum/vraag/{question.pk}/kiezen/", {"answer": first.pk}, follow=True
    )
    assert "Alleen wie de vraag stelde of de redactie" in response.content.decode()
    question.refresh_from_db()
    assert question.accepted_answer == second


def test_author_edits_only_within_the_window(member, member_client, settings):
    settings.FORUM_EDIT_MINUTES = 30
    question = QuestionFactory(author=member)
    response = member_client.post(
        f"/forum/vraag/{question.pk}/bewerken/", {"title": "Nieuwe titel", "body": "Nieuw"}
    )
    question.refresh_from_db()
    assert response.status_code == 302 and question.title == "Nieuwe titel" and question.edited_at
    Question.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    response = member_client.post(
        f"/forum/vraag/{question.pk}/bewerken/", {"title": "Te laat", "body": "x"}, follow=True
    )
    assert "binnen 30 minuten" in response.content.decode()
    question.refresh_from_db()
    assert question.title == "Nieuwe titel"
    # Someone else's answer: never.
    other_answer = AnswerFactory(question=question)
    assert member_client.get(f"/forum/antwoord/{other_answer.pk}/bewerken/").status_code == 302
    assert not forum.may_edit(other_answer, member)


def test_report_and_moderation(member, member_client, moderator_client):
    question = QuestionFactory(title="Vraag met naam van een ouder")
    answer = AnswerFactory(question=question)
    member_client.post(f"/forum/vraag/{question.pk}/melden/{answer.pk}/", {"reason": "Naam!"})
    report = Report.objects.get()
    assert report.answer == answer and report.reporter == member
    assert "Naam!" in moderator_client.get("/forum/meldingen/").content.decode()
    # Members may not moderate.
    assert (
        member_client.post(
            f"/forum/vraag/{question.pk}/beheer/", {"actie": "verbergen"}
        ).status_code
        == 404
    )

    moderator_client.post(f"/forum/antwoord/{answer.pk}/beheer/", {"actie": "verbergen"})
    assert (
        "Met een ouderkamer" not in member_client.get(question.get_absolute_url()).content.decode()
    )
    moderator_client.post(f"/forum/vraag/{question.pk}/beheer/", {"actie": "sluiten"})
    response = member_client.post(
        f"/forum/vraag/{question.pk}/antwoorden/", {"body": "Nog eentje"}, follow=True
    )
    assert "Deze vraag is gesloten" in response.content.decode()
    theme = Theme.objects.last()
    moderator_client.post(
        f"/forum/vraag/{question.pk}/beheer/",
        {"actie": "verplaatsen", "theme": theme.pk, "municipality": municipality("GM0518").pk},
    )
    moderator_client.post(f"/forum/vraag/{question.pk}/beheer/", {"actie": "verbergen"})
    question.refresh_from_db()
    assert question.locked and question.hidden and question.theme == theme
    assert question.municipality == municipality("GM0518")
    assert member_client.get(question.get_absolute_url()).status_code == 404
    assert "Vraag met naam" not in member_client.get("/forum/").content.decode()
    moderator_client.post("/forum/meldingen/", {"melding": report.pk})
    report.refresh_from_db()
    assert report.handled


def test_members_search_questions_and_answers(member_client):
    QuestionFactory(title="Taalcafé voor ouders", body="Wie heeft ervaring?")
    AnswerFactory(
        question=QuestionFactory(title="Overgang PO-VO"), body="Wij werken met een voorleesexpress."
    )
    QuestionFactory(title="Verborgen voorleesexpress", hidden=True)
    html = member_client.get("/forum/?q=voorleesexpress").content.decode()
    assert "Overgang PO-VO" in html
    assert "Taalcafé" not in html and "Verborgen" not in html
    assert "1 vraag gevonden" in html


def test_follow_and_unfollow(member, member_client):
    question = QuestionFactory()
    member_client.post(f"/forum/vraag/{question.pk}/volgen/", {"volgen": "1"})
    assert Follow.objects.filter(user=member, question=question).exists()
    member_client.post(f"/forum/vraag/{question.pk}/volgen/", {"volgen": "0"})
    assert not Follow.objects.filter(user=member, question=question).exists()
