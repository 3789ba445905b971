import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.core.dates import YEAR, Period, year_start
from portal.core.models import Link, Status, year_range_errors
from portal.core.translations import language_field
from portal.editorial.models import Publishable, PublishableQuerySet, workflow_permissions
from portal.files.models import Attachment
from portal.files.uploads import RandomUploadPath, validate_upload

YEAR_VALIDATORS = [MinValueValidator(1950), MaxValueValidator(2100)]


class Term(models.Model):
    """A small controlled list (education phase, target group)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    save.alters_data = True


class EducationPhase(Term):
    class Meta(Term.Meta):
        verbose_name = _("onderwijsfase")
        verbose_name_plural = _("onderwijsfasen")


class TargetGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")


class Evidence(models.TextChoices):
    """The Dutch recognition scale of interventions (Erkenningscommissie
    Interventies: NJi, RIVM Loket Gezond Leven, Movisie, Trimbos), weakest
    first. "niet beoordeeld" is a fact (nobody judged it); an empty field
    means the portal does not know."""

    NOT_ASSESSED = "niet-beoordeeld", _("niet beoordeeld")
    WELL_DESCRIBED = "goed-beschreven", _("goed beschreven")
    WELL_FOUNDED = "goed-onderbouwd", _("goed onderbouwd")
    FIRST_EVIDENCE = "effectief-eerste", _("effectief volgens eerste aanwijzingen")
    GOOD_EVIDENCE = "effectief-goede", _("effectief volgens goede aanwijzingen")
    STRONG_EVIDENCE = "effectief-sterke", _("effectief volgens sterke aanwijzingen")


class CostBand(models.TextChoices):
    """What a practice costs, as a band; the amount is per ``CostUnit``."""

    NONE = "geen", _("geen extra kosten")
    LOW = "laag", _("laag")
    MEDIUM = "midden", _("midden")
    HIGH = "hoog", _("hoog")


# The amount each band stands for (shown with the band, never alone).
COST_DEFINITIONS = {
    CostBand.LOW: _("minder dan € 1.000"),
    CostBand.MEDIUM: _("€ 1.000 tot € 10.000"),
    CostBand.HIGH: _("meer dan € 10.000"),
}


class CostUnit(models.TextChoices):
    PER_SCHOOL_YEAR = "per-school-per-jaar", _("per school per jaar")
    PER_MUNICIPALITY_YEAR = "per-gemeente-per-jaar", _("per gemeente per jaar")
    PER_FAMILY = "per-gezin", _("per deelnemend gezin")
    ONCE = "eenmalig", _("eenmalig, in totaal")


class Continuity(models.TextChoices):
    STRUCTURAL = "structureel", _("structureel")
    ONE_OFF = "eenmalig", _("eenmalig")


def describe_cost(band, unit):
    """A cost band in words with its definition and unit ("laag: minder dan
    € 1.000 per school per jaar"); "" when the band is unknown."""
    if not band:
        return ""
    label = CostBand(band).label if band in CostBand.values else band
    unit_label = CostUnit(unit).label if unit in CostUnit.values else ""
    amount = COST_DEFINITIONS.get(band)
    if amount:
        return f"{label}: {amount} {unit_label}".rstrip()
    return str(label)


# Sort keys: strongest evidence first, cheapest first; unknown last.
EVIDENCE_RANK = {value: rank for rank, value in enumerate(reversed(Evidence.values))}
COST_RANK = {value: rank for rank, value in enumerate(CostBand.values)}


# The rows a visitor can see (published, not a pending change): the list's
# order indexes cover only these.
PUBLIC_ROWS = Q(status=Status.PUBLISHED, change_of__isnull=True)


def rank_order(field, ranks):
    """An ordering on a choice field by ``ranks`` ({value: rank}); an empty
    field (niet bekend) sorts last. The list's sort orders and their indexes
    use it (the same expression, so PostgreSQL reads the index in order)."""
    whens = [
        models.When(**{field: value}, then=models.Value(rank)) for value, rank in ranks.items()
    ]
    return models.Case(*whens, default=models.Value(None), output_field=models.IntegerField()).asc(
        nulls_last=True
    )


class PracticeQuerySet(PublishableQuerySet):
    def with_cards(self):
        """What a list card shows, in a fixed number of queries."""
        return self.prefetch_related("municipalities")


class Practice(Publishable):
    """A practice example (praktijkvoorbeeld) of one or more municipalities."""

    phases = models.ManyToManyField(
        EducationPhase, verbose_name=_("onderwijsfasen"), blank=True, related_name="practices"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("doelgroepen"), blank=True, related_name="practices"
    )
    outreach = models.TextField(
        _("hoe ouders worden bereikt"),
        blank=True,
        help_text=_("Bijvoorbeeld huisbezoeken, ouderkamer, sleutelfiguren."),
    )
    # English versions (issue 21) of the visitor-facing texts: empty = not
    # translated (the English page shows the Dutch text, marked lang="nl").
    # Names (partners, who recognised it) are not translated.
    outreach_en = models.TextField(_("hoe ouders worden bereikt (Engels)"), blank=True)
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Organisaties, één per regel.")
    )
    start_year = models.PositiveSmallIntegerField(
        _("startjaar"), null=True, blank=True, validators=YEAR_VALIDATORS, db_index=True
    )
    end_year = models.PositiveSmallIntegerField(
        _("eindjaar"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    contact_role = models.CharField(
        _("contact (rol)"),
        max_length=200,
        blank=True,
        help_text=_("Een functie, geen naam: ‘beleidsadviseur onderwijs, gemeente X’."),
    )
    contact_role_en = models.CharField(_("contact (rol) (Engels)"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("openbaar contactadres"),
        blank=True,
        help_text=_("Alleen een algemeen adres (info@…), geen persoonlijk adres."),
    )
    video_url = models.URLField(_("video (link)"), blank=True)
    related = models.ManyToManyField(
        "self", verbose_name=_("verwante voorbeelden"), blank=True, symmetrical=False
    )
    reviewed_on = models.DateField(
        _("laatst gecontroleerd op"),
        null=True,
        blank=True,
        help_text=_("Datum waarop de redactie de inhoud voor het laatst nakeek."),
    )
    review_before = models.DateField(
        _("controleren vóór"),
        null=True,
        blank=True,
        help_text=_("Leeg laten: wordt bij publiceren standaard twee jaar later."),
    )

    # At a glance (issue 19): empty means "niet bekend", never a guess.
    evidence_level = models.CharField(
        _("onderbouwing"),
        max_length=20,
        choices=Evidence.choices,
        blank=True,
        db_index=True,
        help_text=_(
            "Het niveau van erkenning van de Erkenningscommissie Interventies. Leeg laten als "
            "het niet bekend is; ‘niet beoordeeld’ alleen als vaststaat dat niemand het "
            "beoordeelde."
        ),
    )
    evidence_source = models.CharField(
        _("erkend door"),
        max_length=200,
        blank=True,
        help_text=_(
            "Bijvoorbeeld ‘Databank Effectieve Jeugdinterventies (NJi)’ of ‘Loket Gezond Leven’."
        ),
    )
    evidence_url = models.URLField(
        _("erkenning (link)"), blank=True, help_text=_("De pagina van de erkenning.")
    )
    cost_band = models.CharField(
        _("kosten"),
        max_length=10,
        choices=CostBand.choices,
        blank=True,
        db_index=True,
        help_text=_(
            "Laag: minder dan € 1.000; midden: € 1.000 tot € 10.000; hoog: meer dan € 10.000. "
            "Leeg laten als het niet bekend is."
        ),
    )
    cost_unit = models.CharField(
        _("kosten per"),
        max_length=24,
        choices=CostUnit.choices,
        blank=True,
        help_text=_("Waarop het bedrag slaat; nodig bij laag, midden en hoog."),
    )
    cost_note = models.CharField(
        _("toelichting op de kosten"),
        max_length=300,
        blank=True,
        help_text=_("Waar het geld aan opgaat, of wie betaalt."),
    )
    cost_note_en = models.CharField(
        _("toelichting op de kosten (Engels)"), max_length=300, blank=True
    )
    time_investment = models.CharField(
        _("tijdsinvestering"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld ‘twee uur per week voor de ouderconsulent’."),
    )
    time_investment_en = models.CharField(
        _("tijdsinvestering (Engels)"), max_length=300, blank=True
    )
    results = models.TextField(
        _("resultaten"),
        blank=True,
        help_text=_("Wat is gemeten, met cijfers, en door wie (de bron)."),
    )
    results_en = models.TextField(_("resultaten (Engels)"), blank=True)
    results_url = models.URLField(
        _("bron van de resultaten (link)"),
        blank=True,
        help_text=_("Het rapport of de evaluatie waar de cijfers uit komen."),
    )
    requirements = models.TextField(
        _("wat heb je nodig"),
        blank=True,
        help_text=_("Voorwaarden om het over te nemen: mensen, ruimte, partners, scholing."),
    )
    requirements_en = models.TextField(_("wat heb je nodig (Engels)"), blank=True)
    continuity = models.CharField(
        _("structureel of eenmalig"),
        max_length=12,
        choices=Continuity.choices,
        blank=True,
    )

    CHANGE_CHILDREN = ("attachments", "links")
    # Addresses under /praktijkvoorbeelden/ that are pages of their own.
    RESERVED_SLUGS = frozenset({"vergelijken"})

    objects = PracticeQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("praktijkvoorbeeld")
        verbose_name_plural = _("praktijkvoorbeelden")
        permissions = workflow_permissions("practice", "praktijkvoorbeelden")
        indexes = [
            *Publishable.Meta.indexes,
            # The public order (EVENT_ORDER) over public rows (issue 23): a page
            # of 20 reads the first index entries that match its filters, not
            # every practice (the list, the API, the feeds).
            models.Index(
                models.F("event_date").desc(nulls_last=True),
                models.F("publish_at").desc(nulls_last=True),
                models.F("id").desc(),
                name="practice_public_by_event",
                condition=PUBLIC_ROWS,
            ),
            # The other ways a page of 20 is read in order: A–Z, and one
            # start year in the public order.
            models.Index(
                "title",
                "id",
                name="practice_public_by_title",
                condition=PUBLIC_ROWS,
            ),
            models.Index(
                models.F("start_year"),
                models.F("event_date").desc(nulls_last=True),
                models.F("publish_at").desc(nulls_last=True),
                models.F("id").desc(),
                name="practice_public_by_year",
                condition=PUBLIC_ROWS,
            ),
            *(
                models.Index(
                    rank_order(field, ranks),
                    models.F("event_date").desc(nulls_last=True),
                    models.F("publish_at").desc(nulls_last=True),
                    models.F("id").desc(),
                    name=name,
                    condition=PUBLIC_ROWS,
                )
                for field, ranks, name in (
                    ("evidence_level", EVIDENCE_RANK, "practice_public_by_evidence"),
                    ("cost_band", COST_RANK, "practice_public_by_cost"),
                )
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="practice_end_after_start",
            )
        ]

    def clean(self):
        errors = dict(year_range_errors(self.start_year, self.end_year))
        if self.cost_band in COST_DEFINITIONS and not self.cost_unit:
            errors["cost_unit"] = _(
                "Zeg waarop het bedrag slaat (bijvoorbeeld per school per jaar)."
            )
        if self.evidence_url and not self.evidence_level:
            errors["evidence_level"] = _(
                "Kies het niveau van onderbouwing dat bij deze erkenning hoort."
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

    @property
    def cost_label(self):
        """The cost band with its definition ("laag: minder dan € 1.000 per
        school per jaar"); "" when unknown."""
        return describe_cost(self.cost_band, self.cost_unit)

    @property
    def badges(self):
        """What a card shows at a glance: label and value, "" when unknown."""
        return [
            {
                "key": "onderbouwing",
                "label": _("Onderbouwing"),
                "value": self.get_evidence_level_display() if self.evidence_level else "",
            },
            {"key": "kosten", "label": _("Kosten"), "value": self.cost_label},
            {
                "key": "looptijd",
                "label": _("Structureel of eenmalig"),
                "value": self.get_continuity_display() if self.continuity else "",
            },
        ]

    def on_published(self):
        changed = []
        today = timezone.localdate()
        if self.reviewed_on is None:
            self.reviewed_on = today
            changed.append("reviewed_on")
        if self.review_before is None:
            self.review_before = today + datetime.timedelta(days=settings.REVIEW_AFTER_DAYS)
            changed.append("review_before")
        return changed

    on_published.alters_data = True

    @property
    def is_review_overdue(self):
        return self.review_before is not None and self.review_before < timezone.localdate()

    def event_period(self):
        return Period(year_start(self.start_year), year_start(self.end_year), YEAR, ongoing=True)

    @property
    def partner_list(self):
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def related_practices(self, limit=4):
        """Manually chosen related practices first; else the same theme or
        municipality (two queries at most)."""
        chosen = list(self.related.published().prefetch_related("municipalities")[:limit])
        if chosen:
            return chosen
        # One query per relation, each newest first with EXISTS: PostgreSQL
        # walks the publish_at index and stops after ``limit`` hits. (Both
        # relations in one OR made it hash every practice of those themes
        # first: a cost that grows with the table.)
        relations = (
            Practice.themes.through.objects.filter(
                practice=OuterRef("pk"), theme__in=[t.pk for t in self.themes.all()]
            ),
            Practice.municipalities.through.objects.filter(
                practice=OuterRef("pk"),
                municipality__in=[m.pk for m in self.municipalities.all()],
            ),
        )
        found = {}
        for related in relations:
            for practice in (
                Practice.objects.published()
                .filter(Exists(related))
                .exclude(pk=self.pk)
                .defer("body")
                .prefetch_related("municipalities")
                .order_by("-publish_at", "-id")[:limit]
            ):
                found.setdefault(practice.pk, practice)
        newest = sorted(found.values(), key=lambda p: (p.publish_at, p.pk), reverse=True)
        return newest[:limit]


class PracticeLink(Link):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="links")


class PracticeAttachment(Attachment):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("bestand"),
        upload_to=RandomUploadPath("praktijkvoorbeelden"),
        validators=[validate_upload],
    )


def _new_reference():
    return "OB-" + get_random_string(8, allowed_chars="ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


class SubmissionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Submission.Status.NEW, Submission.Status.IN_PROGRESS])

    def due_for_purge(self, *, before):
        return self.filter(
            status__in=[Submission.Status.CONVERTED, Submission.Status.REJECTED],
            handled_at__lt=before,
            personal_data_purged_at__isnull=True,
        )


class Submission(models.Model):
    """An experience sent in through the public form ("Deel uw ervaring").

    The submitter's personal data (name, e-mail, phone) lives only here, is
    never shown publicly, only to staff with ``view_personal_data``, and is
    purged after the retention period (``manage.py purge_submissions``)."""

    class Status(models.TextChoices):
        NEW = "new", _("Nieuw")
        IN_PROGRESS = "in_progress", _("In behandeling")
        CONVERTED = "converted", _("Omgezet")
        REJECTED = "rejected", _("Afgewezen")

    reference = models.CharField(
        _("referentie"), max_length=12, unique=True, default=_new_reference, editable=False
    )
    form_token = models.UUIDField(_("formuliersleutel"), unique=True, editable=False)
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    title = models.CharField(_("titel"), max_length=200)
    story = models.TextField(_("verhaal"), max_length=10000)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phases = models.ManyToManyField(EducationPhase, verbose_name=_("onderwijsfasen"), blank=True)
    themes = models.ManyToManyField("portal.Theme", verbose_name=_("thema's"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("doelgroepen"), blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200)
    role = models.CharField(_("functie of rol"), max_length=200)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    attachment = models.FileField(
        _("bijlage"),
        upload_to=RandomUploadPath("inzendingen"),
        blank=True,
        validators=[validate_upload],
    )
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("afgehandeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)
    practice = models.OneToOneField(
        Practice,
        verbose_name=_("praktijkvoorbeeld"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_submission",
    )
    personal_data_purged_at = models.DateTimeField(
        _("persoonsgegevens verwijderd op"), null=True, blank=True
    )
    # The language of the form (issue 21): the mails to the submitter.
    language = language_field()

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")
        ordering = ["-created_at"]
        permissions = [
            ("view_personal_data", "Kan persoonsgegevens van inzenders zien"),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"


class SubmissionLog(models.Model):
    """One row per step of a submission (``practices.intake``): who moved it
    from which status to which, and why."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("inzending"), on_delete=models.CASCADE, related_name="log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(
        _("van"), max_length=12, choices=Submission.Status.choices, blank=True
    )
    to_status = models.CharField(_("naar"), max_length=12, choices=Submission.Status.choices)
    comment = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("stap van een inzending")
        verbose_name_plural = _("stappen van inzendingen")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        before = self.get_from_status_display() or "–"
        return f"{before} → {self.get_to_status_display()}"


class AdoptionQuerySet(models.QuerySet):
    def public(self):
        """Approved adoptions of published practices: what pages may show."""
        return self.filter(
            status=Adoption.Status.APPROVED,
            practice__in=Practice.objects.published().values("pk"),
        )

    def due_for_purge(self, *, before):
        return self.exclude(status=Adoption.Status.NEW).filter(
            handled_at__lt=before, personal_data_purged_at__isnull=True
        )


class Adoption(models.Model):
    """ "Wij hebben dit overgenomen": a municipality says, through the public
    form, that it took over a practice. Shown on the practice and the
    municipality page only once the editors approved it
    (``practices.intake.approve_adoption``). Who sent it (name, e-mail) is
    personal data: only for staff with ``view_personal_data``, never shown
    publicly and purged after the retention period."""

    class Status(models.TextChoices):
        NEW = "new", _("Nieuw")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("praktijkvoorbeeld"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(
        _("toelichting"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Wat namen jullie over en wat pasten jullie aan? Wordt na goedkeuring gepubliceerd."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    form_token = models.UUIDField(_("formuliersleutel"), unique=True, editable=False)
    submitted_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    role = models.CharField(_("functie of rol"), max_length=200)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"))
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)
    personal_data_purged_at = models.DateTimeField(
        _("persoonsgegevens verwijderd op"), null=True, blank=True
    )
    # The language of the form (issue 21): the editors write back in it.
    language = language_field()

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("overname")
        verbose_name_plural = _("overnames")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "municipality"],
                condition=Q(status="approved"),
                name="adoption_approved_once",
            )
        ]

    def __str__(self):
        return f"{self.municipality} – {self.practice}"
