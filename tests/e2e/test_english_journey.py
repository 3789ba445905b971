"""Issue 21: an English-speaking partner's journey in a real browser. The
browser asks for English, so the first visit to / lands on /en/; home →
practice → search (an English query finds English versions; the title
suggestions are English) → the submission form (an error, then sent). Every
English page: no axe violations, valid HTML, <html lang="en">, and Dutch-only
text marked lang="nl". Screenshots of both languages."""

import json

import pytest
from django.core.management import call_command

from practices.models import Submission
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import axe_violations, validate_html

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_english_journey_home_practice_search_form(live_server, browser, settings, tmp_path):
    call_command("load_demo", verbosity=0)
    settings.SUBMISSION_MIN_SECONDS = 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    found, files = {}, {}

    def check(name):
        assert page.evaluate("document.documentElement.lang") == "en", name
        found[name] = axe_violations(page)
        path = tmp_path / f"en{len(files)}.html"
        path.write_text(page.content(), encoding="utf-8")
        files[str(path)] = name
        page.screenshot(path=str(SCREENSHOTS / f"en-{name}.png"), full_page=True)

    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/en/"
    assert page.locator("h1").first.is_visible()
    check("1-home")

    page.locator(".site-nav").get_by_role("link", name="Practices").click()
    assert page.locator("h1").inner_text() == "Practices"
    page.locator(".card__title a").first.click()
    assert "/en/praktijkvoorbeelden/" in page.url
    # An untranslated practice: the Dutch text says so, with an English note.
    assert page.locator("h1").get_attribute("lang") == "nl"
    assert page.locator(".only-dutch").inner_text() == "This item is only available in Dutch."
    check("2-practice")

    page.goto(live_server.url + "/en/bijeenkomsten/eurocities-gent-ouderbetrokkenheid/")
    assert page.locator("h1").inner_text().startswith("Critical friend review in Ghent")
    assert page.locator("h1").get_attribute("lang") is None
    check("3-translated-meeting")

    # English search: an English query finds the English versions first.
    page.get_by_label("Search", exact=True).fill("bridge figures")
    page.get_by_role("button", name="Search", exact=True).click()
    assert "/en/zoeken/" in page.url
    first = page.locator(".search-hit .card__title a").first
    assert first.inner_text() == "Ghent: bridge figures between school and parents (Eurocities)"
    assert first.get_attribute("lang") is None
    assert first.get_attribute("href").startswith("/en/reisverslagen/")
    assert page.locator("#search-results-heading").inner_text() == "2 results"
    check("4-search")
    # Title suggestions while typing: the English title, to the English page.
    box = page.get_by_role("combobox", name="Keywords")
    box.fill("")
    box.press_sequentially("critic", delay=30)
    option = page.get_by_role("listbox", name="Suggestions").get_by_role("option").first
    assert option.locator(".search-suggest__title").inner_text() == (
        "Critical friend review in Ghent: parental involvement at school"
    )
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/en/bijeenkomsten/eurocities-gent-ouderbetrokkenheid/")

    page.locator(".site-nav").get_by_role("link", name="Share your experience").click()
    assert page.locator("h1").inner_text() == "Share your experience"
    page.get_by_label("Your story").fill("We invite parents to the parents' room.\n\nEvery week.")
    page.get_by_label("Municipality").select_option(label="Utrecht")
    page.get_by_label("Organisation").fill("Brede school Zuid")
    page.get_by_label("Your job or role").fill("Parent consultant")
    page.get_by_label("Name", exact=True).fill("Zoë Ünal")
    page.get_by_label("E-mail address").fill("zoe@example.org")
    page.get_by_label("I consent").check()
    page.get_by_role("button", name="Send my experience").click()
    assert "Give your experience a title." in page.locator(".error-summary").inner_text()
    check("5-form-error")

    page.get_by_label("Title of your experience").fill("Parents' room at the community school")
    page.get_by_label("I consent").check()
    page.get_by_role("button", name="Send my experience").click()
    assert page.locator("h1").inner_text() == "Thank you for sharing your experience"
    assert Submission.objects.get().title == "Parents' room at the community school"
    check("6-thanks")

    # The switch keeps the visitor on the same page, in Dutch.
    page.goto(live_server.url + "/en/bijeenkomsten/eurocities-gent-ouderbetrokkenheid/")
    page.locator(".language-switch").get_by_role("link", name="Nederlands").click()
    assert page.url == live_server.url + "/bijeenkomsten/eurocities-gent-ouderbetrokkenheid/"
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.screenshot(path=str(SCREENSHOTS / "nl-3-translated-meeting.png"), full_page=True)
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/"  # the Dutch choice is remembered
    page.screenshot(path=str(SCREENSHOTS / "nl-1-home.png"), full_page=True)
    context.close()

    problems = {name: v for name, v in found.items() if v}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
    invalid = {files[f]: e for f, e in validate_html(list(files)).items()}
    assert not invalid, json.dumps(invalid, indent=1, ensure_ascii=False)
