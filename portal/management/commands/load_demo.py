from django.core.management.base import BaseCommand
from django.db import transaction

from portal.editorial.demo import demo_actor, demo_files, load_file


class Command(BaseCommand):
    help = "Laad de demo-inhoud uit demo/*.toml (praktijkvoorbeelden, netwerken, verslagen). Veilig om te herhalen."

    def handle(self, **options):
        actor = demo_actor()
        total = 0
        with transaction.atomic():
            for path, data in demo_files():
                created = load_file(path, data, actor=actor)
                total += created
                self.stdout.write(f"{path.name}: {created} nieuw")
        self.stdout.write(self.style.SUCCESS(f"Demo-inhoud geladen: {total} nieuwe items."))
