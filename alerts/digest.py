"""What is new for a subscription, and the digest mail that says so.

New means: became public in the window (after ``checked_until``, up to now):
published, ``publish_at`` in the window, not a pending change — exactly the
registry's ``published()``, so drafts, pending changes and items scheduled
for later never appear. Only the kinds that have feeds (news, not reference
data such as networks) are followed, as in the feeds.

A subscription to a search query takes the search's own matches
(``portal.search.query.run_search``) and keeps those that became public in
the window.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alerts import links
from alerts.models import Subscription
from portal.core import registry
from portal.core.models import Status
from portal.core.translations import field_in
from portal.search.models import SearchDocument
from portal.search.query import run_search
from portal.web.language import path_in

# At most this many items are listed in one mail (the rest: "en nog N").
MAX_ITEMS = 50


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    kind: str
    published: datetime.datetime


def feed_kinds() -> list[registry.ContentKind]:
    return [kind for kind in registry.kinds() if kind.in_feeds]


def _has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _window(queryset: QuerySet, since: datetime.datetime, until: datetime.datetime) -> QuerySet:
    return queryset.filter(publish_at__gt=since, publish_at__lte=until)


def _content_items(
    subscription: Subscription, since: datetime.datetime, until: datetime.datetime
) -> list[Item]:
    items = []
    for kind in feed_kinds():
        queryset = kind.published()
        if subscription.target == Subscription.Target.KIND:
            if kind.key != subscription.kind:
                continue
        elif subscription.target == Subscription.Target.MUNICIPALITY:
            if not _has_field(kind.model, "municipalities"):
                continue
            queryset = queryset.filter(municipalities=subscription.municipality_id)
        elif subscription.target == Subscription.Target.THEME:
            if not _has_field(kind.model, "themes"):
                continue
            queryset = queryset.filter(themes=subscription.theme_id)
        for obj in _window(queryset, since, until).distinct().order_by("publish_at", "pk"):
            items.append(
                Item(
                    title=str(field_in(obj, "title")[0] or obj),
                    url=_absolute(obj.get_absolute_url()),  # type: ignore[attr-defined]
                    kind=str(kind.label),
                    published=obj.publish_at,  # type: ignore[attr-defined]
                )
            )
    return items


def _query_items(query: str, since: datetime.datetime, until: datetime.datetime) -> list[Item]:
    outcome = run_search(query, {}, 1)
    matches = list(outcome.page.paginator.object_list)
    labels = {kind.key: str(kind.label) for kind in feed_kinds()}
    documents = SearchDocument.objects.filter(
        pk__in=matches,
        kind__in=list(labels),
        status=Status.PUBLISHED,
        publish_at__gt=since,
        publish_at__lte=until,
    ).order_by("publish_at", "pk")
    documents = list(documents)
    items = _in_language(documents)
    return [
        Item(
            title=items[doc.pk][0],
            url=_absolute(items[doc.pk][1]),
            kind=labels[doc.kind],
            published=doc.publish_at,  # type: ignore[arg-type]  # filtered above
        )
        for doc in documents
    ]


def _in_language(documents: list[SearchDocument]) -> dict[int, tuple[str, str]]:
    """{document id: (title, page address)} in the active language: the
    index holds the Dutch title and address; in another language the item's
    own title there (where it has one) and the address under its prefix."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return {doc.pk: (doc.title, doc.url) for doc in documents}
    wanted: dict[int, list[int]] = {}
    for doc in documents:
        wanted.setdefault(doc.content_type_id, []).append(doc.object_id)
    found = {
        (type_id, pk): obj
        for type_id, ids in wanted.items()
        for pk, obj in ContentType.objects.get_for_id(type_id)
        .model_class()
        ._default_manager.in_bulk(ids)
        .items()
    }
    result = {}
    for doc in documents:
        obj = found.get((doc.content_type_id, doc.object_id))
        title = field_in(obj, "title")[0] if obj is not None else ""
        result[doc.pk] = (title or doc.title, path_in(doc.url, language))
    return result


def new_items(
    subscription: Subscription,
    *,
    since: datetime.datetime,
    until: datetime.datetime,
) -> list[Item]:
    """What became public for ``subscription`` after ``since`` up to ``until``,
    oldest first."""
    if subscription.target == Subscription.Target.QUERY:
        items = _query_items(subscription.query, since, until)
    else:
        items = _content_items(subscription, since, until)
    return sorted(items, key=lambda item: item.published)


def compose(subscription: Subscription, items: list[Item], *, since: datetime.datetime) -> dict:
    """Subject, body and headers of the digest mail (plain text, no images,
    no tracking): the items, the manage link and the one-click unsubscribe
    link, also as List-Unsubscribe (RFC 2369) with List-Unsubscribe-Post
    (RFC 8058)."""
    unsubscribe = links.url(subscription, links.UNSUBSCRIBE)
    context = {
        "subscription": subscription,
        "items": items[:MAX_ITEMS],
        "more": max(0, len(items) - MAX_ITEMS),
        "since": timezone.localtime(since),
        "manage_url": links.url(subscription, links.MANAGE),
        "unsubscribe_url": unsubscribe,
        "site_url": settings.SITE_URL,
    }
    return {
        "subject": _("Nieuw op het Kennisportaal Ouderbetrokkenheid: %(label)s")
        % {"label": subscription.label},
        "body": render_to_string("alerts/mail/digest.txt", context),
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }
