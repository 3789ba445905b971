"""Checks for uploaded files: type by content (magic bytes), not by name."""

import os
import uuid

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# extension -> (label, check on the first bytes)
_ZIP = b"PK\x03\x04"
FILE_TYPES = {
    "pdf": ("PDF", lambda head: head.startswith(b"%PDF-")),
    "docx": ("Word (DOCX)", lambda head: head.startswith(_ZIP)),
    "odt": ("OpenDocument-tekst (ODT)", lambda head: head.startswith(_ZIP)),
    "pptx": ("PowerPoint (PPTX)", lambda head: head.startswith(_ZIP)),
    "jpg": ("JPEG-afbeelding", lambda head: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("JPEG-afbeelding", lambda head: head.startswith(b"\xff\xd8\xff")),
    "png": ("PNG-afbeelding", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png"}


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def validate_upload(uploaded, *, allowed=tuple(FILE_TYPES)):
    """Raise ValidationError unless the file's content matches an allowed
    type and its size is within the limit."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Het bestand is %(size)s; de grens is %(max)d MB.")
            % {
                "size": filesizeformat(uploaded.size),
                "max": MAX_UPLOAD_BYTES // (1024 * 1024),
            },
            code="too_large",
        )
    ext = extension_of(uploaded.name)
    if ext not in allowed:
        raise ValidationError(
            _("Dit bestandstype is niet toegestaan. Toegestaan: %(types)s.")
            % {"types": ", ".join(sorted({FILE_TYPES[e][0] for e in allowed}))},
            code="type",
        )
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(position)
    if not FILE_TYPES[ext][1](head):
        raise ValidationError(
            _("De inhoud van het bestand past niet bij de extensie .%(ext)s.") % {"ext": ext},
            code="content",
        )


@deconstructible
class RandomUploadPath:
    """``upload_to``: a random file name in ``folder``; the name the user
    chose is never part of the stored path."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        return f"{self.folder}/{uuid.uuid4().hex}.{extension_of(filename)}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.folder == self.folder
