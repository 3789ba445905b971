import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Action, ActionPlan
from portal.core.models import Municipality
from tests.factories import MeetingFactory, TravelReportFactory, municipality

pytestmark = pytest.mark.django_db


def city(slug):
    return Municipality.objects.get(slug=slug)


def test_meeting_end_before_start_is_refused_in_dutch():
    with pytest.raises(ValidationError) as error:
        MeetingFactory.build(end_date=datetime.date(2025, 4, 1)).full_clean()
    assert error.value.message_dict["end_date"] == ["De einddatum ligt vóór de begindatum."]


def test_meeting_host_must_be_member_of_its_network(network):
    with pytest.raises(ValidationError) as error:
        MeetingFactory.build(network=network, host_municipality=municipality("GM0758")).full_clean()
    assert error.value.message_dict["host_municipality"] == [
        "Breda is geen lid van het netwerk Testnetwerk."
    ]
    MeetingFactory.build(network=network, host_municipality=city("nantes")).full_clean()


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
        TravelReportFactory.build(**fields).full_clean()
    assert error.value.message_dict[field] == [message]


def test_action_without_title_is_refused():
    with pytest.raises(ValidationError) as error:
        Action(title="", plan_id=1).full_clean(exclude=["plan"])
    assert error.value.message_dict["title"] == ["Geef de actie een titel."]
