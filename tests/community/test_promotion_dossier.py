"""From forum to knowledge, the other way: a thread becomes a question and
answer on a theme dossier, with consenting text only and never public before
a chief editor approved it (issue 20 point 3)."""

import pytest
from django.test import Client

from community import promotion
from community.models import ConsentRequest
from dossiers.models import DossierQuestion, ThemeDossier
from portal.core.models import Status, Theme
from portal.editorial import workflow
from tests.factories import AnswerFactory, QuestionFactory, ThemeDossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(make_member):
    asker = make_member("a@utrecht.nl", name="Anna Vraagsteller")
    helper = make_member("b@utrecht.nl", name="Bram Antwoorder")
    refuser = make_member("c@utrecht.nl", name="Cor Weigeraar")
    question = QuestionFactory(
        author=asker, title="Hoe bereik je vaders?", body="Op ouderavonden zien we ze zelden."
    )
    accepted = AnswerFactory(question=question, author=helper, body="Nodig ze uit voor sport.")
    AnswerFactory(question=question, author=refuser, body="Geheime tekst van Cor.")
    question.accepted_answer = accepted
    question.save()
    for user in (asker, helper):
        ConsentRequest.objects.create(
            question=question, user=user, status=ConsentRequest.Status.GIVEN
        )
    ConsentRequest.objects.create(
        question=question, user=refuser, status=ConsentRequest.Status.REFUSED
    )
    return question


def test_a_thread_goes_into_a_pending_change_of_a_published_dossier(
    thread, moderator_client, eindredacteur
):
    theme = Theme.objects.get(slug="ouders-bereiken")
    dossier = ThemeDossierFactory(published=True, theme=theme, title="Ouders bereiken")
    response = moderator_client.post(
        f"/forum/vraag/{thread.pk}/naar-praktijk/",
        {"actie": "naar-dossier", "dossier": dossier.pk},
    )
    change = ThemeDossier.objects.get(change_of=dossier)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/dossiers/themedossier/{change.pk}/change/"
    row = DossierQuestion.objects.get()
    assert row.dossier == change  # not the live dossier
    assert "Hoe bereik je vaders?" in row.question
    assert row.answer == "Nodig ze uit voor sport."
    assert "Geheime tekst" not in row.answer and "Bram" not in row.answer
    assert row.source_url == thread.get_absolute_url()
    thread.refresh_from_db()
    assert thread.dossier == dossier

    public = Client()
    assert "Nodig ze uit voor sport." not in public.get(dossier.get_absolute_url()).content.decode()

    workflow.submit(change, actor=response.wsgi_request.user)
    change.refresh_from_db()
    workflow.publish(change, actor=eindredacteur)
    page = public.get(dossier.get_absolute_url()).content.decode()
    assert "Vragen en antwoorden" in page and "Nodig ze uit voor sport." in page
    with pytest.raises(promotion.PromotionError):  # not twice
        promotion.promote_to_dossier(thread, dossier, actor=eindredacteur)


def test_a_draft_dossier_gets_it_directly_and_the_asker_must_consent(thread, moderator_client):
    editor = moderator_client.get("/forum/").wsgi_request.user  # with the second factor
    dossier = ThemeDossierFactory(theme=Theme.objects.get(slug="ouders-bereiken"))
    assert dossier.status == Status.DRAFT
    ConsentRequest.objects.filter(user=thread.author).update(status=ConsentRequest.Status.REFUSED)
    with pytest.raises(promotion.PromotionError, match="vraagsteller"):
        promotion.promote_to_dossier(thread, dossier, actor=editor)
    ConsentRequest.objects.filter(user=thread.author).update(status=ConsentRequest.Status.GIVEN)
    target = promotion.promote_to_dossier(thread, dossier, actor=editor)
    assert target == dossier and dossier.questions.count() == 1


def test_members_cannot_move_a_thread_into_a_dossier(thread, member_client):
    dossier = ThemeDossierFactory(published=True, theme=Theme.objects.get(slug="ouders-bereiken"))
    response = member_client.post(
        f"/forum/vraag/{thread.pk}/naar-praktijk/",
        {"actie": "naar-dossier", "dossier": dossier.pk},
    )
    assert response.status_code in (302, 403, 404)
    assert not DossierQuestion.objects.exists()
