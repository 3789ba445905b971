"""The sitemap (portal.web.sitemaps): an index of sections per kind and
language, each in pages of at most LIMIT addresses."""

import re

import pytest

from portal.core import registry
from portal.web.sitemaps import LIMIT, KindSitemap
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


def locations(text):
    return re.findall(r"<loc>([^<]+)</loc>", text)


def test_the_index_lists_a_section_per_kind_and_language(client):
    PracticeFactory(published=True, municipalities=[municipality("GM0344")])
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and "<sitemapindex" in response.content.decode()
    sections = {
        loc.removeprefix("http://testserver/sitemap-").removesuffix(".xml")
        for loc in locations(response.content.decode())
    }
    kinds = {kind.key for kind in registry.kinds() if kind.in_sitemap}
    assert "practices" in kinds
    assert sections == {
        f"{name}-{language}" for name in {"pages", "gemeenten", *kinds} for language in ("nl", "en")
    }
    assert LIMIT == 50_000  # the protocol's maximum per file


def test_a_section_holds_one_language_and_names_both(client):
    practice = PracticeFactory(published=True)
    url = practice.get_absolute_url()
    dutch = client.get("/sitemap-practices-nl.xml").content.decode()
    english = client.get("/sitemap-practices-en.xml").content.decode()
    assert locations(dutch) == [f"http://testserver{url}"]
    assert locations(english) == [f"http://testserver/en{url}"]
    for text in (dutch, english):
        assert f'hreflang="nl" href="http://testserver{url}"' in text
        assert f'hreflang="en" href="http://testserver/en{url}"' in text
        assert f'hreflang="x-default" href="http://testserver{url}"' in text
    assert "<lastmod>" in dutch
    pages = client.get("/sitemap-pages-en.xml").content.decode()
    assert "http://testserver/en/" in locations(pages)


def test_a_section_beyond_its_limit_is_served_in_pages(client, monkeypatch):
    monkeypatch.setattr(KindSitemap, "limit", 2)
    practices = [PracticeFactory(published=True) for _ in range(5)]
    PracticeFactory(title="Concept")  # not published: not listed, not counted

    index = locations(client.get("/sitemap.xml").content.decode())
    section = "http://testserver/sitemap-practices-nl.xml"
    assert [loc for loc in index if loc.startswith(section)] == [
        section,
        f"{section}?p=2",
        f"{section}?p=3",
    ]
    listed = []
    for page in ("", "?p=2", "?p=3"):
        found = locations(client.get(f"/sitemap-practices-nl.xml{page}").content.decode())
        assert 1 <= len(found) <= 2
        listed += found
    assert listed == [f"http://testserver{p.get_absolute_url()}" for p in practices]
    assert client.get("/sitemap-practices-nl.xml?p=4").status_code == 404
    assert client.get("/sitemap-onbekend-nl.xml").status_code == 404


def test_robots_txt_names_the_index(client):
    assert "/sitemap.xml" in client.get("/robots.txt").content.decode()
