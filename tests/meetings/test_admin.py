"""The admin of meetings and travel reports (meetings.admin)."""

import pytest
from django.urls import reverse

from meetings.models import TravelReport
from portal.core.models import Municipality, Status
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def management_forms(*prefixes):
    """Empty inline formsets, as the admin form posts them."""
    return {f"{prefix}-{key}": 0 for prefix in prefixes for key in ("TOTAL_FORMS", "INITIAL_FORMS")}


def city(slug):
    return Municipality.objects.get(slug=slug)


def test_negative_travellers_in_admin_form_gives_message(client, redacteur):
    client.force_login(redacteur)
    response = client.post(reverse("admin:meetings_travelreport_add"), {"travellers": "-3"})
    assert response.status_code == 200
    assert "<li>Er reisde minstens één persoon.</li>" in response.content.decode()


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
        "date_precision": "day",
        **management_forms("attachments", "links"),
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
