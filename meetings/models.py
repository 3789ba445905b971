from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal.core.dates import DAY, YEAR, Period, year_start
from portal.core.models import DatePrecision, Link, year_range_errors
from portal.core.richtext import RichTextField
from portal.core.slugs import unique_slug
from portal.editorial.models import Publishable, PublishableQuerySet, workflow_permissions
from portal.files.models import Attachment, SizedFileMixin
from portal.files.uploads import RandomUploadPath, validate_upload

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


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
        _("startjaar"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("eindjaar"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(
        _("bron"),
        max_length=500,
        blank=True,
        help_text=_("Waar de feiten vandaan komen: document en onderdeel."),
    )
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
            self.slug = unique_slug(Network, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:network_detail", kwargs={"slug": self.slug})

    def event_period(self):
        return Period(year_start(self.start_year), year_start(self.end_year), YEAR, ongoing=True)

    @property
    def event_label(self):
        return self.event_period().label()

    @property
    def public_meetings(self):
        """The network's meetings the public may see, newest first."""
        return self.meetings.published()

    @property
    def public_action_plans(self):
        """The network's action plans the public may see."""
        return self.action_plans.published().select_related("municipality")

    @property
    def public_travel_reports(self):
        """The public travel reports of the network's public meetings."""
        return TravelReport.objects.published().filter(
            meeting__in=Meeting.objects.published().filter(network=self)
        )


class MeetingQuerySet(PublishableQuerySet):
    def upcoming(self, *, today=None):
        """Meetings whose last day is today or later, soonest first."""
        today = today or timezone.localdate()
        return self.filter(last_day__gte=today).order_by("event_date", "id")

    def past(self, *, today=None):
        """Meetings that are over, newest first; those of unknown date last."""
        today = today or timezone.localdate()
        return self.filter(Q(last_day__lt=today) | Q(last_day__isnull=True))

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
    start_date = models.DateField(
        _("begindatum"), null=True, blank=True, help_text=_("Leeg laten als de datum onbekend is.")
    )
    end_date = models.DateField(
        _("einddatum"), null=True, blank=True, help_text=_("Leeg bij een bijeenkomst van één dag.")
    )
    date_precision = models.CharField(
        _("datum bekend"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Weet u alleen de maand of het jaar? Kies dat; de dag wordt dan niet getoond."),
    )
    # The last day the meeting may cover (by its precision), kept by save():
    # what "upcoming" and "past" compare with today.
    last_day = models.DateField(null=True, blank=True, editable=False, db_index=True)
    method = models.CharField(_("werkvorm"), max_length=20, choices=Method.choices, blank=True)
    goal = models.TextField(_("doel"), blank=True)
    programme = RichTextField(_("programma"), blank=True)
    outcome = RichTextField(_("opbrengst"), blank=True)
    # English versions (issue 21): empty = not translated (the English page
    # shows the Dutch text, marked lang="nl"). The venue is a name.
    goal_en = models.TextField(_("doel (Engels)"), blank=True)
    programme_en = RichTextField(_("programma (Engels)"), blank=True)
    outcome_en = RichTextField(_("opbrengst (Engels)"), blank=True)

    CHANGE_CHILDREN = ("attachments", "links", "points")

    objects = MeetingQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        permissions = workflow_permissions("meeting", "bijeenkomsten")

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("De einddatum ligt vóór de begindatum.")
        if self.end_date and not self.start_date:
            errors["start_date"] = _("Vul ook de begindatum in, of laat beide leeg.")
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

    def save(self, *args, **kwargs):
        self.start_date = DatePrecision.truncate(self.start_date, self.date_precision)
        self.end_date = DatePrecision.truncate(self.end_date, self.date_precision)
        self.last_day = self.event_period().last_day
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "last_day"}
        super().save(*args, **kwargs)

    save.alters_data = True

    def event_period(self):
        return Period(self.start_date, self.end_date, self.date_precision or DAY)

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", kwargs={"slug": self.slug})

    def concerned_municipalities(self):
        return [m for m in [self.host_municipality] if m]

    def points_by_kind(self):
        """[(kind label, [points])] in the order of ``MeetingPoint.Kind``,
        only kinds that have points (one query, or none when prefetched)."""
        points = list(self.points.all())
        return [
            (label, [p for p in points if p.kind == kind])
            for kind, label in MeetingPoint.Kind.choices
            if any(p.kind == kind for p in points)
        ]

    @property
    def public_action_plans(self):
        """The public action plans made within this meeting's network."""
        if self.network_id is None:
            return ActionPlan.objects.none()
        return ActionPlan.objects.published().filter(network_id=self.network_id)

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


class MeetingPoint(models.Model):
    """One point raised at a meeting: a concern, a tip, an activity or a
    support need; each is listed and searchable on its own."""

    class Kind(models.TextChoices):
        CONCERN = "concern", _("Wat gemeenten bezighoudt")
        TIP = "tip", _("Tips van gemeenten")
        ACTIVITY = "activity", _("Activiteiten en voorbeelden")
        SUPPORT_NEED = "support_need", _("Ondersteuningsbehoefte")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="points")
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("tekst"))
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_points",
        help_text=_("De gemeente waar het punt over gaat, als de bron die noemt."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("punt van de bijeenkomst")
        verbose_name_plural = _("punten van de bijeenkomst")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#punt-{self.pk}"


class MeetingLink(Link):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="links")


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
        blank=True,
        help_text=_("Een afdeling of functie, geen naam: ‘Dienst Onderwijs, Cultuur en Welzijn’."),
    )
    departure_date = models.DateField(
        _("vertrekdatum"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als de datum onbekend is."),
    )
    return_date = models.DateField(_("terugkeerdatum"), null=True, blank=True)
    date_precision = models.CharField(
        _("datum bekend"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Weet u alleen de maand of het jaar? Kies dat; de dag wordt dan niet getoond."),
    )
    travellers = models.PositiveSmallIntegerField(
        _("hoeveel personen hebben de reis gemaakt?"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("Er reisde minstens één persoon."))],
    )
    duration = models.CharField(
        _("hoelang duurde de reis?"),
        max_length=200,
        blank=True,
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
    # English versions of the answers (issue 21); empty = not translated.
    # The department is a name and stays as it is.
    duration_en = models.CharField(
        _("hoelang duurde de reis? (Engels)"), max_length=200, blank=True
    )
    purpose_en = models.TextField(_("wat was het doel van de reis? (Engels)"), blank=True)
    locations_en = models.TextField(_("welke locaties zijn bezocht? (Engels)"), blank=True)
    met_en = models.TextField(_("wie heb je ontmoet? (Engels)"), blank=True)
    yield_for_municipality_en = models.TextField(
        _("wat heeft de reis de gemeente opgeleverd? (Engels)"), blank=True
    )
    follow_up_en = models.TextField(
        _("zijn er vervolgafspraken? Zo ja, welke? (Engels)"), blank=True
    )

    CHANGE_CHILDREN = ("attachments", "links")

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
        if self.return_date and not self.departure_date:
            raise ValidationError(
                {"departure_date": _("Vul ook de vertrekdatum in, of laat beide leeg.")}
            )

    def save(self, *args, **kwargs):
        self.departure_date = DatePrecision.truncate(self.departure_date, self.date_precision)
        self.return_date = DatePrecision.truncate(self.return_date, self.date_precision)
        super().save(*args, **kwargs)

    save.alters_data = True

    def event_period(self):
        return Period(self.departure_date, self.return_date, self.date_precision or DAY)

    def get_absolute_url(self):
        return reverse("meetings:report_detail", kwargs={"slug": self.slug})

    @property
    def public_action_plans(self):
        """The public action plans of the writer's municipality in the
        network of the (public) meeting this trip went to."""
        meeting = self.public_meeting
        if meeting is None or meeting.network_id is None:
            return ActionPlan.objects.none()
        return ActionPlan.objects.published().filter(
            network_id=meeting.network_id, municipality_id=self.author_municipality_id
        )

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


class TravelReportLink(Link):
    report = models.ForeignKey(TravelReport, on_delete=models.CASCADE, related_name="links")


class TravelReportAttachment(Attachment):
    """A programme, presentation or photo of a trip, with the same upload
    checks as a practice's attachments."""

    report = models.ForeignKey(TravelReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("bestand"), upload_to=RandomUploadPath("reisverslagen"), validators=[validate_upload]
    )


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
    # English version (issue 21); the support group names organisations.
    ambition_en = models.TextField(_("ambitie (Engels)"), blank=True)
    support_group = models.TextField(
        _("lokale klankbordgroep (Local Support Group)"),
        blank=True,
        help_text=_("Organisaties, één per regel; geen namen van personen."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("startjaar"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("eindjaar"), null=True, blank=True, validators=YEAR_VALIDATORS
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

    def event_period(self):
        return Period(year_start(self.start_year), year_start(self.end_year), YEAR, ongoing=True)

    @property
    def support_group_list(self):
        return [line.strip() for line in self.support_group.splitlines() if line.strip()]

    @property
    def public_meetings(self):
        """The public meetings of the plan's network."""
        return Meeting.objects.published().filter(network_id=self.network_id)

    @property
    def public_travel_reports(self):
        """Public trips of the plan's municipality to meetings of its network."""
        return TravelReport.objects.published().filter(
            meeting__in=self.public_meetings, author_municipality_id=self.municipality_id
        )


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
    # English versions (issue 21): copied and merged with the plan's pending
    # changes like the Dutch ones; empty = not translated.
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    description_en = models.TextField(_("omschrijving (Engels)"), blank=True)
    owner_role_en = models.CharField(
        _("eigenaar (rol of organisatie) (Engels)"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        blank=True,
        help_text=_("Leeg laten als de stand van zaken onbekend is."),
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title
