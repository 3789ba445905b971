"""Members in a real browser: log in, ask a question, another member
answers; the forum, account and privacy pages pass axe and the HTML
validator."""

import json

import pytest

from tests.e2e.test_accessibility import axe_violations, validate_html
from tests.factories import MemberProfileFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "een-lang-testwachtwoord"


def make_member(email, name):
    user = UserFactory(username=email.split("@")[0], email=email)
    MemberProfileFactory(user=user, display_name=name, show_in_directory=True)
    user.emailaddress_set.create(email=email, verified=True, primary=True)
    return user


def member_login(page, base, email):
    page.goto(base + "/account/login/?next=/forum/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/forum/")


def test_member_asks_and_another_answers(live_server, browser, screenshot):
    make_member("an@denhaag.nl", "An de Vries")
    make_member("bo@utrecht.nl", "Bo Bakker")

    asker = browser.new_context(locale="nl-NL").new_page()
    member_login(asker, live_server.url, "an@denhaag.nl")
    asker.get_by_role("link", name="Stel een vraag").first.click()
    asker.get_by_role("button", name="Plaats vraag").click()
    assert "Typ uw vraag." in asker.locator(".error-summary").inner_text()
    asker.get_by_label("Uw vraag").fill("Hoe bereiken jullie vaders?")
    asker.get_by_label("Toelichting").fill("Wij zien vooral moeders op ouderavonden.")
    asker.get_by_role("button", name="Plaats vraag").click()
    assert asker.locator("h1").inner_text() == "Hoe bereiken jullie vaders?"
    question_url = asker.url
    screenshot(asker, "forum-1-question")

    answerer = browser.new_context(locale="nl-NL").new_page()
    member_login(answerer, live_server.url, "bo@utrecht.nl")
    answerer.get_by_role("link", name="Hoe bereiken jullie vaders?").click()
    answerer.get_by_label("Uw antwoord").fill("Een vaderochtend op zaterdag werkt bij ons.")
    answerer.get_by_role("button", name="Plaats antwoord").click()
    assert "Antwoord van Bo Bakker" in answerer.content()

    asker.goto(question_url)
    asker.get_by_role("button", name="Kies dit als het antwoord").click()
    assert "gekozen antwoord" in asker.locator(".forum-answer--accepted").inner_text()
    screenshot(asker, "forum-2-accepted")


def test_forum_and_account_pages_are_accessible(live_server, browser, tmp_path):
    make_member("an@denhaag.nl", "An de Vries")
    context = browser.new_context(bypass_csp=True, locale="nl-NL")
    page = context.new_page()
    found, files = {}, {}

    def visit(name):
        found[name] = axe_violations(page)
        path = tmp_path / f"page{len(files)}.html"
        path.write_text(page.content(), encoding="utf-8")
        files[str(path)] = name

    for url in ["/account/login/", "/account/signup/", "/account/password/reset/", "/privacy/"]:
        page.goto(live_server.url + url)
        visit(url)
    page.goto(live_server.url + "/account/signup/")
    page.get_by_role("button", name="Account aanmaken").click()
    visit("signup with errors")
    member_login(page, live_server.url, "an@denhaag.nl")
    visit("/forum/")
    page.goto(live_server.url + "/forum/vraag/nieuw/")
    page.get_by_role("button", name="Plaats vraag").click()
    visit("question form with errors")
    page.get_by_label("Uw vraag").fill("Toegankelijke vraag")
    page.get_by_label("Toelichting").fill("Tekst")
    page.get_by_role("button", name="Plaats vraag").click()
    visit("question page")
    for url in [
        "/forum/?q=vraag",
        "/account/profiel/",
        "/account/profiel/verwijderen/",
        "/forum/toestemming/",
        "/gemeenten/utrecht/",
        "/account/2fa/",
    ]:
        page.goto(live_server.url + url)
        visit(url)
    context.close()
    problems = {name: v for name, v in found.items() if v}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
    invalid = {files[f]: e for f, e in validate_html(list(files)).items()}
    assert not invalid, json.dumps(invalid, indent=1, ensure_ascii=False)
