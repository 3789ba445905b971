from django.core.management.base import BaseCommand, CommandError

from portal.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Maak een backup van database en geüploade bestanden in MAP (zie README, Backups)."

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="MAP")

    def handle(self, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{k.split('.')[1]}: {v}" for k, v in manifest["counts"].items())
        self.stdout.write(self.style.SUCCESS(f"Backup gemaakt in {folder} ({summary})."))
