"""Mails in the language the person used (issue 21, point 1): a submission
and an adoption remember the language of the page their form was sent from;
the editor decides later in the Dutch admin, and the mail to the submitter
is in the submitter's language. Mails to the editors stay Dutch."""

import pytest
from django.core import mail
from django.urls import reverse

from practices.models import Adoption, Submission
from tests.conftest import FORM, fresh_token
from tests.factories import PracticeFactory, municipality
from tests.practices.test_adoption import form_data

pytestmark = pytest.mark.django_db

CASES = [
    pytest.param(
        "/en",
        "en",
        "Received: your submission",
        "About your submission",
        "Thank you for your submission",
        id="english",
    ),
    pytest.param(
        "",
        "nl",
        "Ontvangen: uw inzending",
        "Over uw inzending",
        "Bedankt voor uw inzending",
        id="dutch",
    ),
]


def by_recipient(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.parametrize(("prefix", "language", "receipt", "subject", "words"), CASES)
def test_the_editors_decision_is_mailed_in_the_language_of_the_form(
    client,
    valid,
    redacteur,
    django_capture_on_commit_callbacks,
    prefix,
    language,
    receipt,
    subject,
    words,
):
    redacteur.email = "redactie@example.org"
    redacteur.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(prefix + FORM, valid)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.language == language
    # The receipt in the submitter's language, the editors' mail in Dutch.
    assert by_recipient("lucja@example.org")[0].subject == f"{receipt} {submission.reference}"
    assert by_recipient("redactie@example.org")[0].subject == (
        f"Nieuwe inzending {submission.reference}"
    )
    mail.outbox.clear()

    # The editor rejects in the (Dutch) admin, weeks later: another request.
    client.force_login(redacteur)
    change = client.get(reverse("admin:practices_submission_change", args=[submission.pk]))
    assert change.headers["Content-Language"] == "nl"
    url = reverse("admin:practices_submission_handle", args=[submission.pk, "reject"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Not about parents.", "notify": "1"})
    [message] = mail.outbox
    assert message.to == ["lucja@example.org"]
    assert message.subject == f"{subject} {submission.reference}"
    assert words in message.body and "Not about parents." in message.body


def test_the_admin_tells_the_editor_which_language_the_mail_will_be_in(
    client, valid, redacteur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en" + FORM, {**valid, **fresh_token()})
    submission = Submission.objects.get()
    client.force_login(redacteur)
    html = client.get(
        reverse("admin:practices_submission_change", args=[submission.pk])
    ).content.decode()
    assert "De inzender gebruikte het portaal in het Engels" in html


@pytest.mark.parametrize(("prefix", "language"), [("/en", "en"), ("", "nl")])
def test_an_adoption_remembers_its_language_and_the_editors_mail_stays_dutch(
    client, redacteur, django_capture_on_commit_callbacks, prefix, language
):
    redacteur.email = "redactie@example.org"
    redacteur.save()
    practice = PracticeFactory(published=True, slug="ouderkamer")
    url = prefix + reverse("practices:adoption", kwargs={"slug": practice.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(municipality=municipality("GM0363").pk))
    assert response.status_code == 302
    assert Adoption.objects.get().language == language
    [message] = mail.outbox
    assert message.subject.startswith("Nieuwe melding:")
