"""What attachment models of every app share."""

from typing import Any

from portal.files.text import pdf_text, queue_extraction
from portal.files.uploads import FILE_TYPES, extension_of


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
