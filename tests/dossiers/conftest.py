"""Fixtures shared by the tests of organisations, regions and dossiers."""

import pytest

from portal.core.models import Theme
from tests.factories import OrganisationFactory, RegionFactory, municipality


@pytest.fixture
def themes():
    return {
        "vve": Theme.objects.get(slug="vve-en-taal"),
        "passend": Theme.objects.get(slug="passend-onderwijs-en-jeugdhulp"),
        "bereiken": Theme.objects.get(slug="ouders-bereiken"),
    }


@pytest.fixture
def directory(themes):
    """Four published organisations and a draft, in two regions."""
    den_haag = municipality("GM0518")
    haaglanden = RegionFactory(published=True, title="Haaglanden", municipalities=[den_haag])
    noord = RegionFactory(published=True, title="Noord", municipalities=[municipality("GM0363")])
    return {
        "haaglanden": haaglanden,
        "noord": noord,
        "a": OrganisationFactory(
            published=True,
            title="Expertisecentrum A",
            kind="expertise",
            themes=[themes["vve"]],
            regions=[haaglanden],
        ),
        "b": OrganisationFactory(
            published=True,
            title="Netwerk B",
            kind="netwerk",
            themes=[themes["vve"], themes["passend"]],
            regions=[haaglanden],
        ),
        "c": OrganisationFactory(
            published=True,
            title="Kwartiermaker C",
            kind="kwartiermaker",
            themes=[themes["passend"]],
            regions=[noord],
        ),
        "d": OrganisationFactory(published=True, title="Onbekende soort D", kind=""),
        "draft": OrganisationFactory(
            title="Conceptorganisatie", kind="expertise", themes=[themes["vve"]], regions=[noord]
        ),
    }
