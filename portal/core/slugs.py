"""Readable, unique, stable web addresses (slugs) made from a title.

Django's admin makes a slug in the browser (``prepopulated_fields``), and
that drops dashes and slashes between numbers: "Nantes, 4–6 november" became
``nantes-46-november``, and nothing checked that the slug was free. Here a
dash, slash or dot between words or numbers stays a word break
(``nantes-4-6-november``), the slug is cut at a word boundary, and a taken
slug gets ``-2``, ``-3``… An existing slug is never regenerated: the address
of a page stays what it was (callers only ask for a slug when there is none).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.text import slugify

if TYPE_CHECKING:
    from django.db.models import Model

MAX_LENGTH = 200  # the slug fields hold 220: room for "-wijziging" and "-12"
# Dashes, slashes, dots and similar marks between words or numbers separate them.
SEPARATORS = re.compile(r"[\u2010-\u2015\u2212/\\.:;,+&|_·•]+")


def readable_slug(text: str, *, max_length: int = MAX_LENGTH, fallback: str = "item") -> str:
    """``text`` as a slug: lower case, accents dropped, every word kept
    apart, at most ``max_length`` characters, never cut inside a word."""
    slug = slugify(SEPARATORS.sub(" ", text or ""))
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    return slug.strip("-") or fallback


def unique_slug(
    model: type[Model],
    text: str,
    *,
    exclude_pk: object = None,
    max_length: int = MAX_LENGTH,
    fallback: str = "item",
) -> str:
    """A readable slug for ``text`` that no other row of ``model`` has, and
    that is not one of the model's ``RESERVED_SLUGS`` (addresses of its own
    pages, such as ``/praktijkvoorbeelden/vergelijken/``)."""
    base = readable_slug(text, max_length=max_length, fallback=fallback)
    others = model._default_manager.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    reserved: frozenset[str] = getattr(model, "RESERVED_SLUGS", frozenset())
    slug, n = base, 2
    while slug in reserved or others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
