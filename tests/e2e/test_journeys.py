"""The three journeys of the portal, end to end in Chromium against a live
server. Each saves screenshots in test-artifacts/screenshots/."""

import re

import pytest
from django.core.management import call_command

from meetings.models import TravelReport
from portal.core.models import Status
from portal.editorial.roles import EINDREDACTIE, REDACTIE
from practices.models import Practice, Submission
from tests.e2e.conftest import staff_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def login(page, base, username):
    page.context.clear_cookies()
    staff_login(page, base + "/admin/login/?next=/admin/", username)
    page.wait_for_url("**/admin/")


def test_journey_a_visitor_finds_a_practice_via_municipality(live_server, page, screenshot):
    call_command("load_demo", verbosity=0)
    page.goto(live_server.url + "/")
    screenshot(page, "journey-a-1-home")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gemeenten").click()
    assert page.locator("h1").inner_text() == "Gemeenten"
    page.get_by_label("Zoek een gemeente").fill("Breda")
    page.get_by_role("button", name="Zoek").last.click()
    page.get_by_role("link", name="Breda", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Gemeente Breda"
    screenshot(page, "journey-a-2-municipality")
    page.get_by_role("link", name="Breda verbindt wat er al is").click()
    assert "Breda verbindt wat er al is" in page.locator("h1").inner_text()
    assert "VoorleesExpress" in page.locator("main").inner_text()
    screenshot(page, "journey-a-3-practice")


def test_journey_b_submission_converted_and_published(
    live_server, page, settings, screenshot, make_user
):
    settings.SUBMISSION_MIN_SECONDS = 0
    make_user("redacteur", groups=[REDACTIE])
    make_user("eindredacteur", groups=[EINDREDACTIE])
    base = live_server.url
    page.goto(base + "/deel-uw-ervaring/")
    page.get_by_label("Uw verhaal").fill("Wekelijks taalcafé voor ouders op school.")
    page.get_by_label("Gemeente").select_option(label="Zwolle")
    page.get_by_label("Organisatie").fill("Basisschool De Regenboog")
    page.get_by_label("Uw functie of rol").fill("Directeur")
    page.get_by_label("Naam", exact=True).fill("A. Jansen")
    page.get_by_label("E-mailadres").fill("a@example.org")
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Verstuur mijn ervaring").click()
    assert "Geef uw ervaring een titel." in page.locator(".error-summary").inner_text()
    page.get_by_label("Titel van uw ervaring").fill("Taalcafé voor ouders in Zwolle")
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Verstuur mijn ervaring").click()
    reference = Submission.objects.get().reference
    assert reference in page.locator(".reference").inner_text()
    screenshot(page, "journey-b-3-thanks")

    login(page, base, "redacteur")
    submission = Submission.objects.get()
    page.goto(f"{base}/admin/practices/submission/{submission.pk}/change/")
    page.get_by_role("button", name="Omzetten naar praktijkvoorbeeld").click()
    page.wait_for_url("**/admin/practices/practice/*/change/")
    page.get_by_role("button", name="Ter beoordeling aanbieden").first.click()
    screenshot(page, "journey-b-4-submitted")

    login(page, base, "eindredacteur")
    practice = Practice.objects.get()
    page.goto(f"{base}/admin/practices/practice/{practice.pk}/change/")
    page.get_by_role("button", name="Goedkeuren en publiceren").first.click()
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    page.context.clear_cookies()
    page.goto(base + "/gemeenten/zwolle/")
    assert "Taalcafé voor ouders in Zwolle" in page.locator("main").inner_text()
    screenshot(page, "journey-b-5-municipality")


def test_journey_c_staff_writes_travel_report_chief_publishes(
    live_server, page, screenshot, make_user
):
    make_user("ambtenaar", groups=[REDACTIE])
    make_user("eindredacteur", groups=[EINDREDACTIE])
    base = live_server.url
    login(page, base, "ambtenaar")
    page.goto(base + "/admin/meetings/travelreport/add/")
    page.get_by_label(re.compile(r"^Titel:?$")).fill("Gent, maart 2026: brugfiguren")
    page.get_by_label("Slug").fill("gent-maart-2026")
    page.get_by_label(re.compile(r"^Samenvatting:?$")).fill(
        "Wat we leerden over brugfiguren in Gent."
    )
    page.get_by_label("Bestemming").select_option(label="Gent")
    page.get_by_label("Gemeente van de schrijver").select_option(label="Utrecht")
    page.get_by_label("Afdeling van de schrijver").fill("Maatschappelijke Ontwikkeling")
    page.get_by_label("Vertrekdatum").fill("2026-03-02")
    page.get_by_label("Terugkeerdatum").fill("2026-03-04")
    page.get_by_label("Hoeveel personen hebben de reis gemaakt?").fill("2")
    page.get_by_label("Hoelang duurde de reis?", exact=True).fill("3 dagen")
    page.get_by_label("Wat was het doel van de reis?", exact=True).fill(
        "Leren van de Gentse aanpak."
    )
    page.get_by_label("Welke locaties zijn bezocht?", exact=True).fill(
        "Stadhuis en een basisschool."
    )
    page.get_by_label("Wie heb je ontmoet?", exact=True).fill("Brugfiguren en beleidsmedewerkers.")
    page.get_by_label("Wat heeft de reis de gemeente opgeleverd?", exact=True).fill(
        "Een plan voor twee pilotscholen."
    )
    screenshot(page, "journey-c-1-form")
    page.get_by_role("button", name="Opslaan en opnieuw bewerken").first.click()
    page.get_by_role("button", name="Ter beoordeling aanbieden").first.click()
    report = TravelReport.objects.get()
    assert report.status == Status.REVIEW

    login(page, base, "eindredacteur")
    page.goto(f"{base}/admin/meetings/travelreport/{report.pk}/change/")
    page.get_by_role("button", name="Goedkeuren en publiceren").first.click()
    page.context.clear_cookies()
    page.goto(base + report.get_absolute_url())
    assert page.locator("h1").inner_text() == "Gent, maart 2026: brugfiguren"
    assert "Een plan voor twee pilotscholen." in page.locator("main").inner_text()
    screenshot(page, "journey-c-2-public")
    page.goto(base + "/gemeenten/gent/")
    assert "Gent, maart 2026: brugfiguren" in page.locator("main").inner_text()
