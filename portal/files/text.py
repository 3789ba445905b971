"""The text of an uploaded file, for the search index.

Only PDF for now (``pdf_text``). It runs as a background task
(``extract_text``, queued by ``queue_extraction`` when an attachment with a new
file is saved), so an upload never waits for it. Extraction is bounded (pages
and characters) so one large file cannot hold up the worker for long, and it
never fails: an encrypted, damaged or image-only PDF gives "" and a log line,
and the upload is saved all the same.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import IO

from django.apps import apps
from django.db.models import Model
from django.tasks import task
from pypdf import PdfReader

from portal.ops import tasks

logger = logging.getLogger(__name__)

MAX_PAGES = 100
MAX_CHARS = 100_000


def pdf_text(file: IO[bytes], *, max_pages: int = MAX_PAGES, max_chars: int = MAX_CHARS) -> str:
    """The text of the first ``max_pages`` pages of the PDF ``file`` (an open
    binary file: an upload, a FieldFile, BytesIO), at most ``max_chars``
    characters, whitespace collapsed to single spaces. "" for a PDF that
    cannot be read: encrypted (a restriction the author chose), damaged, or
    without a text layer."""
    name = getattr(file, "name", "") or "?"
    try:
        file.seek(0)
        reader = PdfReader(file)
        if reader.is_encrypted:
            logger.info("pdf text skipped, encrypted: %s", name)
            return ""
        parts: list[str] = []
        length = 0
        for page in reader.pages[:max_pages]:
            text = " ".join(page.extract_text().split())
            if text:
                parts.append(text)
                length += len(text) + 1
            if length >= max_chars:
                break
    except Exception as error:  # pypdf raises many kinds on damaged files
        logger.warning("pdf text not readable (%s): %s", type(error).__name__, name)
        return ""
    finally:
        with suppress(Exception):  # a closed file: nothing to rewind
            file.seek(0)
    return " ".join(parts)[:max_chars].strip()


def queue_extraction(item: Model) -> None:
    """Have the text of ``item``'s new file read in the background. (With a
    backend that runs tasks at once, ``item`` gets the text read.)"""
    result = tasks.enqueue(extract_text, item._meta.label, item.pk)
    if result is not None and result.is_finished:
        item.text = type(item)._default_manager.values_list("text", flat=True).get(pk=item.pk)  # type: ignore[attr-defined]


@task()
def extract_text(model_label: str, pk: int, *, request_id: str = "") -> int:
    """The task: read the text of attachment ``model_label``/``pk`` (gone
    meanwhile: nothing) and save it, which re-indexes its owner. Returns the
    length of the text."""
    with tasks.request_context(request_id):
        item = apps.get_model(model_label)._default_manager.filter(pk=pk).first()
        if item is None or not item.file:
            return 0
        item.text = item.read_text()
        item.save(update_fields=["text"])
        logger.info("pdf text read: %s %s, %d characters", model_label, pk, len(item.text))
        return len(item.text)
