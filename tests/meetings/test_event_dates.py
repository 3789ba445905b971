"""Dates that mean something (issue 17 point 4): every content type has its
event date, each may be unknown; lists, cards, feeds, the API and search
sort and show by it, and the publication date is shown apart, labelled."""

import datetime
import re

import pytest
from django.utils import timezone

from meetings.models import Meeting
from portal.core.models import Municipality
from portal.search.index import rebuild
from tests.factories import (
    ActionPlanFactory,
    MeetingFactory,
    PracticeFactory,
    TravelReportFactory,
)

pytestmark = pytest.mark.django_db


def published_now(item):
    """Published a minute ago: the load date, as the demo has it."""
    item.publish_at = timezone.now() - datetime.timedelta(minutes=1)
    item.save()
    return item


@pytest.fixture
def old_and_new():
    """A 2012 meeting published *after* a 2015 one, and one of unknown date."""
    new = MeetingFactory(
        published=True,
        title="Bijeenkomst van 2015",
        start_date=datetime.date(2015, 4, 8),
        end_date=datetime.date(2015, 4, 11),
    )
    old = MeetingFactory(
        published=True,
        title="Bijeenkomst van 2012",
        start_date=datetime.date(2012, 7, 3),
        end_date=None,
    )
    unknown = MeetingFactory(
        published=True, title="Bijeenkomst zonder datum", start_date=None, end_date=None
    )
    for item in (new, old, unknown):
        published_now(item)
    return new, old, unknown


def test_event_date_follows_the_type_fields():
    meeting = MeetingFactory(start_date=datetime.date(2012, 7, 3), end_date=None)
    assert meeting.event_date == datetime.date(2012, 7, 3)
    assert meeting.event_label == "3 juli 2012"
    report = TravelReportFactory(departure_date=None, return_date=None)
    assert report.event_date is None and report.event_label == ""
    plan = ActionPlanFactory(start_year=2013, end_year=2015)
    assert plan.event_date == datetime.date(2013, 1, 1) and plan.event_label == "2013–2015"
    practice = PracticeFactory(start_year=2019)
    assert practice.event_label == "sinds 2019"


def test_month_precision_is_stored_as_the_first_and_read_as_the_month():
    meeting = MeetingFactory(
        start_date=datetime.date(2015, 11, 17), end_date=None, date_precision="month"
    )
    meeting.refresh_from_db()
    assert meeting.start_date == datetime.date(2015, 11, 1)
    assert meeting.event_label == "november 2015"
    assert meeting.last_day == datetime.date(2015, 11, 30)


def test_meeting_list_sorts_by_when_it_happened_and_keeps_unknown_dates(client, old_and_new):
    new, old, unknown = old_and_new
    html = client.get("/bijeenkomsten/").content.decode()
    assert html.index(new.title) < html.index(old.title) < html.index(unknown.title)
    assert "3 juli 2012" in html and "8–11 april 2015" in html


def test_unknown_meeting_date_is_not_shown(client, old_and_new):
    _new, _old, unknown = old_and_new
    html = client.get(unknown.get_absolute_url()).content.decode()
    assert ">Datum<" not in html
    assert "Gepubliceerd op" in html


def test_upcoming_and_past_use_the_last_day():
    today = datetime.date(2026, 11, 27)
    this_month = MeetingFactory(
        published=True,
        start_date=datetime.date(2026, 11, 1),
        end_date=None,
        date_precision="month",
    )
    yesterday = MeetingFactory(
        published=True, start_date=datetime.date(2026, 11, 26), end_date=None
    )
    undated = MeetingFactory(published=True, start_date=None, end_date=None)
    upcoming = set(Meeting.objects.published().upcoming(today=today))
    past = set(Meeting.objects.published().past(today=today))
    assert this_month in upcoming and this_month not in past
    assert yesterday in past and undated in past and undated not in upcoming


def test_cards_show_the_event_and_label_the_publication(client):
    den_haag = Municipality.objects.get(cbs_code="GM0518")
    practice = published_now(
        PracticeFactory(
            published=True, title="Aanpak sinds 2019", start_year=2019, municipalities=[den_haag]
        )
    )
    html = client.get(den_haag.get_absolute_url()).content.decode()
    card = html[html.index(practice.title) :]
    card = card[: card.index("</article>")]
    assert 'datetime="2019">sinds 2019</time>' in card
    assert "Gepubliceerd op" in card


def test_report_list_sorts_by_trip_date(client):
    later = TravelReportFactory(
        published=True,
        title="Reis 2015",
        departure_date=datetime.date(2015, 4, 8),
        return_date=datetime.date(2015, 4, 11),
    )
    earlier = TravelReportFactory(
        published=True,
        title="Reis 2013",
        departure_date=datetime.date(2013, 5, 1),
        return_date=datetime.date(2013, 5, 2),
    )
    published_now(earlier)  # published last, happened first
    html = client.get("/reisverslagen/").content.decode()
    assert html.index(later.title) < html.index(earlier.title)
    assert "8–11 april 2015" in html


def test_api_gives_and_sorts_by_the_event(client, old_and_new):
    new, old, unknown = old_and_new
    rows = client.get("/api/bijeenkomsten/").json()["results"]
    titles = [row["title"] for row in rows]
    assert titles.index(new.title) < titles.index(old.title) < titles.index(unknown.title)
    by_title = {row["title"]: row["event"] for row in rows}
    assert by_title[old.title] == {
        "start": "2012-07-03",
        "end": None,
        "precision": "day",
        "label": "3 juli 2012",
    }
    assert by_title[unknown.title]["start"] is None and by_title[unknown.title]["label"] == ""


def test_feed_orders_by_event_and_names_it(client, old_and_new):
    new, old, unknown = old_and_new
    xml = client.get("/feeds/bijeenkomsten/rss/").content.decode()
    assert xml.index(new.title) < xml.index(old.title) < xml.index(unknown.title)
    assert "3 juli 2012: " in xml


def test_search_shows_the_event_and_its_year(client, old_and_new):
    rebuild()
    html = client.get("/zoeken/", {"q": "bijeenkomst"}).content.decode()
    assert "3 juli 2012" in html
    years = set(re.findall(r'name="jaar" value="(\d{4})"', html))
    assert {"2012", "2015"} <= years
    assert str(timezone.localdate().year) not in years  # never the load year
