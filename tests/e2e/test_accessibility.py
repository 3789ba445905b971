"""Every public page type (and the admin pages staff use for travel
reports) in a real browser: axe-core reports no WCAG 2.1 A/AA violations,
and the Nu Html Checker finds no errors in the HTML."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.conftest import SCREENSHOTS, staff_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PUBLIC = [
    "/",
    "/praktijkvoorbeelden/",
    "/praktijkvoorbeelden/?thema=vve-en-taal&fase=voorschool-vve&sortering=az",
    "/praktijkvoorbeelden/breda-ouderbetrokkenheid-van-geboorte-tot-school/",
    "/gemeenten/",
    "/gemeenten/den-haag/",
    "/netwerken/",
    "/netwerken/urbact-prevent/",
    "/bijeenkomsten/",
    "/bijeenkomsten/eurocities-gent-ouderbetrokkenheid/",
    "/reisverslagen/",
    "/reisverslagen/reisverslag-gent-brugfiguren/",
    "/reisverslagen/reisverslag-gent-brugfiguren/afdrukken/",
    "/actieplannen/",
    "/actieplannen/local-action-plan-den-haag-prevent/",
    "/zoeken/?q=ouders",
    "/zoeken/?q=ouderbetrokkenhied",
    "/deel-uw-ervaring/",
    "/deel-uw-ervaring/bedankt/",
    "/over/",
    "/privacy/",
    "/toegankelijkheid/",
]


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=WCAG)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


@pytest.fixture
def audit(browser, tmp_path):
    """Visit pages with CSP bypassed (so axe can be injected), collect axe
    violations and save the HTML for the validator."""
    context = browser.new_context(bypass_csp=True, locale="nl-NL")
    page = context.new_page()
    found = {}
    html_files = {}

    def visit(url, name=None, action=None):
        if action:
            action(page)
        else:
            page.goto(url)
        key = name or url
        found[key] = axe_violations(page)
        path = tmp_path / f"page{len(html_files)}.html"
        path.write_text(page.content(), encoding="utf-8")
        html_files[str(path)] = key

    yield page, visit, found, html_files
    context.close()


def validate_html(files):
    """Run the Nu Html Checker once over all files; {file: [errors]}."""
    import os

    java = shutil.which("java")
    if not (java and VNU.exists()):
        message = (
            f"HTML validator missing: java={java}, {VNU} (apt-get install default-jre; npm ci)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip("SKIPPED: " + message)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = {}
    for message in messages:
        name = message.get("url", "").removeprefix("file:")
        errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message.get('message')}")
    return errors


def test_public_pages_have_no_axe_violations_and_valid_html(live_server, audit, settings):
    call_command("load_demo", verbosity=0)
    settings.SUBMISSION_MIN_SECONDS = 0
    page, visit, found, html_files = audit
    for url in PUBLIC:
        visit(live_server.url + url, name=url)

    def form_with_errors(p):
        p.goto(live_server.url + "/deel-uw-ervaring/")
        p.get_by_label("E-mailadres").fill("geen-adres")
        p.get_by_role("button", name="Verstuur mijn ervaring").click()

    visit(None, name="submission form with errors", action=form_with_errors)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "form-errors-axe.png"), full_page=True)

    problems = {name: v for name, v in found.items() if v}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
    invalid = {html_files[f]: e for f, e in validate_html(list(html_files)).items()}
    assert not invalid, json.dumps(invalid, indent=1, ensure_ascii=False)
    assert len(found) == len(PUBLIC) + 1


def test_admin_travel_report_pages_have_no_axe_violations(live_server, audit, make_user):
    from portal.editorial.roles import REDACTIE

    make_user("schrijver", groups=[REDACTIE])
    page, visit, found, _html = audit
    visit(live_server.url + "/admin/login/", name="/admin/login/")
    staff_login(page, live_server.url + "/admin/login/?next=/admin/", "schrijver")
    for url in [
        "/admin/",
        "/admin/meetings/travelreport/",
        "/admin/meetings/travelreport/add/",
        "/admin/wachtrij/",
    ]:
        visit(live_server.url + url, name=url)
    problems = {name: v for name, v in found.items() if v}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_prose_editor_loads_under_the_strict_csp(live_server, browser, make_user):
    """Without bypass: the admin rich-text editor runs with the real CSP."""
    from portal.editorial.roles import REDACTIE

    make_user("schrijver", groups=[REDACTIE])
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    staff_login(
        page, live_server.url + "/admin/login/?next=/admin/practices/practice/add/", "schrijver"
    )
    page.wait_for_url("**/practices/practice/add/")
    page.locator(".ProseMirror").first.wait_for(state="attached", timeout=10_000)
    refused = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    context.close()
    assert not refused, refused


@pytest.mark.parametrize(
    "url", ["/", "/praktijkvoorbeelden/", "/gemeenten/", "/deel-uw-ervaring/", "/zoeken/?q=ouders"]
)
def test_pages_fit_a_320_pixel_wide_screen(live_server, browser, url):
    call_command("load_demo", verbosity=0)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + url)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320, f"{url} scrolls sideways: {width}px"
