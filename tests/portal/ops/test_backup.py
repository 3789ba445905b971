"""Backup, wipe, restore: every item and every attachment comes back."""

import shutil

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from meetings.models import Meeting, MeetingAttachment, TravelReport
from portal.ops.backup import counts
from practices.models import Practice, PracticeAttachment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n%backup test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_backup_wipe_restore_finds_everything_back(tmp_path, capsys):
    call_command("load_demo", verbosity=0)
    practice = Practice.objects.published().first()
    meeting = Meeting.objects.published().first()
    PracticeAttachment.objects.create(
        practice=practice, title="Plan", file=SimpleUploadedFile("plan.pdf", PDF)
    )
    PracticeAttachment.objects.create(
        practice=practice,
        title="Foto",
        file=SimpleUploadedFile("foto.png", PNG),
        alt_text="Ouders in de ouderkamer",
    )
    MeetingAttachment.objects.create(
        meeting=meeting, title="Programma", file=SimpleUploadedFile("p.pdf", PDF)
    )
    before = counts()
    files = {
        a.file.name: a.file.read()
        for a in [*PracticeAttachment.objects.all(), *MeetingAttachment.objects.all()]
    }
    titles = sorted(Practice.objects.values_list("title", flat=True))
    assert len(files) == 3 and before["practices.Practice"] > 5

    call_command("backup", str(tmp_path / "backup"))
    assert "Backup gemaakt" in capsys.readouterr().out

    # Wipe: the whole schema and every uploaded file.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    shutil.rmtree(settings.MEDIA_ROOT)
    connection.close()

    call_command("restore", str(tmp_path / "backup"), ja=True)
    assert "teruggezet en gecontroleerd" in capsys.readouterr().out
    assert counts() == before
    assert sorted(Practice.objects.values_list("title", flat=True)) == titles
    assert TravelReport.objects.published().exists()
    for attachment in [*PracticeAttachment.objects.all(), *MeetingAttachment.objects.all()]:
        with attachment.file.open("rb") as handle:
            assert handle.read() == files[attachment.file.name]
    # The restored site works: the practice page and its attachment are served.
    from django.test import Client

    client = Client()
    assert client.get(practice.get_absolute_url()).status_code == 200
    pdf = PracticeAttachment.objects.get(title="Plan")
    assert b"".join(client.get(pdf.file.url).streaming_content) == PDF


def test_restore_refuses_without_confirmation_and_a_damaged_backup(tmp_path):
    call_command("backup", str(tmp_path))
    with pytest.raises(CommandError, match="--ja"):
        call_command("restore", str(tmp_path))
    with open(tmp_path / "media.tar.gz", "ab") as handle:
        handle.write(b"beschadigd")
    before = counts()
    with pytest.raises(CommandError, match="beschadigd"):
        call_command("restore", str(tmp_path), ja=True)
    assert counts() == before
