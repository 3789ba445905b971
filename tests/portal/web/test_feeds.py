"""RSS and Atom feeds (portal.web.feeds), the sitemap and robots.txt."""

import re

import pytest

from portal.core.models import Theme
from tests.factories import PracticeFactory, TravelReportFactory, municipality
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


def test_feeds_and_sitemap_list_published_items_only(client):
    live = PracticeFactory(
        published=True, title="Openbaar", municipalities=[municipality("GM0758")]
    )
    PracticeFactory(title="Concept")
    feed = client.get("/feeds/praktijkvoorbeelden/rss/").content.decode()
    assert "Openbaar" in feed and "Concept" not in feed
    assert (
        "Openbaar" in client.get("/feeds/praktijkvoorbeelden/atom/?gemeente=breda").content.decode()
    )
    assert (
        "Openbaar"
        not in client.get("/feeds/praktijkvoorbeelden/rss/?gemeente=utrecht").content.decode()
    )
    assert client.get("/feeds/praktijkvoorbeelden/rss/?gemeente=atlantis").status_code == 404
    sitemap = sitemap_text(client)
    assert live.get_absolute_url() in sitemap and "/gemeenten/breda/" in sitemap
    assert "Sitemap:" in client.get("/robots.txt").content.decode()


# --- Dutch feed paths, each list's own feed, per municipality and theme ------


LISTS = [
    ("/praktijkvoorbeelden/", "/feeds/praktijkvoorbeelden/rss/"),
    ("/bijeenkomsten/", "/feeds/bijeenkomsten/rss/"),
    ("/reisverslagen/", "/feeds/reisverslagen/rss/"),
    ("/actieplannen/", "/feeds/actieplannen/rss/"),
]


def alternates(html):
    return re.findall(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', html)


@pytest.mark.parametrize("list_url, feed_url", LISTS)
def test_each_list_advertises_its_own_dutch_feed(client, list_url, feed_url):
    html = client.get(list_url).content.decode()
    assert alternates(html) == [feed_url]
    assert f'href="{feed_url}"' in html.split("</head>")[1]  # also a visible link
    assert client.get(feed_url).status_code == 200


def test_a_filtered_list_advertises_the_feed_of_its_municipality_or_theme(client):
    html = client.get("/reisverslagen/?gemeente=breda").content.decode()
    assert alternates(html) == ["/feeds/reisverslagen/rss/?gemeente=breda"]
    theme = Theme.objects.first()
    html = client.get(f"/praktijkvoorbeelden/?thema={theme.slug}").content.decode()
    assert alternates(html) == [f"/feeds/praktijkvoorbeelden/rss/?thema={theme.slug}"]


def test_municipality_page_has_a_feed_of_everything_about_it(client):
    breda = municipality("GM0758")
    practice = PracticeFactory(published=True, title="Bredase aanpak", municipalities=[breda])
    report = TravelReportFactory(published=True, title="Reis uit Breda", author_municipality=breda)
    report.include_concerned_municipalities()
    PracticeFactory(published=True, title="Elders", municipalities=[municipality("GM0344")])
    html = client.get(breda.get_absolute_url()).content.decode()
    assert alternates(html) == ["/feeds/alles/rss/?gemeente=breda"]
    feed = client.get("/feeds/alles/rss/?gemeente=breda").content.decode()
    assert practice.title in feed and report.title in feed and "Elders" not in feed


def test_theme_feed_holds_only_that_theme(client):
    theme, other = Theme.objects.all()[:2]
    PracticeFactory(published=True, title="Met thema", themes=[theme])
    PracticeFactory(published=True, title="Ander thema", themes=[other])
    feed = client.get(f"/feeds/alles/atom/?thema={theme.slug}").content.decode()
    assert "Met thema" in feed and "Ander thema" not in feed


@pytest.mark.parametrize(
    "old, new",
    [
        ("/feeds/reports/rss/", "/feeds/reisverslagen/rss/"),
        (
            "/feeds/practices/atom/?gemeente=breda",
            "/feeds/praktijkvoorbeelden/atom/?gemeente=breda",
        ),
    ],
)
def test_old_english_feed_paths_move_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_unknown_feed_is_404(client):
    assert client.get("/feeds/geheim/rss/").status_code == 404
    assert client.get("/feeds/networks/rss/").status_code == 404  # networks have no feed
