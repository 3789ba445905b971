"""Relations visible both ways (issue 17 point 3): meeting ↔ network ↔
travel reports ↔ action plans ↔ municipalities ↔ practices; only what the
public may see is listed."""

import pytest

from portal.core.models import Municipality
from tests.factories import (
    ActionPlanFactory,
    MeetingFactory,
    MeetingPointFactory,
    NetworkFactory,
    PracticeFactory,
    TravelReportFactory,
)

pytestmark = pytest.mark.django_db


def city(slug):
    return Municipality.objects.get(slug=slug)


def page(client, item):
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def web():
    """A network with a public meeting, a trip of Den Haag to it, Den Haag's
    plan, a Den Haag practice — and a draft of each kind beside them."""
    den_haag = Municipality.objects.get(cbs_code="GM0518")
    network = NetworkFactory(name="URBACT Testnet", lead_municipality=city("nantes"))
    network.municipalities.set([city("nantes"), den_haag])
    meeting = MeetingFactory(
        published=True, title="Slotbijeenkomst Testnet", network=network, municipalities=[den_haag]
    )
    report = TravelReportFactory(
        published=True,
        title="Reis naar de slotbijeenkomst",
        meeting=meeting,
        destination=city("nantes"),
        author_municipality=den_haag,
    )
    report.include_concerned_municipalities()
    plan = ActionPlanFactory(
        published=True, title="Haags actieplan", network=network, municipality=den_haag
    )
    plan.include_concerned_municipalities()
    practice = PracticeFactory(
        published=True, title="Haagse ouderaanpak", municipalities=[den_haag]
    )
    drafts = [
        MeetingFactory(title="Concept-bijeenkomst", network=network, municipalities=[den_haag]),
        TravelReportFactory(title="Concept-reis", meeting=meeting, author_municipality=den_haag),
        ActionPlanFactory(title="Concept-plan", network=network, municipality=den_haag),
    ]
    return {
        "den_haag": den_haag,
        "network": network,
        "meeting": meeting,
        "report": report,
        "plan": plan,
        "practice": practice,
        "drafts": drafts,
    }


def assert_lists(html, *items):
    for item in items:
        assert item.get_absolute_url() in html, item
    for title in ("Concept-bijeenkomst", "Concept-reis", "Concept-plan"):
        assert title not in html


def test_network_page_lists_its_meetings_reports_and_plans(client, web):
    assert_lists(page(client, web["network"]), web["meeting"], web["report"], web["plan"])


def test_meeting_page_lists_network_reports_and_plans(client, web):
    assert_lists(page(client, web["meeting"]), web["network"], web["report"], web["plan"])


def test_report_page_lists_meeting_network_and_the_plan_of_its_municipality(client, web):
    assert_lists(page(client, web["report"]), web["meeting"], web["network"], web["plan"])


def test_plan_page_lists_network_meetings_and_reports(client, web):
    assert_lists(page(client, web["plan"]), web["network"], web["meeting"], web["report"])


def test_municipality_page_lists_every_kind(client, web):
    html = page(client, web["den_haag"])
    assert_lists(html, web["meeting"], web["report"], web["plan"], web["practice"])
    assert web["network"].get_absolute_url() in html


def test_a_point_naming_a_municipality_shows_on_its_page_only_when_public(client, web):
    point = MeetingPointFactory(
        meeting=web["meeting"],
        kind="activity",
        text="Sociale teams bij schoolteams",
        municipality=city("veendam"),
    )
    hidden = MeetingPointFactory(
        meeting=web["drafts"][0], kind="tip", text="Geheime tip", municipality=city("veendam")
    )
    html = page(client, city("veendam"))
    assert point.text in html and point.get_absolute_url() in html
    assert hidden.text not in html
    meeting_html = page(client, web["meeting"])
    assert f'id="punt-{point.pk}"' in meeting_html
    assert city("veendam").get_absolute_url() in meeting_html


def test_meeting_page_groups_its_points_by_kind(client, web):
    MeetingPointFactory(meeting=web["meeting"], kind="support_need", text="Een besloten forum")
    MeetingPointFactory(meeting=web["meeting"], kind="concern", text="Dalende leerlingenaantallen")
    html = page(client, web["meeting"])
    concern = html.index("Wat gemeenten bezighoudt")
    need = html.index("Ondersteuningsbehoefte")
    assert concern < html.index("Dalende leerlingenaantallen") < need
    assert need < html.index("Een besloten forum")
    assert "Tips van gemeenten" not in html  # a kind without points has no heading
