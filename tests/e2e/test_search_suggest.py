"""The search page in Chromium (issue 16): title suggestions while typing as
a WAI-ARIA combobox under the real CSP, axe-clean with the list open; the
page without JavaScript; the filters in a disclosure on a small screen."""

import json

import pytest
from django.core.management import call_command

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import axe_violations, validate_html

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", verbosity=0)
    return live_server.url


def open_suggestions(page, text):
    box = page.get_by_role("combobox", name="Zoekwoorden")
    box.fill("")
    box.press_sequentially(text, delay=30)
    listbox = page.get_by_role("listbox", name="Suggesties")
    listbox.wait_for(state="visible")
    return box, listbox


def test_typing_offers_titles_and_arrow_down_enter_opens_one(demo_site, browser, screenshot):
    """Under the real CSP (no bypass): the script is a file of our own."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(demo_site + "/zoeken/")
    box, listbox = open_suggestions(page, "bred")
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    options = listbox.get_by_role("option")
    assert 1 <= options.count() <= 8
    assert all("breda" in t.lower() for t in options.all_inner_texts())
    # The live region says how many there are.
    status = page.locator(".search-suggest [role=status]")
    assert "suggestie" in status.inner_text()
    screenshot(page, "search-suggest-open")

    box.press("ArrowDown")
    first = options.nth(0)
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("ArrowDown")
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    title = first.locator(".search-suggest__title").inner_text()
    box.press("Enter")
    page.wait_for_url(lambda url: "/zoeken/" not in url)
    assert page.locator("h1").inner_text().strip() == title

    page.go_back()
    box, listbox = open_suggestions(page, "ouders")
    box.press("Escape")
    listbox.wait_for(state="hidden")
    assert box.get_attribute("aria-expanded") == "false"
    # Enter without a chosen suggestion searches, as without the script.
    box.press("Enter")
    page.wait_for_url("**/zoeken/?q=ouders*")
    refused = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    context.close()
    assert not refused, refused


def test_the_open_list_has_no_axe_violations_and_valid_html(demo_site, browser, tmp_path):
    context = browser.new_context(bypass_csp=True, locale="nl-NL")  # to inject axe
    page = context.new_page()
    page.goto(demo_site + "/zoeken/?q=ouders")
    box, _listbox = open_suggestions(page, "ouderb")
    box.press("ArrowDown")
    violations = axe_violations(page)
    html = tmp_path / "suggest.html"
    html.write_text(page.content(), encoding="utf-8")
    context.close()
    assert not violations, json.dumps(violations, indent=1, ensure_ascii=False)
    assert validate_html([str(html)]) == {}


def test_the_page_works_without_javascript(demo_site, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(demo_site + "/zoeken/")
    box = page.get_by_role("searchbox", name="Zoekwoorden")
    assert box.get_attribute("role") is None and page.get_by_role("listbox").count() == 0
    box.fill("ouders")
    box.press("Enter")
    page.wait_for_url("**/zoeken/?q=ouders*")
    assert page.locator(".search-hit").count() > 0
    # A filter, then nothing found: the filters stay, with a way out.
    page.goto(demo_site + "/zoeken/?q=nantes&type=practices")
    assert "0 resultaten" in page.locator("#search-results-heading").inner_text()
    page.get_by_role("link", name="zoek in alle soorten").click()
    page.wait_for_url("**/zoeken/?q=nantes")
    assert page.locator(".search-hit").count() > 0
    context.close()


def test_small_screen_shows_results_first_and_filters_folded(demo_site, browser, screenshot):
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(demo_site + "/zoeken/?q=ouders&type=practices")
    toggle = page.locator("summary", has_text="Filters (1 gekozen)")
    assert toggle.is_visible()
    checkbox = page.get_by_role("checkbox").first
    assert not checkbox.is_visible()
    screenshot(page, "search-small-screen")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "search-small-screen-first-view.png"))
    # The folded filters take one line: the first result follows right after.
    folded = toggle.bounding_box()
    first_hit = page.locator(".search-hit").first.bounding_box()
    assert folded["height"] < 60
    assert first_hit["y"] - (folded["y"] + folded["height"]) < 200, first_hit
    toggle.click()
    assert checkbox.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    context.close()

    # Wide: the filters stand beside the results, without a toggle.
    context = browser.new_context(locale="nl-NL", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(demo_site + "/zoeken/?q=ouders&type=practices")
    assert page.get_by_role("checkbox").first.is_visible()
    assert not page.locator("summary").is_visible()
    # Shown means reachable: in Chromium's accessibility tree and by keyboard.
    tree = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    boxes = [n for n in tree if n.get("role", {}).get("value") == "checkbox"]
    assert boxes and not any(n.get("ignored") for n in boxes)
    page.get_by_role("checkbox").first.focus()
    assert page.evaluate("document.activeElement.type") == "checkbox"
    filters = page.locator(".search-filters").bounding_box()
    results = page.locator(".results").bounding_box()
    assert filters["x"] < results["x"] and abs(filters["y"] - results["y"]) < 50
    context.close()
