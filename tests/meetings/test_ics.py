"""Meetings in a calendar (meetings.ics, issue 20 point 6): one .ics per
public meeting and one of all upcoming ones; RFC 5545, UTF-8, folded lines,
all-day dates, no event without a known day, nothing unpublished."""

import datetime
import re

import pytest
from django.utils import timezone

from meetings import ics
from portal.core.dates import MONTH
from tests.factories import MeetingFactory, municipality

pytestmark = pytest.mark.django_db

CALENDAR = "/bijeenkomsten/agenda.ics"


def soon(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def unfold(text):
    return text.replace("\r\n ", "")


def events(text):
    return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfold(text), re.S)


def test_one_meeting_as_an_all_day_event(client):
    meeting = MeetingFactory(
        published=True,
        title="Ouders, school & gemeente; samen verder",
        summary="Een dag over ouderbetrokkenheid,\nmet workshops.",
        start_date=soon(10),
        end_date=soon(11),
        venue="Stadhuis",
        host_municipality=municipality("GM0344"),
    )
    response = client.get(f"/bijeenkomsten/{meeting.slug}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{meeting.slug}.ics"'
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    (event,) = events(text)
    lines = event.split("\r\n")
    assert f"DTSTART;VALUE=DATE:{soon(10):%Y%m%d}" in lines
    assert f"DTEND;VALUE=DATE:{soon(12):%Y%m%d}" in lines  # the day after the last day
    assert "SUMMARY:Ouders\\, school & gemeente\\; samen verder" in lines
    assert "DESCRIPTION:Een dag over ouderbetrokkenheid\\,\\nmet workshops." in lines
    assert "LOCATION:Stadhuis\\, Utrecht" in lines
    assert f"URL:http://127.0.0.1:8000/bijeenkomsten/{meeting.slug}/" in lines
    assert f"UID:bijeenkomst-{meeting.pk}@127.0.0.1" in lines
    assert any(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines)


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character(client):
    title = "Ouderbetrokkenheid in Zoë’s gemeente – " * 5
    meeting = MeetingFactory(published=True, title=title, start_date=soon(3), end_date=None)
    raw = client.get(f"/bijeenkomsten/{meeting.slug}/agenda.ics").content
    physical = raw.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)
    assert all(line.decode("utf-8") is not None for line in physical)  # whole characters
    assert f"SUMMARY:{title}" in unfold(raw.decode("utf-8"))


def test_fold_counts_octets_and_keeps_characters_whole():
    folded = ics.fold("SUMMARY:" + "é" * 100)
    parts = folded.split("\r\n")
    assert [len(p.encode()) for p in parts] == [74, 75, 61]
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 100


def test_the_calendar_has_upcoming_public_meetings_with_a_known_day_only(client):
    coming = MeetingFactory(published=True, title="Komt eraan", start_date=soon(5), end_date=None)
    MeetingFactory(title="Concept", start_date=soon(6), end_date=None)  # draft
    MeetingFactory(
        title="Gepland", start_date=soon(6), end_date=None, scheduled=True
    )  # not public yet
    MeetingFactory(published=True, title="Voorbij", start_date=soon(-30), end_date=None)
    MeetingFactory(published=True, title="Datum onbekend", start_date=None, end_date=None)
    MeetingFactory(
        published=True,
        title="Ergens volgende maand",
        start_date=soon(40).replace(day=1),
        end_date=None,
        date_precision=MONTH,
    )
    response = client.get(CALENDAR)
    assert response.status_code == 200
    text = unfold(response.content.decode())
    (event,) = events(text)
    assert "SUMMARY:Komt eraan" in event and f"UID:bijeenkomst-{coming.pk}@" in event
    for absent in ("Concept", "Gepland", "Voorbij", "Datum onbekend", "Ergens volgende maand"):
        assert absent not in text


def test_no_file_for_a_draft_or_a_meeting_without_a_known_day(client):
    draft = MeetingFactory(start_date=soon(5))
    unknown = MeetingFactory(published=True, start_date=None, end_date=None)
    month = MeetingFactory(
        published=True, start_date=soon(40).replace(day=1), end_date=None, date_precision=MONTH
    )
    for meeting in (draft, unknown, month):
        assert client.get(f"/bijeenkomsten/{meeting.slug}/agenda.ics").status_code == 404


def test_pages_link_to_the_calendar_files(client):
    meeting = MeetingFactory(published=True, start_date=soon(5), end_date=None)
    past = MeetingFactory(published=True, start_date=soon(-5), end_date=None)
    listing = client.get("/bijeenkomsten/").content.decode()
    assert f'href="{CALENDAR}"' in listing
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="/bijeenkomsten/{meeting.slug}/agenda.ics"' in detail
    assert "agenda.ics" not in client.get(past.get_absolute_url()).content.decode()
