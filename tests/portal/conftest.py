"""Fixtures shared by the tests of portal's rooms."""

import pytest

from portal.core.models import Status, Theme
from tests.factories import PracticeFactory, municipality


@pytest.fixture
def corpus():
    vve = Theme.objects.get(slug="vve-en-taal")
    return {
        "school": PracticeFactory(
            published=True,
            title="Ouderkamer op de basisschool",
            summary="Een vaste plek voor ouders in de school.",
            body="<p>De school opent elke dinsdag de ouderkamer.</p>",
            municipalities=[municipality("GM0758")],
            themes=[vve],
        ),
        "betrokken": PracticeFactory(
            published=True,
            title="Stedelijke lijn",
            summary="Over ouderbetrokkenheid in de voorschool.",
            body="<p>Voorschoolse educatie met aandacht voor thuis.</p>",
            municipalities=[municipality("GM0307")],
        ),
        "bereiken": PracticeFactory(
            published=True,
            title="Moeilijk bereikbare ouders",
            summary="Huisbezoeken om ouders bereiken mogelijk te maken.",
            body="<p>Sleutelpersonen gaan langs bij gezinnen, ook voor vve.</p>",
            municipalities=[municipality("GM0344")],
        ),
        "draft": PracticeFactory(
            title="Geheime ouderkamer", summary="Concept over de ouderkamer.", status=Status.DRAFT
        ),
        "scheduled": PracticeFactory(
            scheduled=True, title="Toekomstige ouderkamer", summary="Gaat morgen live."
        ),
    }
