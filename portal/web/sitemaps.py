"""sitemap.xml: the shared pages, municipality pages and every registered
content kind that takes part (``ContentKind.in_sitemap``), each in both
languages with its ``hreflang`` alternates (issue 21)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.core import registry
from portal.core.models import Municipality


class BothLanguages(Sitemap):
    """Every page at its Dutch and its English address, each listing both."""

    i18n = True
    alternates = True
    x_default = True


class KindSitemap(BothLanguages):
    def __init__(self, kind):
        self.kind = kind

    def items(self):
        return self.kind.published().order_by("pk")

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


class MunicipalitySitemap(BothLanguages):
    def items(self):
        return Municipality.objects.filter(pk__in=list(registry.municipality_counts()))


PAGES = [
    "portal:home",
    "portal:municipality_list",
    "portal:about",
    "portal:privacy",
    "portal:accessibility",
]


class StaticSitemap(BothLanguages):
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
