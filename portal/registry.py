"""The content types the shared pages (home, municipality profile, search,
feeds, sitemap) show. Each app registers its models in ``AppConfig.ready()``,
so ``portal`` never imports an app."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse


@dataclass(frozen=True)
class ContentKind:
    key: str
    model: type
    label: str
    list_url_name: str
    order: int = 100
    # Name of the filter parameter on the list page that selects a municipality.
    municipality_param: str = "gemeente"
    prefetch: tuple = field(default_factory=tuple)

    def published(self):
        return self.model.objects.published()

    def for_municipality(self, municipality):
        return (
            self.published()
            .for_municipality(municipality)
            .distinct()
            .prefetch_related(*self.prefetch)
        )

    def municipality_counts(self):
        """{municipality_id: number of published items}, in one query."""
        rows = (
            self.published()
            .filter(municipalities__isnull=False)
            .values("municipalities")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        return {row["municipalities"]: row["n"] for row in rows}

    def list_url(self, municipality=None):
        url = reverse(self.list_url_name)
        if municipality is not None:
            url += f"?{self.municipality_param}={municipality.slug}"
        return url


_kinds = {}
_demo_loaders = []


def register(kind):
    _kinds[kind.key] = kind


def kinds():
    return sorted(_kinds.values(), key=lambda k: k.order)


def register_demo(loader, order=100):
    _demo_loaders.append((order, loader))


def demo_loaders():
    return [loader for _, loader in sorted(_demo_loaders, key=lambda x: x[0])]


def municipality_counts():
    """Total published items per municipality over all kinds (one query per
    kind, whatever the number of municipalities)."""
    totals = {}
    for kind in kinds():
        for pk, n in kind.municipality_counts().items():
            totals[pk] = totals.get(pk, 0) + n
    return totals
