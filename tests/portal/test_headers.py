import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


@pytest.mark.parametrize(
    "url", ["/", "/praktijkvoorbeelden/", "/zoeken/?q=x", "/deel-uw-ervaring/"]
)
def test_public_pages_send_strict_csp_and_security_headers(client, url):
    response = client.get(url)
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] + csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_allows_inline_styles_but_never_inline_scripts(client, redacteur):
    client.force_login(redacteur)
    csp = directives(client.get("/admin/practices/practice/add/"))
    assert "'unsafe-inline'" in csp["style-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert any(value.startswith("'nonce-") for value in csp["script-src"])


def test_health_reports_database_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_reports_503_when_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise OperationalError("database went away")

    from django.db import OperationalError

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_check_deploy_is_clean_with_production_settings():
    import os
    import subprocess
    import sys
    from pathlib import Path

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
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
