"""What attachment models share (portal.files.models): a random stored name,
the size and a readable type label."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from practices.models import PracticeAttachment
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.7\n%test\n"


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
