"""Uploads in a private S3 bucket (MEDIA_STORAGE=s3), against moto's server.

The bucket is never read directly by a visitor: every download goes through
the app's view at /media/, with its access check and headers."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.files.storage import PrivateS3Storage
from portal.files.text import pdf_text
from practices.models import Practice, PracticeAttachment
from tests.factories import PracticeFactory, municipality
from tests.portal.files.pdfs import make_pdf

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
ROOT = Path(__file__).resolve().parents[3]


def attach(practice, name, content, **extra):
    return PracticeAttachment.objects.create(
        practice=practice, title="Bijlage", file=SimpleUploadedFile(name, content), **extra
    )


def unsigned_get(url):
    """The status of a plain GET, as a browser without keys would do it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # loopback test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def files_on_disk(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_upload_is_stored_in_the_bucket_not_on_disk(s3_media, settings):
    pdf = make_pdf("Ouders aan tafel")
    attachment = attach(PracticeFactory(published=True), "plan.pdf", pdf)
    assert isinstance(default_storage._wrapped, PrivateS3Storage)
    assert attachment.file.name.startswith("praktijkvoorbeelden/")
    assert s3_media.names() == [attachment.file.name]
    assert s3_media.read(attachment.file.name) == pdf
    assert files_on_disk(settings) == []
    assert attachment.size == len(pdf)
    # The link the pages show is the app's view, not the bucket.
    assert attachment.file.url == f"/media/{attachment.file.name}"


def test_upload_through_the_admin_lands_in_the_bucket(s3_media, client, redacteur, settings):
    client.force_login(redacteur)
    pdf = make_pdf("Plan van aanpak")
    response = client.post(
        reverse("admin:practices_practice_add"),
        {
            "title": "Ouderkamer in de wijk",
            "slug": "ouderkamer-in-de-wijk",
            "summary": "Een ouderkamer op school.",
            "body": "<p>Tekst</p>",
            "municipalities": [municipality("GM0363").pk],
            "attachments-TOTAL_FORMS": 1,
            "attachments-INITIAL_FORMS": 0,
            "attachments-0-title": "Plan",
            "attachments-0-file": SimpleUploadedFile("plan.pdf", pdf),
            "attachments-0-position": 0,
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context and response.context.get("errors")
    attachment = PracticeAttachment.objects.get(practice__slug="ouderkamer-in-de-wijk")
    assert s3_media.names() == [attachment.file.name]
    assert files_on_disk(settings) == []
    assert "Plan van aanpak" in attachment.text


def test_published_file_downloads_through_the_app_with_its_headers(s3_media, client):
    practice = PracticeFactory(published=True)
    pdf = make_pdf("Openbaar plan")
    document = attach(practice, "plan.pdf", pdf)
    image = attach(practice, "foto.png", PNG, alt_text="Ouders in de ouderkamer")
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(pdf))
    assert b"".join(response.streaming_content) == pdf
    shown = client.get(image.file.url)
    assert shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"].startswith("inline")
    assert b"".join(shown.streaming_content) == PNG


def test_draft_file_is_404_for_visitors_and_served_to_editors(s3_media, client, redacteur):
    draft = attach(PracticeFactory(), "concept.pdf", make_pdf("Concept"))
    assert s3_media.names() == [draft.file.name]  # stored, but not public
    assert client.get(draft.file.url).status_code == 404
    client.force_login(redacteur)
    response = client.get(draft.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_missing_object_and_traversal_are_404(s3_media, client):
    practice = PracticeFactory(published=True)
    attachment = attach(practice, "plan.pdf", make_pdf("Weg"))
    s3_media.empty()  # the row is there, the object is gone
    assert client.get(attachment.file.url).status_code == 404
    for path in ["/media/praktijkvoorbeelden/../inzendingen/x.pdf", "/media/praktijkvoorbeelden/"]:
        assert client.get(path).status_code == 404


def test_the_bucket_does_not_serve_objects_to_anyone_without_keys(s3_media):
    """Even a published file: a plain GET to the store is refused (403)."""
    attachment = attach(PracticeFactory(published=True), "plan.pdf", make_pdf("Openbaar"))
    direct = f"{s3_media.endpoint_url}/{s3_media.bucket}/{attachment.file.name}"
    assert unsigned_get(direct) == 403
    # The control: the same store does answer a plain GET for an object that
    # someone made public, so the 403 above is the bucket's privacy at work.
    s3_media.client.put_object(Bucket=s3_media.bucket, Key="open.txt", Body=b"x", ACL="public-read")
    assert unsigned_get(f"{s3_media.endpoint_url}/{s3_media.bucket}/open.txt") == 200
    # And the objects the app writes carry no public grant.
    grants = s3_media.client.get_object_acl(Bucket=s3_media.bucket, Key=attachment.file.name)
    assert all("AllUsers" not in str(g["Grantee"]) for g in grants["Grants"])


def test_pdf_text_is_read_back_from_the_bucket(s3_media):
    attachment = attach(PracticeFactory(), "plan.pdf", make_pdf("Ouders lezen mee", "Tweede"))
    stored = PracticeAttachment.objects.get(pk=attachment.pk)  # a fresh row: file committed
    assert stored.file._committed
    with stored.file.open("rb"):  # read from the bucket; closed again after
        assert pdf_text(stored.file) == "Ouders lezen mee Tweede"
    assert stored.file.size == attachment.size
    assert stored.text == "Ouders lezen mee Tweede"


def test_a_public_acl_or_unsigned_urls_are_refused():
    options = {"bucket_name": "media", "access_key": "a", "secret_key": "b"}
    with pytest.raises(ImproperlyConfigured, match="private"):
        PrivateS3Storage(**options, default_acl="public-read")
    with pytest.raises(ImproperlyConfigured, match="private"):
        PrivateS3Storage(**options, querystring_auth=False)
    with pytest.raises(ImproperlyConfigured, match="private"):
        PrivateS3Storage(**options, object_parameters={"ACL": "public-read"})


def test_practice_page_links_to_the_app_not_the_bucket(s3_media, client):
    practice = PracticeFactory(published=True)
    attachment = attach(practice, "plan.pdf", make_pdf("Link"))
    page = client.get(Practice.objects.get(pk=practice.pk).get_absolute_url()).content.decode()
    assert f'href="/media/{attachment.file.name}"' in page
    assert s3_media.endpoint_url not in page


def media_settings(**variables):
    """STORAGES["default"] as the settings make it from ``variables`` (a fresh interpreter)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "MEDIA_"))}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings", DEBUG="1", **variables)
    probe = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    return subprocess.run(  # noqa: S603  # this interpreter, a fixed probe
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_environment_chooses_the_media_storage():
    assert json.loads(media_settings().stdout)["BACKEND"].endswith("FileSystemStorage")
    s3 = {
        "MEDIA_STORAGE": "s3",
        "S3_ENDPOINT_URL": "https://s3.example.nl",
        "S3_BUCKET": "kennisportaal-media",
        "S3_ACCESS_KEY_ID": "sleutel",
        "S3_SECRET_ACCESS_KEY": "geheim",
    }
    chosen = json.loads(media_settings(**s3).stdout)
    assert chosen["BACKEND"] == "portal.files.storage.PrivateS3Storage"
    assert chosen["OPTIONS"]["endpoint_url"] == "https://s3.example.nl"
    assert chosen["OPTIONS"]["bucket_name"] == "kennisportaal-media"
    missing = media_settings(**{**s3, "S3_BUCKET": ""})
    assert missing.returncode != 0 and "S3_BUCKET is required" in missing.stderr
    unknown = media_settings(MEDIA_STORAGE="ftp")
    assert unknown.returncode != 0 and "use local or s3" in unknown.stderr


def test_another_process_sees_the_same_bucket(s3_media):
    """What a second app node needs: the store is a server, not a mock in
    this process. A fresh interpreter, configured only by the environment,
    reads the file this process uploaded."""
    attachment = attach(PracticeFactory(published=True), "plan.pdf", make_pdf("Gedeeld"))
    probe = (
        "import sys, django; django.setup(); "
        "from django.core.files.storage import default_storage; "
        "print(default_storage.open(sys.argv[1]).read().decode('latin-1')[:5])"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "MEDIA_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings", DEBUG="1", **s3_media.environment()
    )
    result = subprocess.run(  # noqa: S603  # this interpreter, a fixed probe
        [sys.executable, "-c", probe, attachment.file.name],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "%PDF-"
