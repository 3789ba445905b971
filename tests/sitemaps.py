"""The sitemap in tests: an index of sections (portal.web.sitemaps), so a test
that looks for (or must not find) an address reads them all."""

import re

from django.urls import reverse

from portal.web.sitemaps import sitemaps


def sitemap_paths():
    """The index and the first page of every section."""
    return [reverse("sitemap")] + [
        reverse("sitemap_section", kwargs={"section": section}) for section in sitemaps()
    ]


def sitemap_text(client):
    """The index and every page of every section it lists, as one text."""
    index = client.get(reverse("sitemap")).content.decode()
    texts = [index]
    for location in re.findall(r"<loc>([^<]+)</loc>", index):
        texts.append(client.get(re.sub(r"^https?://[^/]+", "", location)).content.decode())
    return "\n".join(texts)
