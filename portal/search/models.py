"""The site-wide search index: one document per content item."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from portal.core import registry
from portal.core.models import Status


class SearchDocument(models.Model):
    """One row per content item in the site-wide search index, kept current
    by ``portal.search`` on every save. On PostgreSQL ``search_vector`` holds
    the weighted Dutch tsvector (GIN-indexed); on SQLite it stays empty and
    the fallback matches the text columns."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    names = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    date = models.DateTimeField(null=True, db_index=True)
    status = models.CharField(max_length=10, default=Status.PUBLISHED)
    publish_at = models.DateTimeField(null=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # A copy of the document's facets, one "facet<TAB>value<TAB>label" line
    # each: the search reads them with the matches and counts them in Python,
    # instead of a second query over SearchFacet (which stays, for filtering).
    # Plain text, not JSON: decoding 300 JSON values per search cost more
    # than the query it replaces.
    facet_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_doc_unique")
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="search_doc_live")]

    def __str__(self):
        return self.title

    def get_kind_label(self):
        kind = next((k for k in registry.kinds() if k.key == self.kind), None)
        return kind.label if kind else self.kind


class SearchFacet(models.Model):
    """A filter value of a search document: type, municipality, province,
    theme, phase, year. One grouped query counts them all."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=120)
    label = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"], name="search_facet_value")]

    def __str__(self):
        return f"{self.facet}={self.value}"


class SearchTerm(models.Model):
    """Candidate words for "Bedoelde u …?": from the title and summary of
    published (live or scheduled) content, pruned when no such item has them;
    ``portal.search`` only proposes the ones a live item has."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self):
        return self.word
