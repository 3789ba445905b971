"""Meetings as iCalendar (RFC 5545): one file per meeting and one of all
upcoming meetings, to put in a calendar.

Only what is known goes in: a meeting whose day is known becomes an all-day
event (``DTSTART;VALUE=DATE``, ``DTEND`` the day after its last day, as the
RFC wants for all-day events); a meeting of unknown date, or known only to
the month or year, gets no event (never a guessed day). Text is UTF-8,
escaped (``\\``, ``;``, ``,``, new lines) and folded at 75 octets without
splitting a character.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from portal.core.dates import DAY

PRODID = "-//Kennisportaal Ouderbetrokkenheid//Bijeenkomsten//NL"
LINE_OCTETS = 75


def escape(text: object) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    value = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded: at most 75 octets per physical line, the
    continuation lines starting with a space (RFC 5545 3.1)."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1  # the leading space counts
        if size + octets > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def _date(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def _stamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def has_day(meeting) -> bool:
    """Is the meeting's first day known (so it can be a calendar event)?"""
    return meeting.start_date is not None and (meeting.date_precision or DAY) == DAY


def event(meeting, *, now: datetime.datetime) -> list[str]:
    """The VEVENT lines of ``meeting``; none when its day is not known."""
    if not has_day(meeting):
        return []
    last = meeting.end_date or meeting.start_date
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    place = ", ".join(str(part) for part in (meeting.venue, meeting.host_municipality) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:bijeenkomst-{meeting.pk}@{host}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART;VALUE=DATE:{_date(meeting.start_date)}",
        f"DTEND;VALUE=DATE:{_date(last + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape(meeting.title)}",
    ]
    if meeting.summary:
        lines.append(f"DESCRIPTION:{escape(meeting.summary)}")
    if place:
        lines.append(f"LOCATION:{escape(place)}")
    lines.append(f"URL:{settings.SITE_URL}{meeting.get_absolute_url()}")
    if meeting.updated_at:
        lines.append(f"LAST-MODIFIED:{_stamp(meeting.updated_at)}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings, *, name: str, now: datetime.datetime | None = None) -> str:
    """A VCALENDAR with an event for each meeting whose day is known."""
    now = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for meeting in meetings:
        lines += event(meeting, now=now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
