"""Structured request and error logs, without personal data."""

import json
import logging

import pytest
from django.test import Client

from portal.ops.logs import JsonFormatter, scrub
from tests.conftest import FORM

pytestmark = pytest.mark.django_db

SECRETS = ["lucja@example.org", "Łucja", "Öztürk", "030 123 45 67"]


def formatted(caplog):
    return [JsonFormatter().format(record) for record in caplog.records]


def test_every_request_is_one_json_line_without_the_query_string(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        response = client.get("/zoeken/?q=lucja@example.org")
    lines = [json.loads(line) for line in formatted(caplog) if '"portal.request"' in line]
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET" and line["path"] == "/zoeken/" and line["status"] == 200
    assert line["duration_ms"] >= 0 and line["staff"] is False
    assert line["request_id"] == response["X-Request-ID"]
    assert "lucja" not in json.dumps(line)


def test_a_submission_leaves_no_personal_data_in_the_logs(
    client,
    valid,
    caplog,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.MAILERS = {"default": {"BACKEND": "tests.portal.ops.broken_mail.BrokenBackend"}}
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, valid)
    assert response.status_code == 302
    text = "\n".join(formatted(caplog))
    assert '"status": 302' in text and "Sending mail" in text
    for secret in SECRETS:
        assert secret not in text


def test_server_errors_are_logged_with_traceback_but_scrubbed(caplog, settings):
    settings.ROOT_URLCONF = "tests.portal.ops.broken_urls"
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = client.get("/kapot/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    errors = [json.loads(line) for line in formatted(caplog) if '"django.request"' in line]
    assert errors and errors[0]["error"] == "RuntimeError"
    assert "Traceback" in errors[0]["traceback"]
    dumped = json.dumps(errors)
    assert "jan.jansen@example.nl" not in dumped and "12345678" not in dumped
    assert "[e-mail]" in dumped and "[telefoon]" in dumped


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mail a.b-c+d@gemeente.utrecht.nl nu", "mail [e-mail] nu"),
        ("bel 030 123 45 67 of +31 6 12345678", "bel [telefoon] of [telefoon]"),
        (
            "jaar 2012, 342 gemeenten, id 1234567890123",
            "jaar 2012, 342 gemeenten, id 1234567890123",
        ),
        (
            "GET /volgen/beheer/eyJlIjoxMn0:1vOvTb:Xq3bL8kPzW0c9yR2sT4uV6wA/ 200",
            "GET /volgen/beheer/[link]/ 200",
        ),
        ("om 12:42:06 uur, 2026-11-27T12:15:34+0100", "om 12:42:06 uur, 2026-11-27T12:15:34+0100"),
    ],
)
def test_scrub(text, expected):
    assert scrub(text) == expected


def test_a_signed_link_in_a_path_never_reaches_the_log(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    signed = "eyJzIjo0Mn0:1vOvTb:Xq3bL8kPzW0c9yR2sT4uV6wA"
    client.get(f"/volgen/beheer/{signed}/")
    lines = formatted(caplog)
    assert lines and all(signed not in line for line in lines)
    assert any("/volgen/beheer/[link]/" in line for line in lines)
