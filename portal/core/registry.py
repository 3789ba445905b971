"""What the apps tell the shared pages, as plain data.

The content types the shared pages (home, municipality profile, search, feeds,
sitemap, backup) show are registered by each app in its ``AppConfig.ready()``
as a ``ContentKind``: model, public QuerySet, search fields and how it takes
part in feeds, sitemap, home page and backup. Apps also register review-queue
sections and pages for the sitemap. ``portal`` never imports or names an app:
it asks this registry (demo content is data too: ``demo/*.toml``, whose items
name their kind by its key).

Rooms that must act when a kind is registered (the search index follows every
save) subscribe with ``on_register``; the registry itself only keeps the
content version current (``portal.core.cache``). Counts over kinds (per
municipality, the home page's figures) are ``portal.web.figures``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse

from portal.core.cache import bump_content_version, follow_schedule


@dataclass(frozen=True)
class ContentKind:
    key: str
    model: type[Model]
    label: str
    list_url_name: str
    order: int = 100
    # Name of the filter parameter on the list page that selects a municipality.
    municipality_param: str = "gemeente"
    prefetch: tuple[str, ...] = field(default_factory=tuple)
    # Search: extra (text, facets) of an item, and what to prefetch for it.
    search_extra: Callable[[Any], tuple[str, list[tuple[str, str, str]]]] | None = None
    search_prefetch: tuple[str, ...] = ("municipalities",)
    # Feeds and sitemap: does the kind have its own feed / sitemap section?
    in_feeds: bool = True
    in_sitemap: bool = True
    # Home page: the kind whose total is the headline figure, and a kind
    # whose coming items are shown (a callable on the public QuerySet).
    headline: bool = False
    upcoming: Callable[[QuerySet], QuerySet] | None = None
    # Backup: other models whose rows belong to this kind (attachments,
    # submissions), counted before and after a restore.
    backup_parts: tuple[type[Model], ...] = ()
    # Query parameters the kind's public pages read (filters, sorting): pages
    # with other parameters are not kept in the page cache.
    query_parameters: tuple[str, ...] = ("gemeente", "pagina")

    def published(self) -> QuerySet:
        return self.model.objects.published()  # type: ignore[attr-defined]

    def for_municipality(self, municipality: Model) -> QuerySet:
        # The kind's own QuerySet class (PublishableQuerySet or an app's
        # subclass) has for_municipality(); QuerySet itself does not.
        published: Any = self.published()
        return published.for_municipality(municipality).distinct().prefetch_related(*self.prefetch)

    def municipality_counts(self) -> dict[int, int]:
        """{municipality_id: number of published items}, in one query."""
        field = self.model._meta.get_field("municipalities")
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()  # type: ignore[union-attr]
        rows = (
            field.remote_field.through.objects.filter(  # type: ignore[union-attr]
                **{f"{own}__in": self.published().order_by().values("pk")}
            )
            .values(f"{other}_id")
            .annotate(n=Count(f"{own}_id"))
            .order_by()
        )
        return {row[f"{other}_id"]: row["n"] for row in rows}

    def list_url(self, municipality: Model | None = None) -> str:
        url = reverse(self.list_url_name)
        if municipality is not None:
            url += f"?{self.municipality_param}={municipality.slug}"  # type: ignore[attr-defined]
        return url


Listener = Callable[[ContentKind], None]

_kinds: dict[str, ContentKind] = {}
_listeners: list[Listener] = []
_queue_providers: list[Callable[[Any], list[dict]]] = []
_pages: list[str] = []
_mention_providers: list[Callable[[Any], list[dict]]] = []


def register(kind: ContentKind) -> None:
    _kinds[kind.key] = kind
    if hasattr(kind.model._default_manager, "scheduled"):
        follow_schedule(kind.model)
    uid = f"portal-cache-{kind.key}"
    post_save.connect(bump_content_version, sender=kind.model, dispatch_uid=uid)
    post_delete.connect(bump_content_version, sender=kind.model, dispatch_uid=uid)
    for m2m in kind.model._meta.many_to_many:
        m2m_changed.connect(bump_content_version, sender=m2m.remote_field.through, dispatch_uid=uid)
    for listener in _listeners:
        listener(kind)


def on_register(listener: Listener) -> None:
    """Call ``listener(kind)`` for every kind, registered now or later."""
    _listeners.append(listener)
    for kind in list(_kinds.values()):
        listener(kind)


def kinds() -> list[ContentKind]:
    return sorted(_kinds.values(), key=lambda k: k.order)


def kind_for(model: type[Model]) -> ContentKind | None:
    return next((k for k in _kinds.values() if k.model is model), None)


def headline_kind() -> ContentKind | None:
    return next((k for k in kinds() if k.headline), None)


def upcoming_kinds() -> list[ContentKind]:
    return [k for k in kinds() if k.upcoming is not None]


def register_page(url_name: str) -> None:
    """A page of an app (by URL name) that belongs in the sitemap."""
    if url_name not in _pages:
        _pages.append(url_name)


def pages() -> list[str]:
    return list(_pages)


def query_parameters() -> set[str]:
    return {name for kind in kinds() for name in kind.query_parameters}


def backup_models() -> list[type[Model]]:
    """The content models and their parts, in registration order."""
    models: list[type[Model]] = []
    for kind in kinds():
        for model in (kind.model, *kind.backup_parts):
            if model not in models:
                models.append(model)
    return models


def register_queue(provider: Callable[[Any], list[dict]]) -> None:
    """``provider(user)`` returns review-queue sections: dicts with a title and
    rows (``label``, ``url``, ``since``, ``note``) for what waits for ``user``."""
    _queue_providers.append(provider)


def queue_providers() -> list[Callable[[Any], list[dict]]]:
    return list(_queue_providers)


def register_mentions(provider: Callable[[Any], list[dict]]) -> None:
    """``provider(municipality)`` returns what public content says about a
    municipality beyond the items linked to it (a tip at a meeting naming
    it): dicts with ``text``, ``url`` and ``source`` (the item's title),
    only from public items, and optionally ``heading`` (the section they go
    under; none: "Genoemd op bijeenkomsten") and the languages of the text
    and the source (``language``, ``source_language``: a page in another
    language marks them, issue 21). One provider's rows share one heading.
    The municipality page lists them."""
    _mention_providers.append(provider)


def mentions(municipality: Any) -> list[dict]:
    return [row for provider in _mention_providers for row in provider(municipality)]
