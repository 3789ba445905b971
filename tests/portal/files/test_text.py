"""The text of PDF attachments (portal.files.text), extracted once on upload
(SizedFileMixin.save) into the attachment's ``text``."""

import logging
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import MeetingAttachment
from portal.files.text import pdf_text
from practices.models import PracticeAttachment
from tests.factories import PNG, MeetingFactory, PracticeFactory
from tests.portal.files.pdfs import make_pdf


def test_pdf_text_reads_every_page():
    text = pdf_text(BytesIO(make_pdf("Kwartiermakers helpen lokaal.", "Tweede pagina: één woord")))
    assert text == "Kwartiermakers helpen lokaal. Tweede pagina: één woord"


def test_pdf_text_is_bounded_by_pages_and_characters():
    pdf = make_pdf("eerste pagina", "tweede pagina", "derde pagina")
    assert pdf_text(BytesIO(pdf), max_pages=2) == "eerste pagina tweede pagina"
    assert pdf_text(BytesIO(pdf), max_chars=10) == "eerste pag"


def test_pdf_text_leaves_the_file_at_its_start():
    file = BytesIO(make_pdf("tekst"))
    file.seek(5)
    pdf_text(file)
    assert file.tell() == 0


@pytest.mark.parametrize(
    "content, reason",
    [
        (make_pdf("geheime tekst", password="wachtwoord"), "encrypted"),
        (b"%PDF-1.7\n%test\n", "not readable"),
        (make_pdf("afgebroken tekst")[:200], "not readable"),
        (b"", "not readable"),
    ],
    ids=["encrypted", "header-only", "truncated", "empty"],
)
def test_unreadable_pdf_gives_empty_text_and_a_log_line(content, reason, caplog):
    with caplog.at_level(logging.INFO, logger="portal.files.text"):
        assert pdf_text(BytesIO(content)) == ""
    assert any(reason in record.getMessage() for record in caplog.records)


def test_pdf_without_text_layer_gives_empty_text():
    assert pdf_text(BytesIO(make_pdf(""))) == ""


@pytest.mark.django_db
def test_uploaded_pdf_attachment_gets_its_text():
    attachment = PracticeAttachment(
        practice=PracticeFactory(published=True),
        title="Brochure",
        file=SimpleUploadedFile("brochure.pdf", make_pdf("Afsprakenkaart voor ouders")),
    )
    attachment.full_clean()
    attachment.save()
    attachment.refresh_from_db()
    assert attachment.text == "Afsprakenkaart voor ouders"


@pytest.mark.django_db
def test_meeting_attachment_gets_its_text_too():
    attachment = MeetingAttachment.objects.create(
        meeting=MeetingFactory(published=True),
        title="Verslag",
        file=SimpleUploadedFile("verslag.pdf", make_pdf("Groepsgesprekken over ouders")),
    )
    assert MeetingAttachment.objects.get(pk=attachment.pk).text == "Groepsgesprekken over ouders"


@pytest.mark.django_db
def test_text_is_extracted_once_on_upload_and_again_for_a_new_file(monkeypatch):
    attachment = PracticeAttachment.objects.create(
        practice=PracticeFactory(),
        title="Brochure",
        file=SimpleUploadedFile("brochure.pdf", make_pdf("eerste versie")),
    )
    calls = []
    monkeypatch.setattr("portal.files.models.pdf_text", lambda file: calls.append(file) or "x")
    attachment.title = "Nieuwe titel"
    attachment.save()
    assert calls == [] and attachment.text == "eerste versie"

    attachment.file = SimpleUploadedFile("foto.png", PNG)
    attachment.alt_text = "Een foto"
    attachment.save()
    assert calls == [] and attachment.text == ""  # not a PDF: no text


@pytest.mark.django_db
def test_a_broken_pdf_is_saved_all_the_same():
    attachment = PracticeAttachment.objects.create(
        practice=PracticeFactory(),
        title="Kapot",
        file=SimpleUploadedFile("kapot.pdf", b"%PDF-1.7\n%test\n"),
    )
    assert attachment.pk and attachment.text == ""
