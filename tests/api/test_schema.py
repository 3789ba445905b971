"""The OpenAPI schema (api.schema): served, listing every endpoint, and the
API keeps to it. Schemathesis sends generated requests for every operation of
/api/schema/ to the real WSGI application with the demo content: no 500s, and
every answer matches the schema (status code, content type, body)."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from portal.wsgi import application
from tests.api.conftest import ENDPOINTS

# The schema is fetched from the application itself (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def demo_over_wsgi(db):
    """Like Django's test client: the raw WSGI app must not close the test's
    database connection (and with it the test transaction) after a request."""
    call_command("load_demo", verbosity=0)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("demo_over_wsgi")
@schema.parametrize()
# derandomize: CI runs the same generated requests every time, so a red run
# can be reproduced and a green one stays green; raise max_examples locally
# to explore further (that is how `pagina=` was found).
@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()


@pytest.mark.django_db
def test_schema_is_served_and_lists_every_endpoint(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for name in [*ENDPOINTS, "gemeenten"]:
        assert f"/api/{name}/" in schema["paths"]
        assert f"/api/{name}/{{slug}}/" in schema["paths"]
    assert "/api/praktijkvoorbeelden/csv/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/praktijkvoorbeelden/"]["get"]["parameters"]}
    assert {"gemeente", "provincie", "thema", "fase", "doelgroep", "jaar", "q"} <= params
