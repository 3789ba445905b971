"""Core models shared by every content type: municipalities, themes and the
editorial base (``Publishable``) with its transition log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.richtext import RichTextField


def year_range_errors(start, end):
    """The validation error of a period whose end lies before its start."""
    if start and end and end < start:
        return {"end_year": _("Het eindjaar ligt vóór het startjaar.")}
    return {}


def year_range_label(start, end):
    """'2013–2015', or just the start year."""
    if start and end and end != start:
        return f"{start}–{end}"
    return str(start or "")


class SizedFileMixin:
    """For attachment models with ``file`` and ``size``: keep the size and
    give a readable type label."""

    @property
    def extension(self):
        from portal.uploads import extension_of

        return extension_of(self.file.name)

    @property
    def type_label(self):
        from portal.uploads import FILE_TYPES

        return FILE_TYPES.get(self.extension, (self.extension.upper(),))[0]

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)


class Province(models.TextChoices):
    GRONINGEN = "PV20", "Groningen"
    FRYSLAN = "PV21", "Fryslân"
    DRENTHE = "PV22", "Drenthe"
    OVERIJSSEL = "PV23", "Overijssel"
    FLEVOLAND = "PV24", "Flevoland"
    GELDERLAND = "PV25", "Gelderland"
    UTRECHT = "PV26", "Utrecht"
    NOORD_HOLLAND = "PV27", "Noord-Holland"
    ZUID_HOLLAND = "PV28", "Zuid-Holland"
    ZEELAND = "PV29", "Zeeland"
    NOORD_BRABANT = "PV30", "Noord-Brabant"
    LIMBURG = "PV31", "Limburg"


class MunicipalityQuerySet(models.QuerySet):
    def dutch(self):
        return self.filter(country="NL")

    def current(self):
        return self.filter(ended_on__isnull=True)


class Municipality(models.Model):
    """A Dutch municipality (from the CBS list) or a city abroad."""

    name = models.CharField(_("naam"), max_length=100)
    alias = models.CharField(
        _("bekende naam"),
        max_length=100,
        blank=True,
        help_text=_("Naam die iedereen gebruikt, zoals ‘Den Haag’."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.CharField(_("land (ISO-code)"), max_length=2, default="NL")
    province = models.CharField(_("provincie"), max_length=4, choices=Province.choices, blank=True)
    region = models.CharField(
        _("regio"), max_length=100, blank=True, help_text=_("Voor steden buiten NL.")
    )
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, null=True, blank=True)
    ended_on = models.DateField(
        _("opgeheven per"),
        null=True,
        blank=True,
        help_text=_("Gevuld als de gemeente is opgegaan in een andere gemeente."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__isnull=True) | Q(cbs_code__regex=r"^GM[0-9]{4}$"),
                name="municipality_cbs_code_format",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return f"{self.alias} ({self.name})" if self.alias else self.name

    @property
    def is_dutch(self):
        return self.country == "NL"

    @property
    def area_label(self):
        return self.get_province_display() if self.province else self.region

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.alias or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:municipality_detail", kwargs={"slug": self.slug})


class Theme(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class Status(models.TextChoices):
    DRAFT = "draft", _("Concept")
    REVIEW = "review", _("Ter beoordeling")
    PUBLISHED = "published", _("Gepubliceerd")
    ARCHIVED = "archived", _("Gearchiveerd")


class PublishableQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Only what the public may see: published and live by now. A pending
        change (``change_of`` set) is never public, whatever its status."""
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, publish_at__lte=now, change_of__isnull=True)

    def scheduled(self, *, now=None):
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, publish_at__gt=now, change_of__isnull=True)

    def originals(self):
        """Items themselves, without the pending changes made to them."""
        return self.filter(change_of__isnull=True)

    def for_municipality(self, municipality):
        return self.filter(municipalities=municipality)


def workflow_permissions(model_name, label):
    """The custom permission each content type adds to Django's add/change/
    view/delete: approving and publishing is the chief editor's right."""
    return [
        (
            f"publish_{model_name}",
            f"Kan {label} publiceren, terugsturen, depubliceren en archiveren",
        )
    ]


class Publishable(models.Model):
    """Abstract base of every piece of editorial content."""

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        help_text=_("Deel van het webadres; alleen kleine letters, cijfers en -."),
    )
    summary = models.TextField(
        _("samenvatting"),
        max_length=600,
        help_text=_("Eén tot drie zinnen; verschijnt in lijsten en zoekresultaten."),
    )
    body = RichTextField(_("tekst"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        editable=False,
    )
    publish_at = models.DateTimeField(
        _("publiceren vanaf"), null=True, blank=True, db_index=True, editable=False
    )
    themes = models.ManyToManyField(
        "portal.Theme",
        verbose_name=_("thema's"),
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
    )
    municipalities = models.ManyToManyField(
        "portal.Municipality",
        verbose_name=_("gemeenten"),
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(_("versie"), default=0, editable=False)
    # A pending change (concept-wijziging) of a published item is a row of its
    # own that points to the live item; it goes through the workflow like any
    # draft and is merged into the live item when a chief editor approves it
    # (portal.changes). ``change_base`` holds the fingerprint of the live item
    # when the change was started, so only the fields the change touches are
    # merged.
    change_of = models.ForeignKey(
        "self",
        verbose_name=_("wijziging van"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
        editable=False,
    )
    change_base = models.JSONField(default=dict, blank=True, editable=False)
    transitions = GenericRelation("portal.TransitionLog")
    history = HistoricalRecords(inherit=True, excluded_fields=["version", "change_base"])

    # Related rows edited inline (attachments, links, actions) that belong to
    # the item's content: a pending change copies them and approval moves them.
    CHANGE_CHILDREN: tuple[str, ...] = ()

    objects = PublishableQuerySet.as_manager()

    # Fields a restored revision brings back; the workflow fields are not
    # among them, so restoring never publishes or unpublishes anything.
    RESTORE_EXCLUDED = {
        "id",
        "status",
        "publish_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "version",
        "change_of",
        "change_base",
    }

    class Meta:
        abstract = True
        ordering = ["-publish_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="%(app_label)s_%(class)s_live")
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Every save is a new version: the admin refuses a form whose version
        # is older than the row's (optimistic concurrency, see portal.admin).
        self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def on_published(self):
        """Hook for subclasses, called by the publish transition; returns the
        names of the fields it changed."""
        return []

    def concerned_municipalities(self):
        """Municipalities a subclass links by its own fields (host, author…)."""
        return []

    def include_concerned_municipalities(self):
        """Keep those in ``municipalities``, so the municipality pages, counts
        and filters that use ``municipalities`` find this item too."""
        extra = [m for m in self.concerned_municipalities() if m is not None]
        if extra:
            self.municipalities.add(*extra)

    @property
    def is_change(self):
        """Is this a pending change of a published item?"""
        return self.change_of_id is not None

    @property
    def is_public(self):
        return (
            self.change_of_id is None
            and self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )


class TransitionLog(models.Model):
    """One row per workflow transition: who moved what from where to where."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("aangeboden")
        PUBLISH = "publish", _("goedgekeurd en gepubliceerd")
        SEND_BACK = "send_back", _("teruggestuurd")
        UNPUBLISH = "unpublish", _("gedepubliceerd")
        ARCHIVE = "archive", _("gearchiveerd")
        RESTORE = "restore", _("teruggezet uit archief")
        REOPEN = "reopen", _("gewijzigd na aanbieden")
        EDIT_LIVE = "edit_live", _("direct gewijzigd door eindredactie")
        START_CHANGE = "start_change", _("wijziging begonnen")
        APPROVE_CHANGE = "approve_change", _("wijziging goedgekeurd")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("van"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("naar"), max_length=10, choices=Status.choices)
    action = models.CharField(_("handeling"), max_length=20, choices=Action.choices, blank=True)
    # The version of the item's content this transition concerns: the version
    # submitted for review, the version approved. Approval is refused unless
    # it is the version that was submitted.
    version = models.PositiveIntegerField(_("versie"), null=True, blank=True)
    # For a pending change: the change's own id (the row is moved to the live
    # item when the change is approved, so the history stays in one place).
    change_id = models.PositiveBigIntegerField(_("wijziging"), null=True, blank=True)
    comment = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


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
        from portal import registry

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
