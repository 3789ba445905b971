"""From forum to knowledge: a draft practice with only consenting text."""

import pytest
from django.core import mail
from django.test import Client

from community import promotion
from community.models import ConsentRequest
from practices.models import Practice
from tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_only_consenting_participants_text_is_copied(
    moderator_client, make_member, django_capture_on_commit_callbacks
):
    asker, yes, no = (
        make_member("a@utrecht.nl", name="Anna Vraagsteller"),
        make_member("b@utrecht.nl", name="Bram Antwoorder"),
        make_member("c@utrecht.nl", name="Cor Weigeraar"),
    )
    question = QuestionFactory(author=asker, title="Ouderkamer opzetten", body="Hoe begin je?")
    AnswerFactory(question=question, author=yes, body="Begin klein, met koffie.")
    AnswerFactory(question=question, author=no, body="Geheime tekst van C.")

    # Nobody consented yet: no practice.
    response = moderator_client.post(
        f"/forum/vraag/{question.pk}/naar-praktijk/", {"actie": "maken"}, follow=True
    )
    assert "Nog niemand gaf toestemming" in response.content.decode()
    assert not Practice.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/forum/vraag/{question.pk}/naar-praktijk/", {"actie": "toestemming-vragen"}
        )
    assert ConsentRequest.objects.filter(question=question).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["a@utrecht.nl", "b@utrecht.nl", "c@utrecht.nl"]

    for user, answer in ((asker, "ja"), (yes, "ja"), (no, "nee")):
        client = Client()
        client.force_login(user)
        request = ConsentRequest.objects.get(user=user)
        client.post("/forum/toestemming/", {"verzoek": request.pk, "antwoord": answer})

    response = moderator_client.post(
        f"/forum/vraag/{question.pk}/naar-praktijk/", {"actie": "maken"}
    )
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/practices/practice/{practice.pk}/change/"
    assert practice.status == "draft" and not practice.is_public
    assert "Hoe begin je?" in practice.body and "Begin klein, met koffie." in practice.body
    assert "Geheime tekst van C." not in practice.body
    for name in ("Anna Vraagsteller", "Bram Antwoorder", "Cor Weigeraar"):
        assert name not in practice.body  # text only, never who wrote it
    question.refresh_from_db()
    assert question.practice == practice
    # Once made, it is not made twice.
    with pytest.raises(promotion.PromotionError):
        promotion.promote(question, actor=response.wsgi_request.user)


def test_members_cannot_promote_or_answer_others_consent(member, member_client, make_member):
    question = QuestionFactory()
    assert (
        member_client.post(
            f"/forum/vraag/{question.pk}/naar-praktijk/", {"actie": "maken"}
        ).status_code
        == 404
    )
    other = make_member("o@utrecht.nl")
    request = ConsentRequest.objects.create(question=question, user=other)
    assert (
        member_client.post(
            "/forum/toestemming/", {"verzoek": request.pk, "antwoord": "ja"}
        ).status_code
        == 404
    )
    request.refresh_from_db()
    assert request.status == "asked"
