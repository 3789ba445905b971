"""Search re-indexing as background tasks, for bulk changes.

A save re-indexes its own item after the commit (``index.reindex_on_commit``),
which is quick. A change that touches many items (a theme or municipality
renamed, an import, a rebuild) should not hold up the request: it queues
``reindex_items`` (through ``queue_reindex``) or ``rebuild_index``, and a
worker does the work. Items are named by kind key and id, so a task queued
before a deploy still runs after it.

This module imports ``index``; ``index`` must not import it (no cycles in
``portal``): the caller of a bulk change calls ``queue_reindex``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.tasks import TaskResult, task

from portal.core import registry
from portal.core.cache import bump_content_version
from portal.ops import tasks
from portal.search import index

log = logging.getLogger(__name__)

# Ids per task: a rename of a theme on thousands of items gives several tasks.
CHUNK = 500


def queue_reindex(kind: registry.ContentKind, pks: Iterable[Any]) -> list[TaskResult]:
    """Re-index these items of ``kind`` in the background, in chunks."""
    ids = sorted(set(pks))
    results = []
    for start in range(0, len(ids), CHUNK):
        result = tasks.enqueue(reindex_items, kind.key, ids[start : start + CHUNK])
        if result is not None:
            results.append(result)
    return results


@task()
def reindex_items(kind_key: str, pks: list[Any], *, request_id: str = "") -> int:
    """Re-index the items of the kind ``kind_key`` with these ids (the ones
    that still exist). Returns the number indexed."""
    with tasks.request_context(request_id):
        kind = next((k for k in registry.kinds() if k.key == kind_key), None)
        if kind is None:
            log.warning("Re-index skipped: no kind %s", kind_key, extra={"request_id": request_id})
            return 0
        count = index.index_pks(kind, pks)
        if count:
            bump_content_version()  # cached searches and pages read the old text
        log.info("Re-indexed %d of %s", count, kind_key, extra={"request_id": request_id})
        return count


@task()
def rebuild_index(*, request_id: str = "") -> int:
    """Rebuild the whole search index. Returns the number of documents."""
    with tasks.request_context(request_id):
        total = index.rebuild()
        bump_content_version()
        log.info("Search index rebuilt: %d documents", total, extra={"request_id": request_id})
        return total
