"""Members, the government domains that verify them, the forum and the
consents around it.

A *member* is a user with a ``MemberProfile``. Only a profile in status
``verified`` gives access to the forum and the member directory. Posts keep
their text when the author deletes the account: ``author`` becomes empty
and the post shows "voormalig lid".
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.identity import normalise_username
from portal.core.translations import language_field

USER = settings.AUTH_USER_MODEL


def normalise_domain(value: object) -> str:
    """A mail domain in the one form used for matching: NFKC, case-folded,
    without a leading "@" or trailing dot."""
    return normalise_username(value).lstrip("@").rstrip(".")


def email_domain(address: object) -> str:
    text = normalise_username(address)
    return normalise_domain(text.rpartition("@")[2]) if "@" in text else ""


class GovernmentDomain(models.Model):
    """A mail domain of a government body: who confirms an address there is
    verified as a civil servant at once. Kept by the editors."""

    domain = models.CharField(
        _("domein"),
        max_length=253,
        unique=True,
        help_text=_("Bijvoorbeeld denhaag.nl (zonder @). Subdomeinen tellen mee."),
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "dossiers.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("toegevoegd"), auto_now_add=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("overheidsdomein")
        verbose_name_plural = _("overheidsdomeinen")

    def __str__(self):
        return self.domain

    def clean(self):
        self.domain = normalise_domain(self.domain)
        if not self.domain or "." not in self.domain or "@" in self.domain:
            raise ValidationError({"domain": _("Geef een maildomein, zoals denhaag.nl.")})
        if bool(self.municipality_id) == bool(self.organisation_id):
            raise ValidationError(_("Koppel het domein aan een gemeente óf aan een organisatie."))

    def save(self, *args, **kwargs):
        self.domain = normalise_domain(self.domain)
        super().save(*args, **kwargs)

    save.alters_data = True

    @classmethod
    def for_address(cls, address: object) -> GovernmentDomain | None:
        """The listed domain of ``address`` (or of a parent domain:
        onderwijs.denhaag.nl matches denhaag.nl), or None."""
        domain = email_domain(address)
        parts = domain.split(".")
        candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)]
        found = {d.domain: d for d in cls.objects.filter(domain__in=candidates)}
        return next((found[c] for c in candidates if c in found), None)


class MemberProfileQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=MemberProfile.Status.VERIFIED, user__is_active=True)

    def pending(self):
        return self.filter(status=MemberProfile.Status.PENDING)

    def in_directory(self):
        return self.verified().filter(show_in_directory=True)


class MemberProfile(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op beoordeling")
        VERIFIED = "verified", _("geverifieerd")
        REFUSED = "refused", _("afgewezen")

    class Via(models.TextChoices):
        DOMAIN = "domain", _("overheidsdomein")
        EDITOR = "editor", _("redactie")

    user = models.OneToOneField(
        USER, verbose_name=_("account"), on_delete=models.CASCADE, related_name="member"
    )
    display_name = models.CharField(_("naam"), max_length=120)
    role = models.CharField(_("functie of rol"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    motivation = models.TextField(_("toelichting voor de redactie"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    verified_via = models.CharField(
        _("geverifieerd via"), max_length=10, choices=Via.choices, blank=True
    )
    domain = models.ForeignKey(
        GovernmentDomain,
        verbose_name=_("overheidsdomein"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    refusal_reason = models.TextField(_("reden van afwijzing"), blank=True)
    handled_by = models.ForeignKey(
        USER,
        verbose_name=_("beoordeeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    show_in_directory = models.BooleanField(
        _("zichtbaar voor andere leden"),
        default=False,
        help_text=_(
            "Toon naam, functie en gemeente aan andere geverifieerde leden. Nooit openbaar."
        ),
    )
    directory_consent_at = models.DateTimeField(
        _("toestemming ledenlijst op"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    # The language of the page the member signed up on, or last saved their
    # profile on (issue 21): the editors' decision and forum mails use it.
    language = language_field()

    objects = MemberProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lid")
        verbose_name_plural = _("leden")
        permissions = [
            ("verify_member", _("Mag leden verifiëren of afwijzen")),
            ("moderate_forum", _("Mag het forum modereren")),
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_verified(self):
        return self.status == self.Status.VERIFIED


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, user, *, moderator=False):
        if moderator:
            return self
        return self.filter(hidden=False)

    def matching(self, text):
        """Simple search over title, text and visible answers (members' own
        search; the forum is never in the public index)."""
        words = [w for w in text.split() if w][:8]
        queryset = self
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(body__icontains=word)
                | Q(answers__body__icontains=word, answers__hidden=False)
            )
        return queryset.distinct()


class Question(models.Model):
    author = models.ForeignKey(
        USER,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_questions",
    )
    title = models.CharField(_("vraag"), max_length=200)
    body = models.TextField(_("toelichting"), max_length=10000)
    theme = models.ForeignKey(
        "portal.Theme",
        verbose_name=_("thema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gesteld op"), default=timezone.now)
    edited_at = models.DateTimeField(_("bewerkt op"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("laatste activiteit"), default=timezone.now)
    hidden = models.BooleanField(_("verborgen"), default=False)
    locked = models.BooleanField(_("gesloten"), default=False)
    accepted_answer = models.ForeignKey(
        "Answer",
        verbose_name=_("geaccepteerd antwoord"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("concept-praktijkvoorbeeld"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Het praktijkvoorbeeld dat de redactie van deze draad maakte."),
    )
    dossier = models.ForeignKey(
        "dossiers.ThemeDossier",
        verbose_name=_("themadossier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Het themadossier waar de redactie vraag en antwoord aan toevoegde."),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        verbose_name = _("forumvraag")
        verbose_name_plural = _("forumvragen")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:question", args=[self.pk])


class Answer(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="answers"
    )
    author = models.ForeignKey(
        USER,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_answers",
    )
    body = models.TextField(_("antwoord"), max_length=10000)
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)
    edited_at = models.DateTimeField(_("bewerkt op"), null=True, blank=True)
    hidden = models.BooleanField(_("verborgen"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("forumantwoord")
        verbose_name_plural = _("forumantwoorden")

    def __str__(self):
        return _("Antwoord op ‘%(title)s’") % {"title": self.question.title}

    def get_absolute_url(self):
        return f"{self.question.get_absolute_url()}#antwoord-{self.pk}"


class Follow(models.Model):
    """A member gets an e-mail when someone answers this question."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="forum_follows")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(_("sinds"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="community_follow_once")
        ]
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")

    def __str__(self):
        return f"{self.user_id} → {self.question_id}"


class Report(models.Model):
    """A member reports a question or an answer to the moderators."""

    reporter = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_reports"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.TextField(_("reden"), max_length=2000)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    handled = models.BooleanField(_("afgehandeld"), default=False)

    class Meta:
        ordering = ["handled", "-created_at"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False) | Q(answer__isnull=False),
                name="community_report_has_post",
            )
        ]

    def __str__(self):
        return _("Melding %(pk)s") % {"pk": self.pk}

    @property
    def thread(self):
        return self.question or self.answer.question


class ConsentRequest(models.Model):
    """An editor asks a participant of a thread whether their text may be
    used in a practice made from it. Only ``given`` lets the text be copied."""

    class Status(models.TextChoices):
        ASKED = "asked", _("gevraagd")
        GIVEN = "given", _("gegeven")
        REFUSED = "refused", _("geweigerd")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="forum_consents")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ASKED
    )
    asked_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("toestemmingsverzoek")
        verbose_name_plural = _("toestemmingsverzoeken")
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="community_consent_once")
        ]

    def __str__(self):
        return f"{self.question_id}/{self.user_id}: {self.status}"


class MeetingParticipation(models.Model):
    """A member who took part in a meeting, shown on the meeting page to
    verified members only, and only with the member's consent."""

    member = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="meeting_participations"
    )
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    consent = models.BooleanField(_("toestemming"), default=False)
    consent_at = models.DateTimeField(_("toestemming op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("deelname aan bijeenkomst")
        verbose_name_plural = _("deelnames aan bijeenkomsten")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "meeting"], name="community_participation_once"
            )
        ]

    def __str__(self):
        return f"{self.member_id} @ {self.meeting_id}"
