"""Upload checks (portal.files.uploads): type by content, size limit, and a
storage path the uploader cannot choose."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.files.uploads import MAX_UPLOAD_BYTES, validate_upload
from practices.models import Submission

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


def test_upload_reads_do_not_consume_the_file():
    upload = SimpleUploadedFile("a.pdf", PDF)
    validate_upload(upload)
    assert upload.read() == PDF
    assert isinstance(io.BytesIO(PDF).read(), bytes)


def test_uploaded_file_names_cannot_choose_the_storage_path(client, valid, settings):
    valid["attachment"] = _upload("../../../portal/settings.pdf")
    response = client.post("/deel-uw-ervaring/", valid)
    assert response.status_code == 302
    stored = Submission.objects.get().attachment
    assert ".." not in stored.name and "settings" not in stored.name
    assert stored.path.startswith(str(settings.MEDIA_ROOT))


def _upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.7\n%test\n", content_type="application/pdf")
