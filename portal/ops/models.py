"""What the background machinery keeps in the database: every outgoing mail
(``OutgoingMail``, so a mail is sent once and a failed one can be sent again
from the admin) and the workers' heartbeats (``WorkerHeartbeat``).

The models belong to the ``portal`` app (``portal/models.py`` gathers them).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One logical mail: queued, sent by a task (``portal.ops.mail``), retried
    with backoff while the mail server is down, failed after a day.

    ``key`` names the mail (for example "the acknowledgement of submission
    12"): queuing the same key twice gives the one row, so a mail is never
    queued, and so never sent, twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        SENDING = "sending", _("wordt verstuurd")
        SENT = "sent", _("verstuurd")
        FAILED = "failed", _("mislukt")

    key = models.CharField(_("sleutel"), max_length=200, unique=True)
    recipients = models.JSONField(_("ontvangers"), default=list)
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"))
    # Extra mail headers (name: value), e.g. List-Unsubscribe (RFC 8058).
    headers = models.JSONField(_("kopregels"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    retry_from = models.DateTimeField(
        _("proberen sinds"),
        help_text=_("Na een dag vergeefs proberen vanaf dit moment geldt de mail als mislukt."),
    )
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    last_error = models.CharField(_("laatste fout"), max_length=500, blank=True)
    request_id = models.CharField(
        _("verzoek-id"),
        max_length=32,
        blank=True,
        help_text=_("Het verzoek dat de mail veroorzaakte, om in de logs op te zoeken."),
    )

    class Meta:
        verbose_name = _("uitgaande mail")
        verbose_name_plural = _("uitgaande mail")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class WorkerHeartbeat(models.Model):
    """When a task worker last showed it was alive (``portal.ops.tasks``)."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    seen_at = models.DateTimeField(_("laatst gezien"))

    class Meta:
        verbose_name = _("hartslag van een worker")
        verbose_name_plural = _("hartslagen van workers")

    def __str__(self) -> str:
        return self.worker_id
