"""The language switch and the ``hreflang`` alternates (issue 21): the same
page in every language, only the ``/en/`` prefix differs."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode

from portal.core import translations
from portal.web import language

register = template.Library()

NAMES = {"nl": "Nederlands", "en": "English"}


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per language for the current page: code, its own name, the
    absolute address (for ``hreflang``), the switch link and whether it is
    the current language. Empty without a request (the 500 page) or a
    trustworthy host (the 400 page of a bad Host header)."""
    request = context.get("request")
    if request is None:
        return []
    try:
        request.get_host()
    except DisallowedHost:  # the 400 page for a bad Host header
        return []
    current = translation.get_language()
    path = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        target = language.path_in(path, code)
        versions.append(
            {
                "code": code,
                "name": NAMES.get(code, code),
                "href": request.build_absolute_uri(target),
                "switch": reverse("switch_language", args=[code])
                + "?"
                + urlencode({"next": language.dutch_path(path)}),
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return versions


@register.filter
def tr_text(item, name):
    """The text of ``item.name`` in the page's language, the Dutch one when
    there is no translation (use with ``lang_attr`` on the element)."""
    return translations.field_in(item, name)[0]


@register.filter
def lang_attr(item, name):
    """`` lang="nl"`` when the text shown for ``item.name`` is not in the
    page's language (an untranslated item on an English page), else ""."""
    _value, shown = translations.field_in(item, name)
    if shown == translation.get_language():
        return ""
    return format_html(' lang="{}"', shown)


def _marked(value, shown):
    text = conditional_escape(value)
    if not value or not translations.other_language(shown):
        return text
    return format_html('<span lang="{}">{}</span>', shown, text)


@register.filter
def tr(item, name):
    """``tr_text`` and ``lang_attr`` in one, for a text without an element
    of its own: the text of ``item.name`` in the page's language, escaped,
    in ``<span lang="nl">`` when only the Dutch text exists."""
    return _marked(*translations.field_in(item, name))


@register.filter
def dutch(value):
    """A text that exists only in Dutch (a field without an English twin,
    a name of a Dutch document or organisation): escaped, in
    ``<span lang="nl">`` on a page in another language. After
    ``linebreaksbr`` or ``join`` the text stays as they made it."""
    return _marked(value, settings.LANGUAGE_CODE)


@register.filter
def in_lang(value, shown):
    """``value`` (a text in language ``shown``; "" for a name or label in
    none), escaped, in ``<span lang="…">`` when ``shown`` is not the page's
    language."""
    return _marked(value, shown) if shown else conditional_escape(value)


@register.filter
def lang_if_other(shown):
    """`` lang="nl"`` when ``shown`` (a language code) is not the page's
    language, else "": for options and cells that carry their language."""
    if not shown or not translations.other_language(shown):
        return ""
    return format_html(' lang="{}"', shown)


@register.inclusion_tag("includes/only_dutch.html")
def only_in_dutch(item):
    """On an English page of an item without an English version: a short
    English note that the text below is Dutch."""
    language = translation.get_language()
    return {
        "show": language != settings.LANGUAGE_CODE
        and not translations.is_translated(item, language),
    }


@register.simple_tag
def dutch_only():
    """`` lang="nl"`` on a page in another language: for a text that exists
    only in Dutch (a field without an English twin)."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
