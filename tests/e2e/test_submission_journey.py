import pytest

from practices.models import Submission

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_submits_experience_after_fixing_an_error(live_server, page, settings, screenshot):
    settings.SUBMISSION_MIN_SECONDS = 0
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Deel uw ervaring").first.click()
    assert page.locator("h1").inner_text() == "Deel uw ervaring"

    page.get_by_label("Uw verhaal").fill("We nodigen ouders uit in de ouderkamer.\n\nElke week.")
    page.get_by_label("Gemeente").select_option(label="Utrecht")
    page.get_by_label("VVE en taal").check()
    page.get_by_label("Organisatie").fill("Brede school Zuid")
    page.get_by_label("Uw functie of rol").fill("Ouderconsulent")
    page.get_by_label("Naam", exact=True).fill("Zoë Ünal")
    page.get_by_label("E-mailadres").fill("zoe@example.org")
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Verstuur mijn ervaring").click()

    # The title was missing: an error summary, the field marked, input kept.
    summary = page.locator(".error-summary")
    assert "Geef uw ervaring een titel." in summary.inner_text()
    assert page.get_by_label("Organisatie").input_value() == "Brede school Zuid"
    assert page.get_by_label("Titel van uw ervaring").get_attribute("aria-invalid") == "true"
    screenshot(page, "journey-b-1-form-error")

    page.get_by_label("Titel van uw ervaring").fill("Ouderkamer op de brede school")
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Verstuur mijn ervaring").click()

    assert page.locator("h1").inner_text() == "Bedankt voor het delen van uw ervaring"
    submission = Submission.objects.get()
    assert submission.reference in page.locator(".reference").inner_text()
    assert submission.name == "Zoë Ünal" and submission.municipality.name == "Utrecht"
    screenshot(page, "journey-b-2-thanks")


def test_submission_form_works_with_keyboard_only(live_server, page, settings):
    settings.SUBMISSION_MIN_SECONDS = 0
    page.goto(live_server.url + "/deel-uw-ervaring/")
    # The skip link is the first thing the keyboard reaches and moves to <main>.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    page.locator("#id_title").focus()
    page.keyboard.type("Taalcafé voor ouders")
    page.keyboard.press("Tab")
    page.keyboard.type("Ouders oefenen Nederlands op school.")
    for _ in range(60):  # tab on to the organisation field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_organisation":
            break
    page.keyboard.type("Taalhuis")
    page.keyboard.press("Tab")
    page.keyboard.type("Coördinator")
    page.keyboard.press("Tab")
    page.keyboard.type("Sam")
    page.keyboard.press("Tab")
    page.keyboard.type("sam@example.org")
    page.keyboard.press("Tab")  # phone (optional)
    page.keyboard.press("Tab")  # consent: the honeypot is out of the tab order
    assert page.evaluate("document.activeElement.id") == "id_consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # privacy link
    page.keyboard.press("Tab")  # submit button
    page.keyboard.press("Enter")
    page.wait_for_url("**/bedankt/**")
    assert Submission.objects.get().title == "Taalcafé voor ouders"
