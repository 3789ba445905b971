import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from practices.models import PracticeAttachment, Submission
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def attach(practice, name, content, **extra):
    return PracticeAttachment.objects.create(
        practice=practice, title="Bijlage", file=SimpleUploadedFile(name, content), **extra
    )


def test_public_pdf_is_a_download_and_image_inline(client):
    practice = PracticeFactory(published=True)
    pdf = attach(practice, "plan.pdf", PDF)
    png = attach(practice, "foto.png", PNG, alt_text="Ouders in de ouderkamer")
    response = client.get(pdf.file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    image = client.get(png.file.url)
    assert image["Content-Type"] == "image/png"
    assert image["Content-Disposition"].startswith("inline")


def test_draft_attachment_only_for_editors(client, redacteur):
    attachment = attach(PracticeFactory(), "concept.pdf", PDF)
    assert client.get(attachment.file.url).status_code == 404
    client.force_login(redacteur)
    assert client.get(attachment.file.url).status_code == 200


def test_submission_files_never_public(client, redacteur):
    from django.utils import timezone

    submission = Submission.objects.create(
        form_token="00000000-0000-0000-0000-000000000001",
        title="t",
        story="s",
        organisation="o",
        role="r",
        consent_at=timezone.now(),
        attachment=SimpleUploadedFile("cv.pdf", PDF),
    )
    url = submission.attachment.url
    assert client.get(url).status_code == 404
    client.force_login(redacteur)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/media/../portal/settings.py", "/media/praktijkvoorbeelden/../../manage.py", "/media/onbekend/x.pdf",
     "/media/praktijkvoorbeelden/bestaat-niet.pdf"],
)  # fmt: skip
def test_unknown_and_traversal_paths_are_404(client, path):
    assert client.get(path).status_code == 404
