"""Keeping the search index current: one document per content item.

What a document holds (``build_document``): the item's title and summary; in
``names`` the names of its municipalities (with their known name and
province), of the municipalities it points at (host, destination…) and of
its terms (themes and every other many-to-many list with names: phases,
target groups); in ``body_text`` its body as plain text (``html_to_text``,
block boundaries kept) and what its kind's ``search_extra`` adds: the kind's
other public text and that of its rows (attachments with the text of their
PDF, links, actions).

An item with an English version (issue 21: ``title_en``, ``summary_en``,
``body_en``) also gets its English title, summary and body text, and in
``names_en`` its places and the English names of its themes; on PostgreSQL
they make ``search_vector_en`` (``portal.search.db``). An untranslated item
leaves them empty and the vector NULL. A document is built in Dutch
whatever the language of the request that saved the item: its address, type
label and facet labels are the Dutch ones, and a page in another language
translates them when it shows them.

The index follows the content: ``follow(kind)`` (subscribed to the registry in
``PortalConfig.ready``) re-indexes an item on every save, delete or relation
change; after the transaction commits, on every change of its rows (the
model's ``CHANGE_CHILDREN``: attachments, links, actions); when a term it is
tagged with (phase, target group) is renamed or deleted; and when an item of
another kind it points at (a meeting's network) is saved or deleted.
``follow_taxonomy()`` re-indexes the documents that name a theme or
municipality when it is renamed. This is plumbing, not business logic."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ForeignKey, ManyToManyField, Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import translation

from portal.core import registry
from portal.core.cache import bump_content_version
from portal.core.models import Municipality, Status, Theme
from portal.core.richtext import html_to_text
from portal.search import bitmaps, learned
from portal.search.db import _english_vector, _head_vector, _title_vector, _vector, is_postgres
from portal.search.models import SearchDocument, SearchFacet
from portal.search.suggest import (
    _forget_words,
    _published_words,
    _remember_words,
    _term_words,
    prune_vocabulary,
)

if TYPE_CHECKING:
    from django.core.management.base import OutputWrapper
    from django.db.models.fields.related_descriptors import ManyRelatedManager

# A filter value of a document: (facet, value, label).
Facet = tuple[str, str, str]

# The most text of one document's body: well within PostgreSQL's limit of 1 MB
# for a tsvector, whatever the attachments hold. The item's own text comes
# first and the text of its attachments last, so a cut shortens the latter.
MAX_BODY_CHARS = 250_000


class Indexable(Protocol):
    """What the index reads of an item of any registered kind; the optional
    parts (themes, body, status, publish_at) it reads with getattr."""

    pk: Any

    @property
    def title(self) -> str: ...

    @property
    def summary(self) -> str: ...

    @property
    def municipalities(self) -> ManyRelatedManager[Municipality, Any]: ...

    def get_absolute_url(self) -> str: ...


class DocumentFields(TypedDict):
    """The SearchDocument columns ``build_document`` fills."""

    kind: str
    title: str
    summary: str
    names: str
    body_text: str
    url: str
    date: datetime.datetime | None
    status: str
    publish_at: datetime.datetime | None
    title_en: str
    summary_en: str
    names_en: str
    body_text_en: str


def _rows(model: type[Model]) -> QuerySet[Any]:
    """All rows of a content model, through its ``objects`` manager."""
    # Every registered kind's model has ``objects``; Model itself declares none.
    return model.objects.all()  # type: ignore[attr-defined]


# --- what a document reads of its item's model ---------------------------------


def _term_fields(model: type[Model]) -> list[ManyToManyField[Any, Any]]:
    """The many-to-many lists an item of ``model`` is tagged with
    (municipalities, themes, phases, target groups), not its relations to
    other content (related practices)."""
    return [
        f
        for f in model._meta.many_to_many
        if isinstance(f, ManyToManyField)
        and f.related_model is not model
        and registry.kind_for(f.related_model) is None
    ]


def _named_terms(model: type[Model]) -> list[ManyToManyField[Any, Any]]:
    """The term lists whose names go into ``names`` as they are (not the
    municipalities and themes, which ``build_document`` reads itself)."""
    return [
        f
        for f in _term_fields(model)
        if f.related_model not in (Municipality, Theme)
        and any(g.name == "name" for g in f.related_model._meta.concrete_fields)
    ]


def _place_fields(model: type[Model]) -> list[ForeignKey[Any, Any]]:
    """The foreign keys of ``model`` to a municipality: host, destination…"""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, ForeignKey) and f.related_model is Municipality
    ]


def _content_keys(model: type[Model]) -> list[ForeignKey[Any, Any]]:
    """The foreign keys of ``model`` to an item of another registered kind
    (a meeting's network, a travel report's meeting)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, ForeignKey)
        and f.related_model is not model
        and registry.kind_for(f.related_model) is not None
    ]


def _children(model: type[Model]) -> tuple[str, ...]:
    """The reverse relations whose rows belong to an item of ``model``
    (attachments, links, actions): the model's ``CHANGE_CHILDREN``."""
    return tuple(getattr(model, "CHANGE_CHILDREN", ()))


def _prefetch(kind: registry.ContentKind) -> tuple[str, ...]:
    """What to prefetch to index items of ``kind``: what the kind asks for,
    what ``build_document`` reads itself, and the rows and items its
    ``search_extra`` may read (the ones the index follows)."""
    wanted = [
        *kind.search_prefetch,
        *(f.name for f in _term_fields(kind.model)),
        *(f.name for f in _place_fields(kind.model)),
        *(f.name for f in _content_keys(kind.model)),
        *_children(kind.model),
    ]
    return tuple(dict.fromkeys(wanted))


def _place_names(item: Indexable, municipalities: list[Municipality]) -> list[str]:
    """The names of the item's municipalities and of those it points at
    (host, destination…): name, known name, province."""
    model: Any = type(item)  # a registered kind's model
    places = [*municipalities, *(getattr(item, f.name) for f in _place_fields(model))]
    words: list[str] = []
    for m in places:
        if m is not None:
            words += [m.name, m.alias, m.get_province_display() if m.province else ""]
    return words


def _names(item: Indexable, municipalities: list[Municipality], themes: list[Theme]) -> str:
    """The ``names`` of a document: municipalities (name, known name,
    province), themes and the other terms, each name once."""
    model: Any = type(item)  # a registered kind's model
    words = _place_names(item, municipalities)
    words += [t.name for t in themes]
    words += [term.name for f in _named_terms(model) for term in getattr(item, f.name).all()]
    return " ".join(dict.fromkeys(w for w in words if w))


def _english(
    item: Indexable, municipalities: list[Municipality], themes: list[Theme]
) -> tuple[str, str, str, str]:
    """(title, names, summary, body text) of the item's English version; all
    empty when it has none. The names: its places (proper names, the same in
    English) and the English names of its themes (where a theme has one)."""
    title = getattr(item, "title_en", "") or ""
    summary = getattr(item, "summary_en", "") or ""
    body = html_to_text(getattr(item, "body_en", "") or "")
    if not (title or summary or body):
        return "", "", "", ""
    words = [*_place_names(item, municipalities), *(t.name_en for t in themes)]
    names = " ".join(dict.fromkeys(w for w in words if w))
    return title[:300], names, summary, body[:MAX_BODY_CHARS]


def has_english(fields: DocumentFields) -> bool:
    return bool(fields["title_en"] or fields["summary_en"] or fields["body_text_en"])


def join_text(*parts: object) -> str:
    """The non-empty ``parts`` as one text, a line each: how an app's
    ``search_extra`` puts its fields together."""
    return "\n".join(str(part) for part in parts if part)


def build_document(
    kind: registry.ContentKind, item: Indexable
) -> tuple[DocumentFields, list[Facet]]:
    """(fields, facets) for ``item``; facets are (facet, value, label)."""
    municipalities = list(item.municipalities.all())
    themes = list(item.themes.all()) if hasattr(item, "themes") else []
    extra_text, extra_facets = kind.search_extra(item) if kind.search_extra else ("", [])
    # When it happened (``event_period``) orders and boosts the results; an
    # item of unknown date falls back on its publication. The year facet is
    # only the year it happened: never the year it was published.
    published = getattr(item, "publish_at", None)
    period = getattr(item, "event_period", None)
    event = period().sort_date if period else None
    date = (
        datetime.datetime.combine(event, datetime.time(), tzinfo=datetime.UTC)
        if event
        else published
    )
    facets: list[Facet] = [("type", kind.key, str(kind.label))]
    for m in municipalities:
        facets.append(("gemeente", m.slug, m.alias or m.name))
        if m.province:
            facets.append(("provincie", m.province, m.get_province_display()))
    facets += [("thema", t.slug, t.name) for t in themes]
    facets += list(extra_facets)
    if not any(f[0] == "jaar" for f in facets) and event:
        facets.append(("jaar", str(event.year), str(event.year)))
    body = "\n".join(
        text for text in (html_to_text(getattr(item, "body", "")), extra_text.strip()) if text
    )
    title_en, names_en, summary_en, body_en = _english(item, municipalities, themes)
    fields: DocumentFields = {
        "kind": kind.key,
        "title": item.title[:300],
        "summary": item.summary,
        "names": _names(item, municipalities, themes),
        "body_text": body[:MAX_BODY_CHARS],
        "url": item.get_absolute_url(),
        "date": date,
        "status": getattr(item, "status", Status.PUBLISHED),
        "publish_at": published,
        "title_en": title_en,
        "summary_en": summary_en,
        "names_en": names_en,
        "body_text_en": body_en,
    }
    return fields, sorted(set(facets))


# --- writing documents -------------------------------------------------------------


def index_items(kind: registry.ContentKind, items: Iterable[Indexable]) -> int:
    """(Re)index ``items`` of ``kind`` in bulk: a few queries per batch.
    Pending changes of published items are never indexed."""
    items = [item for item in items if not getattr(item, "change_of_id", None)]
    if not items:
        return 0
    ct = ContentType.objects.get_for_model(kind.model)
    with translation.override(settings.LANGUAGE_CODE):
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
                search_vector=_vector(), search_head=_head_vector(), search_title=_title_vector()
            )
            english = [doc.pk for doc, (_, f, _) in zip(docs, built, strict=True) if has_english(f)]
            if english:
                SearchDocument.objects.filter(pk__in=english).update(
                    search_vector_en=_english_vector()
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


def _lock(kind: registry.ContentKind, pks: list[Any]) -> None:
    """Lock the items' rows until the transaction ends, in id order (so two
    writers never deadlock). Two writers of one item's document (a publish
    and the worker's PDF text, on two nodes) then take turns: the second
    reads the item and the document only after the first has committed, so
    it neither collides with the document the first inserted nor writes an
    older state over it. (A no-op on SQLite, which has one writer anyway.)"""
    list(
        kind.model._default_manager.select_for_update()
        .filter(pk__in=pks)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def index_pks(kind: registry.ContentKind, pks: Iterable[Any]) -> int:
    """(Re)index the items of ``kind`` with these ids (the ones that exist),
    read after their rows are locked (``_lock``)."""
    ids = sorted(set(pks))
    with transaction.atomic():
        _lock(kind, ids)
        return index_items(
            kind, _rows(kind.model).filter(pk__in=ids).prefetch_related(*_prefetch(kind))
        )


# Changes that touch many items (a theme or municipality renamed or deleted)
# re-index them through this hook: at once by default, in the background once
# PortalConfig.ready points it to ``portal.search.tasks.queue_reindex`` (this
# module cannot import the tasks module: that imports this one).
bulk_reindex: Callable[[registry.ContentKind, list[Any]], object] = index_pks


def index_item(item: Model) -> None:
    kind = registry.kind_for(type(item))
    if kind is not None and item.pk:
        index_pks(kind, [item.pk])


def unindex_item(item: Model) -> None:
    documents = SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )
    with transaction.atomic():
        words = _published_words(documents)
        documents.delete()
        _forget_words(words)


def reindex_facet_value(facet: str, value: str) -> None:
    """A renamed theme or municipality: reindex the documents that name it."""
    docs = SearchDocument.objects.filter(facets__facet=facet, facets__value=value).values_list(
        "content_type_id", "object_id"
    )
    by_type: dict[int, list[int]] = {}
    for ct_id, object_id in docs:
        by_type.setdefault(ct_id, []).append(object_id)
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        kind = registry.kind_for(model) if model is not None else None
        if kind:
            bulk_reindex(kind, ids)


def rebuild(*, batch: int = 500, stdout: OutputWrapper | None = None) -> int:
    # Each learned count tests every written row: learned again when searched.
    learned.forget()
    total = 0
    for kind in registry.kinds():
        ids = list(_rows(kind.model).order_by("pk").values_list("pk", flat=True))
        ct = ContentType.objects.get_for_model(kind.model)
        SearchDocument.objects.filter(content_type=ct).exclude(
            object_id__in=_rows(kind.model).values("pk")
        ).delete()
        for start in range(0, len(ids), batch):
            total += index_pks(kind, ids[start : start + batch])
        if stdout:
            stdout.write(f"{kind.key}: {len(ids)} geïndexeerd")
    prune_vocabulary()
    bitmaps.refresh()
    return total


def facet_lines(facets: Iterable[Facet]) -> str:
    """(facet, value, label) triples as SearchDocument.facet_text; the same
    truncation as the SearchFacet rows, no tabs or line breaks inside."""

    def clean(text: object, size: int) -> str:
        return " ".join(str(text).split())[:size]

    return "\n".join(
        f"{clean(facet, 20)}\t{clean(value, 120)}\t{clean(label, 200)}"
        for facet, value, label in facets
    )


# --- re-indexing after the transaction ---------------------------------------------

# The items waiting for the commit of the current transaction, per thread:
# ten actions saved with their plan re-index the plan once. A key left behind
# by a rolled-back transaction only costs a re-index when it comes back.
_waiting = threading.local()


def _waiting_items() -> set[tuple[type[Model], Any]]:
    items: set[tuple[type[Model], Any]] | None = getattr(_waiting, "items", None)
    if items is None:
        items = _waiting.items = set()
    return items


def reindex_on_commit(model: type[Model], pk: Any) -> None:
    """Re-index the item ``model``/``pk`` once the current transaction
    commits (at once outside a transaction), once however many of its rows
    changed; an item deleted in the meantime is left alone."""
    key = (model, pk)
    _waiting_items().add(key)

    def run() -> None:
        waiting = _waiting_items()
        if key in waiting:
            waiting.discard(key)
            if (kind := registry.kind_for(model)) is not None and index_pks(kind, [pk]):
                bump_content_version()  # cached searches and pages read the old text

    transaction.on_commit(run, robust=True)


# --- signal receivers ----------------------------------------------------------------


def _reindex_saved(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        index_item(instance)


def _unindex_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    unindex_item(instance)


def _reindex_m2m(
    sender: type[Model],
    instance: Model,
    action: str,
    reverse: bool = False,
    model: type[Model] | None = None,
    pk_set: set[Any] | None = None,
    **kwargs: Any,
) -> None:
    """A term list of an item changed: from the item's side (``item.phases.add``)
    re-index it at once; from the term's side (``group.practices.add``) the
    items in ``pk_set``, or, for a clear, the items it had, after the commit."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            index_item(instance)
        return
    kind = registry.kind_for(model) if model is not None else None
    if kind is None:
        return
    if action in ("post_add", "post_remove") and pk_set:
        index_pks(kind, pk_set)
    elif action == "pre_clear":
        field = next(f for f in kind.model._meta.many_to_many if f.remote_field.through is sender)
        for pk in _rows(kind.model).filter(**{field.name: instance}).values_list("pk", flat=True):
            reindex_on_commit(kind.model, pk)


def _owners(child: type[Model]) -> list[tuple[type[Model], str]]:
    """(item model, foreign key column) of every kind whose rows ``child`` are."""
    owners = []
    for kind in registry.kinds():
        for name in _children(kind.model):
            relation: Any = kind.model._meta.get_field(name)
            if relation.related_model is child:
                owners.append((kind.model, relation.field.attname))
    return owners


def _child_changed(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    """A row of an item (attachment, link, action) was saved or deleted."""
    if raw:
        return
    for model, column in _owners(sender):
        if (pk := getattr(instance, column, None)) is not None:
            reindex_on_commit(model, pk)


def _items_tagged(term: Model) -> list[tuple[registry.ContentKind, list[Any]]]:
    """(kind, ids) of the items tagged with ``term`` (a phase, a target group)."""
    found = []
    for kind in registry.kinds():
        for f in _term_fields(kind.model):
            if f.related_model is type(term):
                ids = list(_rows(kind.model).filter(**{f.name: term}).values_list("pk", flat=True))
                if ids:
                    found.append((kind, ids))
    return found


def _term_renamed(
    sender: type[Model], instance: Model, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    if created or raw:
        return
    tagged = _items_tagged(instance)
    for kind, ids in tagged:
        bulk_reindex(kind, ids)
    if tagged:
        bump_content_version()  # cached searches read the old name


def _term_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """Before the term and its links go: its items, re-indexed after the commit."""
    for kind, ids in _items_tagged(instance):
        transaction.on_commit(partial(bulk_reindex, kind, ids), robust=True)


def _target_saved(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    """An item others point at was saved or is deleted (a network renamed, a
    meeting published): the items that point at it, after the commit."""
    if raw:
        return
    for kind in registry.kinds():
        for f in _content_keys(kind.model):
            if f.related_model is sender:
                ids = _rows(kind.model).filter(**{f.name: instance}).values_list("pk", flat=True)
                for pk in ids:
                    reindex_on_commit(kind.model, pk)


def _label(model: type[Model]) -> str:
    return model._meta.label_lower


def follow(kind: registry.ContentKind) -> None:
    """Keep the documents of ``kind`` current on every change: of the item,
    its term lists, its rows, its terms, and the items it points at."""
    uid = f"search-{kind.key}"
    model = kind.model
    post_save.connect(_reindex_saved, sender=model, dispatch_uid=uid)
    post_delete.connect(_unindex_deleted, sender=model, dispatch_uid=uid)
    for m2m in model._meta.many_to_many:
        m2m_changed.connect(_reindex_m2m, sender=m2m.remote_field.through, dispatch_uid=uid)
    for name in _children(model):
        child: Any = model._meta.get_field(name).related_model
        post_save.connect(_child_changed, sender=child, dispatch_uid=f"search-row-{_label(child)}")
        post_delete.connect(
            _child_changed, sender=child, dispatch_uid=f"search-row-{_label(child)}"
        )
    for f in _named_terms(model):
        term = f.related_model
        post_save.connect(_term_renamed, sender=term, dispatch_uid=f"search-term-{_label(term)}")
    for f in _term_fields(model):
        term = f.related_model
        pre_delete.connect(_term_deleted, sender=term, dispatch_uid=f"search-term-{_label(term)}")
    # Items of kinds registered earlier may point at this one, and this one
    # at them: (re)connect both sides.
    targets = {f.related_model for k in registry.kinds() for f in _content_keys(k.model)}
    for target in targets:
        uid = f"search-target-{_label(target)}"
        post_save.connect(_target_saved, sender=target, dispatch_uid=uid)
        pre_delete.connect(_target_saved, sender=target, dispatch_uid=uid)


def _renamed(
    sender: type[Theme | Municipality],
    instance: Theme | Municipality,
    created: bool = False,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    """A renamed theme or municipality updates the documents that name it."""
    if created or raw:
        return
    reindex_facet_value("thema" if sender is Theme else "gemeente", instance.slug)


def follow_taxonomy() -> None:
    post_save.connect(_renamed, sender=Theme, dispatch_uid="search-theme")
    post_save.connect(_renamed, sender=Municipality, dispatch_uid="search-municipality")
