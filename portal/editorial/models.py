"""The editorial base of every content type (``Publishable``) and its
transition log."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core.dates import Period
from portal.core.models import Status
from portal.core.richtext import RichTextField

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from portal.core.models import Municipality


# Newest event first, those of unknown date last, then newest publication:
# the order of lists, feeds, the API (``PublishableQuerySet.by_event``).
EVENT_ORDER = (
    models.F("event_date").desc(nulls_last=True),
    models.F("publish_at").desc(nulls_last=True),
    "-id",
)


class PublishableQuerySet(models.QuerySet):
    def by_event(self) -> Self:
        """Newest event first (``EVENT_ORDER``)."""
        return self.order_by(*EVENT_ORDER)

    def published(self, *, now: datetime.datetime | None = None) -> Self:
        """Only what the public may see: published and live by now. A pending
        change (``change_of`` set) is never public, whatever its status."""
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, publish_at__lte=now, change_of__isnull=True)

    def scheduled(self, *, now: datetime.datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, publish_at__gt=now, change_of__isnull=True)

    def originals(self) -> Self:
        """Items themselves, without the pending changes made to them."""
        return self.filter(change_of__isnull=True)

    def for_municipality(self, municipality: Municipality) -> Self:
        return self.filter(municipalities=municipality)


def workflow_permissions(model_name: str, label: str) -> list[tuple[str, str]]:
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
    # The English version (issue 21): the Dutch fields stay the main ones;
    # empty = not translated, the English page then shows the Dutch text
    # marked lang="nl" (portal.core.translations). Concrete fields, so a
    # pending change copies and merges them like the Dutch ones.
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    summary_en = models.TextField(_("samenvatting (Engels)"), max_length=600, blank=True)
    body_en = RichTextField(_("tekst (Engels)"), blank=True)
    source = models.CharField(
        _("bron"),
        max_length=500,
        blank=True,
        help_text=_(
            "Waar de feiten vandaan komen: document en onderdeel. Alleen zichtbaar voor de redactie."
        ),
    )
    # When it happened (a meeting's or trip's first day, a practice's start
    # year), kept by save() from the type's own date fields (``event_period``):
    # lists, feeds, the API and search sort by it. Empty when unknown.
    event_date = models.DateField(
        _("datum (gebeurtenis)"), null=True, blank=True, editable=False, db_index=True
    )
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
    # (portal.editorial.changes). ``change_base`` holds the fingerprint of the live item
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

    if TYPE_CHECKING:
        # Known to Django but not to the type checker: the id column of
        # ``change_of`` (a relation to "self" of an abstract model), and what
        # django-simple-history reads for the revision it writes on save.
        change_of_id: int | None
        _history_user: User | None
        _change_reason: str

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
        "event_date",
    }

    class Meta:
        abstract = True
        ordering = list(EVENT_ORDER)
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="%(app_label)s_%(class)s_live")
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every save is a new version: the admin refuses a form whose version
        # is older than the row's (optimistic concurrency, see portal.editorial.admin).
        self.version = (self.version or 0) + 1
        self.event_date = self.event_period().sort_date
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", "event_date"}
        super().save(*args, **kwargs)

    def event_period(self) -> Period:
        """When it happened, from the type's own date fields (subclasses);
        an empty period when unknown."""
        return Period()

    @property
    def event_label(self) -> str:
        """The event period in natural Dutch ("8–11 april 2015"); "" when unknown."""
        return self.event_period().label()

    def on_published(self) -> list[str]:
        """Hook for subclasses, called by the publish transition; returns the
        names of the fields it changed."""
        return []

    def concerned_municipalities(self) -> list[Municipality | None]:
        """Municipalities a subclass links by its own fields (host, author…)."""
        return []

    def include_concerned_municipalities(self) -> None:
        """Keep those in ``municipalities``, so the municipality pages, counts
        and filters that use ``municipalities`` find this item too."""
        extra = [m for m in self.concerned_municipalities() if m is not None]
        if extra:
            self.municipalities.add(*extra)

    @property
    def is_change(self) -> bool:
        """Is this a pending change of a published item?"""
        return self.change_of_id is not None

    @property
    def is_public(self) -> bool:
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

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
