"""sitemap.xml: the shared pages, municipality pages and every registered
content kind that takes part (``ContentKind.in_sitemap``)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.core import registry
from portal.core.models import Municipality


class KindSitemap(Sitemap):
    def __init__(self, kind):
        self.kind = kind

    def items(self):
        return self.kind.published().order_by("pk")

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


class MunicipalitySitemap(Sitemap):
    def items(self):
        return Municipality.objects.filter(pk__in=list(registry.municipality_counts()))


PAGES = [
    "portal:home",
    "portal:municipality_list",
    "portal:about",
    "portal:privacy",
    "portal:accessibility",
]


class StaticSitemap(Sitemap):
    def items(self):
        return [*PAGES, *registry.pages()]

    def location(self, item):
        return reverse(item)


def sitemaps():
    maps = {"pages": StaticSitemap, "gemeenten": MunicipalitySitemap}
    for kind in registry.kinds():
        if kind.in_sitemap:
            maps[kind.key] = KindSitemap(kind)
    return maps
