"""RSS feeds of published content (Django's syndication framework). Only
``published()`` items, so scheduled items appear from their publish_at.

Titles and summaries are plain text. The XML writer escapes them once; on top
of that, the RSS ``<description>`` is HTML by convention, so the summary is
HTML-escaped there (once). Atom declares its summary ``type="text"`` and gets
the plain text. Either way ``<script>`` shows as text, ``&`` as ``&``."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from portal.core import registry, translations
from portal.core.models import Municipality, Theme
from portal.web import language

# Characters XML 1.0 cannot carry (the feed writer refuses them with an error).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]+")


def _event_order(item):
    """Sort key: newest event first, unknown dates last, then newest
    publication (as ``portal.editorial.models.EVENT_ORDER``)."""
    event = getattr(item, "event_date", None)
    published = item.publish_at.timestamp() if item.publish_at else 0
    return (event is None, -(event.toordinal() if event else 0), -published, -item.pk)


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


ALL = "alles"
FEED_SIZE = 30


def feed_slug(kind):
    """A kind's feed is named like its list page: /feeds/praktijkvoorbeelden/."""
    return language.dutch_path(reverse(kind.list_url_name)).strip("/").split("/")[0]


def feed_kinds():
    return {feed_slug(kind): kind for kind in registry.kinds() if kind.in_feeds}


@dataclass(frozen=True)
class Selection:
    """What a feed holds: one kind (None: every kind), optionally of one
    municipality or theme."""

    kind: object = None
    municipality: object = None
    theme: object = None

    def __str__(self):
        label = self.kind.label if self.kind else _("Alle inhoud")
        extra = self.municipality or (
            translations.field_in(self.theme, "name")[0] if self.theme else ""
        )
        return f"{label}{f' – {extra}' if extra else ''}"

    def kinds(self):
        return [self.kind] if self.kind else [k for k in registry.kinds() if k.in_feeds]


def feed_links(*, kind=None, municipality=None, theme=None):
    """The feeds a page advertises (``<link rel="alternate">`` and a visible
    link): (title, RSS url, Atom url) of the page's own selection."""
    selection = Selection(kind, municipality, theme)
    slug = feed_slug(kind) if kind else ALL
    query = ""
    if municipality is not None:
        query = f"?{urlencode({'gemeente': municipality.slug})}"
    elif theme is not None:
        query = f"?{urlencode({'thema': theme.slug})}"
    return {
        "title": str(selection),
        "rss": reverse("feed_rss", args=[slug]) + query,
        "atom": reverse("feed_atom", args=[slug]) + query,
    }


def list_feed(model, params):
    """The feed a list page of ``model`` advertises: of the one municipality
    (?gemeente=) or theme (?thema=) it is filtered on, else of the whole kind."""
    municipality = theme = None
    places, themes = params.getlist("gemeente"), params.getlist("thema")
    if len(places) == 1:
        municipality = Municipality.objects.filter(slug=places[0]).first()
    elif len(themes) == 1 and not places:
        theme = Theme.objects.filter(slug=themes[0]).first()
    return feed_links(kind=registry.kind_for(model), municipality=municipality, theme=theme)


def old_feed_path(request, kind, format):
    """The first feeds had English paths (/feeds/reports/rss/): moved for good."""
    kinds = {k.key: k for k in registry.kinds() if k.in_feeds}
    if kind not in kinds:
        raise Http404
    url = reverse(f"feed_{format}", args=[feed_slug(kinds[kind])])
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class KindFeed(Feed):
    """Latest 30 published items of one registered content kind (or of all:
    /feeds/alles/), optionally of one municipality (?gemeente=slug) or theme
    (?thema=slug)."""

    def get_object(self, request, kind):
        kinds = feed_kinds()
        if kind != ALL and kind not in kinds:
            raise Http404
        municipality = theme = None
        if request.GET.get("gemeente"):
            municipality = get_object_or_404(Municipality, slug=request.GET["gemeente"])
        elif request.GET.get("thema"):
            theme = get_object_or_404(Theme, slug=request.GET["thema"])
        return Selection(kinds.get(kind), municipality, theme)

    def title(self, selection):
        return plain(f"{_('Kennisportaal Ouderbetrokkenheid')}: {selection}")

    def link(self, selection):
        if selection.kind is None:
            if selection.municipality is not None:
                return selection.municipality.get_absolute_url()
            return reverse("portal:home")
        return selection.kind.list_url(selection.municipality)

    def description(self, selection):
        return plain(
            f"{_('Nieuw op het Kennisportaal Ouderbetrokkenheid: %(label)s') % {'label': selection}}."
        )

    def items(self, selection):
        latest = []
        for kind in selection.kinds():
            queryset = kind.published()
            if selection.municipality:
                queryset = queryset.filter(municipalities=selection.municipality)
            elif selection.theme:
                queryset = queryset.filter(themes=selection.theme)
            latest += queryset.order_by("-publish_at").distinct()[:FEED_SIZE]
        # The 30 latest publications (so nothing new is missed), shown in
        # the order of when they happened, like the lists.
        latest = sorted(latest, key=lambda item: item.publish_at, reverse=True)[:FEED_SIZE]
        return sorted(latest, key=_event_order)

    def item_title(self, item):
        # Plain text in RSS and Atom alike: only the XML writer escapes it.
        return plain(translations.field_in(item, "title")[0])

    def item_description(self, item):
        # RSS readers show <description> as HTML: escape the text once.
        when = item.event_label
        summary = translations.field_in(item, "summary")[0]
        return escape(plain(f"{when}: {summary}" if when else summary))

    def item_pubdate(self, item):
        return item.publish_at


class AtomKindFeed(KindFeed):
    feed_type = PlainTextAtom1Feed
    subtitle = KindFeed.description

    def item_description(self, item):
        return plain(translations.field_in(item, "summary")[0])


_RSS, _ATOM = KindFeed(), AtomKindFeed()


def rss_feed(request, kind):
    """/feeds/<list name>/rss/; an old English path moves permanently."""
    if kind != ALL and kind not in feed_kinds():
        return old_feed_path(request, kind, "rss")
    return _RSS(request, kind=kind)


def atom_feed(request, kind):
    if kind != ALL and kind not in feed_kinds():
        return old_feed_path(request, kind, "atom")
    return _ATOM(request, kind=kind)
