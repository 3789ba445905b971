"""The text of an uploaded file, for the search index.

Only PDF for now (``pdf_text``). Extraction is bounded (pages and characters)
so one large upload cannot hold up a request for long, and it never fails: an
encrypted, damaged or image-only PDF gives "" and a log line, and the upload
is saved all the same.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import IO

from pypdf import PdfReader

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
