"""RSS and Atom feeds (portal.web.feeds), the sitemap and robots.txt."""

import pytest

from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


def test_feeds_and_sitemap_list_published_items_only(client):
    live = PracticeFactory(
        published=True, title="Openbaar", municipalities=[municipality("GM0758")]
    )
    PracticeFactory(title="Concept")
    feed = client.get("/feeds/practices/rss/").content.decode()
    assert "Openbaar" in feed and "Concept" not in feed
    assert "Openbaar" in client.get("/feeds/practices/atom/?gemeente=breda").content.decode()
    assert "Openbaar" not in client.get("/feeds/practices/rss/?gemeente=utrecht").content.decode()
    assert client.get("/feeds/practices/rss/?gemeente=atlantis").status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert live.get_absolute_url() in sitemap and "/gemeenten/breda/" in sitemap
    assert "Sitemap:" in client.get("/robots.txt").content.decode()
