"""The site-wide search index (one document per content item), the
editors' synonyms and the daily counts of what visitors search for."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core import registry
from portal.core.cache import bump_content_version
from portal.core.models import Status

if TYPE_CHECKING:
    from django.utils.safestring import SafeString


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
    # Title and taxonomy names only (portal.search.db): its RUM index ranks
    # the many matches of a common word cheaply (portal.search.query).
    search_head = SearchVectorField(null=True, editable=False)
    # The title alone: the first stage of that ranking (migration 0020).
    search_title = SearchVectorField(null=True, editable=False)
    # A copy of the document's facets, one "facet<TAB>value<TAB>label" line
    # each: the search reads them with the matches and counts them in Python,
    # instead of a second query over SearchFacet (which stays, for filtering).
    # Plain text, not JSON: decoding 300 JSON values per search cost more
    # than the query it replaces.
    facet_text = models.TextField(blank=True, default="", editable=False)
    # The English version of an item that has one (issue 21): what an
    # English results page shows and searches (``portal.search.english``).
    # Empty and NULL for an untranslated item, so the Dutch search pays
    # nothing for them: ``search_vector_en`` is made with PostgreSQL's
    # ``english`` configuration and has a partial GIN index (migration 0018).
    title_en = models.CharField(max_length=300, blank=True, default="")
    summary_en = models.TextField(blank=True, default="")
    names_en = models.TextField(blank=True, default="")
    body_text_en = models.TextField(blank=True, default="")
    search_vector_en = SearchVectorField(null=True, editable=False)

    if TYPE_CHECKING:
        # Set by portal.search.query on the rows of a result page; the
        # language of the snippet when it is not the page's ("nl").
        snippet: SafeString
        snippet_lang: str

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_doc_unique")
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="search_doc_live")]

    def __str__(self) -> str:
        return self.title

    def get_kind_label(self) -> str:
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

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchLexeme(models.Model):
    """How many published documents hold a lexeme of ``search_vector``
    (status published, whatever their ``publish_at``): the exact count of a
    one-word search without reading its matches. Kept by triggers on
    ``portal_searchdocument`` in the same transaction as every change of it
    (migration 0013, PostgreSQL only; empty on SQLite)."""

    lexeme = models.TextField(primary_key=True)
    documents = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.lexeme}: {self.documents}"


class SearchCount(models.Model):
    """How many published documents (whatever their ``publish_at``) match a
    search that is slow to count: its tsquery (a phrase of common words, a
    prefix of many lexemes), learned in the background after such a search
    was counted (``portal.search.learned``) and from then on kept exact by
    triggers on ``portal_searchdocument`` in the same transaction as every
    change of it (migration 0021, PostgreSQL only; empty on SQLite)."""

    query = models.TextField(primary_key=True)
    documents = models.IntegerField(default=0)
    learned = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.query}: {self.documents}"


class SearchTerm(models.Model):
    """Candidate words for "Bedoelde u …?": from the title and summary of
    published (live or scheduled) content, pruned when no such item has them;
    ``portal.search`` only proposes the ones a live item has."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self) -> str:
        return self.word


# A synonym: letters and digits, with spaces, hyphens and apostrophes between
# them ("voor- en vroegschoolse educatie", "ouder-kindcentrum"). Nothing that
# means something to a search query (quotes, &, |, !, :, *, brackets).
_SYNONYM_ENTRY = re.compile(r"[\w \-'’]+")
_SEPARATORS = re.compile(r"[\n\r,;]+")
SYNONYM_MAX_LENGTH = 100
SYNONYM_MAX_EQUIVALENTS = 20


def normalise_entry(text: str) -> str:
    """One synonym as the search compares it: lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def split_equivalents(text: str) -> list[str]:
    """The equivalents as typed (one a line, or separated by commas),
    normalised, without blanks and repeats, in the order given."""
    entries = (normalise_entry(part) for part in _SEPARATORS.split(text or ""))
    return list(dict.fromkeys(entry for entry in entries if entry))


def _entry_errors(entry: str) -> list[str]:
    if len(entry) > SYNONYM_MAX_LENGTH:
        return [
            gettext("‘%(entry)s’ is te lang: hoogstens %(max)d tekens.")
            % {"entry": entry[:40] + "…", "max": SYNONYM_MAX_LENGTH}
        ]
    if not _SYNONYM_ENTRY.fullmatch(entry) or "_" in entry:
        return [
            gettext(
                "‘%(entry)s’ bevat een teken dat niet mag. Gebruik alleen letters, cijfers, "
                "spaties, koppeltekens (-) en apostroffen (')."
            )
            % {"entry": entry}
        ]
    if not any(ch.isalnum() for ch in entry):
        return [gettext("‘%(entry)s’ bevat geen letter of cijfer.") % {"entry": entry}]
    return []


class Synonym(models.Model):
    """A group of words that mean the same for the search: a term and its
    equivalents. Managed by the editors; ``portal.search.synonyms.expand``
    reads the groups (both ways: each member finds all the others). Stored in
    lower case; a word or word group belongs to one group only."""

    term = models.CharField(
        _("zoekterm"),
        max_length=SYNONYM_MAX_LENGTH,
        help_text=_(
            "Een woord of woordgroep zoals bezoekers het kunnen typen, bijvoorbeeld ‘vve’. "
            "Hoofdletters maken niet uit."
        ),
    )
    equivalents = models.TextField(
        _("betekent hetzelfde als"),
        help_text=_(
            "Eén per regel (of gescheiden door komma's): woorden of woordgroepen met dezelfde "
            "betekenis, bijvoorbeeld ‘voor- en vroegschoolse educatie’. Het werkt twee kanten "
            "op: wie de zoekterm of een van deze woorden zoekt, vindt ook de andere. Een "
            "woordgroep wordt gevonden als alternatief, maar wordt niet herkend in wat een "
            "bezoeker typt: zet daarom het losse woord (de afkorting) als zoekterm."
        ),
    )

    class Meta:
        verbose_name = _("zoeksynoniem")
        verbose_name_plural = _("zoeksynoniemen")
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                name="search_synonym_term_unique",
                violation_error_message=_("Deze zoekterm staat al in de lijst."),
            )
        ]

    def __str__(self) -> str:
        return self.term

    def equivalent_list(self) -> list[str]:
        return split_equivalents(self.equivalents)

    def entries(self) -> list[str]:
        """The term and its equivalents: the members of the group."""
        term = normalise_entry(self.term)
        return [term, *(entry for entry in self.equivalent_list() if entry != term)]

    def _normalise(self) -> None:
        self.term = normalise_entry(self.term or "")
        self.equivalents = "\n".join(
            e for e in split_equivalents(self.equivalents) if e != self.term
        )

    def clean(self) -> None:
        typed = bool((self.equivalents or "").strip())  # empty: the field says so itself
        self._normalise()
        equivalents = self.equivalent_list()
        errors: dict[str, list[str]] = {
            "term": _entry_errors(self.term) if self.term else [],
            "equivalents": [message for e in equivalents for message in _entry_errors(e)],
        }
        if typed and not equivalents:
            errors["equivalents"].append(
                gettext("Geef minstens één woord dat verschilt van de zoekterm.")
            )
        elif len(equivalents) > SYNONYM_MAX_EQUIVALENTS:
            errors["equivalents"].append(
                gettext("Geef hoogstens %(max)d woorden per zoekterm.")
                % {"max": SYNONYM_MAX_EQUIVALENTS}
            )
        # A word belongs to one group only: otherwise it is unclear what it finds.
        elsewhere: dict[str, str] = {}
        for other in Synonym.objects.exclude(pk=self.pk).only("term", "equivalents"):
            for entry in other.entries():
                elsewhere.setdefault(entry, other.term)
        if self.term and self.term in elsewhere:
            errors["term"].append(
                gettext("‘%(entry)s’ staat al in de lijst, bij de zoekterm ‘%(other)s’.")
                % {"entry": self.term, "other": elsewhere[self.term]}
            )
        errors["equivalents"] += [
            gettext("‘%(entry)s’ staat al in de lijst, bij de zoekterm ‘%(other)s’.")
            % {"entry": entry, "other": elsewhere[entry]}
            for entry in equivalents
            if entry in elsewhere
        ]
        errors = {field: messages for field, messages in errors.items() if messages}
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._normalise()
        super().save(*args, **kwargs)


# A change to the synonyms changes what a search finds: the content version
# moves on, so the cached synonyms and the cached search results are renewed.
post_save.connect(bump_content_version, sender=Synonym, dispatch_uid="search-synonym-saved")
post_delete.connect(bump_content_version, sender=Synonym, dispatch_uid="search-synonym-deleted")


class SearchQueryStat(models.Model):
    """How often a query text was searched for on one day, and how often it
    found nothing (``portal.search.stats``). Only the cleaned, lower-cased
    query text and two counts: no address, session, user or filters. Days
    older than ``stats.RETENTION_DAYS`` are purged."""

    day = models.DateField(_("dag"))
    query = models.CharField(_("zoekvraag"), max_length=200)
    searches = models.PositiveIntegerField(_("aantal keer gezocht"), default=0)
    zero_results = models.PositiveIntegerField(_("aantal keer niets gevonden"), default=0)

    class Meta:
        verbose_name = _("zoekvraag")
        verbose_name_plural = _("zoekvragen")
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="search_stat_day_query")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.query}"
