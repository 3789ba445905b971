"""Travel reports show their themes and carry attachments (programme,
presentations, photos) with the same upload safety as practices; the print
view lists them (issue 17 point 5)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import TravelReport, TravelReportAttachment
from portal.core.models import Municipality, Theme
from tests.factories import TravelReportFactory, TravelReportLinkFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%test\n"
EXE = b"MZ\x90\x00" + b"\0" * 60


def attach(report, name, content, **extra):
    return TravelReportAttachment.objects.create(
        report=report,
        title="Programma van de reis",
        file=SimpleUploadedFile(name, content),
        **extra,
    )


def test_report_page_and_print_view_show_themes_attachments_and_links(client):
    theme = Theme.objects.first()
    report = TravelReportFactory(published=True, themes=[theme])
    attachment = attach(report, "programma.pdf", PDF)
    link = TravelReportLinkFactory(report=report, title="Website van het netwerk")
    for url in (report.get_absolute_url(), reverse("meetings:report_print", args=[report.slug])):
        html = client.get(url).content.decode()
        assert theme.name in html, url
        assert attachment.title in html and attachment.file.url in html, url
        assert link.title in html and link.url in html, url


def test_public_report_attachment_downloads_and_a_draft_one_does_not(client, redacteur):
    public = attach(TravelReportFactory(published=True), "programma.pdf", PDF)
    response = client.get(public.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert public.file.name.startswith("reisverslagen/")
    draft = attach(TravelReportFactory(), "concept.pdf", PDF)
    assert client.get(draft.file.url).status_code == 404
    client.force_login(redacteur)
    assert client.get(draft.file.url).status_code == 200


def report_form(**extra):
    return {
        "title": "Gent, ouderbetrokkenheid",
        "slug": "gent-ouderbetrokkenheid",
        "summary": "Bezoek aan Gent.",
        "body": "",
        "destination": Municipality.objects.get(slug="gent").pk,
        "author_municipality": Municipality.objects.get(cbs_code="GM0518").pk,
        "author_department": "Onderwijs",
        "date_precision": "day",
        "purpose": "Leren.",
        "locations": "Een basisschool.",
        "met": "Brugfiguren.",
        "yield_for_municipality": "Inzicht.",
        "links-TOTAL_FORMS": 0,
        "links-INITIAL_FORMS": 0,
        "attachments-TOTAL_FORMS": 1,
        "attachments-INITIAL_FORMS": 0,
        "attachments-0-title": "Programma",
        "attachments-0-position": 0,
        **extra,
    }


def test_admin_refuses_a_disguised_program_and_keeps_the_text(client, redacteur):
    client.force_login(redacteur)
    data = report_form(**{"attachments-0-file": SimpleUploadedFile("programma.pdf", EXE)})
    response = client.post(reverse("admin:meetings_travelreport_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bezoek aan Gent." in html  # nothing the user typed is lost
    assert "bestand" in html.lower() and "errorlist" in html
    assert not TravelReport.objects.filter(slug="gent-ouderbetrokkenheid").exists()


def test_admin_accepts_a_pdf_without_dates_or_travellers(client, redacteur):
    client.force_login(redacteur)
    data = report_form(**{"attachments-0-file": SimpleUploadedFile("programma.pdf", PDF)})
    response = client.post(reverse("admin:meetings_travelreport_add"), data)
    errors = re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    assert response.status_code == 302, errors
    report = TravelReport.objects.get(slug="gent-ouderbetrokkenheid")
    assert report.departure_date is None and report.travellers is None
    assert [a.title for a in report.attachments.all()] == ["Programma"]
