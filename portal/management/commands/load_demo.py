from django.core.management.base import BaseCommand
from django.db import transaction

from portal.core.registry import demo_loaders
from portal.editorial.demo import demo_actor


class Command(BaseCommand):
    help = "Laad de demo-inhoud (praktijkvoorbeelden, netwerken, verslagen). Veilig om te herhalen."

    def handle(self, **options):
        actor = demo_actor()
        total = 0
        with transaction.atomic():
            for loader in demo_loaders():
                created = loader(actor=actor)
                total += created
                self.stdout.write(f"{loader.__module__}: {created} nieuw")
        self.stdout.write(self.style.SUCCESS(f"Demo-inhoud geladen: {total} nieuwe items."))
