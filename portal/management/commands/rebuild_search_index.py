from django.core.management.base import BaseCommand

from portal.core.cache import bump_content_version
from portal.search.index import rebuild


class Command(BaseCommand):
    help = "Bouw de zoekindex opnieuw op voor alle inhoud (veilig om te herhalen)."

    def handle(self, **options):
        total = rebuild(stdout=self.stdout)
        bump_content_version()  # cached searches read the old index
        self.stdout.write(self.style.SUCCESS(f"Zoekindex opnieuw opgebouwd: {total} documenten."))
