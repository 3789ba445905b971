"""RSS feeds of published content (Django's syndication framework). Only
``published()`` items, so scheduled items appear from their publish_at."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from portal import registry
from portal.models import Municipality, Theme


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
        kinds = {k.key: k for k in registry.kinds() if k.key != "networks"}
        if kind not in kinds:
            raise Http404
        municipality = theme = None
        if request.GET.get("gemeente"):
            municipality = get_object_or_404(Municipality, slug=request.GET["gemeente"])
        elif request.GET.get("thema"):
            theme = get_object_or_404(Theme, slug=request.GET["thema"])
        return Selection(kinds[kind], municipality, theme)

    def title(self, selection):
        return f"Kennisportaal Ouderbetrokkenheid: {selection}"

    def link(self, selection):
        return selection.kind.list_url(selection.municipality)

    def description(self, selection):
        return f"Nieuw op het Kennisportaal Ouderbetrokkenheid: {selection}."

    def items(self, selection):
        queryset = selection.kind.published()
        if selection.municipality:
            queryset = queryset.filter(municipalities=selection.municipality)
        elif selection.theme:
            queryset = queryset.filter(themes=selection.theme)
        return queryset.order_by("-publish_at").distinct()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at


class AtomKindFeed(KindFeed):
    feed_type = Atom1Feed
    subtitle = KindFeed.description
