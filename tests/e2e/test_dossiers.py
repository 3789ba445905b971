"""Issue 19, points 5–7 in a real browser: the organisation directory, a
region, a theme dossier and its print view have no axe (WCAG 2.1 A/AA)
violations and valid HTML; the print view fits two A4 pages; screenshots go
to test-artifacts/screenshots/."""

import io
import json

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from portal.core.models import Theme
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import axe_violations, validate_html
from tests.factories import (
    DossierEvidenceFactory,
    OrganisationFactory,
    PolicyDocumentFactory,
    PracticeFactory,
    ThemeDossierFactory,
    municipality,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def make_dossier():
    """A full dossier (test data, not demo content: the source documents give
    no arguments or evidence for one)."""
    theme = Theme.objects.get(slug="passend-onderwijs-en-jeugdhulp")
    dossier = ThemeDossierFactory(
        published=True,
        theme=theme,
        slug="passend-onderwijs-en-jeugdhulp",
        title="Ouders bij passend onderwijs en jeugdhulp",
        summary="Wat gemeenten, scholen en jeugdhulp samen met ouders doen.",
        body="<p>" + "Een inleiding van de redactie over samenwerken met ouders. " * 12 + "</p>",
        arguments_parents="\n".join(f"Argument voor ouders {n}" for n in range(1, 6)),
        arguments_heads="\n".join(f"Argument voor schoolleiders {n}" for n in range(1, 6)),
    )
    for n in range(4):
        DossierEvidenceFactory(dossier=dossier, statement=f"Bevinding {n} uit onderzoek.")
    for n, level in enumerate(["effectief-eerste", "goed-onderbouwd", "", "goed-beschreven"] * 2):
        PracticeFactory(published=True, title=f"Aanpak {n}", themes=[theme], evidence_level=level)
    PolicyDocumentFactory(
        published=True,
        title="Notitie passend onderwijs",
        themes=[theme],
        municipality=municipality("GM0518"),
    )
    OrganisationFactory(
        published=True, title="Steunpunt passend onderwijs", kind="ondersteuning",
        themes=[theme], website="https://steunpunt.example.org",
    )  # fmt: skip
    return dossier


def test_directory_region_and_dossier_pages_are_accessible_and_valid(
    live_server, browser, tmp_path
):
    call_command("load_demo", verbosity=0)
    dossier = make_dossier()
    pages = [
        ("/organisaties/", "organisaties"),
        ("/organisaties/?thema=passend-onderwijs-en-jeugdhulp&soort=netwerk", None),
        ("/organisaties/sppoh/", None),
        ("/organisaties/programma-ouders-en-school-samen/", None),
        ("/regios/", None),
        ("/regios/regio-den-haag-leidschendam-voorburg-rijswijk/", "regio"),
        ("/themas/", None),
        (dossier.get_absolute_url(), "themadossier"),
        (dossier.get_absolute_url() + "afdrukken/", "themadossier-afdrukken"),
        ("/beleidsdocumenten/", None),
        ("/praktijkvoorbeelden/buitenkans-den-haag/", None),
    ]
    context = browser.new_context(bypass_csp=True, locale="nl-NL")
    page = context.new_page()
    found, html_files = {}, {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for url, shot in pages:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        found[url] = axe_violations(page)
        path = tmp_path / f"page{len(html_files)}.html"
        path.write_text(page.content(), encoding="utf-8")
        html_files[str(path)] = url
        if shot:
            page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
    context.close()
    problems = {name: v for name, v in found.items() if v}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
    invalid = {html_files[f]: e for f, e in validate_html(list(html_files)).items()}
    assert not invalid, json.dumps(invalid, indent=1, ensure_ascii=False)


def test_print_view_fits_two_a4_pages(live_server, browser):
    dossier = make_dossier()
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + dossier.get_absolute_url() + "afdrukken/")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "themadossier-afdrukken-print.png"), full_page=True)
    context.close()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages <= 2, f"the print view takes {pages} A4 pages"
