"""Organisations, regions, theme dossiers and municipal policy documents.

Every type is ``Publishable``: draft → review → published, pending changes and
revisions, like the content of the other apps. This app sits above
``practices`` and ``meetings``: an organisation names the practices and
meetings it is involved in (their pages read that through the reverse
relation ``organisations``, public only: ``dossiers.templatetags``), a
dossier lists a theme's practices by onderbouwing and its meetings.

Personal data: an organisation shows a functional contact (mailbox, phone,
website). A named contact person is shown only with the person's consent
(the date it was given) and while the review date has not passed.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from portal.core.dates import YEAR, Period, year_start
from portal.core.translations import field_in
from portal.editorial.models import Publishable, PublishableQuerySet, workflow_permissions
from portal.files.models import SizedFileMixin
from portal.files.uploads import RandomUploadPath, validate_upload
from practices.filters import SORTS
from practices.models import Practice


def lines(text: str) -> list[str]:
    """The non-empty lines of ``text``: one argument per line."""
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class Region(Publishable):
    """A regional network of municipalities, defined by the editors: its
    municipalities are ``municipalities``."""

    class Meta(Publishable.Meta):
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["title", "id"]
        permissions = workflow_permissions("region", "regio's")

    def get_absolute_url(self) -> str:
        return reverse("dossiers:region_detail", kwargs={"slug": self.slug})

    def public_practices(self):
        return (
            Practice.objects.published()
            .filter(municipalities__in=self.municipalities.all())
            .distinct()
            .prefetch_related("municipalities")
            .by_event()
        )

    def public_meetings(self):
        return (
            Meeting.objects.published()
            .filter(municipalities__in=self.municipalities.all())
            .distinct()
            .prefetch_related("municipalities")
            .by_event()
        )

    def public_organisations(self):
        """Published organisations of this region or active in one of its
        municipalities."""
        return (
            Organisation.objects.published()
            .filter(Q(regions=self) | Q(municipalities__in=self.municipalities.all()))
            .distinct()
            .order_by("title", "id")
        )


class OrganisationQuerySet(PublishableQuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipalities=municipality)


class Organisation(Publishable):
    """A national expertise centre, programme, regional network, kwartiermaker
    or support organisation: ``summary`` says what it offers in short,
    ``body`` in full."""

    class Kind(models.TextChoices):
        EXPERTISE = "expertise", _("Landelijk expertisecentrum")
        PROGRAMME = "programma", _("Landelijk programma")
        NETWORK = "netwerk", _("Regionaal netwerk")
        KWARTIERMAKER = "kwartiermaker", _("Kwartiermaker")
        SUPPORT = "ondersteuning", _("Ondersteuningsorganisatie")
        RESEARCH = "onderzoek", _("Onderzoek en advies")

    # Empty: not known (never a guess); such an organisation is in no kind filter.
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, blank=True)
    offer = models.TextField(
        _("wat zij bieden"),
        blank=True,
        help_text=_("Eén aanbod per regel: advies, training, onderzoek, materiaal…"),
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regio's"), blank=True, related_name="organisations"
    )
    # Functional contact: the organisation's own addresses, never a person's.
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(
        _("algemeen e-mailadres"),
        blank=True,
        help_text=_("Een functioneel adres (info@…), geen persoonlijk adres."),
    )
    phone = models.CharField(_("algemeen telefoonnummer"), max_length=30, blank=True)
    # A named contact person: shown only with consent, until the review date.
    contact_name = models.CharField(_("contactpersoon"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    contact_consent_on = models.DateField(
        _("toestemming gegeven op"),
        null=True,
        blank=True,
        help_text=_("De datum waarop de contactpersoon toestemming gaf voor publicatie."),
    )
    contact_review_on = models.DateField(
        _("contactgegevens controleren vóór"),
        null=True,
        blank=True,
        help_text=_("Na deze datum wordt de contactpersoon niet meer getoond."),
    )
    practices = models.ManyToManyField(
        "practices.Practice",
        verbose_name=_("praktijkvoorbeelden"),
        blank=True,
        related_name="organisations",
    )
    meetings = models.ManyToManyField(
        "meetings.Meeting",
        verbose_name=_("bijeenkomsten"),
        blank=True,
        related_name="organisations",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["title", "id"]
        permissions = workflow_permissions("organisation", "organisaties")

    def clean(self):
        errors = {}
        if (self.contact_name or self.contact_email) and not self.contact_consent_on:
            errors["contact_consent_on"] = _(
                "Een contactpersoon staat alleen op het portaal met diens toestemming: vul de "
                "datum van de toestemming in, of laat naam en e-mailadres leeg."
            )
        if (self.contact_name or self.contact_email) and not self.contact_review_on:
            errors["contact_review_on"] = _(
                "Vul in wanneer de gegevens van de contactpersoon opnieuw gecontroleerd worden."
            )
        if (
            self.contact_consent_on
            and self.contact_review_on
            and self.contact_review_on <= self.contact_consent_on
        ):
            errors["contact_review_on"] = _("De controledatum ligt vóór de toestemming.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("dossiers:organisation_detail", kwargs={"slug": self.slug})

    @property
    def offer_list(self) -> list[str]:
        return lines(self.offer)

    def contact_person(self, *, today: datetime.date | None = None) -> dict[str, str] | None:
        """The named contact the public may see: only with consent and
        before the review date; else None."""
        today = today or timezone.localdate()
        if not (self.contact_name or self.contact_email):
            return None
        if not self.contact_consent_on or not self.contact_review_on:
            return None
        if self.contact_review_on < today:
            return None
        return {"name": self.contact_name, "email": self.contact_email}

    @property
    def public_contact_person(self):
        return self.contact_person()

    def public_practices(self):
        return self.practices.published().by_event()

    def public_meetings(self):
        return self.meetings.published().by_event()


class ThemeDossierQuerySet(PublishableQuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipalities=municipality)


class ThemeDossier(Publishable):
    """What a civil servant hands to a school head: one dossier per theme.
    ``body`` is the editors' introduction."""

    # One dossier per theme (``clean``): not a database constraint, because a
    # pending change of a dossier is a row of its own with the same theme.
    theme = models.ForeignKey(
        "portal.Theme",
        verbose_name=_("thema"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    arguments_parents = models.TextField(
        _("argumenten voor ouders"),
        blank=True,
        help_text=_("Eén argument per regel; kort (de afdrukversie past op twee A4)."),
    )
    arguments_heads = models.TextField(
        _("argumenten voor schoolleiders"),
        blank=True,
        help_text=_("Eén argument per regel; kort (de afdrukversie past op twee A4)."),
    )
    # English versions (issue 21), one argument per line like the Dutch;
    # empty = not translated.
    arguments_parents_en = models.TextField(_("argumenten voor ouders (Engels)"), blank=True)
    arguments_heads_en = models.TextField(_("argumenten voor schoolleiders (Engels)"), blank=True)

    CHANGE_CHILDREN = ("evidence", "questions")

    objects = ThemeDossierQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("themadossier")
        verbose_name_plural = _("themadossiers")
        ordering = ["title", "id"]
        permissions = workflow_permissions("themedossier", "themadossiers")

    def clean(self):
        if not self.theme_id:
            return
        others = ThemeDossier.objects.originals().filter(theme_id=self.theme_id)
        others = others.exclude(pk=self.change_of_id or self.pk)
        if others.exists():
            raise ValidationError(
                {"theme": _("Er is al een themadossier voor dit thema; pas dat dossier aan.")}
            )

    def get_absolute_url(self) -> str:
        return reverse("dossiers:dossier_detail", kwargs={"slug": self.slug})

    @property
    def parent_arguments(self) -> list[str]:
        """The arguments for parents in the active language where they have
        one (``lang_attr`` says which), one per line."""
        return lines(field_in(self, "arguments_parents")[0])

    @property
    def head_arguments(self) -> list[str]:
        return lines(field_in(self, "arguments_heads")[0])

    def public_practices(self):
        """The theme's public practices, strongest onderbouwing first,
        unknown last (the practice list's sort "onderbouwing")."""
        return (
            Practice.objects.published()
            .filter(themes=self.theme_id)
            .prefetch_related("municipalities")
            .order_by(*SORTS["onderbouwing"][1])
        )

    def public_meetings(self):
        return (
            Meeting.objects.published()
            .filter(themes=self.theme_id)
            .prefetch_related("municipalities")
            .by_event()
        )

    def public_organisations(self):
        return Organisation.objects.published().filter(themes=self.theme_id).order_by("title")

    def public_policy_documents(self):
        return (
            PolicyDocument.objects.published()
            .filter(themes=self.theme_id)
            .select_related("municipality")
            .order_by(models.F("year").desc(nulls_last=True), "title")
        )


class DossierEvidence(models.Model):
    """A key finding of a dossier and where it comes from."""

    dossier = models.ForeignKey(ThemeDossier, on_delete=models.CASCADE, related_name="evidence")
    statement = models.TextField(_("bevinding"), max_length=600)
    # English version (issue 21); the source is a title and stays as it is.
    statement_en = models.TextField(_("bevinding (Engels)"), max_length=600, blank=True)
    source_title = models.CharField(_("bron"), max_length=300)
    source_url = models.URLField(_("bron (link)"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("onderbouwing")
        verbose_name_plural = _("onderbouwing (bevindingen met bron)")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.statement[:60]


class DossierQuestion(models.Model):
    """A question and its answer on a dossier, often taken from the members'
    forum (with the consent of the people whose text it uses). Like the
    rest of the dossier it is public only once a chief editor approved it."""

    dossier = models.ForeignKey(ThemeDossier, on_delete=models.CASCADE, related_name="questions")
    question = models.TextField(_("vraag"), max_length=1000)
    answer = models.TextField(_("antwoord"), max_length=5000)
    # English versions (issue 21); empty = not translated.
    question_en = models.TextField(_("vraag (Engels)"), max_length=1000, blank=True)
    answer_en = models.TextField(_("antwoord (Engels)"), max_length=5000, blank=True)
    source_url = models.CharField(
        _("uit de forumdraad"),
        max_length=200,
        blank=True,
        help_text=_("Het adres van de forumdraad waar vraag en antwoord vandaan komen."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("vraag en antwoord")
        verbose_name_plural = _("vragen en antwoorden")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.question[:60]


class PolicyDocumentQuerySet(PublishableQuerySet):
    pass


class PolicyDocument(Publishable):
    """A municipality's policy document (beleidsnotitie): title, year,
    summary, a link and/or files (the text of a PDF is searchable)."""

    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Leeg laten als het jaar niet bekend is."),
    )
    url = models.URLField(_("link naar het document"), blank=True)

    CHANGE_CHILDREN = ("files",)

    objects = PolicyDocumentQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("beleidsdocument")
        verbose_name_plural = _("beleidsdocumenten")
        permissions = workflow_permissions("policydocument", "beleidsdocumenten")

    def get_absolute_url(self) -> str:
        return reverse("dossiers:policy_detail", kwargs={"slug": self.slug})

    def event_period(self) -> Period:
        return Period(year_start(self.year), None, YEAR)

    def concerned_municipalities(self):
        return [self.municipality] if self.municipality_id else []


class PolicyDocumentFile(SizedFileMixin, models.Model):
    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(
        _("bestand"),
        upload_to=RandomUploadPath("beleidsdocumenten"),
        validators=[validate_upload],
    )
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0, editable=False)
    # The text of a PDF, for the search index (SizedFileMixin fills it on upload).
    text = models.TextField(_("tekst van het bestand"), blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("bestand")
        verbose_name_plural = _("bestanden")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
