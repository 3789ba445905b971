import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Maak een beheerdersaccount (of geef het een nieuw wachtwoord) en toon "
        "de inloggegevens. Alleen voor lokaal gebruik."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="beheerder")

    def handle(self, username, **options):
        User = get_user_model()
        password = secrets.token_urlsafe(12)
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        verb = "aangemaakt" if created else "kreeg een nieuw wachtwoord"
        self.stdout.write(
            self.style.SUCCESS(
                f"Beheerder {verb}. Log in op http://127.0.0.1:8000/admin/ met\n"
                f"  gebruikersnaam: {username}\n  wachtwoord:     {password}"
            )
        )
