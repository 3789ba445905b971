"""AVG: members download their data and delete their account; their posts
stay, anonymised ("voormalig lid")."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from community.models import Answer, Question
from tests.factories import AnswerFactory, FollowFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_member_downloads_own_data(member, member_client):
    QuestionFactory(author=member, title="Mijn vraag")
    AnswerFactory(author=member, body="Mijn antwoord")
    QuestionFactory(title="Vraag van een ander")
    response = member_client.get("/account/profiel/gegevens.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["e-mail"] == "an@denhaag.nl"
    assert data["profiel"]["naam"] == "An de Vries"
    assert [q["titel"] for q in data["vragen"]] == ["Mijn vraag"]
    assert [a["tekst"] for a in data["antwoorden"]] == ["Mijn antwoord"]
    assert "Vraag van een ander" not in response.content.decode()
    assert Client().get("/account/profiel/gegevens.json").status_code == 302


def test_member_deletes_account_posts_stay_anonymised(member, member_client, make_member):
    question = QuestionFactory(author=member, title="Blijft leesbaar")
    AnswerFactory(question=question, author=member, body="Mijn antwoord blijft")
    FollowFactory(user=member, question=question)
    # A wrong password: a Dutch message and nothing deleted.
    response = member_client.post("/account/profiel/verwijderen/", {"password": "fout"})
    assert "Dit wachtwoord klopt niet." in response.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()

    response = member_client.post(
        "/account/profiel/verwijderen/", {"password": "een-lang-testwachtwoord"}
    )
    assert response.status_code == 302 and response["Location"] == "/account/verwijderd/"
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    question.refresh_from_db()
    assert question.author is None and Answer.objects.get().author is None
    assert Question.objects.filter(title="Blijft leesbaar").exists()

    reader = Client()
    reader.force_login(make_member("lezer@utrecht.nl", name="Lezer"))
    html = reader.get(question.get_absolute_url()).content.decode()
    assert "Gevraagd door voormalig lid" in html and "Antwoord van voormalig lid" in html
    assert "An de Vries" not in html


def test_staff_accounts_are_not_deleted_here(moderator_client, redacteur):
    moderator_client.post("/account/profiel/verwijderen/", {"password": "een-lang-testwachtwoord"})
    assert get_user_model().objects.filter(pk=redacteur.pk).exists()


def test_privacy_page_describes_forum_and_accounts():
    html = Client().get("/privacy/").content.decode()
    assert "Forum en ledenaccounts" in html
    assert "voormalig lid" in html
