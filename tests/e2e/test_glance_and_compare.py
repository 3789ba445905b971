"""Issue 19, points 1 and 4 in a real browser: a practice with its badges,
the list with badges and compare checkboxes, and the comparison of three
practices have no axe (WCAG 2.1 A/AA) violations and valid HTML, work
without JavaScript (the comparison is reached by ticking boxes and pressing
the button); screenshots go to test-artifacts/screenshots/."""

import json

import pytest

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import axe_violations, validate_html
from tests.factories import PracticeFactory, municipality

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def make_practices():
    judged = PracticeFactory(
        published=True,
        title="Voorlezen aan huis",
        slug="voorlezen-aan-huis",
        municipalities=[municipality("GM0758")],
        evidence_level="goed-onderbouwd",
        evidence_source="Test: erkenning door een commissie",
        cost_band="laag",
        cost_unit="per-gezin",
        time_investment="Twintig weken, een uur per week",
        results="Ouders lezen vaker voor (test).",
        requirements="Vrijwilligers en een coördinator.",
        continuity="structureel",
    )
    unknown = PracticeFactory(
        published=True,
        title="Ouderkamer in de wijk",
        slug="ouderkamer-in-de-wijk",
        municipalities=[municipality("GM0344")],
    )
    third = PracticeFactory(
        published=True,
        title="Taalcafé voor ouders",
        slug="taalcafe-voor-ouders",
        evidence_level="niet-beoordeeld",
        cost_band="midden",
        cost_unit="per-school-per-jaar",
    )
    return judged, unknown, third


def test_badges_and_comparison_are_accessible_valid_and_need_no_javascript(
    live_server, browser, tmp_path
):
    judged, unknown, third = make_practices()
    context = browser.new_context(bypass_csp=True, locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    found, html_files = {}, {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def visit(url, shot):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        record(url, shot)

    def record(url, shot):
        """The page's HTML for the validator and a screenshot (axe needs
        JavaScript: it runs below, on the same pages)."""
        path = tmp_path / f"page{len(html_files)}.html"
        path.write_text(page.content(), encoding="utf-8")
        html_files[str(path)] = url
        page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)

    visit(judged.get_absolute_url(), "praktijk-met-badges")
    text = page.inner_text("main")
    assert "goed onderbouwd" in text and "laag" in text
    visit(unknown.get_absolute_url(), "praktijk-niet-bekend")
    assert "niet bekend" in page.inner_text("main")

    # Without JavaScript: tick three practices on the list and press the button.
    visit("/praktijkvoorbeelden/?sortering=az", "praktijken-lijst-badges")
    for practice in (judged, unknown, third):
        page.check(f"input[name='p'][value='{practice.slug}']")
    page.get_by_role("button", name="Vergelijk de aangevinkte voorbeelden").click()
    assert "/praktijkvoorbeelden/vergelijken/" in page.url
    record("/praktijkvoorbeelden/vergelijken/ (na aanvinken)", "vergelijken")
    table = page.inner_text("table")
    for practice in (judged, unknown, third):
        assert practice.title in table
    assert "niet bekend" in table and "goed onderbouwd" in table
    compare_url = page.url.removeprefix(live_server.url)
    context.close()

    # axe (needs JavaScript) on the same pages.
    context = browser.new_context(bypass_csp=True, locale="nl-NL")
    page = context.new_page()
    for url in (
        judged.get_absolute_url(),
        unknown.get_absolute_url(),
        "/praktijkvoorbeelden/?sortering=az",
        compare_url,
    ):
        assert page.goto(live_server.url + url).status == 200, url
        found[url] = axe_violations(page)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + compare_url)
    page.screenshot(path=str(SCREENSHOTS / "vergelijken-360.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360, f"the comparison overflows a phone: {width}px"
    problems = {name: v for name, v in found.items() if v}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
    invalid = {html_files[f]: e for f, e in validate_html(list(html_files)).items()}
    assert not invalid, json.dumps(invalid, indent=1, ensure_ascii=False)
