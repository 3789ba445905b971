"""Security headers and the content security policy (portal.web.headers)."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


@pytest.mark.parametrize(
    "url", ["/", "/praktijkvoorbeelden/", "/zoeken/?q=x", "/deel-uw-ervaring/"]
)
def test_public_pages_send_strict_csp_and_security_headers(client, url):
    response = client.get(url)
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] + csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_allows_inline_styles_but_never_inline_scripts(client, redacteur):
    client.force_login(redacteur)
    csp = directives(client.get("/admin/practices/practice/add/"))
    assert "'unsafe-inline'" in csp["style-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert any(value.startswith("'nonce-") for value in csp["script-src"])
