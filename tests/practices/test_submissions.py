import re
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.core.models import Status
from portal.ops.models import OutgoingMail
from practices.models import Practice, Submission
from tests.conftest import FORM, fresh_token, started
from tests.factories import OutgoingMailFactory, PracticeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%test\n"


def post(client, data, **extra):
    return client.post(FORM, data, **extra)


def test_form_page_is_linked_from_every_page_and_renders(client):
    html = client.get("/").content.decode()
    assert 'href="/deel-uw-ervaring/"' in html
    html = client.get(FORM).content.decode()
    assert '<label for="id_story">Uw verhaal</label>' in html
    assert 'href="/privacy/"' in html
    assert 'name="website"' in html and 'aria-hidden="true"' in html


def test_valid_submission_is_saved_mailed_after_commit_and_thanked(
    client, valid, redacteur, django_capture_on_commit_callbacks
):
    redacteur.email = "redactie@example.org"
    redacteur.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, valid)
    assert response.status_code == 302
    assert len(callbacks) == 1
    submission = Submission.objects.get()
    assert submission.name == "Łucja Öztürk 🌷"
    assert submission.municipality.name == "Utrecht"
    assert list(submission.themes.values_list("slug", flat=True)) == ["ouders-bereiken"]
    assert submission.status == Submission.Status.NEW and submission.consent_at
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        f"Nieuwe inzending {submission.reference}",
        f"Ontvangen: uw inzending {submission.reference}",
    ]
    assert mail.outbox[0].to in (["redactie@example.org"], ["lucja@example.org"])
    thanks = client.get(response["Location"]).content.decode()
    assert submission.reference in thanks
    assert re.fullmatch(r"OB-[A-Z2-9]{8}", submission.reference)


def test_mail_failure_keeps_the_submission_and_logs(
    client, valid, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.portal.ops.broken_mail.BrokenBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, valid)
    assert response.status_code == 302
    assert Submission.objects.count() == 1
    assert "Sending mail" in caplog.text
    assert "lucja@example.org" not in caplog.text


def test_errors_are_dutch_tied_to_fields_and_keep_everything_typed(client, valid):
    data = dict(valid, title="   ", email="geen-adres", consent="")
    response = client.post(FORM, {**data, "attachment": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Geef uw ervaring een titel." in html
    assert "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl." in html
    assert "Geef toestemming, anders kunnen we uw inzending niet bewaren." in html
    assert (
        'aria-describedby="id_email-help id_email-error"' in html and 'aria-invalid="true"' in html
    )
    assert 'id="id_email-error"' in html
    # What was typed is still there; the attachment must be chosen again.
    assert "Wij openden een ouderkamer." in html and "Basisschool De Linde" in html
    assert 'value="Łucja Öztürk 🌷"' in html
    assert "Kies uw bijlage opnieuw" in html
    assert Submission.objects.count() == 0


def test_one_megabyte_story_is_refused_with_message(client, valid):
    response = post(client, dict(valid, story="a" * 1_000_000))
    assert response.status_code == 400
    assert "Uw verhaal is te lang: maximaal 10000 tekens (nu 1000000)." in response.content.decode()


def test_html_is_stored_as_text_and_shown_escaped(client, valid, redacteur):
    payload = '<script>alert("x")</script><b>vet</b>'
    post(client, dict(valid, title=payload, story=payload, organisation=payload))
    submission = Submission.objects.get()
    assert submission.story == payload
    from practices import intake

    practice = intake.convert(submission, actor=redacteur)
    assert "<script>" not in practice.body and "&lt;script&gt;" in practice.body
    client.force_login(redacteur)
    html = client.get(
        reverse("admin:practices_submission_change", args=[submission.pk])
    ).content.decode()
    assert '<script>alert("x")</script>' not in html


def test_fake_pdf_is_refused(client, valid):
    exe = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00" + b"\0" * 100)
    response = client.post(FORM, {**valid, "attachment": exe})
    assert response.status_code == 400
    assert "De inhoud van het bestand past niet bij de extensie .pdf." in response.content.decode()


def test_eleven_megabyte_upload_gets_field_error(client, valid):
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (11 * 1024 * 1024))
    response = client.post(FORM, {**valid, "attachment": big})
    assert response.status_code == 400
    assert "de grens is 10 MB" in response.content.decode()


def test_fifty_megabyte_request_is_refused_before_reading(client):
    response = client.generic(
        "POST",
        FORM,
        b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "hoogstens 12 MB" in response.content.decode()


def test_csrf_less_post_is_refused_in_dutch(valid):
    client = Client(enforce_csrf_checks=True)
    response = client.post(FORM, valid)
    assert response.status_code == 403
    assert "Het formulier kon niet worden verwerkt" in response.content.decode()
    assert Submission.objects.count() == 0


def test_double_submit_makes_one_submission(client, valid):
    first = post(client, valid)
    second = post(client, valid)
    assert first.status_code == second.status_code == 302
    assert Submission.objects.count() == 1


def test_unknown_municipality_id_is_an_error(client, valid):
    response = post(client, dict(valid, municipality=999999))
    assert response.status_code == 400
    assert "Kies een gemeente uit de lijst." in response.content.decode()


@pytest.mark.parametrize(
    "change", [{"website": "http://spam.example"}, {"started": "now"}, {"started": "vervalst"}]
)
def test_bots_are_refused_silently(client, valid, change):
    if change.get("started") == "now":
        change = {"started": started(0, valid["form_token"])}
    response = post(client, {**valid, **change})
    assert response.status_code == 302
    assert Submission.objects.count() == 0


def test_rate_limit_per_ip_keeps_the_input(client, valid, settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    for _ in range(2):
        assert post(client, dict(valid, **fresh_token())).status_code == 302
    response = post(client, dict(valid, **fresh_token()))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Probeer het over een uur opnieuw" in html and "Basisschool De Linde" in html
    assert Submission.objects.count() == 2
    other = post(client, dict(valid, **fresh_token()), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def make_submission(client, valid, **changes):
    post(client, {**valid, **changes, **fresh_token()})
    return Submission.objects.order_by("-id").first()


def test_editor_converts_into_draft_practice_then_it_is_published(
    client, valid, redacteur, eindredacteur
):
    submission = make_submission(
        client, valid, phases=[1], attachment=SimpleUploadedFile("plan.pdf", PDF)
    )
    client.force_login(redacteur)
    url = reverse("admin:practices_submission_handle", args=[submission.pk, "convert"])
    response = client.post(url)
    practice = Practice.objects.get()
    assert response["Location"] == reverse("admin:practices_practice_change", args=[practice.pk])
    assert practice.status == Status.DRAFT
    assert practice.title == "Ouderkamer in de wijk"
    assert (
        practice.body == "<p>Wij openden een ouderkamer.</p>\n\n<p>Ouders komen nu elke week.</p>"
    )
    assert [m.name for m in practice.municipalities.all()] == ["Utrecht"]
    assert practice.attachments.get().file.read() == PDF
    submission.refresh_from_db()
    assert (submission.status, submission.practice) == (Submission.Status.CONVERTED, practice)
    from portal.editorial import workflow

    workflow.submit(practice, actor=redacteur)
    workflow.publish(practice, actor=eindredacteur)
    html = client.get("/gemeenten/utrecht/").content.decode()
    assert "Ouderkamer in de wijk" in html
    public = client.get(practice.get_absolute_url()).content.decode()
    for personal in ("Łucja", "lucja@example.org", "030 123 45 67"):
        assert personal not in public


def test_reject_needs_reason_and_can_mail_submitter(
    client, valid, redacteur, django_capture_on_commit_callbacks
):
    submission = make_submission(client, valid)
    client.force_login(redacteur)
    url = reverse("admin:practices_submission_handle", args=[submission.pk, "reject"])
    client.post(url, {"reason": "  "})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.NEW
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Geen ouderbetrokkenheid.", "notify": "1"})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    assert [m.to for m in mail.outbox] == [["lucja@example.org"]]
    assert "Geen ouderbetrokkenheid." in mail.outbox[0].body


def test_moderation_queue_shows_status_and_personal_data_only_with_permission(
    client, valid, redacteur, staff_without_group
):
    submission = make_submission(client, valid)
    client.force_login(redacteur)
    listing = client.get(reverse("admin:practices_submission_changelist")).content.decode()
    assert submission.reference in listing and "Nieuw" in listing
    detail = client.get(reverse("admin:practices_submission_change", args=[submission.pk]))
    assert "lucja@example.org" in detail.content.decode()
    from django.contrib.auth.models import Permission

    staff_without_group.user_permissions.add(Permission.objects.get(codename="view_submission"))
    client.force_login(staff_without_group)
    detail = client.get(reverse("admin:practices_submission_change", args=[submission.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "lucja@example.org" not in html and "Łucja" not in html


def test_purge_removes_personal_data_of_old_handled_submissions(client, valid, redacteur):
    old = make_submission(client, valid, attachment=SimpleUploadedFile("p.pdf", PDF))
    recent = make_submission(client, valid)
    open_one = make_submission(client, valid)
    from practices import intake

    intake.reject(old, actor=redacteur, reason="x")
    intake.reject(recent, actor=redacteur, reason="x")
    Submission.objects.filter(pk=old.pk).update(
        handled_at=timezone.now() - timezone.timedelta(days=400)
    )
    path = old.attachment.path
    call_command("purge_submissions")
    old.refresh_from_db()
    recent.refresh_from_db()
    open_one.refresh_from_db()
    assert (old.name, old.email, old.phone, old.attachment.name) == ("", "", "", "")
    assert old.story.startswith("Wij openden") and old.personal_data_purged_at
    import os

    assert not os.path.exists(path)
    assert recent.email == open_one.email == "lucja@example.org"
    # Running again is safe and does nothing more.
    from io import StringIO

    out = StringIO()
    call_command("purge_submissions", stdout=out)
    assert "uit 0 inzending(en)" in out.getvalue()


def test_public_pages_never_show_submitter_data(client, valid):
    make_submission(client, valid)
    PracticeFactory(published=True, title="Iets")
    for url in ["/", "/praktijkvoorbeelden/", "/gemeenten/utrecht/"]:
        html = client.get(url).content.decode()
        assert "lucja@example.org" not in html and "Łucja" not in html


def test_the_daily_purge_also_empties_old_sent_mail(settings):
    settings.MAIL_RETENTION_DAYS = 90
    old = OutgoingMailFactory(status=OutgoingMail.Status.SENT)
    OutgoingMail.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=91)
    )
    recent = OutgoingMailFactory(status=OutgoingMail.Status.SENT)
    waiting = OutgoingMailFactory()
    OutgoingMail.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=91)
    )
    call_command("purge_submissions", stdout=StringIO())
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
