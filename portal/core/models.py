"""Municipalities, themes and the shared vocabulary of content states."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.core.dates import DAY, MONTH, YEAR

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def year_range_errors(start: int | None, end: int | None) -> dict[str, StrOrPromise]:
    """The validation error of a period whose end lies before its start."""
    if start and end and end < start:
        return {"end_year": _("Het eindjaar ligt vóór het startjaar.")}
    return {}


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


class SizeClass(models.TextChoices):
    """A municipality's size by number of inhabitants (CBS population
    figures, 1 January): klein below 20.000, middelgroot 20.000 up to and
    including 100.000, groot above 100.000. Empty: not known (yet)."""

    SMALL = "klein", _("klein (minder dan 20.000 inwoners)")
    MEDIUM = "middelgroot", _("middelgroot (20.000 tot en met 100.000 inwoners)")
    LARGE = "groot", _("groot (meer dan 100.000 inwoners)")


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def dutch(self) -> Self:
        return self.filter(country="NL")

    def current(self) -> Self:
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
    size_class = models.CharField(
        _("grootteklasse"),
        max_length=12,
        choices=SizeClass.choices,
        blank=True,
        help_text=_(
            "Naar het aantal inwoners volgens het CBS op 1 januari. Leeg laten als dat "
            "niet bekend is."
        ),
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

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.alias} ({self.name})" if self.alias else self.name

    @property
    def is_dutch(self) -> bool:
        return self.country == "NL"

    @property
    def area_label(self) -> str:
        return self.get_province_display() if self.province else self.region

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.alias or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:municipality_detail", kwargs={"slug": self.slug})


class Theme(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=100, blank=True)
    description_en = models.TextField(_("omschrijving (Engels)"), blank=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class Status(models.TextChoices):
    DRAFT = "draft", _("Concept")
    REVIEW = "review", _("Ter beoordeling")
    PUBLISHED = "published", _("Gepubliceerd")
    ARCHIVED = "archived", _("Gearchiveerd")


class DatePrecision(models.TextChoices):
    """How exactly a stored date is known (``portal.core.dates``): a month is
    stored as its first day, a year as 1 January."""

    DAY = DAY, _("op de dag")
    MONTH = MONTH, _("alleen maand en jaar")
    YEAR = YEAR, _("alleen het jaar")

    @classmethod
    def truncate(cls, date: datetime.date | None, precision: str) -> datetime.date | None:
        """``date`` in its stored form at ``precision`` (1 April for April)."""
        if date is None or precision == cls.DAY:
            return date
        return date.replace(day=1) if precision == cls.MONTH else date.replace(month=1, day=1)


class Link(models.Model):
    """A titled web address of a content item (a practice, a meeting, a travel
    report); a subclass adds the foreign key to its item."""

    title = models.CharField(_("omschrijving"), max_length=200)
    url = models.URLField(_("adres"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
