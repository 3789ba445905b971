"""Issue 7: site-wide search. The PostgreSQL tests run in CI (marked
``postgres``); the fallback tests run everywhere."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from portal.core.models import Status, Theme
from portal.search.models import SearchDocument
from portal.search.query import run_search
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    vve = Theme.objects.get(slug="vve-en-taal")
    return {
        "school": PracticeFactory(
            published=True,
            title="Ouderkamer op de basisschool",
            summary="Een vaste plek voor ouders in de school.",
            body="<p>De school opent elke dinsdag de ouderkamer.</p>",
            municipalities=[municipality("GM0758")],
            themes=[vve],
        ),
        "betrokken": PracticeFactory(
            published=True,
            title="Stedelijke lijn",
            summary="Over ouderbetrokkenheid in de voorschool.",
            body="<p>Voorschoolse educatie met aandacht voor thuis.</p>",
            municipalities=[municipality("GM0307")],
        ),
        "bereiken": PracticeFactory(
            published=True,
            title="Moeilijk bereikbare ouders",
            summary="Huisbezoeken om ouders bereiken mogelijk te maken.",
            body="<p>Sleutelpersonen gaan langs bij gezinnen, ook voor vve.</p>",
            municipalities=[municipality("GM0344")],
        ),
        "draft": PracticeFactory(
            title="Geheime ouderkamer", summary="Concept over de ouderkamer.", status=Status.DRAFT
        ),
        "scheduled": PracticeFactory(
            scheduled=True, title="Toekomstige ouderkamer", summary="Gaat morgen live."
        ),
    }


def titles(outcome):
    return {doc.title for doc in outcome.page.object_list}


@pytest.mark.postgres
def test_dutch_stemming_finds_school_for_scholen(corpus):
    assert "Ouderkamer op de basisschool" in titles(run_search("scholen", {}, 1))


@pytest.mark.postgres
def test_prefix_covers_compounds(corpus):
    found = titles(run_search("ouder", {}, 1))
    assert "Stedelijke lijn" in found  # via "ouderbetrokkenheid"


@pytest.mark.postgres
def test_websearch_phrase_exclusion_and_or(corpus):
    assert titles(run_search('"ouders bereiken"', {}, 1)) == {"Moeilijk bereikbare ouders"}
    assert "Moeilijk bereikbare ouders" not in titles(run_search("ouders -vve", {}, 1))
    assert titles(run_search("dinsdag OR sleutelpersonen", {}, 1)) == {
        "Ouderkamer op de basisschool",
        "Moeilijk bereikbare ouders",
    }


@pytest.mark.postgres
def test_title_match_ranks_first_and_snippet_is_highlighted(corpus):
    outcome = run_search("ouderkamer", {}, 1)
    first = outcome.page.object_list[0]
    assert first.title == "Ouderkamer op de basisschool"
    assert "<mark>ouderkamer</mark>" in first.snippet.lower()


@pytest.mark.postgres
def test_typo_gets_a_suggestion(corpus):
    outcome = run_search("ouderbetrokkenhied", {}, 1)
    assert outcome.total == 0
    assert outcome.suggestion == "ouderbetrokkenheid"


@pytest.mark.postgres
def test_renamed_theme_updates_the_index(corpus):
    theme = Theme.objects.get(slug="vve-en-taal")
    theme.name = "Vroegschoolse taalstimulering"
    theme.save()
    assert "Ouderkamer op de basisschool" in titles(run_search("taalstimulering", {}, 1))


def test_drafts_and_scheduled_items_are_never_found(corpus):
    for text in ("ouderkamer", "geheime", "toekomstige"):
        found = titles(run_search(text, {}, 1))
        assert "Geheime ouderkamer" not in found and "Toekomstige ouderkamer" not in found


def test_filters_and_counts(corpus):
    outcome = run_search("", {"gemeente": ["breda"]}, 1)
    assert titles(outcome) == {"Ouderkamer op de basisschool"}
    everything = run_search("", {}, 1)
    municipalities = {o["value"]: o["n"] for o in everything.facets["gemeente"]}
    assert municipalities == {"breda": 1, "amersfoort": 1, "utrecht": 1}
    types = {o["value"]: o["n"] for o in everything.facets["type"]}
    assert types == {"practices": 3}
    provinces = {o["value"]: o["n"] for o in everything.facets["provincie"]}
    assert provinces == {"PV30": 1, "PV26": 2}


def test_municipality_is_offered_first(client, corpus):
    html = client.get("/zoeken/", {"q": "Utrecht"}).content.decode()
    assert html.index('href="/gemeenten/utrecht/"') < html.index("search-hit")


def test_search_page_shows_type_municipality_date_and_pagination(client, corpus, settings):
    settings.PAGINATE_BY = 1
    response = client.get("/zoeken/", {"q": "ouders"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Praktijkvoorbeelden · " in html
    assert "pagina=2" in html


def test_index_follows_status_changes(corpus, eindredacteur):
    from portal.editorial import workflow

    item = corpus["school"]
    workflow.unpublish(item, actor=eindredacteur)
    assert "Ouderkamer op de basisschool" not in titles(run_search("ouderkamer", {}, 1))


def test_rebuild_command(corpus):
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert SearchDocument.objects.count() == 5
    assert "Ouderkamer op de basisschool" in titles(run_search("ouderkamer", {}, 1))


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.sampled_from(
            ['"', "&|!:*", "' OR 1=1 --", "-", "or or or", "(((", "a:*b", "\\", "🌷" * 50,
             "!!!", "x" * 10_000, "ouders & | ! vve", '"ongesloten', "NOT", "<script>"]
        ),
    )
)  # fmt: skip
def test_any_query_gives_a_page(client, text):
    response = client.get("/zoeken/", {"q": text})
    # A result page, or (NUL in the address) a clear 400 message; never a 500.
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "\x00" in text and "ongeldige tekens" in response.content.decode()


def test_old_item_gets_no_recency_boost_but_is_found(corpus):
    old = corpus["bereiken"]
    old.publish_at = timezone.now() - datetime.timedelta(days=3000)
    old.save()
    assert "Moeilijk bereikbare ouders" in titles(run_search("huisbezoeken", {}, 1))


@pytest.mark.parametrize(
    "url", ["/zoeken/?q=a%00b", "/gemeenten/?q=%00", "/praktijkvoorbeelden/?q=x%00"]
)
def test_nul_in_query_string_is_a_clean_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "ongeldige tekens" in response.content.decode()


def test_snippets_escape_content_and_only_add_mark(client):
    PracticeFactory(
        published=True,
        title="Voorleesproject",
        summary='Voorlezen <script>alert("x")</script> met ouders & kinderen',
    )
    html = client.get("/zoeken/", {"q": "voorlezen"}).content.decode()
    # PostgreSQL's headline drops the tag, the fallback escapes it: never raw.
    assert "<script>alert" not in html
    assert "<mark>voorlezen</mark>" in html.lower()


@pytest.mark.postgres
def test_common_words_skip_the_index_probe_with_the_same_results(corpus, monkeypatch, settings):
    """When the statistics say every word is common, the search walks the
    date index at once; what it finds and how it ranks must not change."""
    from django.db import connection

    import portal.search.query as search

    settings.PAGE_CACHE_SECONDS = 0
    queries = ["ouders", "school ouderkamer", "vve", "bereiken"]
    normal = {q: [d.pk for d in run_search(q, {}, None).page.object_list] for q in queries}
    assert all(normal.values())

    executed = []

    def record(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    from portal.core.cache import bump_content_version

    bump_content_version()
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('dutch', %s))", [" ".join(queries)])
        stems = frozenset(cursor.fetchone()[0])
    monkeypatch.setattr(search, "common_lexemes", lambda: stems)
    for q in queries:
        executed.clear()
        with connection.execute_wrapper(record):
            found = [d.pk for d in run_search(q, {}, None).page.object_list]
        assert found == normal[q], q
        assert any("enable_bitmapscan = off" in sql for sql in executed), q


@pytest.mark.postgres
def test_common_lexemes_come_from_the_statistics(corpus):
    from django.core.cache import cache
    from django.db import connection

    from portal.search.query import COMMON_SHARE, common_lexemes

    cache.delete("search:common-lexemes")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_searchdocument")
        cursor.execute(
            "SELECT lexeme, count(*)::float / (SELECT count(*) FROM portal_searchdocument) "
            "FROM portal_searchdocument, unnest(tsvector_to_array(search_vector)) AS lexeme "
            "GROUP BY lexeme"
        )
        share = dict(cursor.fetchall())
    common = common_lexemes()
    assert common, "ANALYZE gave no element statistics"
    assert all(share[lexeme] >= COMMON_SHARE for lexeme in common)
