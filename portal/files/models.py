"""What attachment models of every app share."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files.text import pdf_text, queue_extraction
from portal.files.uploads import FILE_TYPES, IMAGE_EXTENSIONS, extension_of


class SizedFileMixin:
    """For attachment models with ``file`` and ``size``: keep the size and
    give a readable type label. A model that also has a ``text`` field gets
    the text of a PDF file in it, for the search index.

    The text is extracted once, when a new file is saved (an upload, or a
    file replaced), by a background task (``portal.files.text.extract_text``,
    queued in the save's transaction) so an upload never waits for it;
    ``pdf_text`` bounds the work (pages and characters) and never fails. A
    file that is not a PDF leaves ``text`` empty."""

    @property
    def extension(self):
        return extension_of(self.file.name)

    @property
    def type_label(self):
        return FILE_TYPES.get(self.extension, (self.extension.upper(),))[0]

    def _has_text_field(self) -> bool:
        return any(f.name == "text" for f in self._meta.concrete_fields)

    def read_text(self) -> str:
        """The text of the stored file: a PDF's, else ""."""
        if self.extension != "pdf":
            return ""
        with self.file.open("rb") as file:
            return pdf_text(file)

    def save(self, *args: Any, **kwargs: Any) -> None:
        extract = False
        if self.file:
            self.size = self.file.size
            # A new upload is not yet committed to storage: its text is read
            # once, by a task, after the file is stored.
            if self._has_text_field() and not self.file._committed:
                self.text = ""
                extract = self.extension == "pdf"
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "text"}
        super().save(*args, **kwargs)
        if extract:
            queue_extraction(self)


class Attachment(SizedFileMixin, models.Model):
    """An attachment of a content item (a practice's, a travel report's): a
    titled file, a text alternative required for images, its size and the
    text of a PDF for search. A subclass adds the foreign key to its item and
    the ``file`` field with its own upload folder and ``validate_upload``."""

    title = models.CharField(_("titel"), max_length=200)
    alt_text = models.CharField(
        _("tekstalternatief"),
        max_length=250,
        blank=True,
        help_text=_("Verplicht bij afbeeldingen: beschrijf wat erop staat."),
    )
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0, editable=False)
    # The text of a PDF, for the search index (SizedFileMixin fills it on upload).
    text = models.TextField(_("tekst van het bestand"), blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.extension in IMAGE_EXTENSIONS

    def clean(self) -> None:
        if self.file and self.is_image and not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": _("Geef een tekstalternatief voor deze afbeelding.")}
            )
