"""Backup and restore with the uploads in an S3 bucket (MEDIA_STORAGE=s3):
the bucket's objects go into media.tar.gz and come back into the bucket."""

import json
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from portal.ops.backup import BackupError, _sha256, restore
from practices.models import Practice, PracticeAttachment
from tests.factories import PracticeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n%backup test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_backup_then_restore_into_an_emptied_bucket(s3_media, settings, tmp_path, capsys):
    practice = PracticeFactory(published=True)
    draft = PracticeFactory()
    pdf = PracticeAttachment.objects.create(
        practice=practice, title="Plan", file=SimpleUploadedFile("plan.pdf", PDF)
    )
    PracticeAttachment.objects.create(
        practice=practice, title="Foto", file=SimpleUploadedFile("foto.png", PNG), alt_text="Foto"
    )
    PracticeAttachment.objects.create(
        practice=draft, title="Concept", file=SimpleUploadedFile("concept.pdf", PDF)
    )
    objects = {key: s3_media.read(key) for key in s3_media.names()}
    assert len(objects) == 3

    call_command("backup", str(tmp_path / "backup"))
    assert "Backup gemaakt" in capsys.readouterr().out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["media_files"] == 3
    with tarfile.open(tmp_path / "backup" / "media.tar.gz") as archive:
        assert sorted(m.name for m in archive if m.isfile()) == [f"./{k}" for k in objects]
    assert not settings.MEDIA_ROOT.exists()  # nothing went through the local disk

    # Lose every object, and leave one that was not in the backup.
    s3_media.empty()
    s3_media.client.put_object(
        Bucket=s3_media.bucket, Key="praktijkvoorbeelden/later.pdf", Body=PDF
    )

    call_command("restore", str(tmp_path / "backup"), ja=True)
    assert "teruggezet en gecontroleerd" in capsys.readouterr().out
    assert {key: s3_media.read(key) for key in s3_media.names()} == objects
    # The restored site serves the file from the bucket, through its check.
    client = Client()
    response = client.get(PracticeAttachment.objects.get(pk=pdf.pk).file.url)
    assert b"".join(response.streaming_content) == PDF
    concept = PracticeAttachment.objects.get(title="Concept")
    assert client.get(concept.file.url).status_code == 404
    assert Practice.objects.count() == 2


def test_a_disk_backup_restores_into_the_bucket(settings, tmp_path, request):
    """The archive is the same for disk and bucket: the way to move the
    uploads of a running site into object storage."""
    practice = PracticeFactory(published=True)
    PracticeAttachment.objects.create(
        practice=practice, title="Plan", file=SimpleUploadedFile("plan.pdf", PDF)
    )
    on_disk = sorted(
        str(p.relative_to(settings.MEDIA_ROOT)) for p in settings.MEDIA_ROOT.rglob("*.pdf")
    )
    call_command("backup", str(tmp_path / "backup"))

    s3_media = request.getfixturevalue("s3_media")  # from here on: the bucket
    call_command("restore", str(tmp_path / "backup"), ja=True)
    assert s3_media.names() == on_disk
    assert s3_media.read(on_disk[0]) == PDF


def test_restore_refuses_an_archive_that_points_outside(s3_media, tmp_path):
    call_command("backup", str(tmp_path))
    with tarfile.open(tmp_path / "media.tar.gz", "w:gz") as archive:
        info = tarfile.TarInfo("../buiten.pdf")
        info.size = 0
        archive.addfile(info)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["files"]["media.tar.gz"] = _sha256(tmp_path / "media.tar.gz")
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="onveilige naam"):
        restore(tmp_path)
    assert s3_media.names() == []
