import pytest
from django.core.management import call_command

from portal.core.models import Status
from portal.editorial.demo import demo_files
from practices.models import Practice

pytestmark = pytest.mark.django_db


def test_demo_loads_every_seed_practice_published_and_is_repeatable():
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    items = [i for _, data in demo_files() for i in data["item"] if i["type"] == "practices"]
    assert Practice.objects.count() == len(items) == 11
    assert Practice.objects.published().count() == 11
    buitenkans = Practice.objects.get(slug="buitenkans-den-haag")
    assert sorted(m.name for m in buitenkans.municipalities.all()) == [
        "'s-Gravenhage",
        "Leidschendam-Voorburg",
        "Rijswijk (ZH.)",
    ]
    breda = Practice.objects.get(slug="breda-ouderbetrokkenheid-van-geboorte-tot-school")
    assert "VoorleesExpress" in breda.body
    assert breda.transitions.filter(to_status=Status.PUBLISHED).count() == 1
    titles = set(Practice.objects.values_list("title", flat=True))
    assert {
        "Waalwijk Taalrijk: ouder en kind samen aan de taal",
        "Groninger aanpak ouderbetrokkenheid",
    } <= titles


def test_demo_names_no_private_persons():
    call_command("load_demo", verbosity=0)
    text = " ".join(
        f"{p.title} {p.summary} {p.body} {p.contact_role}" for p in Practice.objects.all()
    )
    for name in ("Tonnie", "van der Meer", "Brummelman", "Christiaanse", "Ton Klein"):
        assert name not in text
