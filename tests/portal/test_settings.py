import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; "
    "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, "
    "'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), "
    "'host': settings.DATABASES['default'].get('HOST', '')}))"
)


def load_settings(**overrides):
    """Import the settings in a fresh interpreter with a clean environment."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    environment["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    environment.update(overrides)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def test_settings_require_secret_key_without_debug():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_settings_debug_runs_without_secret_key_on_sqlite(tmp_path):
    result = load_settings(DEBUG="1", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["debug"] is True
    assert data["engine"] == "django.db.backends.sqlite3"
    assert data["name"] == str(tmp_path / "portal.sqlite3")
    assert "127.0.0.1" in data["hosts"]


def test_settings_parse_database_url_and_hosts():
    result = load_settings(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://portal:geheim@db.example:5433/kennis",
        ALLOWED_HOSTS="kennisportaal.nl,www.kennisportaal.nl",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["debug"] is False
    assert data["engine"] == "django.db.backends.postgresql"
    assert data["name"] == "kennis"
    assert data["host"] == "db.example"
    assert data["hosts"] == ["kennisportaal.nl", "www.kennisportaal.nl"]


@pytest.mark.parametrize("value", ["ture", "2", "ja!"])
def test_settings_refuse_unknown_boolean(value):
    result = load_settings(DEBUG=value)
    assert result.returncode != 0
    assert "is not a boolean" in result.stderr


def test_settings_refuse_database_url_of_other_engine():
    result = load_settings(SECRET_KEY="x" * 50, DATABASE_URL="mysql://u:p@h/db")
    assert result.returncode != 0
    assert "must point to PostgreSQL or SQLite" in result.stderr


def test_settings_are_dutch_and_amsterdam_time():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_I18N is True
    assert ("en", "Engels") in [(code, str(label)) for code, label in settings.LANGUAGES]


def test_check_deploy_is_clean_with_production_settings():
    # A clean production-like environment: nothing the test run itself sets
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for the live server).
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": "x" * 60 + "production-like-secret-key-for-check",
        "ALLOWED_HOSTS": "kennisportaal.example",
        "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "MAIL_HOST": "smtp.example",
        "STATIC_MANIFEST": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
