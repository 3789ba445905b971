"""Error answers in the request's language (issue 21, point 1): the 400 and
413 of the size middleware (before the language middleware runs) and the
500/503 of ``server_error`` (also for an error outside the language
middleware), as pages under /en/ and as API bodies with ?taal=en; Dutch
otherwise, with a true ``lang`` on the page."""

import re

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import RequestFactory

from portal.web import views

pytestmark = pytest.mark.django_db


def html_lang(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def failing(exception, path, **extra):
    """``server_error`` as Django calls it: while handling ``exception``, for
    a request the language middleware never saw."""
    request = RequestFactory().get(path, **extra)
    try:
        raise exception
    except type(exception):
        return views.server_error(request)


@pytest.mark.parametrize(
    ("path", "language", "title"),
    [
        ("/en/praktijkvoorbeelden/", "en", "Temporarily unavailable"),
        ("/praktijkvoorbeelden/", "nl", "Tijdelijk niet beschikbaar"),
    ],
)
def test_the_503_page_speaks_the_language_of_the_address(path, language, title):
    response = failing(OperationalError("database away"), path)
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert html_lang(html) == language and response["Content-Language"] == language
    assert f"<h1>{title}</h1>" in html


@pytest.mark.parametrize(
    ("path", "language", "title"),
    [
        ("/en/bijeenkomsten/", "en", "Something went wrong"),
        ("/bijeenkomsten/", "nl", "Er ging iets mis"),
    ],
)
def test_the_500_page_speaks_the_language_of_the_address(path, language, title):
    response = failing(RuntimeError("broken"), path)
    html = response.content.decode()
    assert response.status_code == 500
    assert html_lang(html) == language and f"<h1>{title}</h1>" in html


@pytest.mark.parametrize(
    ("extra", "detail_503", "detail_500"),
    [
        ({"data": {"taal": "en"}}, "Temporarily unavailable.", "Something went wrong."),
        (
            {"headers": {"accept-language": "en"}},
            "Temporarily unavailable.",
            "Something went wrong.",
        ),
        ({}, "Tijdelijk niet beschikbaar.", "Er ging iets mis."),
    ],
)
def test_api_error_bodies_speak_the_asked_language(extra, detail_503, detail_500):
    away = failing(OperationalError("database away"), "/api/praktijkvoorbeelden/", **extra)
    assert away.status_code == 503
    assert away.content.decode() == f'{{"detail": "{detail_503}"}}'
    broken = failing(RuntimeError("broken"), "/api/bijeenkomsten/", **extra)
    assert broken.content.decode() == f'{{"detail": "{detail_500}"}}'


@pytest.mark.parametrize(
    ("url", "language", "reason"),
    [
        ("/en/zoeken/?q=a%00b", "en", "The address contains invalid characters."),
        ("/zoeken/?q=a%00b", "nl", "Het adres bevat ongeldige tekens."),
    ],
)
def test_a_refused_address_is_explained_in_the_language_of_the_page(client, url, language, reason):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 400
    assert html_lang(html) == language and reason in html


def test_too_many_fields_are_refused_in_english_under_en(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    query = "&".join(f"f{n}=1" for n in range(10))
    page = client.get(f"/en/praktijkvoorbeelden/?{query}")
    assert page.status_code == 400 and "The address or form contains too many fields." in (
        page.content.decode()
    )
    api = client.get(f"/api/praktijkvoorbeelden/?taal=en&{query}")
    assert api.json() == {"detail": "The address or form contains too many fields."}
    dutch = client.get(f"/api/praktijkvoorbeelden/?{query}")
    assert dutch.json() == {"detail": "Het adres of formulier bevat te veel velden."}


def test_a_too_large_upload_is_refused_in_english_under_en(client):
    response = client.generic(
        "POST",
        "/en/deel-uw-ervaring/",
        b"x",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
    )
    html = response.content.decode()
    assert response.status_code == 413 and html_lang(html) == "en"
    assert "What you sent is too large" in html
