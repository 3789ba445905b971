"""A newcomer's first ten minutes (issue 17): the administrator of ``make run``
keeps the same password and authenticator key across starts until a reset,
every hint names the virtualenv's interpreter, and every command the README
names exists."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.management.commands.ensure_admin import credentials_path

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text()
MAKEFILE = (ROOT / "Makefile").read_text()


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def ensure_admin(*args):
    out = io.StringIO()
    call_command("ensure_admin", "--username", "beheerder", *args, stdout=out)
    text = out.getvalue()
    password = text.split("wachtwoord:")[1].split()[0]
    device = TOTPDevice.objects.get(user__username="beheerder")
    return text, password, device.key


@pytest.mark.django_db
def test_the_admin_keeps_password_and_key_across_runs_until_a_reset(var_dir):
    first, password, key = ensure_admin("--keep")
    assert "aangemaakt" in first
    user = get_user_model().objects.get(username="beheerder")
    assert user.check_password(password) and user.is_superuser

    second, password_again, key_again = ensure_admin("--keep")
    assert (password_again, key_again) == (password, key)
    assert "bewaarde wachtwoord" in second
    assert get_user_model().objects.get(username="beheerder").check_password(password)
    assert TOTPDevice.objects.filter(user__username="beheerder").count() == 1

    _, new_password, new_key = ensure_admin("--keep", "--reset")
    assert new_password != password and new_key != key
    assert get_user_model().objects.get(username="beheerder").check_password(new_password)
    _, kept_password, kept_key = ensure_admin("--keep")
    assert (kept_password, kept_key) == (new_password, new_key)


@pytest.mark.django_db
def test_the_kept_credentials_are_private_and_survive_a_new_database(var_dir):
    _, password, key = ensure_admin("--keep")
    path = credentials_path("beheerder")
    assert path.parent == var_dir
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    get_user_model().objects.filter(username="beheerder").delete()  # var/portal.sqlite3 gone
    _, password_again, key_again = ensure_admin("--keep")
    assert (password_again, key_again) == (password, key)
    assert get_user_model().objects.get(username="beheerder").check_password(password)


@pytest.mark.django_db
def test_without_keep_every_run_is_new_and_nothing_is_written(var_dir):
    _, password, key = ensure_admin()
    _, password_again, key_again = ensure_admin()
    assert password != password_again and key != key_again
    assert not var_dir.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_the_hint_names_the_virtualenvs_python(var_dir, settings, debug):
    settings.DEBUG = debug
    text, _, _ = ensure_admin("--keep")
    hint = re.search(r"toont '([^']+)'", text).group(1)
    python = hint.removeprefix("DEBUG=1 ").split()[0]
    assert Path(python).resolve() == Path(sys.executable).resolve()
    assert hint.startswith("DEBUG=1 ") == debug
    assert hint.endswith("manage.py otp_code beheerder")
    assert "make run RESET=1" in text


def test_the_run_script_keeps_the_admin_and_resets_on_request():
    script = (ROOT / "scripts/run.sh").read_text()
    assert "ensure_admin --username beheerder --keep\n" in script
    assert "ensure_admin --username beheerder --keep --reset" in script
    assert re.search(r'^run:\n\tRESET="\$\(RESET\)" bash scripts/run.sh$', MAKEFILE, re.M)
    assert "make run RESET=1" in README


def test_every_manage_py_command_in_the_readme_exists():
    named = set(re.findall(r"manage\.py ([a-z_]+)", README))
    assert {"otp_code", "backup", "restore", "load_demo", "purge_submissions"} <= named
    missing = named - set(get_commands())
    assert not missing, f"README noemt opdrachten die niet bestaan: {missing}"


def test_every_make_target_and_script_in_the_readme_exists():
    targets = set(re.findall(r"^([a-z][\w-]*):", MAKEFILE, re.M))
    named = set(re.findall(r"\bmake ([a-z][\w-]*)", README))
    assert {"run", "test"} <= named
    assert named <= targets, f"README noemt make-doelen die niet bestaan: {named - targets}"
    for script in set(re.findall(r"\bbash (scripts/[\w.]+)", README)):
        assert (ROOT / script).is_file(), script


def test_the_readme_never_says_plain_python_for_manage_py():
    """The machine's ``python`` has no Django; every command says ``.venv/bin/python``."""
    for line in README.splitlines():
        for match in re.finditer(r"(\S*)python3?(\.\d+)? manage\.py", line):
            assert match.group(1).endswith(".venv/bin/"), line


def test_the_readmes_local_otp_command_runs_as_written(tmp_path):
    """Without DEBUG the settings want SECRET_KEY: the README's command must
    load them in a shell without any of the portal's variables."""
    command = next(
        line for line in README.splitlines() if re.search(r"manage\.py otp_code beheerder$", line)
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "MAIL_BACKEND"}
    }
    env["VAR_DIR"] = str(tmp_path)  # an empty database: the settings load, the user is missing
    command = command.replace(".venv/bin/python", sys.executable, 1)
    result = subprocess.run(  # noqa: S603
        ["/bin/bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert "ImproperlyConfigured" not in result.stderr, result.stderr
    assert "no such table" in result.stderr, result.stderr  # got as far as the database


def test_every_project_path_in_the_readme_exists():
    paths = re.findall(
        r"`((?:portal|practices|meetings|api|scripts|tests|bench|demo|templates|static)/[\w./-]*)",
        README,
    )
    missing = sorted({path for path in paths if not (ROOT / path).exists()})
    assert not missing, f"README noemt paden die niet bestaan: {missing}"
