"""Security issue, points 9-14 and 22.4: what leaves the portal (feeds, mail,
headers, logs) is clean, and the public form's anti-bot token expires and
cannot be replayed."""

import copy
import io
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail, signing
from django.http import HttpResponseNotFound
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.utils.log import configure_logging

from portal.editorial import workflow
from portal.ops.logs import RequestLogMiddleware
from portal.ops.mail import send_safely
from practices import intake
from practices.models import Submission
from tests.conftest import FORM
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NASTY = "<b>Tom & Jerry</b> <script>x</script>"
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def parse(response):
    return ET.fromstring(response.content)  # noqa: S314 (the portal's own feed)


# 9. Feeds: plain text declared as such, HTML escaped exactly once.


def test_rss_title_is_plain_text_and_description_is_html_escaped_once(client):
    PracticeFactory(published=True, title=NASTY, summary=NASTY)
    response = client.get("/feeds/praktijkvoorbeelden/rss/")
    assert response.status_code == 200
    assert b"<script>" not in response.content and b"<b>" not in response.content
    item = parse(response).find("channel/item")
    # <title> is plain text in RSS: the XML escaping is the only escaping.
    assert item.findtext("title") == NASTY
    # <description> is HTML in RSS: escaped once, so a reader shows the tags
    # as text instead of running them, and '&' is not shown as '&amp;'.
    description = item.findtext("description")
    assert description == escape(NASTY)
    assert "&amp;amp;" not in description and "<" not in description


def test_atom_title_and_summary_are_declared_plain_text(client):
    PracticeFactory(published=True, title=NASTY, summary=NASTY)
    response = client.get("/feeds/praktijkvoorbeelden/atom/")
    assert response.status_code == 200
    assert b"<script>" not in response.content and b"<b>" not in response.content
    entry = parse(response).find("a:entry", ATOM)
    title = entry.find("a:title", ATOM)
    summary = entry.find("a:summary", ATOM)
    assert title.get("type", "text") == "text" and title.text == NASTY
    assert summary.get("type") == "text" and summary.text == NASTY


def test_control_characters_in_a_title_do_not_break_the_feeds(client):
    PracticeFactory(published=True, title="Ouderkamer\x0bin de wijk", summary="Kort\x0c.")
    for url in ("/feeds/praktijkvoorbeelden/rss/", "/feeds/praktijkvoorbeelden/atom/"):
        response = client.get(url)
        assert response.status_code == 200
        assert b"Ouderkamer in de wijk" in response.content


# 10. Mail subjects never carry a line break.


@pytest.fixture
def with_addresses(redacteur, eindredacteur):
    redacteur.email = "r@x.nl"
    redacteur.save()
    eindredacteur.email = "e@x.nl"
    eindredacteur.save()
    return redacteur, eindredacteur


def test_workflow_mail_with_line_breaks_in_the_title_is_sent_on_one_line(
    with_addresses, django_capture_on_commit_callbacks
):
    redacteur, eindredacteur = with_addresses
    item = PracticeFactory(title="Ouderkamer\r\nin de wijk\nmet ouders", created_by=redacteur)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(item, actor=redacteur)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(item, actor=eindredacteur, comment="Voeg een bron toe.")
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("Ter beoordeling: Ouderkamer in de wijk met ouders", ["e@x.nl"]),
        ("Teruggestuurd: Ouderkamer in de wijk met ouders", ["r@x.nl"]),
    ]
    for message in mail.outbox:
        assert "\r" not in message.message()["Subject"]
        assert "\n" not in message.message()["Subject"]


@pytest.mark.parametrize(
    "subject, expected",
    [
        ("Over\r\nuw inzending", "Over uw inzending"),
        ("Over\nuw\rinzending", "Over uw inzending"),
        ("Tab\tnul\x00regel\u2028scheiding", "Tab nul regel scheiding"),
        ("  Gewoon  ", "Gewoon"),
    ],
)
def test_the_shared_send_function_cleans_every_subject(subject, expected):
    assert send_safely(subject, "Tekst\nmet regels.", ["a@x.nl"]) is True
    assert [m.subject for m in mail.outbox] == [expected]


def test_submission_mails_with_line_breaks_in_the_title_are_sent(
    client,
    valid,  # noqa: F811
    with_addresses,
    django_capture_on_commit_callbacks,
):
    redacteur, _ = with_addresses
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, dict(valid, title="Ouderkamer\r\nin\nde wijk"))
    assert response.status_code == 302
    submission = Submission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        intake.reject(
            submission, actor=redacteur, reason="Past niet.\r\nSorry.", notify_submitter=True
        )
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        f"Nieuwe inzending {submission.reference}",
        f"Ontvangen: uw inzending {submission.reference}",
        f"Over uw inzending {submission.reference}",
    ]


# 11. The anti-bot token expires and is used once.


def open_form(client):
    """GET the form like a browser: the hidden started/form_token values."""
    html = client.get(FORM).content.decode()
    return hidden_tokens(html)


def hidden_tokens(html):
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    return {"started": started, "form_token": token}


@pytest.fixture
def later(monkeypatch):
    """Move the clock forward (time.time, which the signed token uses)."""
    real = time.time

    def move(seconds):
        monkeypatch.setattr(time, "time", lambda: real() + seconds)

    return move


def test_token_max_age_defaults_to_a_day():
    assert django_settings.SUBMISSION_TOKEN_MAX_AGE == 24 * 3600


def test_a_form_open_too_long_keeps_the_input_and_gets_a_fresh_token(
    client,
    valid,  # noqa: F811
    later,
):
    tokens = open_form(client)
    later(25 * 3600)
    response = client.post(FORM, dict(valid, **tokens))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Het formulier stond te lang open" in html
    assert "verstuur het opnieuw" in html
    assert html.index("Het formulier stond te lang open") < html.index('name="title"')
    # Everything typed is still there.
    assert "Wij openden een ouderkamer." in html and "Basisschool De Linde" in html
    assert 'value="Łucja Öztürk 🌷"' in html and 'value="lucja@example.org"' in html
    assert Submission.objects.count() == 0
    # A fresh token: sending the same page again works at once.
    fresh = hidden_tokens(html)
    assert fresh["form_token"] != tokens["form_token"] and fresh["started"] != tokens["started"]
    response = client.post(FORM, dict(valid, **fresh))
    assert response.status_code == 302
    assert Submission.objects.get().title == "Ouderkamer in de wijk"


def test_the_maximum_age_is_a_setting(client, valid, later, settings):  # noqa: F811
    settings.SUBMISSION_TOKEN_MAX_AGE = 3600
    tokens = open_form(client)
    later(2 * 3600)
    response = client.post(FORM, dict(valid, **tokens))
    assert response.status_code == 400
    assert "Het formulier stond te lang open" in response.content.decode()
    later(30 * 60)
    assert client.post(FORM, dict(valid, **tokens)).status_code == 302
    assert Submission.objects.count() == 1


def test_a_token_from_before_tokens_were_bound_is_treated_as_stale(client, valid):  # noqa: F811
    old = signing.TimestampSigner(salt="submission-form").sign(str(int(time.time()) - 60))
    response = client.post(FORM, dict(valid, started=old))
    assert response.status_code == 400
    assert "Het formulier stond te lang open" in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_replayed_token_stores_nothing_new_and_says_so(client, valid, later):  # noqa: F811
    tokens = open_form(client)
    later(60)
    assert client.post(FORM, dict(valid, **tokens)).status_code == 302
    # The same browser clicking twice lands on the thank-you page again.
    assert client.post(FORM, dict(valid, **tokens)).status_code == 302
    # Anyone else sending the same token is told, and nothing is stored.
    other = Client()
    response = other.post(FORM, dict(valid, **tokens, title="Iets anders"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit formulier is al verstuurd" in html
    assert "Basisschool De Linde" in html and "Iets anders" in html
    assert hidden_tokens(html)["form_token"] != tokens["form_token"]
    assert Submission.objects.count() == 1
    reference = Submission.objects.get().reference
    assert reference not in html
    assert reference not in other.get(reverse("submissions:thanks")).content.decode()


def test_a_used_fill_time_token_cannot_be_reused_with_another_form_token(
    client,
    valid,  # noqa: F811
    later,
):
    tokens = open_form(client)
    later(60)
    assert client.post(FORM, dict(valid, **tokens)).status_code == 302
    assert Submission.objects.count() == 1
    for _ in range(3):
        client.post(FORM, dict(valid, started=tokens["started"], form_token=str(uuid.uuid4())))
    assert Submission.objects.count() == 1


# 12. Cache-Control: no-store wherever input or personal data is echoed.


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


def test_submission_pages_are_not_stored(client, valid):  # noqa: F811
    assert no_store(client.get(FORM))
    response = client.post(FORM, dict(valid, email="geen-adres"))
    assert response.status_code == 400 and no_store(response)
    response = client.post(FORM, valid)
    assert response.status_code == 302 and no_store(response)
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and no_store(thanks)


def test_previews_for_staff_are_not_stored(client, redacteur):
    draft = PracticeFactory(title="Nog geheim")
    client.force_login(redacteur)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and "Nog geheim" in response.content.decode()
    assert no_store(response)


def test_every_admin_response_is_not_stored(client, redacteur):
    login = reverse("admin:login") + "?next=/admin/"
    response = Client().post(
        login, {"username": "redacteur", "password": "fout-wachtwoord", "otp_token": "123456"}
    )
    assert response.status_code == 200 and no_store(response)
    assert no_store(Client().get(login))
    assert no_store(Client().get("/admin/"))
    item = PracticeFactory(title="Concept")
    client.force_login(redacteur)
    for url in (
        "/admin/",
        reverse("admin:practices_practice_changelist"),
        reverse("admin:practices_practice_change", args=[item.pk]),
        reverse("admin:practices_submission_changelist"),
        "/admin/bestaat-niet/",
    ):
        response = client.get(url)
        assert no_store(response), (url, response.status_code, response.get("Cache-Control"))


def test_public_pages_stay_cacheable(client):
    assert not no_store(Client().get("/"))


# 13 and 22.4. Every field of every log record is scrubbed, in both formats.

SECRETS = ("jan@example.nl", "jan%40example.nl", "0612345678", "06+12345678", "06 12345678")


@pytest.fixture
def settings_logging():
    """Configure logging exactly as the settings do (any LOG_FORMAT), but
    write to a buffer; restored afterwards."""
    buffers = []

    def configure(log_format):
        config = copy.deepcopy(django_settings.LOGGING)
        buffer = io.StringIO()
        for handler in config["handlers"].values():
            if "formatter" in handler:
                handler["formatter"] = log_format
            handler["stream"] = buffer
        configure_logging(django_settings.LOGGING_CONFIG, config)
        buffers.append(buffer)
        return buffer

    yield configure
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)


def assert_clean(text):
    for secret in SECRETS:
        assert secret not in text, text


def test_every_handler_scrubs():
    config = django_settings.LOGGING
    for name, handler in config["handlers"].items():
        assert "scrub" in handler.get("filters", []), name
    for name in ("django", "django.request", "django.server"):
        assert name in config["loggers"], name


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_requests_with_personal_data_in_path_and_query_are_scrubbed(
    client, settings_logging, log_format
):
    output = settings_logging(log_format)
    client.get("/zoeken/jan@example.nl/0612345678/?q=jan%40example.nl&tel=06+12345678")
    client.get("/zoeken/", {"q": "jan@example.nl 06 12345678"})
    middleware = RequestLogMiddleware(lambda request: HttpResponseNotFound())
    middleware(RequestFactory().get("/zoeken/jan@example.nl/", {"q": "0612345678"}))
    text = output.getvalue()
    assert text.count("portal.request") >= 3
    assert "[e-mail]" in text and "[telefoon]" in text
    assert_clean(text)


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_args_extra_fields_and_tracebacks_are_scrubbed(settings_logging, log_format):
    output = settings_logging(log_format)
    log = logging.getLogger("portal.test")
    log.warning("Onbekend adres %s", "jan@example.nl", extra={"path": "/x/0612345678/"})
    try:
        raise ValueError("Weigerde rij met jan@example.nl, tel 06 12345678")
    except ValueError:
        log.exception("Opslaan mislukt voor %(who)s", {"who": "06+12345678"})
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", "/zoeken/jan@example.nl/", extra={"status_code": 500}
    )
    text = output.getvalue()
    assert "ValueError" in text and "Traceback" in text.replace("\\n", "\n")
    assert_clean(text)


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_the_development_server_request_log_is_scrubbed(settings_logging, log_format):
    output = settings_logging(log_format)
    server = logging.getLogger("django.server")
    for line, status in (
        ("GET /zoeken/?q=jan@example.nl HTTP/1.1", "404"),
        ("GET /zoeken/?q=jan%40example.nl&tel=06+12345678 HTTP/1.1", "404"),
        ("GET /zoeken/0612345678/ HTTP/1.1", "500"),
    ):
        level = server.error if status.startswith("5") else server.warning
        level(
            '"%s" %s %s',
            line,
            status,
            "179",
            extra={"request": line, "server_time": "01/Jan/2026 10:00:00", "status_code": 404},
        )
    text = output.getvalue()
    assert text.count("/zoeken/") == 3 and "404" in text
    assert_clean(text)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_environment(**overrides):
    dropped = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "PYTEST_VERSION"}
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in dropped and not key.startswith(("MAIL_", "LOG_"))
    }
    environment["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    environment.update(overrides)
    return environment


def test_runserver_request_lines_are_scrubbed(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=clean_environment(DEBUG="1", VAR_DIR=str(tmp_path)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read()) from None
                time.sleep(0.2)
        for query in ("q=jan@example.nl", "q=jan%40example.nl&tel=06+12345678"):
            with pytest.raises(urllib.error.HTTPError) as error:
                urllib.request.urlopen(  # noqa: S310 (loopback)
                    f"http://127.0.0.1:{port}/bestaat-niet/0612345678/?{query}", timeout=30
                )
            assert error.value.code == 404
        time.sleep(1)  # the server writes its request line after the answer
    finally:
        process.terminate()
        try:
            _, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
    # runserver's own request lines (django.server), besides portal.request's.
    assert stderr.count("django.server") == 2, stderr
    assert "[e-mail]" in stderr and "[telefoon]" in stderr
    assert_clean(stderr)


# 14. Without DEBUG, mail is never printed to stdout.

MAIL_PROBE = "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])"


def load_mail_settings(**overrides):
    return subprocess.run(
        [sys.executable, "-c", MAIL_PROBE],
        cwd=ROOT,
        env=clean_environment(SECRET_KEY="x" * 50, **overrides),
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_mail_settings_refuses_to_start():
    result = load_mail_settings(DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "MAIL_BACKEND is verplicht" in result.stderr


def test_production_refuses_the_console_backend():
    result = load_mail_settings(
        DEBUG="0", MAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "alleen met DEBUG=1" in result.stderr


def test_debug_may_print_mail_to_the_console(tmp_path):
    result = load_mail_settings(DEBUG="1", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_production_with_smtp_settings_starts():
    result = load_mail_settings(
        DEBUG="0",
        MAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        MAIL_HOST="smtp.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_the_test_run_itself_uses_the_locmem_backend():
    """pytest-django swaps every mailer of Django 6.1's MAILERS for locmem."""
    assert django_settings.MAILERS["default"]["BACKEND"] == (
        "django.core.mail.backends.locmem.EmailBackend"
    )
