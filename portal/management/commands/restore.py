from django.core.management.base import BaseCommand, CommandError

from portal.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Zet een backup uit MAP terug: VERVANGT alle inhoud van de database en de map met "
        "geüploade bestanden. Vraagt om --ja."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="MAP")
        parser.add_argument("--ja", action="store_true", help="Ja, vervang alles.")

    def handle(self, folder, ja, **options):
        if not ja:
            raise CommandError("Dit vervangt alle inhoud. Geef --ja om door te gaan.")
        try:
            found = restore(folder)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{k.split('.')[1]}: {v}" for k, v in found.items())
        self.stdout.write(self.style.SUCCESS(f"Backup teruggezet en gecontroleerd ({summary})."))
