"""Every public URL (portal.urls): one h1, landmarks and Dutch on every page,
a budget for the HTML, and hostile input: every case gives a clean 4xx (or
an ordinary page), never a 500, and stores nothing."""

import re

import pytest
from django.test import Client

from api import filters as api_filters
from api.filters import ApiPracticeFilter
from portal.core.models import Municipality, Theme
from portal.search.query import FACETS
from practices.filters import PracticeFilter
from practices.models import Practice, Submission

pytestmark = pytest.mark.django_db


PUBLIC_URLS = [
    "/",
    "/gemeenten/",
    "/gemeenten/?q=breda",
    "/gemeenten/breda/",
    "/gemeenten/gent/",
    "/praktijkvoorbeelden/",
    "/praktijkvoorbeelden/?thema=vve-en-taal&gemeente=breda",
    "/praktijkvoorbeelden/breda-ouderbetrokkenheid-van-geboorte-tot-school/",
    "/over/",
    "/privacy/",
    "/toegankelijkheid/",
    "/deel-uw-ervaring/",
    "/deel-uw-ervaring/bedankt/",
    "/zoeken/?q=ouders",
    "/zoeken/?q=ouderbetrokkenhied",
    "/netwerken/",
    "/netwerken/urbact-prevent/",
    "/bijeenkomsten/",
    "/bijeenkomsten/urbact-prevent-final-meeting-nantes-2015/",
    "/reisverslagen/",
    "/reisverslagen/reisverslag-gent-brugfiguren/",
    "/actieplannen/",
    "/actieplannen/local-action-plan-den-haag-prevent/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_page_has_one_h1_landmarks_and_dutch(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="nl">' in html
    assert 'href="#inhoud"' in html and '<main id="inhoud"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    # No inline script or style (the CSP forbids them); a deferred script file
    # of our own (progressive enhancement of the search box) is fine.
    assert not re.search(r'<script(?![^>]*\bsrc="/static/)', html) and " style=" not in html


@pytest.mark.parametrize("url", ["/", "/praktijkvoorbeelden/"])
def test_html_budget_of_home_and_list_pages(client, demo, url):
    assert len(client.get(url).content) < 60 * 1024


INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE practices_practice; --",
    "1 UNION SELECT password FROM auth_user --",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${7*7}",
    "<script>alert(1)</script>",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "ouders\\",
    "a" * 5000,
]


# Every filter and search parameter of every public list, page and API.
PARAMETERS = {
    "/praktijkvoorbeelden/": [*PracticeFilter.base_filters, "pagina"],
    "/zoeken/": ["q", *FACETS, "pagina"],
    "/gemeenten/": ["q"],
    "/bijeenkomsten/": ["gemeente", "pagina"],
    "/reisverslagen/": ["gemeente", "pagina"],
    "/actieplannen/": ["gemeente", "pagina"],
    "/api/praktijkvoorbeelden/": [*ApiPracticeFilter.base_filters, "pagina", "per_pagina"],
    "/api/praktijkvoorbeelden/csv/": [*ApiPracticeFilter.base_filters],
    "/api/bijeenkomsten/": [*api_filters.MeetingFilter.base_filters, "pagina"],
    "/api/reisverslagen/": [*api_filters.TravelReportFilter.base_filters, "pagina"],
    "/api/actieplannen/": [*api_filters.ActionPlanFilter.base_filters, "pagina"],
    "/api/gemeenten/": [*api_filters.MunicipalityFilter.base_filters, "pagina"],
}


def counts():
    return (
        Practice.objects.count(),
        Submission.objects.count(),
        Municipality.objects.count(),
        Theme.objects.count(),
    )


def test_injection_strings_in_every_filter_and_search_parameter(client, demo, settings):
    settings.SECRET_KEY = "geheime-sleutel-die-nooit-op-een-pagina-mag-staan"
    before = counts()
    for url, names in PARAMETERS.items():
        for name in names:
            for payload in INJECTIONS:
                response = client.get(url, {name: payload})
                assert response.status_code in (200, 400, 404), (url, name, payload)
                content = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                body = content.decode("utf-8", "replace")
                assert settings.SECRET_KEY not in body
                if response["Content-Type"].startswith("text/html"):
                    assert "<script>alert(1)</script>" not in body, (url, name)
                else:  # JSON may quote the value back: as data, with nosniff
                    assert response["Content-Type"].startswith(("application/json", "text/csv"))
                    assert response["X-Content-Type-Options"] == "nosniff"
    assert counts() == before


@pytest.mark.parametrize(
    "query",
    ["q=%ff%fe", "q=%c3%28", "gemeente=%e2%82", "thema=%80&fase=%c0%af", "q=caf%e9"],
)
@pytest.mark.parametrize(
    "url", ["/praktijkvoorbeelden/", "/zoeken/", "/gemeenten/", "/api/praktijkvoorbeelden/"]
)
def test_invalid_utf8_in_query_strings(client, url, query):
    response = client.generic("GET", url, QUERY_STRING=query)
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize(
    "url",
    [
        "/praktijkvoorbeelden/..%2f..%2fportal%2fsettings.py/",
        "/praktijkvoorbeelden/%2e%2e/",
        "/reisverslagen/..%5c..%5cwindows/",
        "/gemeenten/..%2fetc%2fpasswd/",
        "/media/../portal/settings.py",
        "/media/%2e%2e/%2e%2e/portal/settings.py",
        "/media/practices/..%2f..%2f..%2fportal%2fsettings.py",
        "/media/submissions/%2e%2e%2f%2e%2e%2fmanage.py",
        "/media//etc/passwd",
        "/static/../manage.py",
        "/api/praktijkvoorbeelden/..%2f..%2fsecret/",
    ],
)
def test_path_traversal_in_slugs_and_file_names(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    body = response.content.decode("utf-8", "replace")
    assert "SECRET_KEY" not in body and "root:" not in body


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("multipart/form-data; boundary=abc", b"--abc\r\nContent-Disposition: form-data\r\n\r\nx"),
        ("multipart/form-data", b"--abc\r\n\r\n"),
        ("multipart/form-data; boundary=", b"garbage"),
        ("multipart/form-data; boundary=" + "x" * 300, b"--x\r\n"),
        (
            "multipart/form-data; boundary=abc",
            b'--abc\r\nContent-Disposition: form-data; name="title"\r\n\r\n\xff\xfe\r\n--abc--',
        ),
        ("application/x-www-form-urlencoded", b"title=%ff%fe&story=%c3%28&&&=="),
    ],
)
def test_malformed_request_bodies(content_type, body):
    client = Client(enforce_csrf_checks=False, raise_request_exception=False)
    for url in ["/deel-uw-ervaring/", "/admin/login/"]:
        response = client.generic("POST", url, body, content_type=content_type)
        # 302: the submission form's silent answer to what looks like a bot.
        assert response.status_code in (200, 302, 400, 403), (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"] == "/deel-uw-ervaring/bedankt/"
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "host", ["evil.example", "localhost.evil.example", "127.0.0.1:8000@evil", ""]
)
def test_unknown_host_headers_get_400(host):
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in response.content.decode()
