import os

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from portal.roles import EINDREDACTIE, REDACTIE


def pytest_runtest_setup(item):
    """PostgreSQL-only tests: skipped loudly on SQLite, but an error in CI."""
    if "postgres" not in item.keywords or connection.vendor == "postgresql":
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true, but the tests do not run on PostgreSQL (DATABASE_URL)")
    pytest.skip("SKIPPED: needs PostgreSQL (set DATABASE_URL or install postgresql-15)")


def pytest_report_header(config):
    return f"database vendor: {connection.vendor}"


@pytest.fixture
def make_user(django_user_model):
    def make(username, *, groups=(), staff=True, superuser=False, active=True):
        user = django_user_model.objects.create_user(
            username=username,
            password="een-lang-testwachtwoord",
            is_staff=staff,
            is_superuser=superuser,
            is_active=active,
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def redacteur(make_user):
    return make_user("redacteur", groups=[REDACTIE])


@pytest.fixture
def eindredacteur(make_user):
    return make_user("eindredacteur", groups=[EINDREDACTIE])


@pytest.fixture
def superuser(make_user):
    return make_user("super", superuser=True)


@pytest.fixture
def staff_without_group(make_user):
    return make_user("medewerker")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
