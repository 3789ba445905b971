"""``manage.py ensure_admin``: the local administrator account of ``make run``."""

import json
import os
import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex


def credentials_path(username: str) -> Path:
    """Where ``--keep`` keeps the password and the authenticator key (in
    ``var/``, which git ignores)."""
    return Path(settings.VAR_DIR) / f"admin-{username}.json"


def as_typed(path: Path) -> str:
    """A path as a person types it: relative to the current directory when
    it lies below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def python_command() -> str:
    """The interpreter that runs this command: the virtualenv's
    (``.venv/bin/python``), not a ``python`` without Django."""
    return as_typed(Path(sys.executable))


def _read(path: Path) -> dict | None:
    try:
        stored = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict):
        return None
    password, key = stored.get("password"), stored.get("totp_key")
    if not isinstance(password, str) or not password or not isinstance(key, str):
        return None
    try:
        bytes.fromhex(key)
    except ValueError:
        return None
    return stored


def _write(path: Path, stored: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(stored, file, indent=2)
    temporary.replace(path)


class Command(BaseCommand):
    help = (
        "Maak een beheerdersaccount met een authenticator-sleutel en toon de inloggegevens. "
        "Met --keep blijven wachtwoord en sleutel bewaard in var/ en gelijk bij elke aanroep "
        "(--reset maakt nieuwe); zonder --keep elke keer nieuwe. Alleen voor lokaal gebruik."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="beheerder")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="bewaar wachtwoord en sleutel in var/ en gebruik ze de volgende keer opnieuw",
        )
        parser.add_argument(
            "--reset", action="store_true", help="maak een nieuw wachtwoord en een nieuwe sleutel"
        )

    def handle(self, username, keep, reset, **options):
        path = credentials_path(username)
        stored = _read(path) if keep and not reset else None
        kept = stored is not None
        if stored is None:
            stored = {"password": secrets.token_urlsafe(12), "totp_key": random_hex(20)}
        password, key = stored["password"], stored["totp_key"]

        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        if created or not user.check_password(password):
            user.set_password(password)
        user.save()
        devices = TOTPDevice.objects.filter(user=user)
        device = devices.filter(key=key, confirmed=True).first()
        if device is None or devices.count() > 1:
            devices.delete()
            device = TOTPDevice.objects.create(
                user=user, name="Authenticator-app", key=key, confirmed=True
            )
        if keep:
            _write(path, {"username": username, "password": password, "totp_key": key})

        if created:
            status = "Beheerder aangemaakt."
        elif kept:
            status = "Beheerder bestaat, met het bewaarde wachtwoord en de bewaarde sleutel."
        else:
            status = "Beheerder kreeg een nieuw wachtwoord en een nieuwe sleutel."
        secret = device.config_url.split("secret=")[1].split("&")[0]
        debug = "DEBUG=1 " if settings.DEBUG else ""
        lines = [
            f"{status} Log in op http://127.0.0.1:8000/admin/ met",
            f"  gebruikersnaam:   {username}",
            f"  wachtwoord:       {password}",
            "  verificatiecode:  uit uw authenticator-app; voeg daarin deze sleutel toe",
            f"                    {secret}",
            f"                    (of: {device.config_url})",
            f"  Zonder app toont '{debug}{python_command()} manage.py otp_code {username}' "
            "de huidige code.",
        ]
        if keep:
            lines.append(
                f"  Wachtwoord en sleutel blijven gelijk bij elke start (bewaard in {as_typed(path)}); "
                "nieuwe maken: make run RESET=1"
            )
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
