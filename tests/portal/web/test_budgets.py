"""The front-end budgets (DESIGN.md §6, issue 23 point 5), checked rather
than only reported: every public page type, rendered with realistic data,
is under 60 KB of HTML; the site's CSS (the stylesheets the base template
links, gzipped as they are served) is under 150 KB; no script blocks
rendering (a script in <head> is deferred, async or a module) and none
comes from another site."""

import gzip
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

from meetings.models import ActionPlan, Meeting, Network, TravelReport
from portal.core.models import Theme
from practices.models import EducationPhase, Practice, TargetGroup
from tests.factories import (
    DossierEvidenceFactory,
    OrganisationFactory,
    PolicyDocumentFactory,
    PracticeFactory,
    RegionFactory,
    ThemeDossierFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

HTML_BUDGET = 60 * 1024
CSS_BUDGET = 150 * 1024  # gzipped, all stylesheets of a page together

SENTENCE = (
    "De school en de gemeente spreken met ouders af hoe zij thuis het leren van hun kind "
    "steunen, en de ouderconsulent gaat langs bij gezinnen die de school nog niet kent. "
)
CITIES = ["GM0344", "GM0758", "GM0363", "GM0518", "GM0599", "GM0014", "GM0153", "GM0855"]


@pytest.fixture
def realistic(demo):
    """The demo content, plus enough practices for full list pages (with
    long texts, every at-a-glance field and several places, themes, phases
    and target groups each) and an item of every directory type."""
    themes, phases = list(Theme.objects.all()), list(EducationPhase.objects.all())
    groups = list(TargetGroup.objects.all())
    for n in range(45):
        practice = PracticeFactory(
            published=True,
            title=f"Ouderkamer en huisbezoeken in de wijk, aanpak {n}",
            summary=SENTENCE * 2,
            body="".join(f"<h2>Stap {i}</h2><p>{SENTENCE * 6}</p>" for i in range(6)),
            partners="Bibliotheek\nJeugdgezondheidszorg\nWelzijnsorganisatie",
            contact_role="Beleidsadviseur onderwijs",
            start_year=2015 + n % 10,
            evidence_level="goed-onderbouwd" if n % 2 else "",
            cost_band="midden",
            cost_unit="per school per jaar",
            time_investment="Twee uur per week voor de ouderconsulent",
            results=SENTENCE,
            municipalities=[municipality(code) for code in CITIES[n % 5 : n % 5 + 3]],
            themes=themes[n % 3 : n % 3 + 3],
        )
        practice.phases.set(phases[:2])
        practice.target_groups.set(groups[:2])
    utrecht = municipality("GM0344")
    region = RegionFactory(published=True, body=f"<p>{SENTENCE * 3}</p>")
    region.municipalities.set([municipality(code) for code in CITIES])
    organisation = OrganisationFactory(
        published=True, body=f"<p>{SENTENCE * 4}</p>", municipalities=[utrecht]
    )
    dossier = ThemeDossierFactory(
        published=True, theme=themes[0], body=f"<p>{SENTENCE * 6}</p>", slug="dossier-vve"
    )
    for _ in range(4):
        DossierEvidenceFactory(dossier=dossier, statement=SENTENCE)
    policy = PolicyDocumentFactory(
        published=True, municipality=utrecht, summary=SENTENCE * 3, municipalities=[utrecht]
    )
    call_command("rebuild_search_index", verbosity=0)
    return {"region": region, "organisation": organisation, "dossier": dossier, "policy": policy}


def public_pages(realistic):
    """One address of every public page type (the lists, a detail of every
    kind, the busiest municipality, search, the forms)."""
    practice = Practice.objects.published().order_by("-body").first()
    two = Practice.objects.published().order_by("pk")[:2]
    first = {
        model: model.objects.published().first() for model in (Meeting, TravelReport, ActionPlan)
    }
    return {
        "home": "/",
        "practice list": "/praktijkvoorbeelden/",
        "practice list, filtered, page 2": "/praktijkvoorbeelden/?thema=vve-en-taal&pagina=2",
        "practice": practice.get_absolute_url(),
        "comparison": "/praktijkvoorbeelden/vergelijken/?" + "&".join(f"p={p.slug}" for p in two),
        "adoption form": practice.get_absolute_url() + "overgenomen/",
        "municipality list": "/gemeenten/",
        "municipality": "/gemeenten/utrecht/",
        "network list": "/netwerken/",
        "network": Network.objects.first().get_absolute_url(),
        "meeting list": "/bijeenkomsten/",
        "meeting": first[Meeting].get_absolute_url(),
        "travel report list": "/reisverslagen/",
        "travel report": first[TravelReport].get_absolute_url(),
        "travel report, print": first[TravelReport].get_absolute_url() + "afdrukken/",
        "action plan list": "/actieplannen/",
        "action plan": first[ActionPlan].get_absolute_url(),
        "organisation list": "/organisaties/",
        "organisation": realistic["organisation"].get_absolute_url(),
        "region list": "/regios/",
        "region": realistic["region"].get_absolute_url(),
        "theme dossier list": "/themas/",
        "theme dossier": realistic["dossier"].get_absolute_url(),
        "theme dossier, print": realistic["dossier"].get_absolute_url() + "afdrukken/",
        "policy document list": "/beleidsdocumenten/",
        "policy document": realistic["policy"].get_absolute_url(),
        "search": "/zoeken/?q=ouders",
        "submission form": "/deel-uw-ervaring/",
        "alerts form": "/volgen/",
        "about": "/over/",
        "privacy": "/privacy/",
        "accessibility": "/toegankelijkheid/",
        "practice list in English": "/en/praktijkvoorbeelden/",
        "practice in English": "/en" + practice.get_absolute_url(),
    }


class Page(HTMLParser):
    """The stylesheets and scripts of a page, and whether each script is in
    the head."""

    def __init__(self, html):
        super().__init__()
        self.in_head = False
        self.stylesheets, self.scripts = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs.get("href", ""))
        elif tag == "script":
            self.scripts.append({"head": self.in_head, **attrs})

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def local(url):
    return url.startswith(settings.STATIC_URL) and not url.startswith("//")


def test_every_public_page_type_is_within_the_html_budget(client, realistic):
    sizes = {}
    for name, url in public_pages(realistic).items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        sizes[name] = len(response.content)
    over = {name: size for name, size in sizes.items() if size >= HTML_BUDGET}
    assert not over, f"over {HTML_BUDGET} bytes: {over}"
    # The data is realistic: the fullest pages are well filled.
    assert sizes["practice list"] > 20 * 1024 and sizes["practice"] > 10 * 1024


def test_the_stylesheets_are_within_the_css_budget_gzipped(client):
    stylesheets = Page(client.get("/").content.decode()).stylesheets
    assert len(stylesheets) >= 3  # fonts, the NL Design System, tokens, our own
    total = 0
    for href in stylesheets:
        assert local(href), f"a stylesheet from elsewhere: {href}"
        path = finders.find(href.removeprefix(settings.STATIC_URL))
        assert path, f"not among the static files: {href}"
        with open(path, "rb") as file:
            total += len(gzip.compress(file.read(), compresslevel=9))
    assert total < CSS_BUDGET, f"CSS {total} bytes gzipped"


def test_no_script_blocks_rendering_and_none_comes_from_elsewhere(client, realistic):
    seen = 0
    for name, url in public_pages(realistic).items():
        for script in Page(client.get(url).content.decode()).scripts:
            seen += 1
            src = script.get("src") or ""
            assert local(src), (name, f"an inline or external script: {script}")
            if script["head"]:
                assert "defer" in script or "async" in script or script.get("type") == "module", (
                    name,
                    f"a render-blocking script: {script}",
                )
    assert seen  # the search page's suggestions script is among them


def test_the_checks_catch_what_they_guard():
    """The parser sees a blocking script, an external one and a stylesheet."""
    page = Page(
        '<html><head><link rel="stylesheet" href="/static/a.css">'
        '<script src="/static/b.js"></script><script src="https://cdn.example/c.js" defer>'
        "</script></head><body><script src='/static/d.js'></script></body></html>"
    )
    assert page.stylesheets == ["/static/a.css"]
    assert [(s["src"], s["head"], "defer" in s) for s in page.scripts] == [
        ("/static/b.js", True, False),
        ("https://cdn.example/c.js", True, True),
        ("/static/d.js", False, False),
    ]
    assert not local("https://cdn.example/c.js") and not local("//cdn.example/c.js")
