from django.conf import settings
from django.core.management.base import BaseCommand

from practices.intake import purge_personal_data


class Command(BaseCommand):
    help = (
        "Verwijder naam, e-mailadres, telefoonnummer en bijlage van afgehandelde "
        "inzendingen die ouder zijn dan de bewaartermijn. Veilig om dagelijks te draaien."
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Persoonsgegevens verwijderd uit {count} inzending(en) "
                f"afgehandeld vóór {days} dagen geleden."
            )
        )
