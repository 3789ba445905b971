"""English versions of content (issue 21).

A translatable text field ``name`` has an English twin ``name_en`` on the
same model (``Publishable``: title, summary, body; ``Theme``: name,
description). The Dutch field stays the main one; an empty English field
means "not translated", and an English page then shows the Dutch text and
says so (``lang="nl"``). Plain fields rather than django-modeltranslation:
that package replaces the Dutch field's descriptor and the default manager
(every query and the history models would change), while plain concrete
fields are copied and merged by the pending-change machinery as they are.
"""

import functools
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

ENGLISH = "en"


def field_in(item: Any, name: str, language: str | None = None) -> tuple[Any, str]:
    """The text of ``item.name`` to show in ``language`` (default: the
    active one) and the language it is really in."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        value = getattr(item, f"{name}_{language}", "")
        if value:
            return value, language
    return getattr(item, name, ""), settings.LANGUAGE_CODE


def other_language(shown: str) -> str:
    """``shown`` when a text in that language sits on a page in another
    (it needs ``lang="…"``), else ""."""
    return shown if shown != (translation.get_language() or settings.LANGUAGE_CODE) else ""


def is_translated(item: Any, language: str = ENGLISH) -> bool:
    """True when the item's heading (title or name) has a ``language`` version."""
    return bool(getattr(item, f"title_{language}", "") or getattr(item, f"name_{language}", ""))


@functools.cache
def translated_names(model: type) -> list[str]:
    """The fields of ``model`` that have an English twin, in field order."""
    names = [f.name for f in model._meta.concrete_fields]  # type: ignore[attr-defined]
    return [name for name in names if f"{name}_{ENGLISH}" in names]


def active_language() -> str:
    """The language of the current request (or of an ``override``), as one
    of ``settings.LANGUAGES``; Dutch when none is active."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    return language if language in codes else settings.LANGUAGE_CODE


def language_field() -> models.CharField:
    """The language a person used on the site when they sent a form,
    subscribed or signed up (issue 21): mails sent to them later, when an
    editor decides or a digest goes out, are written in it (with links to
    the pages in that language). Dutch for rows from before it was kept."""
    return models.CharField(
        _("taal"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "De taal van de pagina waarop dit werd verstuurd; latere mails zijn in deze taal."
        ),
    )
