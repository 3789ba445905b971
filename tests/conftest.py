import os
import time
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.models import Theme
from portal.editorial.roles import EINDREDACTIE, REDACTIE
from tests.factories import municipality


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
        if staff:
            TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        return user

    return make


def current_code(username):
    """The code the user's authenticator app shows now. The device may have
    seen this time step already (a second login within 30 s), so it forgets."""
    device = TOTPDevice.objects.get(user__username=username)
    device.last_t = -1
    device.throttling_failure_count = 0
    device.save()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


class StaffClient(Client):
    """force_login stands for a complete staff login: password *and* second
    factor (the admin refuses sessions without the latter)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return StaffClient()


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


@pytest.fixture
def demo(db):
    """The demo content, as ``manage.py load_demo`` loads it."""
    call_command("load_demo", verbosity=0)


# --- the public submission form (practices), used across the tree ----------

FORM = reverse("submissions:form")


def started(seconds_ago=10, form_token=None):
    """The signed fill-time token of a form opened seconds_ago; it is bound to
    the form's form_token (see fresh_token)."""
    signer = signing.TimestampSigner(salt="submission-form")
    return signer.sign(f"{int(time.time()) - seconds_ago}:{form_token}")


def fresh_token():
    """The hidden fields of a newly opened form."""
    token = str(uuid.uuid4())
    return {"started": started(form_token=token), "form_token": token}


@pytest.fixture
def valid():
    return {
        "title": "Ouderkamer in de wijk",
        "story": "Wij openden een ouderkamer.\n\nOuders komen nu elke week.",
        "municipality": municipality("GM0344").pk,
        "themes": [Theme.objects.get(slug="ouders-bereiken").pk],
        "organisation": "Basisschool De Linde",
        "role": "Intern begeleider",
        "name": "Łucja Öztürk 🌷",
        "email": "lucja@example.org",
        "phone": "030 123 45 67",
        "consent": "on",
        **fresh_token(),
        "website": "",
    }


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_page_cache(request, settings):
    """Tests change data behind the signals' back (update(), fixtures), so the
    anonymous page cache is off unless a test is marked ``page_cache``."""
    if request.node.get_closest_marker("page_cache") is None:
        settings.PAGE_CACHE_SECONDS = 0
    else:
        from django.core.cache import caches

        caches["pages"].clear()


@pytest.fixture(autouse=True)
def _fresh_search_statistics():
    """Each test reads the planner's statistics of its own documents, not a
    copy that an earlier test's documents left in this process."""
    from portal.search.query import forget_statistics

    forget_statistics()


@pytest.fixture(autouse=True)
def _search_stats_at_once(settings):
    """Searches are counted at once (tests/portal/search/test_stats.py
    checks the buffer with its own setting)."""
    settings.SEARCH_STATS_FLUSH_SECONDS = 0


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks run at once, in the test's own transaction. A test
    that needs the real queue sets ``settings.TASKS`` to the database backend
    itself and runs the worker (tests/portal/ops/test_mail_smtp.py)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


BASE_DATA_MIGRATIONS = [
    "portal.migrations.0002_initial_data",
    "practices.migrations.0002_initial_data",
    "practices.migrations.0005_submission_permissions",
    "meetings.migrations.0002_permissions",
    "meetings.migrations.0007_part_permissions",
    "dossiers.migrations.0002_permissions",
    "dossiers.migrations.0003_dossier_questions",
    "community.migrations.0002_permissions",
    "practices.migrations.0011_glance_and_adoption",
    "portal.migrations.0015_municipality_size_class",
    "portal.migrations.0010_synonyms",
    "portal.migrations.0011_query_log",
    "portal.migrations.0014_outgoing_mail_heartbeat",
]


@pytest.fixture(autouse=True)
def _base_data(request):
    """Transactional tests (live server, faults) end with a flush. Serialized
    rollback does not always bring back the data the migrations loaded, so
    put it back the way the migrations do (idempotent)."""
    import importlib

    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return
    request.getfixturevalue("_django_db_helper")

    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import connection

    from portal.editorial.roles import REDACTIE

    # The rate counters are a table of their own (not a model), so a flush
    # does not empty it: committed counts of earlier transactional tests (all
    # from 127.0.0.1, within the hour) would otherwise limit this one.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM portal_rate_counter")
    if Group.objects.filter(name=REDACTIE).exists():
        return
    for name in BASE_DATA_MIGRATIONS:
        importlib.import_module(name).forwards(apps, None)


# --- an S3-compatible object store (moto server) for the media storage -------
from tests.s3 import s3_media, s3_server  # noqa: E402, F401
