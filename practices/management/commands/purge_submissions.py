from django.conf import settings
from django.core.management.base import BaseCommand

from portal.ops.mail import purge_old_mail
from practices.intake import purge_adoption_personal_data, purge_personal_data


class Command(BaseCommand):
    help = (
        "Verwijder naam, e-mailadres, telefoonnummer en bijlage van afgehandelde "
        "inzendingen (en naam en e-mailadres van beoordeelde meldingen van overnames) die "
        "ouder zijn dan de bewaartermijn, en verstuurde of mislukte e-mails uit de "
        "uitgaande post na MAIL_RETENTION_DAYS. Veilig om dagelijks te draaien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SUBMISSION_RETENTION_DAYS,
            help="Bewaartermijn in dagen na afhandeling (standaard %(default)s).",
        )

    def handle(self, days, **options):
        count = purge_personal_data(older_than_days=days)
        adoptions = purge_adoption_personal_data(older_than_days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Persoonsgegevens verwijderd uit {count} inzending(en) "
                f"afgehandeld vóór {days} dagen geleden."
            )
        )
        mails = purge_old_mail(older_than_days=settings.MAIL_RETENTION_DAYS)
        self.stdout.write(
            self.style.SUCCESS(f"{mails} verstuurde of mislukte e-mail(s) verwijderd.")
        )
        if adoptions:
            self.stdout.write(
                self.style.SUCCESS(f"Persoonsgegevens verwijderd uit {adoptions} overname(s).")
            )
