"""The sitemap: an index (``/sitemap.xml``) of sections, one per kind of page
and language (``/sitemap-<kind>-<language>.xml``), each in pages of at most
``LIMIT`` addresses (``?p=2``), as the protocol demands (50,000 at most per
file). The sections: the shared pages, municipality pages and every
registered content kind that takes part (``ContentKind.in_sitemap``); every
address lists its versions in both languages (``hreflang``, x-default Dutch:
issue 21).

Nothing here grows with the number of items but the page asked for: a
section's page is one slice of the published items in id order, the index
counts each section and asks for its latest change (one query each).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from portal.core import registry
from portal.core.models import Municipality
from portal.web import figures
from portal.web.language import dutch_path, path_in

# Addresses per sitemap file: the protocol's maximum.
LIMIT = 50_000


class LanguageSitemap(Sitemap):
    """One language's addresses of a set of pages; each lists the versions in
    every language and x-default (Dutch). A page's address in another
    language is its Dutch one with the language's prefix (issue 21), so each
    address is reversed once."""

    limit = LIMIT

    def __init__(self, language: str) -> None:
        self.language = language

    def dutch_location(self, item: Any) -> str:
        return item.get_absolute_url()

    def location(self, item: Any) -> str:
        return path_in(self.dutch_location(item), self.language)

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None) -> list:
        with translation.override(settings.LANGUAGE_CODE):
            urls = super().get_urls(page=page, site=site, protocol=protocol)
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            dutch = dutch_path(url["location"].removeprefix(root))
            url["alternates"] = [
                {"location": root + path_in(dutch, code), "lang_code": code}
                for code, _name in settings.LANGUAGES
            ] + [{"location": root + dutch, "lang_code": "x-default"}]
        return urls


class KindSitemap(LanguageSitemap):
    def __init__(self, kind: registry.ContentKind, language: str) -> None:
        super().__init__(language)
        self.kind = kind
        names = {f.name for f in kind.model._meta.get_fields()}
        # Not every kind records its last change (a network does not).
        self.changed = "updated_at" if "updated_at" in names else None

    def items(self) -> Any:
        # Only what the address and <lastmod> need: a page holds 50,000.
        fields = ["pk", "slug", *([self.changed] if self.changed else [])]
        return self.kind.published().only(*fields).order_by("pk")

    def lastmod(self, item: Any) -> Any:
        return getattr(item, self.changed) if self.changed else None

    def get_latest_lastmod(self) -> Any:
        """For the index: one query, not a walk over every item."""
        if not self.changed:
            return None
        return self.kind.published().aggregate(latest=Max(self.changed))["latest"]


class MunicipalitySitemap(LanguageSitemap):
    def items(self) -> Any:
        return Municipality.objects.filter(pk__in=list(figures.per_municipality().value)).order_by(
            "pk"
        )


PAGES = [
    "portal:home",
    "portal:municipality_list",
    "portal:about",
    "portal:privacy",
    "portal:accessibility",
]


class StaticSitemap(LanguageSitemap):
    def items(self) -> list[str]:
        return [*PAGES, *registry.pages()]

    def dutch_location(self, item: Any) -> str:
        return reverse(item)


def sitemaps() -> dict[str, LanguageSitemap]:
    """{section: sitemap}: per kind of page, per language."""
    maps: dict[str, LanguageSitemap] = {}
    for code, _name in settings.LANGUAGES:
        maps[f"pages-{code}"] = StaticSitemap(code)
        maps[f"gemeenten-{code}"] = MunicipalitySitemap(code)
        for kind in registry.kinds():
            if kind.in_sitemap:
                maps[f"{kind.key}-{code}"] = KindSitemap(kind, code)
    return maps
