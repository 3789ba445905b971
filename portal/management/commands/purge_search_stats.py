"""``manage.py purge_search_stats``: remove the search counts of old days."""

from django.core.management.base import BaseCommand, CommandError

from portal.search import stats


class Command(BaseCommand):
    help = (
        "Verwijder de zoekstatistiek (zoekvragen per dag) van dagen die ouder zijn dan de "
        "bewaartermijn. Veilig om dagelijks te draaien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=stats.RETENTION_DAYS,
            help="Bewaartermijn in dagen (standaard %(default)s).",
        )

    def handle(self, days, **options):
        if days < 1:
            raise CommandError("De bewaartermijn moet minstens 1 dag zijn.")
        count = stats.purge(days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Zoekstatistiek van meer dan {days} dagen geleden verwijderd ({count} regels)."
            )
        )
