"""Language attributes are true (issue 17, point 8): there is no English
translation yet, so every page is Dutch and says ``<html lang="nl">``,
whatever language the browser or a cookie asks for."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PAGES = [
    ("/", "Praktijkvoorbeelden"),
    ("/praktijkvoorbeelden/", "Praktijkvoorbeelden"),
    ("/gemeenten/", "Gemeenten"),
    ("/zoeken/?q=ouders", "Zoeken"),
    ("/deel-uw-ervaring/", "Verstuur mijn ervaring"),
    ("/bestaat-niet/", "Pagina niet gevonden"),
    ("/admin/login/", "Wachtwoord"),
]
ASKS = [
    {"accept-language": "en"},
    {"accept-language": "en-GB,en;q=0.9"},
    {"accept-language": "de-DE, fr;q=0.5"},
    {"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=en"},
]


def html_lang(html):
    return re.search(r"<html[^>]*\blang=\"([^\"]*)\"", html).group(1)


@pytest.mark.parametrize("headers", ASKS, ids=["en", "en-GB", "de", "cookie-en"])
@pytest.mark.parametrize(("url", "dutch"), PAGES, ids=[url for url, _ in PAGES])
def test_page_is_dutch_and_says_so_whatever_the_browser_asks(client, url, dutch, headers):
    response = client.get(url, headers=headers)
    html = response.content.decode()
    assert response.status_code == (404 if url == "/bestaat-niet/" else 200)
    assert html_lang(html) == "nl"
    assert dutch in html


def test_admin_speaks_dutch_to_an_english_browser(client, redacteur):
    client.force_login(redacteur)
    html = client.get("/admin/", headers={"accept-language": "en"}).content.decode()
    assert html_lang(html) == "nl"
    assert "Afmelden" in html or "Uitloggen" in html
    assert "Log out" not in html and "Welcome" not in html


def test_no_middleware_switches_the_language():
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE
    assert settings.LANGUAGE_CODE == "nl"
