"""The public pages of networks, meetings, travel reports and plans
(meetings.views)."""

import datetime
import re

import pytest

from portal.core.models import Municipality
from portal.editorial import workflow
from tests.factories import MeetingFactory, TravelReportFactory

pytestmark = pytest.mark.django_db


def city(slug):
    return Municipality.objects.get(slug=slug)


def test_unpublished_meeting_items_are_invisible_everywhere(client, network):
    hidden = MeetingFactory.build(
        network=network, host_municipality=city("nantes"), title="Geheime bijeenkomst"
    )
    hidden.save()
    hidden.include_concerned_municipalities()
    draft_report = TravelReportFactory.build(title="Geheim reisverslag")
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
    soon = MeetingFactory.build(
        title="Binnenkort",
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=6),
    )
    soon.save()
    workflow.submit(soon, actor=redacteur)
    workflow.publish(soon, actor=eindredacteur)
    response = client.get("/bijeenkomsten/")
    assert [m.title for m in response.context["upcoming"]] == ["Binnenkort"]
    assert list(response.context["past"].object_list) == []


def test_print_version_of_travel_report_is_a_plain_document(client, demo):
    html = client.get("/reisverslagen/reisverslag-gent-brugfiguren/afdrukken/").content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="nl">' in html and "<main" in html and "print-report.css" in html
    assert "<script" not in html and " style=" not in html
