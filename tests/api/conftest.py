"""The API tests' demo content and helpers."""

import pytest
from django.core.management import call_command

from meetings.models import ActionPlan, Meeting, TravelReport
from practices.models import Practice
from tests.factories import PracticeFactory, municipality

ENDPOINTS = {
    "praktijkvoorbeelden": Practice,
    "bijeenkomsten": Meeting,
    "reisverslagen": TravelReport,
    "actieplannen": ActionPlan,
}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    draft = PracticeFactory(
        title="Geheim concept",
        slug="geheim-concept",
        contact_email="persoon.prive@example.nl",
        municipalities=[municipality("GM0344")],
    )
    live = PracticeFactory(
        published=True,
        title='=HYPERLINK("http://kwaad.example")',
        slug="met-contact",
        contact_email="persoon.prive@example.nl",
        municipalities=[municipality("GM0344")],
    )
    return draft, live


def body(response):
    """The text of a response, streamed (the CSV) or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def get_all(client, url):
    items = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        items += data["results"]
        url = data["next"]
    return items
