import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from meetings.models import Action, ActionPlan, Meeting, Network, TravelReport
from portal.core.models import Municipality, Status
from portal.editorial import workflow
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def city(slug):
    return Municipality.objects.get(slug=slug)


@pytest.fixture
def network():
    n = Network.objects.create(
        name="Testnetwerk", kind=Network.Kind.URBACT, lead_municipality=city("nantes")
    )
    n.municipalities.set([city("nantes"), municipality("GM0518")])
    return n


def meeting(**fields):
    defaults = {
        "title": "Bijeenkomst",
        "slug": f"bijeenkomst-{Meeting.objects.count()}",
        "summary": "Samenvatting",
        "start_date": datetime.date(2025, 4, 8),
        "end_date": datetime.date(2025, 4, 9),
        "method": Meeting.Method.TRANSNATIONAL,
    }
    return Meeting(**{**defaults, **fields})


def report(**fields):
    defaults = {
        "title": "Reis naar Gent",
        "slug": f"reis-{TravelReport.objects.count()}",
        "summary": "Samenvatting",
        "destination": city("gent"),
        "author_municipality": municipality("GM0518"),
        "author_department": "Onderwijs",
        "departure_date": datetime.date(2025, 3, 1),
        "return_date": datetime.date(2025, 3, 3),
        "travellers": 2,
        "duration": "3 dagen",
        "purpose": "Leren",
        "locations": "Stadhuis",
        "met": "Beleidsambtenaren",
        "yield_for_municipality": "Inzicht",
    }
    return TravelReport(**{**defaults, **fields})


def test_meeting_end_before_start_is_refused_in_dutch():
    with pytest.raises(ValidationError) as error:
        meeting(end_date=datetime.date(2025, 4, 1)).full_clean()
    assert error.value.message_dict["end_date"] == ["De einddatum ligt vóór de begindatum."]


def test_meeting_host_must_be_member_of_its_network(network):
    with pytest.raises(ValidationError) as error:
        meeting(network=network, host_municipality=municipality("GM0758")).full_clean()
    assert error.value.message_dict["host_municipality"] == [
        "Breda is geen lid van het netwerk Testnetwerk."
    ]
    meeting(network=network, host_municipality=city("nantes")).full_clean()


def test_action_plan_municipality_must_be_in_network(network):
    plan = ActionPlan(
        title="Plan", slug="plan", summary="s", ambition="a", network=network,
        municipality=municipality("GM0758"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="geen lid van het netwerk"):
        plan.full_clean()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"travellers": 0}, "travellers", "Er reisde minstens één persoon."),
        (
            {"return_date": datetime.date(2025, 2, 1)},
            "return_date",
            "De terugkeerdatum ligt vóór de vertrekdatum.",
        ),
    ],
)
def test_travel_report_validation(fields, field, message):
    with pytest.raises(ValidationError) as error:
        report(**fields).full_clean()
    assert error.value.message_dict[field] == [message]


def test_negative_travellers_in_admin_form_gives_message(client, redacteur):
    client.force_login(redacteur)
    response = client.post(reverse("admin:meetings_travelreport_add"), {"travellers": "-3"})
    assert response.status_code == 200
    assert "<li>Er reisde minstens één persoon.</li>" in response.content.decode()


def test_action_without_title_is_refused():
    with pytest.raises(ValidationError) as error:
        Action(title="", plan_id=1).full_clean(exclude=["plan"])
    assert error.value.message_dict["title"] == ["Geef de actie een titel."]


def test_travel_report_admin_form_follows_the_template(client, redacteur):
    client.force_login(redacteur)
    html = client.get(reverse("admin:meetings_travelreport_add")).content.decode()
    questions = [
        "Hoeveel personen hebben de reis gemaakt?",
        "Hoelang duurde de reis?",
        "Wat was het doel van de reis?",
        "Welke locaties zijn bezocht?",
        "Wie heb je ontmoet?",
        "Wat heeft de reis de gemeente opgeleverd?",
        "Zijn er vervolgafspraken? Zo ja, welke?",
    ]
    positions = [html.find(q) for q in questions]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    assert "Organisaties en functies, geen namen van personen." in html


def test_staff_writes_travel_report_and_chief_editor_publishes_it(client, redacteur, eindredacteur):
    client.force_login(redacteur)
    data = {
        "title": "Antwerpen, maart 2025: ouderbetrokkenheid in de wijk",
        "slug": "antwerpen-2025",
        "summary": "Wat Antwerpen doet met brugfiguren.",
        "body": "",
        "destination": city("antwerpen").pk,
        "author_municipality": municipality("GM0599").pk,
        "author_department": "Cluster Maatschappelijke Ontwikkeling",
        "departure_date": "2025-03-10",
        "return_date": "2025-03-11",
        "travellers": "2",
        "duration": "2 dagen",
        "purpose": "Leren van de aanpak.",
        "locations": "Een basisschool.",
        "met": "Brugfiguren, schoolleiding.",
        "yield_for_municipality": "Ideeën voor Rotterdam.",
        "follow_up": "",
    }
    response = client.post(reverse("admin:meetings_travelreport_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item = TravelReport.objects.get(slug="antwerpen-2025")
    assert {m.slug for m in item.municipalities.all()} == {"antwerpen", "rotterdam"}
    assert client.get(item.get_absolute_url()).status_code == 200  # preview for staff
    client.post(reverse("admin:meetings_travelreport_transition", args=[item.pk, "submit"]))
    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404
    client.force_login(eindredacteur)
    client.post(reverse("admin:meetings_travelreport_transition", args=[item.pk, "publish"]))
    client.logout()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Wat heeft de reis de gemeente opgeleverd?" in page and "Ideeën voor Rotterdam." in page
    for url in ("/gemeenten/antwerpen/", "/gemeenten/rotterdam/", "/", "/reisverslagen/"):
        assert item.title in client.get(url).content.decode(), url
    printable = client.get(reverse("meetings:report_print", args=[item.slug])).content.decode()
    assert "print-report.css" in printable and "Verslag buitenlandse dienstreis" in printable


def test_demo_content_and_public_pages(client):
    call_command("load_demo", verbosity=0)
    assert Meeting.objects.published().count() == 3
    assert TravelReport.objects.published().count() == 2
    plan = ActionPlan.objects.get()
    assert [a.title for a in plan.actions.all()][0] == "Haags Model Ouderbetrokkenheid"
    html = client.get(plan.get_absolute_url()).content.decode()
    assert '<th scope="row">Haags Model Ouderbetrokkenheid</th>' in html and "Afgerond" in html
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
    for text in ("Buitenkans", "Gent, najaar 2012", "Local Action Plan Den Haag", "URBACT PREVENT"):
        assert text in den_haag
    national = Meeting.objects.get(slug__startswith="landelijke-bijeenkomst")
    assert national.network is None
    html = client.get(national.get_absolute_url()).content.decode()
    assert "Een besloten forum voor ambtenaren." in html


def test_unpublished_meeting_items_are_invisible_everywhere(client, network):
    hidden = meeting(network=network, host_municipality=city("nantes"), title="Geheime bijeenkomst")
    hidden.save()
    hidden.include_concerned_municipalities()
    draft_report = report(title="Geheim reisverslag")
    draft_report.save()
    draft_report.include_concerned_municipalities()
    for url in (
        "/",
        "/bijeenkomsten/",
        "/reisverslagen/",
        "/gemeenten/nantes/",
        "/gemeenten/gent/",
        "/gemeenten/",
        network.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert "Geheime bijeenkomst" not in html and "Geheim reisverslag" not in html, url
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(draft_report.get_absolute_url()).status_code == 404
    assert '<a href="/gemeenten/gent/">' not in client.get("/gemeenten/").content.decode()


def test_upcoming_and_past_meetings(client, redacteur, eindredacteur):
    today = datetime.date.today()
    soon = meeting(title="Binnenkort", start_date=today + datetime.timedelta(days=5),
                   end_date=today + datetime.timedelta(days=6))  # fmt: skip
    soon.save()
    workflow.submit(soon, actor=redacteur)
    workflow.publish(soon, actor=eindredacteur)
    response = client.get("/bijeenkomsten/")
    assert [m.title for m in response.context["upcoming"]] == ["Binnenkort"]
    assert list(response.context["past"].object_list) == []
