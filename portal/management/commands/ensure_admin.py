import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Maak een beheerdersaccount (of geef het een nieuw wachtwoord en een nieuwe "
        "authenticator-sleutel) en toon de inloggegevens. Alleen voor lokaal gebruik."
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
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
        key = device.config_url.split("secret=")[1].split("&")[0]
        verb = "aangemaakt" if created else "kreeg een nieuw wachtwoord en een nieuwe sleutel"
        self.stdout.write(
            self.style.SUCCESS(
                f"Beheerder {verb}. Log in op http://127.0.0.1:8000/admin/ met\n"
                f"  gebruikersnaam:   {username}\n  wachtwoord:       {password}\n"
                f"  verificatiecode:  uit uw authenticator-app; voeg daarin deze sleutel toe\n"
                f"                    {key}\n"
                f"                    (of: {device.config_url})\n"
                f"  Zonder app toont 'python manage.py otp_code {username}' de huidige code."
            )
        )
