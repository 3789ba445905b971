"""Keeping the search index current: one document per content item.

The index follows the content: ``follow(kind)`` (subscribed to the registry in
``PortalConfig.ready``) re-indexes an item on every save, delete or relation
change, and ``follow_taxonomy()`` re-indexes the documents that name a theme
or municipality when it is renamed. This is plumbing, not business logic."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.html import strip_tags

from portal.core import registry
from portal.core.models import Municipality, Status, Theme
from portal.search.db import _vector, is_postgres
from portal.search.models import SearchDocument, SearchFacet
from portal.search.suggest import (
    _forget_words,
    _published_words,
    _remember_words,
    _term_words,
    prune_vocabulary,
)


def build_document(kind, item):
    """(fields, facets) for ``item``; facets are (facet, value, label)."""
    municipalities = list(item.municipalities.all())
    themes = list(item.themes.all()) if hasattr(item, "themes") else []
    extra_text, extra_facets = kind.search_extra(item) if kind.search_extra else ("", [])
    date = getattr(item, "publish_at", None)
    facets = [("type", kind.key, str(kind.label))]
    for m in municipalities:
        facets.append(("gemeente", m.slug, m.alias or m.name))
        if m.province:
            facets.append(("provincie", m.province, m.get_province_display()))
    facets += [("thema", t.slug, t.name) for t in themes]
    facets += list(extra_facets)
    if not any(f[0] == "jaar" for f in facets) and date:
        facets.append(("jaar", str(date.year), str(date.year)))
    names = " ".join(
        [m.name for m in municipalities] + [m.alias for m in municipalities if m.alias]
    )
    fields = {
        "kind": kind.key,
        "title": item.title[:300],
        "summary": item.summary,
        "names": " ".join([names, *(t.name for t in themes)]),
        "body_text": " ".join([strip_tags(getattr(item, "body", "") or ""), extra_text]).strip(),
        "url": item.get_absolute_url(),
        "date": date,
        "status": getattr(item, "status", Status.PUBLISHED),
        "publish_at": date,
    }
    return fields, sorted(set(facets))


def index_items(kind, items):
    """(Re)index ``items`` of ``kind`` in bulk: a few queries per batch.
    Pending changes of published items are never indexed."""
    items = [item for item in items if not getattr(item, "change_of_id", None)]
    if not items:
        return 0
    ct = ContentType.objects.get_for_model(kind.model)
    built = [(item, *build_document(kind, item)) for item in items]
    with transaction.atomic():
        previous = SearchDocument.objects.filter(
            content_type=ct, object_id__in=[i.pk for i in items]
        )
        old_words = _published_words(previous)
        previous.delete()
        docs = SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    content_type=ct,
                    object_id=item.pk,
                    facet_text=facet_lines(facets),
                    **fields,
                )
                for item, fields, facets in built
            ]
        )
        SearchFacet.objects.bulk_create(
            [
                SearchFacet(document=doc, facet=f, value=v[:120], label=label[:200])
                for doc, (_, _, facets) in zip(docs, built, strict=True)
                for f, v, label in facets
            ],
            batch_size=5000,
        )
        if is_postgres():
            SearchDocument.objects.filter(pk__in=[d.pk for d in docs]).update(
                search_vector=_vector()
            )
        new_words = set().union(
            *(
                _term_words(f["title"] + " " + f["summary"])
                for _, f, _ in built
                if f["status"] == Status.PUBLISHED
            )
        )
        _remember_words(new_words)
        _forget_words(old_words - new_words)
    return len(docs)


def index_item(item):
    kind = registry.kind_for(type(item))
    if kind is not None and item.pk:
        index_items(
            kind, [type(item).objects.prefetch_related(*kind.search_prefetch).get(pk=item.pk)]
        )


def unindex_item(item):
    documents = SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )
    with transaction.atomic():
        words = _published_words(documents)
        documents.delete()
        _forget_words(words)


def reindex_facet_value(facet, value):
    """A renamed theme or municipality: reindex the documents that name it."""
    docs = SearchDocument.objects.filter(facets__facet=facet, facets__value=value).values_list(
        "content_type_id", "object_id"
    )
    by_type = {}
    for ct_id, object_id in docs:
        by_type.setdefault(ct_id, []).append(object_id)
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        kind = registry.kind_for(model)
        if kind:
            index_items(
                kind, model.objects.filter(pk__in=ids).prefetch_related(*kind.search_prefetch)
            )


def rebuild(*, batch=500, stdout=None):
    total = 0
    for kind in registry.kinds():
        queryset = kind.model.objects.order_by("pk").prefetch_related(*kind.search_prefetch)
        ct = ContentType.objects.get_for_model(kind.model)
        SearchDocument.objects.filter(content_type=ct).exclude(
            object_id__in=kind.model.objects.values("pk")
        ).delete()
        start = 0
        while True:
            chunk = list(queryset[start : start + batch])
            if not chunk:
                break
            total += index_items(kind, chunk)
            start += batch
        if stdout:
            stdout.write(f"{kind.key}: {queryset.count()} geïndexeerd")
    prune_vocabulary()
    return total


def facet_lines(facets):
    """(facet, value, label) triples as SearchDocument.facet_text; the same
    truncation as the SearchFacet rows, no tabs or line breaks inside."""

    def clean(text, size):
        return " ".join(str(text).split())[:size]

    return "\n".join(
        f"{clean(facet, 20)}\t{clean(value, 120)}\t{clean(label, 200)}"
        for facet, value, label in facets
    )


def _reindex_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_item(instance)


def _unindex_deleted(sender, instance, **kwargs):
    unindex_item(instance)


def _reindex_m2m(sender, instance, action, reverse=False, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        index_item(instance)


def follow(kind):
    """Keep the documents of ``kind`` current on every change."""
    uid = f"search-{kind.key}"
    post_save.connect(_reindex_saved, sender=kind.model, dispatch_uid=uid)
    post_delete.connect(_unindex_deleted, sender=kind.model, dispatch_uid=uid)
    for m2m in kind.model._meta.many_to_many:
        m2m_changed.connect(_reindex_m2m, sender=m2m.remote_field.through, dispatch_uid=uid)


def _renamed(sender, instance, created=False, raw=False, **kwargs):
    """A renamed theme or municipality updates the documents that name it."""
    if created or raw:
        return
    reindex_facet_value("thema" if sender is Theme else "gemeente", instance.slug)


def follow_taxonomy():
    post_save.connect(_renamed, sender=Theme, dispatch_uid="search-theme")
    post_save.connect(_renamed, sender=Municipality, dispatch_uid="search-municipality")
