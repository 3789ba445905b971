"""A subscription: one e-mail address following one thing.

The address is personal data. It is kept only while the subscription lives:
unsubscribing deletes the row, and a request that is not confirmed within
``CONFIRM_WITHIN`` is deleted by the digest task (``services.purge_unconfirmed``).
"""

from __future__ import annotations

import datetime
import secrets
from typing import Self

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core import registry
from portal.core.translations import field_in, language_field

# An unconfirmed request is deleted after this long (and its link expires).
CONFIRM_WITHIN = datetime.timedelta(hours=48)


def new_token() -> str:
    return secrets.token_urlsafe(18)


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def confirmed(self) -> Self:
        return self.filter(confirmed_at__isnull=False)

    def expired(self, *, now: datetime.datetime | None = None) -> Self:
        """Requests never confirmed within ``CONFIRM_WITHIN``."""
        now = now or timezone.now()
        return self.filter(confirmed_at__isnull=True, created_at__lt=now - CONFIRM_WITHIN)

    def due(self, *, now: datetime.datetime | None = None) -> Self:
        """Confirmed subscriptions whose next digest is due by ``now``."""
        now = now or timezone.now()
        due = models.Q()
        for frequency, after in Subscription.DUE_AFTER.items():
            due |= models.Q(frequency=frequency, checked_until__lte=now - after)
        return self.confirmed().filter(due)


class Subscription(models.Model):
    class Target(models.TextChoices):
        MUNICIPALITY = "gemeente", _("een gemeente")
        THEME = "thema", _("een thema")
        KIND = "soort", _("een soort inhoud")
        QUERY = "zoekvraag", _("een zoekvraag")

    class Frequency(models.TextChoices):
        DAILY = "dagelijks", _("dagelijks")
        WEEKLY = "wekelijks", _("wekelijks")

    # A digest is due this long after the previous one looked (a little less
    # than the period, so a run at the same hour the next day or week counts).
    DUE_AFTER = {
        Frequency.DAILY: datetime.timedelta(hours=12),
        Frequency.WEEKLY: datetime.timedelta(days=6, hours=12),
    }

    email = models.EmailField(_("e-mailadres"))
    target = models.CharField(_("volgt"), max_length=10, choices=Target.choices)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    theme = models.ForeignKey(
        "portal.Theme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("soort inhoud"), max_length=40, blank=True)
    query = models.CharField(_("zoekvraag"), max_length=200, blank=True)
    # One subscription per address and followed thing ("gemeente:12").
    target_key = models.CharField(max_length=250, editable=False)
    frequency = models.CharField(
        _("hoe vaak"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # Secret part of the signed links: a link of a deleted subscription
    # never works for a new one with the same id.
    token = models.CharField(max_length=40, default=new_token, editable=False)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    # Items that became public after this moment are new for the next digest.
    checked_until = models.DateTimeField(_("bekeken tot"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("laatste mail"), null=True, blank=True)
    # The language of the page the visitor subscribed on (issue 21): the
    # digests are written in it and link to the pages in it.
    language = language_field()

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["email", "target_key"], name="alerts_one_per_target")
        ]
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="alerts_confirmed")]
        permissions = [("view_address", _("Kan e-mailadressen van volgers zien"))]

    def __str__(self) -> str:
        return str(self.label)

    def save(self, *args, **kwargs) -> None:
        self.target_key = self.make_key()
        super().save(*args, **kwargs)

    save.alters_data = True

    def make_key(self) -> str:
        value = {
            self.Target.MUNICIPALITY: self.municipality_id,
            self.Target.THEME: self.theme_id,
            self.Target.KIND: self.kind,
            self.Target.QUERY: self.query.casefold(),
        }.get(self.target, "")
        return f"{self.target}:{value}"[:250]

    @property
    def label(self) -> str:
        """What is followed, as a reader says it: "gemeente Utrecht"."""
        if self.target == self.Target.MUNICIPALITY and self.municipality:
            return str(_("gemeente %(name)s") % {"name": self.municipality})
        if self.target == self.Target.THEME and self.theme:
            return str(_("thema %(name)s") % {"name": field_in(self.theme, "name")[0]})
        if self.target == self.Target.KIND:
            kind = next((k for k in registry.kinds() if k.key == self.kind), None)
            return str(kind.label) if kind else self.kind
        return str(_("zoekvraag ‘%(query)s’") % {"query": self.query})

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
