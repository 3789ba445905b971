"""More query or form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: a short Dutch
400 page (JSON under /api/), with DEBUG off and on alike. With DEBUG=1 Django's
error page reads request.GET/POST again, which raised again: a 500."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

TOO_MANY = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
QUERY = "&".join(f"v{i}=1" for i in range(TOO_MANY))
FORM = {f"v{i}": "1" for i in range(TOO_MANY)}
PAGES = ["/zoeken/", "/praktijkvoorbeelden/", "/gemeenten/", "/admin/login/"]


def _client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("url", PAGES)
def test_too_many_query_parameters_are_a_dutch_400(debug, url):
    with override_settings(DEBUG=debug):
        response = _client().get(f"{url}?{QUERY}")
    assert response.status_code == 400
    text = response.content.decode()
    assert "te veel velden" in text
    assert "Traceback" not in text


@pytest.mark.parametrize("debug", [False, True])
def test_too_many_query_parameters_in_the_api_are_a_json_400(debug):
    with override_settings(DEBUG=debug):
        response = _client().get(f"/api/praktijkvoorbeelden/?{QUERY}")
    assert response.status_code == 400
    assert response.json() == {"detail": "Het adres of formulier bevat te veel velden."}


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("multipart", [False, True])
@pytest.mark.parametrize("url", ["/deel-uw-ervaring/", "/admin/login/"])
def test_forms_with_too_many_fields_are_a_dutch_400(debug, multipart, url):
    client = _client()
    with override_settings(DEBUG=debug):
        if multipart:
            response = client.post(url, FORM)
        else:
            body = "&".join(f"{key}={value}" for key, value in FORM.items())
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "te veel velden" in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_a_form_with_too_much_text_is_a_400_not_a_500(debug):
    body = "tekst=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    with override_settings(DEBUG=debug):
        response = _client().post(
            "/deel-uw-ervaring/", body, content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 400
    assert "te veel tekst" in response.content.decode()


def test_the_limit_itself_is_still_fine():
    query = "&".join(f"v{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS))
    assert _client().get(f"/gemeenten/?{query}").status_code == 200
