"""Strict helpers to read settings from the environment.

Every helper refuses values it does not understand, so a typo in a deployment
(``DEBUG=ture``) stops the start-up with a clear message instead of silently
falling back to a default.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in _TRUE:
        return True
    if normalised in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean; "
        "use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name, default, *, minimum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a whole number."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(
            f"Environment variable {name}={number} must be at least {minimum}."
        )
    return number


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} contains an empty item; "
            "separate values with single commas."
        )
    return items


def database_config(name, default_sqlite_path):
    """Parse ``DATABASE_URL``; an SQLite file is used when it is unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        Path(default_sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
        }
    if "://" not in value:
        raise ImproperlyConfigured(
            f"{name} must be a URL such as postgres://user:pass@host:5432/dbname."
        )
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if config["ENGINE"] not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured(
            f"{name} must point to PostgreSQL or SQLite, not {config['ENGINE']}."
        )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A database that is away answers with a 503 within seconds, not a hang.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return config


def env_networks(name, default=()):
    """Comma-separated IP addresses or networks in CIDR notation
    (``127.0.0.1, 10.0.0.0/8, ::1``), returned as canonical strings. Unset or
    empty gives ``default``; an address that does not parse, a network with
    host bits set (``10.0.0.1/8``) or an empty item stops the start-up."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    networks = []
    for item in env_list(name):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=True)))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"Environment variable {name} contains {item!r}, which is not an IP address "
                f"or network ({exc}); use e.g. 127.0.0.1 or 10.0.0.0/8, separated by commas."
            ) from None
    return networks
