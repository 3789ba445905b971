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
    # Search: extra (text, facets) of an item, and what to prefetch for it.
    search_extra: object = None
    search_prefetch: tuple = ("municipalities",)

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
        field = self.model._meta.get_field("municipalities")
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = (
            field.remote_field.through.objects.filter(
                **{f"{own}__in": self.published().order_by().values("pk")}
            )
            .values(f"{other}_id")
            .annotate(n=Count(f"{own}_id"))
            .order_by()
        )
        return {row[f"{other}_id"]: row["n"] for row in rows}

    def list_url(self, municipality=None):
        url = reverse(self.list_url_name)
        if municipality is not None:
            url += f"?{self.municipality_param}={municipality.slug}"
        return url


_kinds = {}
_demo_loaders = []


def register(kind):
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from portal.core.cache import bump_content_version

    _kinds[kind.key] = kind
    uid = f"portal-cache-{kind.key}"
    post_save.connect(bump_content_version, sender=kind.model, dispatch_uid=uid)
    post_delete.connect(bump_content_version, sender=kind.model, dispatch_uid=uid)
    post_save.connect(_reindex_saved, sender=kind.model, dispatch_uid=f"search-{kind.key}")
    post_delete.connect(_unindex_deleted, sender=kind.model, dispatch_uid=f"search-{kind.key}")
    for m2m in kind.model._meta.many_to_many:
        m2m_changed.connect(bump_content_version, sender=m2m.remote_field.through, dispatch_uid=uid)
        m2m_changed.connect(
            _reindex_m2m, sender=m2m.remote_field.through, dispatch_uid=f"search-{kind.key}"
        )


# Keeping the search index current is plumbing, not business logic: every
# save, delete or relation change of registered content re-indexes that item.
def _reindex_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from portal.search.index import index_item

        index_item(instance)


def _unindex_deleted(sender, instance, **kwargs):
    from portal.search.index import unindex_item

    unindex_item(instance)


def _reindex_m2m(sender, instance, action, reverse=False, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        from portal.search.index import index_item

        index_item(instance)


def kinds():
    return sorted(_kinds.values(), key=lambda k: k.order)


def register_demo(loader, order=100):
    _demo_loaders.append((order, loader))


def demo_loaders():
    return [loader for _, loader in sorted(_demo_loaders, key=lambda x: x[0])]


def municipality_counts():
    """Total published items per municipality over all kinds (one query per
    kind, whatever the number of municipalities; cached)."""

    def compute():
        totals = {}
        for kind in kinds():
            for pk, n in kind.municipality_counts().items():
                totals[pk] = totals.get(pk, 0) + n
        return totals

    from portal.core.cache import cached

    return cached("municipality-counts", (), compute)


_queue_providers = []


def register_queue(provider):
    """``provider(user)`` returns review-queue sections: dicts with a title and
    rows (``label``, ``url``, ``since``, ``note``) for what waits for ``user``."""
    _queue_providers.append(provider)


def queue_providers():
    return list(_queue_providers)
