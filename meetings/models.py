from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.core.models import year_range_errors, year_range_label
from portal.core.richtext import RichTextField
from portal.editorial.models import Publishable, PublishableQuerySet, workflow_permissions
from portal.files.models import SizedFileMixin
from portal.files.uploads import RandomUploadPath, validate_upload

YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]


class NetworkQuerySet(models.QuerySet):
    def published(self):
        """Networks are reference data kept by the chief editors: all public.
        A network is not ``Publishable`` (no draft, review or schedule), so
        it is always public; what its page lists of meetings and action plans
        is not, and goes through ``Network.public_meetings`` and
        ``Network.public_action_plans``."""
        return self

    def for_municipality(self, municipality):
        return self.filter(Q(municipalities=municipality) | Q(lead_municipality=municipality))


class Network(models.Model):
    class Kind(models.TextChoices):
        EUROCITIES = "eurocities", _("Eurocities-werkgroep")
        URBACT = "urbact", _("URBACT-netwerk")
        NATIONAL = "national", _("Landelijk programma")
        REGIONAL = "regional", _("Regionaal netwerk")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    description = RichTextField(_("omschrijving"), blank=True)
    lead_municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("leidende gemeente (lead partner)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipalities = models.ManyToManyField(
        "portal.Municipality",
        verbose_name=_("deelnemende gemeenten"),
        blank=True,
        related_name="networks",
    )
    start_year = models.PositiveSmallIntegerField(
        _("startjaar"), null=True, blank=True, validators=YEAR
    )
    end_year = models.PositiveSmallIntegerField(
        _("eindjaar"), null=True, blank=True, validators=YEAR
    )
    website = models.URLField(_("website"), blank=True)
    publish_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("netwerk")
        verbose_name_plural = _("netwerken")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def title(self):
        return self.name

    @property
    def summary(self):
        return self.get_kind_display()

    def clean(self):
        if errors := year_range_errors(self.start_year, self.end_year):
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:network_detail", kwargs={"slug": self.slug})

    @property
    def period_label(self):
        return year_range_label(self.start_year, self.end_year)

    @property
    def public_meetings(self):
        """The network's meetings the public may see, newest first."""
        return self.meetings.published().order_by("-start_date")

    @property
    def public_action_plans(self):
        """The network's action plans the public may see."""
        return self.action_plans.published().select_related("municipality")


class MeetingQuerySet(PublishableQuerySet):
    def upcoming(self, *, today=None):
        return self.filter(end_date__gte=today or timezone.localdate()).order_by("start_date")

    def past(self, *, today=None):
        return self.filter(end_date__lt=today or timezone.localdate()).order_by("-start_date")

    def with_public_relations(self):
        """Prefetch the related content a public page shows, only what is
        public: ``public_travel_reports``."""
        return self.prefetch_related(
            Prefetch(
                "travel_reports",
                queryset=TravelReport.objects.published(),
                to_attr="public_travel_reports",
            )
        )


class Meeting(Publishable):
    class Method(models.TextChoices):
        CRITICAL_FRIEND = "critical_friend", _("Critical friend review")
        TRANSNATIONAL = "transnational", _("Transnationale bijeenkomst")
        NATIONAL = "national", _("Landelijke bijeenkomst")
        REGIONAL = "regional", _("Regionale bijeenkomst")
        WORKSHOP = "workshop", _("Werkbijeenkomst")

    network = models.ForeignKey(
        Network,
        verbose_name=_("netwerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("Leeg bij een landelijke bijeenkomst buiten een netwerk."),
    )
    host_municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gastgemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    venue = models.CharField(_("locatie"), max_length=200, blank=True)
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"))
    method = models.CharField(_("werkvorm"), max_length=20, choices=Method.choices)
    goal = models.TextField(_("doel"), blank=True)
    programme = RichTextField(_("programma"), blank=True)
    outcome = RichTextField(_("opbrengst"), blank=True)

    CHANGE_CHILDREN = ("attachments",)

    objects = MeetingQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        permissions = workflow_permissions("meeting", "bijeenkomsten")

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("De einddatum ligt vóór de begindatum.")
        if (
            self.network_id
            and self.host_municipality_id
            and self.network.municipalities.exists()
            and not self.network.municipalities.filter(pk=self.host_municipality_id).exists()
            and self.network.lead_municipality_id != self.host_municipality_id
        ):
            errors["host_municipality"] = _(
                "%(municipality)s is geen lid van het netwerk %(network)s."
            ) % {"municipality": self.host_municipality, "network": self.network}
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", kwargs={"slug": self.slug})

    def concerned_municipalities(self):
        return [m for m in [self.host_municipality] if m]

    @cached_property
    def public_travel_reports(self):
        """The travel reports of this meeting the public may see (prefetched
        by ``with_public_relations()``, else one query)."""
        return list(self.travel_reports.published())


class MeetingAttachment(SizedFileMixin, models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(
        _("bestand"), upload_to=RandomUploadPath("bijeenkomsten"), validators=[validate_upload]
    )
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0, editable=False)
    # The text of a PDF, for the search index (SizedFileMixin fills it on upload).
    text = models.TextField(_("tekst van het bestand"), blank=True, editable=False)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self):
        return self.title


class TravelReportQuerySet(PublishableQuerySet):
    def with_public_relations(self):
        """Prefetch the related content a public page shows, only what is
        public: ``public_meeting`` (None for a meeting that is not public)."""
        return self.prefetch_related(
            Prefetch("meeting", queryset=Meeting.objects.published(), to_attr="public_meeting")
        )


class TravelReport(Publishable):
    """Verslag buitenlandse dienstreis, in the order of the municipal template."""

    # The questions of the municipal template, in its order (admin and API).
    TEMPLATE_QUESTIONS = [
        "travellers",
        "duration",
        "purpose",
        "locations",
        "met",
        "yield_for_municipality",
        "follow_up",
    ]

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("bijeenkomst"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="travel_reports",
    )
    destination = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("bestemming"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De stad die u bezocht."),
    )
    author_municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente van de schrijver"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_department = models.CharField(
        _("afdeling van de schrijver"),
        max_length=200,
        help_text=_("Een afdeling of functie, geen naam: ‘Dienst Onderwijs, Cultuur en Welzijn’."),
    )
    departure_date = models.DateField(_("vertrekdatum"))
    return_date = models.DateField(_("terugkeerdatum"))
    travellers = models.PositiveSmallIntegerField(
        _("hoeveel personen hebben de reis gemaakt?"),
        validators=[MinValueValidator(1, _("Er reisde minstens één persoon."))],
    )
    duration = models.CharField(
        _("hoelang duurde de reis?"),
        max_length=200,
        help_text=_("Bijvoorbeeld: 3 dagen (een middag, een hele dag en een ochtend)."),
    )
    purpose = models.TextField(
        _("wat was het doel van de reis?"),
        help_text=_("Waarom ging u, binnen welk netwerk, en wat wilde u te weten komen?"),
    )
    locations = models.TextField(
        _("welke locaties zijn bezocht?"),
        help_text=_("Bijvoorbeeld: het stadhuis op dag 1 en 3, een basisschool op dag 2."),
    )
    met = models.TextField(
        _("wie heb je ontmoet?"),
        help_text=_("Organisaties en functies, geen namen van personen."),
    )
    yield_for_municipality = models.TextField(
        _("wat heeft de reis de gemeente opgeleverd?"),
        help_text=_("Inzichten, wat u ermee deed of gaat doen."),
    )
    follow_up = models.TextField(_("zijn er vervolgafspraken? Zo ja, welke?"), blank=True)

    objects = TravelReportQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("reisverslag")
        verbose_name_plural = _("reisverslagen")
        permissions = workflow_permissions("travelreport", "reisverslagen")

    def clean(self):
        if self.departure_date and self.return_date and self.return_date < self.departure_date:
            raise ValidationError(
                {"return_date": _("De terugkeerdatum ligt vóór de vertrekdatum.")}
            )

    def get_absolute_url(self):
        return reverse("meetings:report_detail", kwargs={"slug": self.slug})

    def concerned_municipalities(self):
        return [m for m in (self.destination, self.author_municipality) if m]

    @cached_property
    def public_meeting(self) -> "Meeting | None":
        """The linked meeting if the public may see it, else None: public
        pages, print views and the API show the meeting only through this
        (prefetched by ``with_public_relations()``, else one query)."""
        if self.meeting_id is None:
            return None
        return Meeting.objects.published().filter(pk=self.meeting_id).first()


class ActionPlan(Publishable):
    """A Local Action Plan a municipality made within a network."""

    network = models.ForeignKey(
        Network, verbose_name=_("netwerk"), on_delete=models.PROTECT, related_name="action_plans"
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ambition = models.TextField(_("ambitie"))
    support_group = models.TextField(
        _("lokale klankbordgroep (Local Support Group)"),
        blank=True,
        help_text=_("Organisaties, één per regel; geen namen van personen."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("startjaar"), null=True, blank=True, validators=YEAR
    )
    end_year = models.PositiveSmallIntegerField(
        _("eindjaar"), null=True, blank=True, validators=YEAR
    )

    CHANGE_CHILDREN = ("actions",)

    class Meta(Publishable.Meta):
        verbose_name = _("actieplan")
        verbose_name_plural = _("actieplannen")
        permissions = workflow_permissions("actionplan", "actieplannen")

    def clean(self):
        errors = year_range_errors(self.start_year, self.end_year)
        if (
            self.network_id
            and self.municipality_id
            and self.network.lead_municipality_id != self.municipality_id
            and not self.network.municipalities.filter(pk=self.municipality_id).exists()
        ):
            errors["municipality"] = _(
                "%(municipality)s is geen lid van het netwerk %(network)s."
            ) % {"municipality": self.municipality, "network": self.network}
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("meetings:plan_detail", kwargs={"slug": self.slug})

    def concerned_municipalities(self):
        return [self.municipality] if self.municipality_id else []

    @property
    def support_group_list(self):
        return [line.strip() for line in self.support_group.splitlines() if line.strip()]

    @property
    def period_label(self):
        return year_range_label(self.start_year, self.end_year)


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        RUNNING = "running", _("Loopt")
        DONE = "done", _("Afgerond")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(
        _("titel"), max_length=200, error_messages={"blank": _("Geef de actie een titel.")}
    )
    description = models.TextField(_("omschrijving"), blank=True)
    owner_role = models.CharField(_("eigenaar (rol of organisatie)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title
