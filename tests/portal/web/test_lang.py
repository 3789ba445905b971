"""Language attributes are true (issue 17, point 8; issue 21): Dutch at the
root whatever the browser or a cookie asks, English under /en/; the first
visit to / follows Accept-Language once (a redirect, remembered in a
cookie); a visible switch keeps the visitor on the same page; every page
lists its versions with hreflang; the admin stays Dutch unless the staff
member chose English."""

import re

import pytest
from django.conf import settings

from tests.factories import PracticeFactory
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db

PAGES = [
    ("/praktijkvoorbeelden/", "Praktijkvoorbeelden", "Practices"),
    ("/gemeenten/", "Gemeenten", "Municipalities"),
    ("/zoeken/?q=ouders", "Zoeken", "Search"),
    ("/deel-uw-ervaring/", "Verstuur mijn ervaring", "Send my experience"),
    ("/bestaat-niet/", "Pagina niet gevonden", "Page not found"),
]
ASKS = [
    {"accept-language": "en"},
    {"accept-language": "en-GB,en;q=0.9"},
    {"accept-language": "de-DE, fr;q=0.5"},
    {"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=en"},
]
COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(html):
    return re.search(r"<html[^>]*\blang=\"([^\"]*)\"", html).group(1)


@pytest.mark.parametrize("headers", ASKS, ids=["en", "en-GB", "de", "cookie-en"])
@pytest.mark.parametrize(("url", "dutch", "english"), PAGES, ids=[p[0] for p in PAGES])
def test_root_page_is_dutch_and_says_so_whatever_the_browser_asks(
    client, url, dutch, english, headers
):
    response = client.get(url, headers=headers)
    html = response.content.decode()
    assert response.status_code == (404 if url == "/bestaat-niet/" else 200)
    assert html_lang(html) == "nl"
    assert response["Content-Language"] == "nl"
    assert dutch in html


@pytest.mark.parametrize("headers", [{}, *ASKS[2:]], ids=["none", "de", "cookie-en"])
@pytest.mark.parametrize(("url", "dutch", "english"), PAGES, ids=[p[0] for p in PAGES])
def test_english_page_is_english_and_says_so(client, url, dutch, english, headers):
    response = client.get("/en" + url, headers=headers)
    html = response.content.decode()
    assert response.status_code == (404 if url == "/bestaat-niet/" else 200)
    assert html_lang(html) == "en"
    assert response["Content-Language"] == "en"
    assert english in html


def test_first_visit_of_an_english_browser_goes_to_en_once(client):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9,nl;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert response.cookies[COOKIE].value == "en"
    assert "no-store" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]
    # The cookie remembers the choice: the browser header is not asked again.
    client.cookies[COOKIE] = "en"
    assert client.get("/", headers={"accept-language": "nl"})["Location"] == "/en/"


@pytest.mark.parametrize("asks", ["nl-NL,nl;q=0.9,en;q=0.8", "de-DE, fr;q=0.5", ""])
def test_first_visit_of_another_browser_stays_dutch(client, asks):
    response = client.get("/", headers={"accept-language": asks})
    assert response.status_code == 200
    assert html_lang(response.content.decode()) == "nl"
    assert COOKIE not in response.cookies


def test_a_dutch_choice_keeps_an_english_browser_at_the_root(client):
    client.cookies[COOKIE] = "nl"
    response = client.get("/", headers={"accept-language": "en"})
    assert response.status_code == 200
    assert html_lang(response.content.decode()) == "nl"


def test_switch_keeps_the_visitor_on_the_same_item_and_remembers(client):
    practice = PracticeFactory(title="Ouderkamer in Gent")
    url = practice.get_absolute_url()
    html = client.get(url).content.decode()
    switch = re.search(r'<a [^>]*href="([^"]*)" hreflang="en" lang="en">English</a>', html)
    assert switch, "the Dutch page links to its English version"
    response = client.get(switch.group(1).replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == f"/en{url}"
    assert response.cookies[COOKIE].value == "en"
    english = client.get(f"/en{url}").content.decode()
    back = re.search(r'<a [^>]*href="([^"]*)" hreflang="nl" lang="nl">Nederlands</a>', english)
    response = client.get(back.group(1).replace("&amp;", "&"))
    assert response["Location"] == url
    assert response.cookies[COOKIE].value == "nl"


def test_switch_never_leaves_the_site(client):
    response = client.get("/taal/en/?next=https://example.com/x/")
    assert response["Location"] == "/en/"
    assert client.get("/taal/fr/?next=/").status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_lists_both_languages_with_hreflang(client, prefix):
    practice = PracticeFactory()
    for url in ("/", practice.get_absolute_url(), "/gemeenten/", "/zoeken/?q=ouders"):
        html = client.get(prefix + url).content.decode()
        dutch = f"http://testserver{url}"
        assert f'<link rel="alternate" hreflang="nl" href="{dutch}">' in html
        assert f'<link rel="alternate" hreflang="en" href="http://testserver/en{url}">' in html
        assert f'<link rel="alternate" hreflang="x-default" href="{dutch}">' in html


def test_admin_speaks_dutch_to_an_english_browser(client, redacteur):
    client.force_login(redacteur)
    html = client.get("/admin/", headers={"accept-language": "en"}).content.decode()
    assert html_lang(html) == "nl"
    assert "Afmelden" in html or "Uitloggen" in html
    assert "Log out" not in html and "Welcome" not in html


def test_admin_follows_the_staff_members_own_choice(client, redacteur):
    client.force_login(redacteur)
    client.cookies[COOKIE] = "en"
    html = client.get("/admin/").content.decode()
    assert html_lang(html) == "en"


def test_no_locale_middleware_the_path_decides():
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE
    assert "portal.web.language.LanguageMiddleware" in settings.MIDDLEWARE
    assert settings.LANGUAGE_CODE == "nl"


def test_sitemap_lists_every_page_in_both_languages(client):
    practice = PracticeFactory(published=True)
    sitemap = sitemap_text(client)
    url = practice.get_absolute_url()
    assert f"<loc>http://testserver{url}</loc>" in sitemap
    assert f"<loc>http://testserver/en{url}</loc>" in sitemap
    assert f'hreflang="en" href="http://testserver/en{url}"' in sitemap
    assert f'hreflang="x-default" href="http://testserver{url}"' in sitemap
    assert "<loc>http://testserver/en/</loc>" in sitemap
