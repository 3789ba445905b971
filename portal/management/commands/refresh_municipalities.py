from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.core.models import Municipality
from portal.core.municipalities import (
    CBS_FILE,
    CBSFormatError,
    read_cbs_csv,
    sync_dutch_municipalities,
)


class Command(BaseCommand):
    help = (
        "Werk de Nederlandse gemeenten bij uit de CBS-lijst 'Gemeenten alfabetisch' "
        "(CSV). Doe dit elk jaar in januari: opgeheven gemeenten worden gemarkeerd, "
        "nooit verwijderd."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "csv_file",
            nargs="?",
            default=str(CBS_FILE),
            help="Pad naar de CSV van het CBS (standaard: de meegeleverde lijst).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Toon wat er zou veranderen.")

    def handle(self, csv_file, dry_run, **options):
        path = Path(csv_file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan {path} niet lezen: {exc}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        try:
            rows = read_cbs_csv(text)
        except CBSFormatError as exc:
            raise CommandError(f"{path} is geen CBS-gemeentelijst: {exc}") from None
        with transaction.atomic():
            report = sync_dutch_municipalities(Municipality, rows, today=timezone.localdate())
            if dry_run:
                transaction.set_rollback(True)
        for label, names in (
            ("Toegevoegd", report.created),
            ("Bijgewerkt", report.updated),
            ("Opgeheven", report.ended),
        ):
            if names:
                self.stdout.write(f"{label}: {', '.join(names)}")
        prefix = "Proefdraai, niets opgeslagen: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{report}"))
