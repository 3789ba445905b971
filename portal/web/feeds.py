"""RSS feeds of published content (Django's syndication framework). Only
``published()`` items, so scheduled items appear from their publish_at.

Titles and summaries are plain text. The XML writer escapes them once; on top
of that, the RSS ``<description>`` is HTML by convention, so the summary is
HTML-escaped there (once). Atom declares its summary ``type="text"`` and gets
the plain text. Either way ``<script>`` shows as text, ``&`` as ``&``."""

import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from portal.core import registry
from portal.core.models import Municipality, Theme

# Characters XML 1.0 cannot carry (the feed writer refuses them with an error).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]+")


def plain(text):
    """Plain text as it may appear in XML: forbidden control characters become
    a space."""
    return _NOT_IN_XML.sub(" ", str(text or ""))


class PlainTextAtom1Feed(Atom1Feed):
    """Atom with ``<summary type="text">``: Django's Atom1Feed always declares
    the summary as HTML."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


@dataclass(frozen=True)
class Selection:
    kind: object
    municipality: object = None
    theme: object = None

    def __str__(self):
        extra = self.municipality or self.theme
        return f"{self.kind.label}{f' – {extra}' if extra else ''}"


class KindFeed(Feed):
    """Latest 30 published items of one registered content kind, optionally
    of one municipality (?gemeente=slug) or theme (?thema=slug)."""

    def get_object(self, request, kind):
        kinds = {k.key: k for k in registry.kinds() if k.in_feeds}
        if kind not in kinds:
            raise Http404
        municipality = theme = None
        if request.GET.get("gemeente"):
            municipality = get_object_or_404(Municipality, slug=request.GET["gemeente"])
        elif request.GET.get("thema"):
            theme = get_object_or_404(Theme, slug=request.GET["thema"])
        return Selection(kinds[kind], municipality, theme)

    def title(self, selection):
        return plain(f"Kennisportaal Ouderbetrokkenheid: {selection}")

    def link(self, selection):
        return selection.kind.list_url(selection.municipality)

    def description(self, selection):
        return plain(f"Nieuw op het Kennisportaal Ouderbetrokkenheid: {selection}.")

    def items(self, selection):
        queryset = selection.kind.published()
        if selection.municipality:
            queryset = queryset.filter(municipalities=selection.municipality)
        elif selection.theme:
            queryset = queryset.filter(themes=selection.theme)
        return queryset.order_by("-publish_at").distinct()[:30]

    def item_title(self, item):
        # Plain text in RSS and Atom alike: only the XML writer escapes it.
        return plain(item.title)

    def item_description(self, item):
        # RSS readers show <description> as HTML: escape the text once.
        return escape(plain(item.summary))

    def item_pubdate(self, item):
        return item.publish_at


class AtomKindFeed(KindFeed):
    feed_type = PlainTextAtom1Feed
    subtitle = KindFeed.description

    def item_description(self, item):
        return plain(item.summary)
