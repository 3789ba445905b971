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

from portal.core.models import year_range_errors
from portal.editorial.models import Publishable, PublishableQuerySet, workflow_permissions
from portal.files.models import SizedFileMixin
from portal.files.uploads import IMAGE_EXTENSIONS, RandomUploadPath, validate_upload

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

    CHANGE_CHILDREN = ("attachments", "links")

    objects = PracticeQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("praktijkvoorbeeld")
        verbose_name_plural = _("praktijkvoorbeelden")
        permissions = workflow_permissions("practice", "praktijkvoorbeelden")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="practice_end_after_start",
            )
        ]

    def clean(self):
        if errors := year_range_errors(self.start_year, self.end_year):
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

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

    @property
    def period_label(self):
        if not self.start_year:
            return ""
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        if self.end_year:
            return str(self.start_year)
        return _("sinds %(year)s") % {"year": self.start_year}

    @property
    def partner_list(self):
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def related_practices(self, limit=4):
        """Manually chosen related practices first; else the same theme or
        municipality (two queries at most)."""
        chosen = list(self.related.published().prefetch_related("municipalities")[:limit])
        if chosen:
            return chosen
        # EXISTS per relation, newest first: PostgreSQL walks the publish_at
        # index and stops after ``limit`` hits, instead of joining and
        # de-duplicating every practice that shares a theme.
        themes = Practice.themes.through.objects.filter(
            practice=OuterRef("pk"), theme__in=[t.pk for t in self.themes.all()]
        )
        places = Practice.municipalities.through.objects.filter(
            practice=OuterRef("pk"),
            municipality__in=[m.pk for m in self.municipalities.all()],
        )
        return list(
            Practice.objects.published()
            .filter(Exists(themes) | Exists(places))
            .exclude(pk=self.pk)
            .defer("body")
            .prefetch_related("municipalities")
            .order_by("-publish_at", "-id")[:limit]
        )


class PracticeLink(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("omschrijving"), max_length=200)
    url = models.URLField(_("adres"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class PracticeAttachment(SizedFileMixin, models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(
        _("bestand"),
        upload_to=RandomUploadPath("praktijkvoorbeelden"),
        validators=[validate_upload],
    )
    alt_text = models.CharField(
        _("tekstalternatief"),
        max_length=250,
        blank=True,
        help_text=_("Verplicht bij afbeeldingen: beschrijf wat erop staat."),
    )
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0, editable=False)
    # The text of a PDF, for the search index (SizedFileMixin fills it on upload).
    text = models.TextField(_("tekst van het bestand"), blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    @property
    def is_image(self):
        return self.extension in IMAGE_EXTENSIONS

    def clean(self):
        if self.file and self.is_image and not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": _("Geef een tekstalternatief voor deze afbeelding.")}
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
