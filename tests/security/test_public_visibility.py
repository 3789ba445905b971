"""Issue 14, points 3 and 4: nothing unpublished shows on a public surface.

Point 3: a relation to a draft, in-review, archived or scheduled item shows
nothing of that item (not its title, not its address) on any public surface.
``test_no_public_surface_shows_an_unpublished_related_item`` finds the
relations of every registered content type by introspection, so a relation
added later is walked without a new test.

Point 4: "Bedoelde u …?" only proposes words of live content.
"""

import datetime
import random
import string
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from api.urls import router
from dossiers.models import Organisation, PolicyDocument, Region, ThemeDossier
from meetings.models import ActionPlan, Meeting, Network, TravelReport
from portal.core import registry
from portal.core.models import Municipality, Status, Theme
from portal.editorial.models import Publishable
from portal.search.models import SearchTerm
from portal.search.query import run_search
from portal.search.suggest import suggest
from practices.models import EducationPhase, Practice, TargetGroup
from tests.factories import (
    ActionPlanFactory,
    MeetingFactory,
    NetworkFactory,
    OrganisationFactory,
    PolicyDocumentFactory,
    PracticeFactory,
    RegionFactory,
    ThemeDossierFactory,
    ThemeFactory,
    TravelReportFactory,
)
from tests.sitemaps import sitemap_paths

pytestmark = pytest.mark.django_db

UNPUBLISHED = ("draft", "review", "archived", "scheduled")
FACTORIES = {
    Practice: PracticeFactory,
    Meeting: MeetingFactory,
    TravelReport: TravelReportFactory,
    ActionPlan: ActionPlanFactory,
    Network: NetworkFactory,
    Organisation: OrganisationFactory,
    Region: RegionFactory,
    ThemeDossier: ThemeDossierFactory,
    PolicyDocument: PolicyDocumentFactory,
}


def state_fields(state):
    now = timezone.now()
    return {
        "published": {"status": Status.PUBLISHED, "publish_at": now - datetime.timedelta(hours=1)},
        "draft": {"status": Status.DRAFT, "publish_at": None},
        "review": {"status": Status.REVIEW, "publish_at": None},
        "archived": {"status": Status.ARCHIVED, "publish_at": now - datetime.timedelta(days=30)},
        "scheduled": {"status": Status.PUBLISHED, "publish_at": now + datetime.timedelta(days=1)},
    }[state]


def content_models():
    return [kind.model for kind in registry.kinds()]


def is_publishable(model):
    return isinstance(model, type) and issubclass(model, Publishable)


def marker():
    """A word no content has: the title of an item that must stay hidden."""
    return "Geheimmerk" + "".join(random.choices(string.ascii_lowercase, k=10))


def make(model, state="published", *, hidden=False, **fields):
    factory = FACTORIES.get(model)
    if factory is None:
        pytest.fail(
            f"No factory for {model.__name__}: add one to tests/factories.py and to "
            "FACTORIES here, so the walk can create it."
        )
    if not is_publishable(model):
        return factory(**fields)
    if hidden:
        word = marker()
        fields = {"title": word, "slug": f"verborgen-{word[10:]}", **fields}
    return factory(**state_fields(state), **fields)


# --- relations, by introspection ----------------------------------------------


def content_relations(model):
    """Fields of ``model`` (forward FK/one-to-one/M2M and reverse ones) that
    point to a Publishable content model."""
    return [
        field
        for field in model._meta.get_fields()
        if field.is_relation and is_publishable(field.related_model)
    ]


def hub_fields(model, hub=None):
    """Forward FK/one-to-one/M2M fields of ``model`` to a model that is not
    Publishable (municipality, theme, network, user…): a "hub" that links
    items to each other (municipality pages, "more from this network")."""
    return [
        field
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and (field.many_to_one or field.one_to_one or field.many_to_many)
        and field.related_model is not None
        and not is_publishable(field.related_model)
        and (hub is None or field.related_model is hub)
    ]


def walk_cases():
    cases = []
    for model in content_models():
        for field in content_relations(model):
            cases.append(pytest.param("direct", model, field, id=f"{model.__name__}.{field.name}"))
        hubs = {field.related_model for field in hub_fields(model)}
        for hub in sorted(hubs, key=lambda m: m.__name__):
            if any(hub_fields(other, hub) for other in content_models() if is_publishable(other)):
                cases.append(pytest.param("via", model, hub, id=f"{model.__name__}~{hub.__name__}"))
    return cases


WALK = walk_cases()


def related_pks(obj, field):
    """What ``obj`` has through ``field``, without any visibility filter."""
    rows = type(obj)._base_manager.filter(pk=obj.pk).values_list(f"{field.name}__pk", flat=True)
    return {pk for pk in rows if pk is not None}


def link(source, field, target):
    """Make ``source`` point to ``target`` through ``field`` (any direction),
    and fail loudly if that did not work."""
    if field.auto_created:  # a reverse relation: set the forward field of target
        link(target, field.field, source)
    elif field.many_to_many:
        getattr(source, field.name).add(target)
    elif field.many_to_one or field.one_to_one:
        setattr(source, field.name, target)
        source.save()
    else:
        pytest.fail(f"The walk cannot populate {type(source).__name__}.{field.name}: teach link().")
    assert target.pk in related_pks(source, field), (
        f"The walk could not link {type(source).__name__}.{field.name} to {target!r}"
    )


def attach(obj, hub):
    """Link ``obj`` to ``hub`` through every field of its model to that model."""
    for field in hub_fields(type(obj), type(hub)):
        link(obj, field, hub)


def make_hub(model):
    n = random.randrange(10**9)
    makers = {
        Municipality: lambda: Municipality.objects.get(cbs_code="GM0344"),
        Theme: ThemeFactory,
        Network: NetworkFactory,
        EducationPhase: lambda: EducationPhase.objects.create(name=f"Fase {n}"),
        TargetGroup: lambda: TargetGroup.objects.create(name=f"Doelgroep {n}"),
        get_user_model(): lambda: get_user_model().objects.create_user(f"gebruiker{n}"),
    }
    if model not in makers:
        pytest.fail(f"The walk cannot make a {model.__name__} to link items through: add it.")
    return makers[model]()


# --- public surfaces ----------------------------------------------------------


def _named_patterns(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named_patterns(pattern, namespace)
        elif pattern.name:
            yield prefix + pattern.name, pattern


def api_routes():
    """(model, basename, viewset) of every API endpoint."""
    return [
        (viewset.serializer_class.Meta.model, basename, viewset)
        for _prefix, viewset, basename in router.registry
    ]


def item_pages(item):
    """The public pages of one item: its page, every other page of the same
    view (the print version), its API detail, the pages of what it links to
    (municipality, network) and a search for its title."""
    view = resolve(item.get_absolute_url()).func
    own = {
        reverse(name, kwargs={"slug": item.slug})
        for name, pattern in _named_patterns()
        if pattern.callback is view
    }
    own |= {
        reverse(f"api:{basename}-detail", kwargs={"slug": item.slug})
        for model, basename, _ in api_routes()
        if model is type(item)
    }
    linked = set()
    for field in hub_fields(type(item)):
        related = field.related_model
        if hasattr(related, "get_absolute_url"):
            for obj in related._base_manager.filter(pk__in=related_pks(item, field)):
                linked.add(obj.get_absolute_url())
    search = reverse("portal:search") + "?" + urlencode({"q": item.title})
    return own, linked | {search}


def shared_pages(municipality, theme):
    """Home, lists, the municipality page, feeds, sitemap, API lists."""
    urls = {
        reverse("portal:home"),
        reverse("portal:municipality_list"),
        municipality.get_absolute_url(),
        *sitemap_paths(),
    }
    for kind in registry.kinds():
        urls |= {kind.list_url(), kind.list_url(municipality)}
        for name in ("feed_rss", "feed_atom"):
            feed = reverse(name, kwargs={"kind": kind.key})
            urls |= {feed, f"{feed}?gemeente={municipality.slug}", f"{feed}?thema={theme.slug}"}
    for _model, basename, viewset in api_routes():
        urls.add(reverse(f"api:{basename}-list") + "?per_pagina=100")
        for action in viewset.get_extra_actions():
            if not action.detail:
                urls.add(reverse(f"api:{basename}-{action.url_name}"))
    return urls


def searches_for(hidden):
    """Searches that would find or propose the hidden item's word: a prefix
    and a typo (the page repeats the query, so never the word itself)."""
    word = hidden.title.lower()
    typo = word[:-1] + ("a" if word[-1] != "a" else "b")
    search = reverse("portal:search")
    return {f"{search}?{urlencode({'q': word[:-3]})}", f"{search}?{urlencode({'q': typo})}"}


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def leaks(client, urls, hidden):
    """Every (url, what) where a response shows a hidden item's title,
    slug or address."""
    needles = {}
    for item in hidden:
        for needle in (item.title, item.slug, item.get_absolute_url()):
            needles[needle.lower()] = f"{item.get_status_display()} {type(item).__name__}"
    found = []
    for url in sorted(urls):
        text = body(client.get(url)).lower()
        found += [
            f"{url} shows {needle!r} ({what})" for needle, what in needles.items() if needle in text
        ]
    return found


# --- point 3: the generic walk ------------------------------------------------


@pytest.mark.parametrize(("how", "model", "target"), WALK)
def test_no_public_surface_shows_an_unpublished_related_item(client, how, model, target):
    """For each relation of each content type to Publishable content (direct:
    ``model.field``; or via a shared municipality, theme, network, user…:
    ``model~Hub``): a public item A linked to draft, review, archived and
    scheduled items B. No public surface shows a B."""
    place = Municipality.objects.get(cbs_code="GM0344")
    theme = ThemeFactory()
    sources, hidden = [], []
    if how == "direct":
        for state in UNPUBLISHED:
            a = make(model)
            b = make(target.related_model, state, hidden=True)
            for obj in (a, b):
                attach(obj, place)
                attach(obj, theme)
            link(a, target, b)
            sources.append(a)
            hidden.append(b)
    else:
        hub = make_hub(target)
        a = make(model)
        for obj in (place, theme, hub):
            attach(a, obj)
        sources.append(a)
        others = [m for m in content_models() if is_publishable(m) and hub_fields(m, target)]
        for other in others:
            for state in UNPUBLISHED:
                b = make(other, state, hidden=True)
                for obj in (place, theme, hub):
                    attach(b, obj)
                hidden.append(b)
    assert hidden, f"{how} {model.__name__} {target}: nothing to hide, the walk is broken"

    urls = shared_pages(place, theme)
    for b in hidden:
        urls |= searches_for(b)
    for a in sources:
        own, linked = item_pages(a)
        urls |= own | linked
        if type(a).objects.published().filter(pk=a.pk).exists():
            # A is public: its own pages answer, so the check means something.
            for url in own:
                assert client.get(url).status_code == 200, url
    assert leaks(client, urls, hidden) == []
    for b in hidden:  # the word itself: the page repeats it, so look at the outcome
        outcome = client.get(reverse("portal:search"), {"q": b.title}).context["outcome"]
        assert (outcome.total, outcome.suggestion) == (0, ""), b.title


def test_the_walk_finds_the_known_relations():
    """A guard: introspection finds (at least) the relations issue 14 names."""
    ids = {case.id for case in WALK}
    assert {
        "TravelReport.meeting",
        "Meeting.travel_reports",
        "Practice.related",
        "Practice.practice",
        "Network.meetings",
        "Network.action_plans",
        "ActionPlan~Network",
        "Meeting~Network",
        "Practice~Municipality",
        "TravelReport~Municipality",
        "Network~Municipality",
    } <= ids


# --- point 3: the relations named in the issue -----------------------------------


@pytest.mark.parametrize("state", ["published", *UNPUBLISHED])
def test_travel_report_shows_its_meeting_only_when_public(client, state):
    meeting = make(Meeting, state, hidden=True)
    report = make(TravelReport, meeting=meeting)
    shown = state == "published"
    pages = [report.get_absolute_url(), reverse("meetings:report_print", args=[report.slug])]
    for url in pages:
        html = client.get(url).content.decode()
        assert (meeting.title in html) is shown, url
        assert (meeting.get_absolute_url() in html) is shown, url
    api = client.get(reverse("api:travelreport-detail", args=[report.slug])).json()
    assert api["meeting"] == (meeting.slug if shown else None)


def test_meeting_page_lists_only_public_travel_reports(client):
    meeting = make(Meeting)
    reports = {state: make(TravelReport, state, hidden=True, meeting=meeting) for state in
               ["published", *UNPUBLISHED]}  # fmt: skip
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert reports["published"].title in html
    for state in UNPUBLISHED:
        assert reports[state].title not in html and reports[state].slug not in html


def test_network_page_lists_only_public_meetings_and_plans(client):
    network = NetworkFactory()
    items = [
        make(model, state, hidden=True, network=network)
        for model in (Meeting, ActionPlan)
        for state in ["published", *UNPUBLISHED]
    ]
    html = client.get(network.get_absolute_url()).content.decode()
    for item in items:
        assert (item.title in html) is item.is_public
        assert (item.slug in html) is item.is_public


def test_networks_are_always_public(client):
    """A decision, not an oversight: networks are reference data the chief
    editors keep, without a workflow; every network is public."""
    assert not issubclass(Network, Publishable)
    assert "status" not in {f.name for f in Network._meta.get_fields()}
    network = NetworkFactory()
    assert list(Network.objects.published()) == list(Network.objects.all())
    assert client.get(network.get_absolute_url()).status_code == 200


def test_public_relations_are_prefetched(django_assert_num_queries):
    meetings = [make(Meeting, state) for state in ["published", "draft"]]
    for meeting in meetings:
        make(TravelReport, meeting=meeting)
        make(TravelReport, "draft", meeting=meeting)
    with django_assert_num_queries(2):
        shown = {r.pk: r.public_meeting for r in TravelReport.objects.with_public_relations()}
    assert sorted(m.pk for m in shown.values() if m) == [meetings[0].pk, meetings[0].pk]
    with django_assert_num_queries(2):
        counts = [len(m.public_travel_reports) for m in Meeting.objects.with_public_relations()]
    assert sorted(counts) == [1, 1]


# --- point 4: "Bedoelde u …?" only from public words -----------------------------

WORD = "zonnebloemproject"
TYPO = "zonnebloemprojekt"


def put_in(item, state):
    for name, value in state_fields(state).items():
        setattr(item, name, value)
    item.save()


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_a_word_only_in_an_unpublished_item_is_never_suggested(client, state):
    """Also when the item was public before (its words were known then)."""
    PracticeFactory(published=True, title="Ouderkamer op school")
    item = PracticeFactory(published=True, title=f"Het {WORD}")
    assert suggest(TYPO) == WORD
    put_in(item, state)
    assert suggest(TYPO) == ""
    assert run_search(TYPO, {}, 1).suggestion == ""
    html = client.get(reverse("portal:search"), {"q": TYPO}).content.decode()
    assert WORD not in html and "Bedoelde u" not in html


def test_a_word_is_suggested_after_publishing_and_gone_after_unpublishing():
    item = PracticeFactory(title="Concept", summary=f"Over het {WORD}.")
    assert suggest(TYPO) == ""
    put_in(item, "published")
    assert suggest(TYPO) == WORD
    assert run_search(TYPO, {}, 1).suggestion == WORD
    put_in(item, "draft")
    assert suggest(TYPO) == ""
    assert run_search(TYPO, {}, 1).suggestion == ""
    assert not SearchTerm.objects.filter(word=WORD).exists()


@pytest.mark.parametrize("end", ["archived", "deleted"])
def test_a_word_stays_while_another_public_item_has_it(end):
    first = PracticeFactory(published=True, title=f"Het {WORD}")
    second = make(Meeting, summary=f"Verslag over het {WORD} in Utrecht.")
    put_in(first, "archived")
    assert suggest(TYPO) == WORD
    if end == "deleted":
        second.delete()
    else:
        put_in(second, "archived")
    assert suggest(TYPO) == ""
    assert not SearchTerm.objects.filter(word=WORD).exists()


def test_a_scheduled_word_is_suggested_once_publish_at_passes_without_a_save(
    client, monkeypatch, settings
):
    settings.COUNT_CACHE_SECONDS = 0  # the cached answer lags at most that long
    item = PracticeFactory(scheduled=True, title=f"Het {WORD}")
    assert suggest(TYPO) == ""
    html = client.get(reverse("portal:search"), {"q": TYPO}).content.decode()
    assert WORD not in html
    later = item.publish_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert suggest(TYPO) == WORD
    html = client.get(reverse("portal:search"), {"q": TYPO}).content.decode()
    assert f">{WORD}</a>" in html


def test_words_left_by_earlier_versions_are_not_suggested():
    """The vocabulary used to keep every word it ever saw."""
    SearchTerm.objects.create(word=WORD)
    PracticeFactory(title=f"Het {WORD}")  # a draft
    assert suggest(TYPO) == ""


def test_a_known_public_word_is_left_alone():
    PracticeFactory(published=True, title=f"Het {WORD} en de ouderkamer")
    assert suggest(f"{WORD} ouderkamr") == f"{WORD} ouderkamer"


def test_a_rebuild_prunes_the_vocabulary():
    from django.core.management import call_command

    SearchTerm.objects.create(word=WORD)
    PracticeFactory(title=f"Het {WORD}")  # a draft
    PracticeFactory(published=True, title="Ouderkamer op school")
    call_command("rebuild_search_index", verbosity=0)
    assert not SearchTerm.objects.filter(word=WORD).exists()
    assert SearchTerm.objects.filter(word="ouderkamer").exists()
