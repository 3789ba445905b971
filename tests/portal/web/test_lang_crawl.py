"""Language attributes are always true (issue 21, point 2): a crawl of the
English site, over content whose every free text is Dutch-only (each holds
the marker word "Nederlandstalig") except the fields that have an English
twin on the translated items (their English text holds "Translatedtext").

Every text node with the Dutch marker must sit inside an element that says
``lang="nl"``; every text node with the English marker inside English
(the nearest ``lang`` is "en"). The crawl follows every link under /en/
(without query strings) from the home page, plus the pages only a query
reaches (the comparison), and, as a verified member, the closed forum.
The search page, whose texts come from the search index, is checked on
its own (with queries and filters, which the crawl does not follow)."""

import datetime
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from portal.core.models import Theme
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AdoptionFactory,
    AnswerFactory,
    DossierEvidenceFactory,
    DossierQuestionFactory,
    EducationPhaseFactory,
    MeetingAttachmentFactory,
    MeetingFactory,
    MeetingLinkFactory,
    MeetingPointFactory,
    MemberProfileFactory,
    NetworkFactory,
    OrganisationFactory,
    PolicyDocumentFactory,
    PolicyDocumentFileFactory,
    PracticeAttachmentFactory,
    PracticeFactory,
    PracticeLinkFactory,
    QuestionFactory,
    RegionFactory,
    TargetGroupFactory,
    ThemeDossierFactory,
    TravelReportAttachmentFactory,
    TravelReportFactory,
    TravelReportLinkFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

DUTCH, ENGLISH = "Nederlandstalig", "Translatedtext"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Not crawled: accounts, the switch, media, feeds and the API (not HTML), and
# the search page (checked on its own, below).
SKIPPED = ("account/", "taal/", "zoeken/", "admin/", "media/", "feeds/", "api/")


def nl(name):
    return f"{DUTCH} {name}"


def en(name):
    return f"{ENGLISH} {name}"


class LangTexts(HTMLParser):
    """The text nodes of a page's body with the language that holds for
    each (the nearest ``lang`` attribute), and the page's links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.texts = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag not in VOID:
            self.stack.append((tag, attributes.get("lang")))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        tags = [tag for tag, _lang in self.stack]
        if not data.strip() or "body" not in tags or {"script", "style"} & set(tags):
            return
        lang = next((lang for _tag, lang in reversed(self.stack) if lang is not None), None)
        self.texts.append((data.strip(), lang, ">".join(tags[-3:])))


def parse(html):
    parser = LangTexts()
    parser.feed(html)
    parser.close()
    return parser


def crawl(client, start, *, prefix="/en/", skip=("forum/",), limit=400):
    """{url: parsed page} of every page under ``prefix`` reachable from
    ``start``, leaving out the paths that start (after the language) with
    ``skip`` or ``SKIPPED``."""
    seen, pages, queue = set(start), {}, deque(start)
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if not response["Content-Type"].startswith("text/html"):
            continue
        pages[url] = page = parse(response.content.decode())
        for href in page.links:
            parts = urlsplit(href)
            if parts.netloc or parts.query or not parts.path.startswith(prefix):
                continue
            if parts.path.removeprefix("/en").lstrip("/").startswith((*SKIPPED, *skip)):
                continue
            if parts.path.endswith(".ics"):
                continue
            if parts.path not in seen:
                seen.add(parts.path)
                queue.append(parts.path)
    return pages


def wrong_languages(pages):
    """Text nodes whose marker says one language and whose ``lang`` another."""
    wrong = []
    for url, page in pages.items():
        for text, lang, where in page.texts:
            if DUTCH in text and lang != "nl":
                wrong.append((url, where, lang, text[:80]))
            if ENGLISH in text and lang != "en":
                wrong.append((url, where, lang, text[:80]))
    return wrong


def shown(pages, marker):
    return {
        match
        for page in pages.values()
        for text, _lang, _where in page.texts
        for match in re.findall(rf"{marker} [\w-]+", text)
    }


PRACTICE_TEXTS = ("outreach", "contact_role", "cost_note", "time_investment", "results")
PRACTICE_TEXTS += ("requirements",)
MEETING_TEXTS = ("goal", "programme", "outcome")
REPORT_TEXTS = ("duration", "purpose", "locations", "met", "yield_for_municipality", "follow_up")


def texts(names, *, translated):
    values = {}
    for name in names:
        values[name] = nl(name)
        if translated:
            values[f"{name}_en"] = en(name)
    return values


def rich(values, *names):
    return {k: f"<p>{v}</p>" if k.removesuffix("_en") in names else v for k, v in values.items()}


def publishable(prefix, *, translated):
    values = {"title": nl(f"{prefix}-title"), "summary": nl(f"{prefix}-summary")}
    values["body"] = f"<p>{nl(f'{prefix}-body')}</p>"
    if translated:
        values.update(title_en=en(f"{prefix}-title"), summary_en=en(f"{prefix}-summary"))
        values["body_en"] = f"<p>{en(f'{prefix}-body')}</p>"
    return values


@pytest.fixture
def site():
    """Every public type twice: Dutch only, and with every English twin
    filled; the texts without a twin are Dutch-only in both."""
    ams, gent = municipality("GM0363"), municipality("GM0518")
    dutch_theme = Theme.objects.create(
        name=nl("theme-name"), slug="nl-thema", description=nl("theme-description")
    )
    english_theme = Theme.objects.create(
        name=nl("theme-name-translated"),
        slug="en-thema",
        name_en=en("theme-name"),
        description_en=en("theme-description"),
    )
    phase = EducationPhaseFactory(name=nl("phase"), slug="nl-fase")
    group = TargetGroupFactory(name=nl("target-group"), slug="nl-doelgroep")
    network = NetworkFactory(
        name="Netwerk Eurocities", description=f"<p>{nl('network-description')}</p>"
    )
    network.municipalities.set([ams, gent])
    for translated in (False, True):
        key = "en" if translated else "nl"
        theme = english_theme if translated else dutch_theme
        practice = PracticeFactory(
            published=True,
            slug=f"praktijk-{key}",
            municipalities=[ams],
            themes=[theme],
            phases=[phase],
            target_groups=[group],
            partners=nl("partners"),
            evidence_level="goed-beschreven",
            evidence_source=nl("evidence-source"),
            evidence_url="https://example.org/erkenning",
            cost_band="laag",
            cost_unit="per-gezin",
            **publishable(f"practice-{key}", translated=translated),
            **texts(PRACTICE_TEXTS, translated=translated),
        )
        PracticeLinkFactory(practice=practice, title=nl("practice-link"))
        PracticeAttachmentFactory(practice=practice, title=nl("practice-attachment"))
        AdoptionFactory(practice=practice, approved=True, note=nl("adoption-note"))
        meeting = MeetingFactory(
            published=True,
            slug=f"bijeenkomst-{key}",
            network=network,
            host_municipality=ams,
            venue=nl("venue"),
            start_date=timezone.localdate() + datetime.timedelta(days=30),
            end_date=None,
            municipalities=[ams],
            themes=[theme],
            **publishable(f"meeting-{key}", translated=translated),
            **rich(texts(MEETING_TEXTS, translated=translated), "programme", "outcome"),
        )
        MeetingPointFactory(meeting=meeting, text=nl("point"), municipality=ams)
        MeetingLinkFactory(meeting=meeting, title=nl("meeting-link"))
        MeetingAttachmentFactory(meeting=meeting, title=nl("meeting-attachment"))
        report = TravelReportFactory(
            published=True,
            slug=f"reisverslag-{key}",
            meeting=meeting,
            destination=gent,
            author_municipality=ams,
            author_department=nl("department"),
            themes=[theme],
            **publishable(f"report-{key}", translated=translated),
            **texts(REPORT_TEXTS, translated=translated),
        )
        TravelReportLinkFactory(report=report, title=nl("report-link"))
        TravelReportAttachmentFactory(report=report, title=nl("report-attachment"))
        plan = ActionPlanFactory(
            published=True,
            slug=f"actieplan-{key}",
            network=network,
            municipality=ams,
            support_group=nl("support-group"),
            themes=[theme],
            **publishable(f"plan-{key}", translated=translated),
            **texts(("ambition",), translated=translated),
        )
        ActionFactory(
            plan=plan,
            **texts(("title", "description", "owner_role"), translated=translated),
        )
        region = RegionFactory(
            published=True,
            slug=f"regio-{key}",
            municipalities=[ams],
            **publishable(f"region-{key}", translated=translated),
        )
        OrganisationFactory(
            published=True,
            slug=f"organisatie-{key}",
            offer=nl("offer"),
            themes=[theme],
            regions=[region],
            municipalities=[ams],
            practices=[practice],
            meetings=[meeting],
            **publishable(f"organisation-{key}", translated=translated),
        )
        dossier = ThemeDossierFactory(
            published=True,
            slug=f"dossier-{key}",
            theme=theme,
            **publishable(f"dossier-{key}", translated=translated),
            **texts(("arguments_parents", "arguments_heads"), translated=translated),
        )
        DossierEvidenceFactory(
            dossier=dossier,
            source_title=nl("evidence-source-title"),
            **texts(("statement",), translated=translated),
        )
        DossierQuestionFactory(
            dossier=dossier, **texts(("question", "answer"), translated=translated)
        )
        document = PolicyDocumentFactory(
            published=True,
            slug=f"beleid-{key}",
            municipality=ams,
            themes=[theme],
            **publishable(f"policy-{key}", translated=translated),
        )
        PolicyDocumentFileFactory(document=document, title=nl("policy-file"))
    return {"practices": ["praktijk-nl", "praktijk-en"]}


def test_every_dutch_only_text_on_the_english_site_says_lang_nl(client, site):
    start = ["/en/", "/en/praktijkvoorbeelden/vergelijken/?p=praktijk-nl&p=praktijk-en"]
    pages = crawl(client, start)
    assert len(pages) > 30
    assert wrong_languages(pages) == []
    # The crawl saw the texts it checks: every field of both kinds.
    dutch, english = shown(pages, DUTCH), shown(pages, ENGLISH)
    for name in (*PRACTICE_TEXTS, *MEETING_TEXTS, *REPORT_TEXTS, "ambition", "statement"):
        assert nl(name) in dutch and en(name) in english, name
    for name in ("arguments_parents", "question", "answer", "theme-name", "description"):
        assert en(name) in english, name
    for name in ("partners", "venue", "point", "offer", "network-description", "adoption-note"):
        assert nl(name) in dutch, name
    for name in ("support-group", "department", "practice-link", "meeting-attachment"):
        assert nl(name) in dutch, name
    for kind in ("practice", "meeting", "report", "plan", "region", "organisation", "dossier"):
        assert en(f"{kind}-en-title") in english and nl(f"{kind}-nl-title") in dutch, kind


def test_the_forum_on_the_english_site_marks_posts_dutch(client, site):
    member = MemberProfileFactory().user
    question = QuestionFactory(title=nl("forum-title"), body=nl("forum-body"))
    AnswerFactory(question=question, body=nl("forum-answer"))
    client.force_login(member)
    pages = crawl(client, ["/en/forum/"], prefix="/en/forum/", skip=(), limit=40)
    assert wrong_languages(pages) == []
    assert {nl("forum-title"), nl("forum-body"), nl("forum-answer")} <= shown(pages, DUTCH)


def test_the_dutch_site_marks_nothing_apart(client, site):
    pages = crawl(client, ["/", "/praktijkvoorbeelden/praktijk-nl/"], prefix="/", limit=40)
    wrong = [
        (url, text)
        for url, page in pages.items()
        for text, lang, _where in page.texts
        if DUTCH in text and lang != "nl"
    ]
    assert wrong == []
    assert not any(url.startswith("/en/") for url in pages)


@pytest.mark.parametrize("query", [DUTCH, ENGLISH, "title"])
def test_the_english_search_page_marks_dutch_hits_and_facets_dutch(client, site, query):
    """The search page (its texts come from the index): hit titles, snippets,
    facet labels and chosen filters say their language."""
    pages = {}
    for url in (
        f"/en/zoeken/?q={query}",
        f"/en/zoeken/?q={query}&thema=nl-thema",
        f"/en/zoeken/?q={query}&thema=en-thema",
        "/en/zoeken/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = parse(response.content.decode())
    assert wrong_languages(pages) == []
    # Both kinds of text were on the pages checked.
    assert shown(pages, DUTCH) and shown(pages, ENGLISH)
