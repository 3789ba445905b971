"""Event periods read in natural Dutch, at the precision the source gives."""

import datetime

import pytest

from portal.core.dates import DAY, MONTH, YEAR, Period, year_start
from portal.core.models import DatePrecision


def day(parts):
    return datetime.date(*parts) if parts else None


@pytest.mark.parametrize(
    "start, end, precision, ongoing, label",
    [
        ((2012, 7, 3), None, DAY, False, "3 juli 2012"),
        ((2012, 7, 3), (2012, 7, 3), DAY, False, "3 juli 2012"),
        ((2015, 4, 8), (2015, 4, 11), DAY, False, "8–11 april 2015"),
        ((2012, 6, 30), (2012, 7, 2), DAY, False, "30 juni – 2 juli 2012"),
        ((2024, 12, 30), (2025, 1, 2), DAY, False, "30 december 2024 – 2 januari 2025"),
        ((2015, 11, 1), None, MONTH, False, "november 2015"),
        ((2015, 4, 1), (2015, 6, 1), MONTH, False, "april – juni 2015"),
        ((2015, 11, 1), (2016, 2, 1), MONTH, False, "november 2015 – februari 2016"),
        ((2013, 1, 1), (2015, 1, 1), YEAR, True, "2013–2015"),
        ((2013, 1, 1), (2013, 1, 1), YEAR, True, "2013"),
        ((2019, 1, 1), None, YEAR, True, "sinds 2019"),
        ((2019, 1, 1), None, YEAR, False, "2019"),
        (None, (2015, 1, 1), YEAR, True, "tot en met 2015"),
        (None, None, DAY, False, ""),
    ],
)
def test_period_label_in_natural_dutch(start, end, precision, ongoing, label):
    assert Period(day(start), day(end), precision, ongoing=ongoing).label() == label


def test_unknown_period_is_falsy_and_has_no_sort_date():
    assert not Period()
    assert Period().sort_date is None
    assert Period().iso() == ""


@pytest.mark.parametrize(
    "period, iso, last_day",
    [
        (Period(day((2015, 4, 8)), day((2015, 4, 11))), "2015-04-08", day((2015, 4, 11))),
        (Period(day((2015, 11, 1)), None, MONTH), "2015-11", day((2015, 11, 30))),
        (Period(day((2015, 12, 1)), None, MONTH), "2015-12", day((2015, 12, 31))),
        (Period(year_start(2013), year_start(2015), YEAR), "2013", day((2015, 12, 31))),
    ],
)
def test_machine_readable_start_and_last_day(period, iso, last_day):
    assert period.iso() == iso
    assert period.last_day == last_day


def test_precision_truncates_the_stored_date():
    date = datetime.date(2015, 4, 8)
    assert DatePrecision.truncate(date, DAY) == date
    assert DatePrecision.truncate(date, MONTH) == datetime.date(2015, 4, 1)
    assert DatePrecision.truncate(date, YEAR) == datetime.date(2015, 1, 1)
    assert DatePrecision.truncate(None, YEAR) is None
