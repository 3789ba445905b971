"""Requests refused before a view runs (portal.web.middleware): bodies over
the size limit and NUL characters in the address."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_oversized_bodies_anywhere_get_413(client):
    for url in ["/", "/zoeken/", "/api/praktijkvoorbeelden/", "/admin/login/"]:
        response = client.generic(
            "POST", url, b"x", CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1)
        )
        assert response.status_code == 413, url


@pytest.mark.parametrize(
    "url", ["/zoeken/?q=a%00b", "/gemeenten/?q=%00", "/praktijkvoorbeelden/?q=x%00"]
)
def test_nul_in_query_string_is_a_clean_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "ongeldige tekens" in response.content.decode()
