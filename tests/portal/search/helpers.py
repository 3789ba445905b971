"""Search documents made directly (no content item behind them) for the
ranking, prefix and compound tests: the fields are exactly what the test
says, and the vectors are computed as ``portal.search.index`` does."""

import datetime
import itertools

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal.core.models import Status
from portal.search.db import _head_vector, _title_vector, _vector, is_postgres
from portal.search.models import SearchDocument

_ids = itertools.count(50_000_000)


def make_docs(*specs, **common):
    """One SearchDocument per spec (a dict of fields; ``days_old`` sets the
    date); ``common`` fills the fields a spec leaves out."""
    content_type = ContentType.objects.get_for_model(SearchDocument)
    now = timezone.now()
    docs = []
    for spec in specs:
        fields = {"title": "", "summary": "", "names": "", "body_text": "", **common, **spec}
        date = now - datetime.timedelta(days=fields.pop("days_old", 10))
        object_id = next(_ids)
        docs.append(
            SearchDocument(
                content_type=content_type,
                object_id=object_id,
                kind="practices",
                url=f"/test/{object_id}/",
                date=date,
                publish_at=date,
                status=fields.pop("status", Status.PUBLISHED),
                facet_text=f"type\tpractices\tPraktijkvoorbeeld\njaar\t{date.year}\t{date.year}",
                **fields,
            )
        )
    created = SearchDocument.objects.bulk_create(docs, batch_size=2000)
    if is_postgres():
        revector(*created)
    return created


def revector(*docs):
    """Compute the vectors of these documents from their fields again, as
    ``portal.search.index`` does (PostgreSQL)."""
    SearchDocument.objects.filter(pk__in=[doc.pk for doc in docs]).update(
        search_vector=_vector(), search_head=_head_vector(), search_title=_title_vector()
    )


def ranked_titles(outcome):
    return [doc.title for doc in outcome.page.object_list]
