"""Fixtures shared by the practice tests."""

import pytest

from portal.core.models import Status, Theme
from practices.models import EducationPhase, TargetGroup
from tests.factories import PracticeFactory, municipality


@pytest.fixture
def data():
    vve = Theme.objects.get(slug="vve-en-taal")
    bereiken = Theme.objects.get(slug="ouders-bereiken")
    po = EducationPhase.objects.get(slug="primair-onderwijs")
    vo = EducationPhase.objects.get(slug="voortgezet-onderwijs")
    laag = TargetGroup.objects.get(slug="laaggeletterde-ouders")
    breda, utrecht, amsterdam = (municipality(c) for c in ("GM0758", "GM0344", "GM0363"))
    return {
        "a": PracticeFactory(
            published=True,
            title="Ouderkamer Breda",
            municipalities=[breda],
            themes=[vve],
            phases=[po],
            target_groups=[laag],
            start_year=2019,
        ),
        "b": PracticeFactory(
            published=True,
            title="Brugfiguren Utrecht",
            municipalities=[utrecht],
            themes=[vve, bereiken],
            phases=[po, vo],
            start_year=2021,
        ),
        "c": PracticeFactory(
            published=True,
            title="Aanpak Amsterdam",
            municipalities=[amsterdam, utrecht],
            themes=[bereiken],
            phases=[vo],
            start_year=2021,
        ),
        "draft": PracticeFactory(
            title="Geheim concept Breda", municipalities=[breda], themes=[vve]
        ),
        "review": PracticeFactory(
            title="In beoordeling Breda",
            status=Status.REVIEW,
            municipalities=[breda],
            themes=[vve],
        ),
        "scheduled": PracticeFactory(
            scheduled=True, title="Morgen live Breda", municipalities=[breda], themes=[vve]
        ),
        "archived": PracticeFactory(
            title="Gearchiveerd Breda", status=Status.ARCHIVED, municipalities=[breda]
        ),
    }
