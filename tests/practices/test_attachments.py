import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.files.uploads import MAX_UPLOAD_BYTES, validate_upload
from practices.models import PracticeAttachment
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
EXE = b"MZ\x90\x00" + b"\0" * 60


@pytest.mark.parametrize(
    ("name", "content"),
    [("verslag.pdf", PDF), ("foto.png", PNG), ("plan.docx", b"PK\x03\x04rest")],
)
def test_valid_uploads_pass(name, content):
    validate_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", EXE, "past niet bij de extensie .pdf"),
        ("virus.exe", EXE, "niet toegestaan"),
        ("script.html", b"<script>", "niet toegestaan"),
        ("leeg", PDF, "niet toegestaan"),
    ],
)
def test_wrong_uploads_are_refused_with_dutch_message(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_upload(SimpleUploadedFile(name, content))


def test_too_large_upload_is_refused():
    big = SimpleUploadedFile("groot.pdf", PDF)
    big.size = MAX_UPLOAD_BYTES + 1
    with pytest.raises(ValidationError, match="de grens is 10 MB"):
        validate_upload(big)


def test_attachment_gets_random_name_size_and_type_label():
    practice = PracticeFactory(published=True)
    attachment = PracticeAttachment(
        practice=practice,
        title="Brochure",
        file=SimpleUploadedFile("../../etc/Mijn Brochure.pdf", PDF),
    )
    attachment.full_clean()
    attachment.save()
    assert attachment.file.name.startswith("praktijkvoorbeelden/")
    assert "Brochure" not in attachment.file.name and ".." not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    assert (attachment.size, attachment.type_label) == (len(PDF), "PDF")


def test_image_attachment_needs_alt_text():
    practice = PracticeFactory()
    attachment = PracticeAttachment(
        practice=practice, title="Foto", file=SimpleUploadedFile("foto.png", PNG)
    )
    with pytest.raises(ValidationError, match="tekstalternatief"):
        attachment.full_clean()


def test_detail_page_shows_attachment_type_and_size(client):
    practice = PracticeFactory(published=True)
    PracticeAttachment.objects.create(
        practice=practice,
        title="Brochure",
        file=SimpleUploadedFile("b.pdf", PDF + b"x" * 2048),
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    assert 'Brochure</a> <span class="file-meta">(PDF, 2,0\xa0KB)</span>' in html


def test_upload_reads_do_not_consume_the_file():
    upload = SimpleUploadedFile("a.pdf", PDF)
    validate_upload(upload)
    assert upload.read() == PDF
    assert isinstance(io.BytesIO(PDF).read(), bytes)
