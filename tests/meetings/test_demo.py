"""The demo networks, meetings, travel reports and action plans."""

import pytest
from django.core.management import call_command

from meetings.models import ActionPlan, Meeting, Network, TravelReport

pytestmark = pytest.mark.django_db


def test_demo_content_and_public_pages(client):
    call_command("load_demo", verbosity=0)
    assert Meeting.objects.published().count() == 5
    assert TravelReport.objects.published().count() == 2
    plan = ActionPlan.objects.get()
    assert [a.title for a in plan.actions.all()][0] == "Haags Model Ouderbetrokkenheid"
    html = client.get(plan.get_absolute_url()).content.decode()
    assert '<th scope="row">Haags Model Ouderbetrokkenheid</th>' in html
    prevent = Network.objects.get(slug="urbact-prevent")
    assert prevent.lead_municipality.name == "Nantes"
    assert prevent.municipalities.count() == 9
    html = client.get(prevent.get_absolute_url()).content.decode()
    assert (
        "Slotbijeenkomst URBACT PREVENT in Nantes" in html and "Local Action Plan Den Haag" in html
    )
    meetings = client.get("/bijeenkomsten/").content.decode()
    assert "Eerdere bijeenkomsten" in meetings and "3 juli 2012" in meetings
    den_haag = client.get("/gemeenten/den-haag/").content.decode()
    for text in ("Buitenkans", "Gent: brugfiguren", "Local Action Plan Den Haag", "URBACT PREVENT"):
        assert text in den_haag
    national = Meeting.objects.get(slug__startswith="landelijke-bijeenkomst")
    assert national.network is None
    html = client.get(national.get_absolute_url()).content.decode()
    assert "Een besloten forum waar ambtenaren vragen en antwoorden met elkaar delen." in html
