"""Fixtures shared by the meeting tests."""

import pytest

from meetings.models import Network
from portal.core.models import Municipality
from tests.factories import NetworkFactory, municipality


@pytest.fixture
def network():
    n = NetworkFactory(
        name="Testnetwerk",
        kind=Network.Kind.URBACT,
        lead_municipality=Municipality.objects.get(slug="nantes"),
    )
    n.municipalities.set([Municipality.objects.get(slug="nantes"), municipality("GM0518")])
    return n
