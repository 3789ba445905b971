"""When something happened, as exactly as the sources say it: a period with
a precision (day, month or year), read in natural Dutch.

Every content type has such an *event period* (a meeting's dates, a trip's
dates, a practice's or plan's years); each end may be unknown. Lists, cards,
feeds, the API and search sort and show by it, and the publication date is
shown apart from it ("gepubliceerd op").

How a period reads (``Period.label``)::

    3 juli 2012                 one day
    8–11 april 2015             a range within one month
    30 juni – 2 juli 2012       a range within one year
    april 2015, 2013            a month or a year alone
    2013–2015                   years
    sinds 2019                  an open start: begun, no end known (periods only)

An unknown date gives an empty label: it is simply not shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

DAY, MONTH, YEAR = "day", "month", "year"


def year_start(year: int | None) -> datetime.date | None:
    """1 January of ``year`` (the stored form of a year-precise date)."""
    return datetime.date(year, 1, 1) if year else None


@dataclass(frozen=True)
class Period:
    """A start and an end (either may be None = unknown) at one precision.

    ``ongoing``: a start without an end means "since then" (a practice, a
    plan) rather than "on that day" (a meeting, a trip)."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    precision: str = DAY
    ongoing: bool = False

    @property
    def sort_date(self) -> datetime.date | None:
        """The date lists sort by: the start, else the end."""
        return self.start or self.end

    @property
    def last_day(self) -> datetime.date | None:
        """The last day the period may cover (for "upcoming or past")."""
        last = self.end or self.start
        if last is None:
            return None
        if self.precision == YEAR:
            return datetime.date(last.year, 12, 31)
        if self.precision == MONTH:
            following = datetime.date(last.year + last.month // 12, last.month % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        return last

    def __bool__(self) -> bool:
        return bool(self.start or self.end)

    def _one(self, date: datetime.date, *, year: bool = True) -> str:
        if self.precision == YEAR:
            return str(date.year)
        if self.precision == MONTH:
            return date_format(date, "F Y" if year else "F")
        return date_format(date, "j F Y" if year else "j F")

    def label(self) -> str:
        """The period in natural Dutch; "" when nothing is known."""
        start, end = self.start, self.end
        if start is None and end is None:
            return ""
        if start is None:
            assert end is not None  # noqa: S101 (narrowing for the type checker)
            return gettext("tot en met %(date)s") % {"date": self._one(end)}
        if end is None:
            if self.ongoing:
                return gettext("sinds %(date)s") % {"date": self._one(start)}
            return self._one(start)
        if self._one(start) == self._one(end):
            return self._one(start)
        if self.precision == YEAR:
            return f"{start.year}–{end.year}"
        if start.year != end.year:
            return f"{self._one(start)} – {self._one(end)}"
        if self.precision == DAY and start.month == end.month:
            return f"{start.day}–{self._one(end)}"
        return f"{self._one(start, year=False)} – {self._one(end)}"

    def iso(self) -> str:
        """The start as a machine-readable date at its precision, for the
        ``datetime`` attribute of ``<time>`` ("2015", "2015-04", "2015-04-08")."""
        date = self.start or self.end
        if date is None:
            return ""
        if self.precision == YEAR:
            return f"{date.year:04d}"
        if self.precision == MONTH:
            return f"{date.year:04d}-{date.month:02d}"
        return date.isoformat()

    def __str__(self) -> str:
        return self.label()
