"""The search page's help and its suggestions while typing (issue 16):
filters that stay with no results, what each hit is and when it happens,
the filters in a disclosure, and the title suggestions endpoint."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.core.models import Municipality, Status
from portal.search.models import SearchDocument
from portal.search.query import run_search
from portal.web.views import _describe_hits
from tests.factories import (
    ActionPlanFactory,
    MeetingFactory,
    NetworkFactory,
    PracticeFactory,
    TravelReportFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    return response.content.decode()


def cards(html):
    return re.findall(r'<article class="card search-hit">(.*?)</article>', html, re.S)


def card_for(html, title):
    found = [card for card in cards(html) if f">{title}</a>" in card]
    assert found, f"no card for {title}"
    return found[0]


def meta(card):
    return re.search(r'<p class="card__meta">(.*?)</p>', card, re.S).group(1)


# --- nothing found: the filters stay, with a way out ---------------------------


def test_zero_results_keep_the_filters_with_counts_and_remove_links(client, corpus):
    n = run_search("ouders", {}, 1).total
    assert n >= 2
    html = page(client, q="ouders", type="meetings")
    assert "0 resultaten" in html
    # The type filter stays, with the counts of the search without it, and the
    # chosen value keeps its label although no result has it.
    assert 'name="type" value="meetings" checked> <label for="f-type-2">Bijeenkomsten' in html
    assert (
        f'value="practices"> <label for="f-type-1">Praktijkvoorbeelden <span class="count">({n})'
        in html
    )
    assert "Soort: Bijeenkomsten" in html
    # Removing the filter is one link away and says what it finds.
    empty = html[html.index('class="search-empty"') :]
    assert "verwijder filter" in empty
    assert 'href="?q=ouders"' in empty
    assert f"({n} resultaten)" in empty


def test_zero_results_with_two_filters_offer_each_removal(client, corpus):
    html = page(client, q="ouders", gemeente="breda", thema="ouders-bereiken")
    empty = html[html.index('class="search-empty"') :]
    assert empty.count(">verwijder filter<span") == 2
    assert 'href="?q=ouders&amp;thema=ouders-bereiken"' in empty
    assert 'href="?q=ouders&amp;gemeente=breda"' in empty
    # Both chosen filters stay visible in the form, checked.
    assert 'name="gemeente" value="breda" checked' in html
    assert 'name="thema" value="ouders-bereiken" checked' in html


def test_zero_results_with_a_type_filter_offer_all_types(client, corpus):
    html = page(client, q="ouderkamer", type="reports")
    link = re.search(r'<a class="utrecht-link" href="([^"]+)">zoek in alle soorten</a>', html)
    assert link and link.group(1) == "?q=ouderkamer"
    assert run_search("ouderkamer", {}, 1).total == 1
    assert "zoek in alle soorten</a> (1 resultaat)" in html


def test_no_all_types_link_without_a_type_filter(client, corpus):
    html = page(client, q="ouders", gemeente="gent")
    assert "zoek in alle soorten" not in html
    assert "verwijder filter" in html


def test_an_unknown_filter_value_stays_removable(client, corpus):
    html = page(client, q="ouders", gemeente="nergensdorp")
    assert 'name="gemeente" value="nergensdorp" checked' in html
    assert 'href="?q=ouders"' in html


def test_results_do_not_get_the_zero_result_help(client, corpus):
    html = page(client, q="ouders")
    assert "search-empty" not in html and "zoek in alle soorten" not in html


@pytest.mark.postgres
def test_zero_results_show_the_did_you_mean_suggestion(client, corpus):
    html = page(client, q="ouderbetrokkenhied")
    assert "Bedoelde u" in html and "ouderbetrokkenheid</a>" in html


# --- what each hit is and when it happens --------------------------------------


@pytest.fixture
def kinds_corpus():
    breda, gent = municipality("GM0758"), Municipality.objects.get(slug="gent")
    return {
        "meeting": MeetingFactory(
            published=True,
            title="Werkbezoek taalhuis",
            start_date=datetime.date(2025, 4, 8),
            end_date=datetime.date(2025, 4, 9),
            municipalities=[gent, breda],
        ),
        "one-day": MeetingFactory(
            published=True,
            title="Studiedag taalhuis",
            start_date=datetime.date(2025, 4, 8),
            end_date=datetime.date(2025, 4, 8),
        ),
        "report": TravelReportFactory(
            published=True,
            title="Reisverslag taalhuis",
            departure_date=datetime.date(2025, 4, 8),
            return_date=datetime.date(2025, 5, 2),
        ),
        "practice": PracticeFactory(
            published=True,
            title="Taalhuis voor ouders",
            start_year=2013,
            end_year=2015,
            municipalities=[breda],
        ),
        "open": PracticeFactory(published=True, title="Taalhuis sinds lang", start_year=2013),
        "unknown": PracticeFactory(published=True, title="Taalhuis zonder jaar"),
        "plan": ActionPlanFactory(
            published=True, title="Actieplan taalhuis", start_year=2014, end_year=2016
        ),
        "network": NetworkFactory(name="Netwerk taalhuis", start_year=2012),
    }


def test_each_hit_shows_type_places_and_when_it_happens(client, kinds_corpus):
    html = page(client, q="taalhuis")
    assert len(cards(html)) == 8
    expected = {
        "Werkbezoek taalhuis": "Bijeenkomsten · Breda, Gent · 8–9 april 2025",
        "Studiedag taalhuis": "Bijeenkomsten · 8 april 2025",
        "Reisverslag taalhuis": "Reisverslagen · 8 april – 2 mei 2025",
        "Taalhuis voor ouders": "Praktijkvoorbeelden · Breda · 2013–2015",
        "Taalhuis sinds lang": "Praktijkvoorbeelden · sinds 2013",
        "Taalhuis zonder jaar": "Praktijkvoorbeelden",
        "Actieplan taalhuis": "Actieplannen · 2014–2016",
        "Netwerk taalhuis": "Netwerken · sinds 2012",
    }
    for title, text in expected.items():
        shown = re.sub(r"<[^>]+>", "", meta(card_for(html, title))).strip()
        assert shown == text, title


def test_the_publication_date_is_never_shown_as_the_event_date(client):
    PracticeFactory(
        published=True,
        title="Taalhuis zonder jaar",
        publish_at=timezone.now() - datetime.timedelta(days=3),
    )
    html = page(client, q="taalhuis")
    card = card_for(html, "Taalhuis zonder jaar")
    published = timezone.localdate() - datetime.timedelta(days=3)
    assert str(published.year) not in card and "<time" not in card
    assert "gepubliceerd" not in card  # not shown at all


def test_hits_are_described_with_one_query_per_type(kinds_corpus):
    documents = list(SearchDocument.objects.all())
    assert len({d.kind for d in documents}) == 5
    with CaptureQueriesContext(connection) as queries:
        _describe_hits(documents)
    assert len(queries) == 5
    by_title = {d.title: d for d in documents}
    assert by_title["Werkbezoek taalhuis"].places == ["Breda", "Gent"]
    assert by_title["Taalhuis zonder jaar"].event_label == ""


def test_many_municipalities_are_cut_short(client):
    places = list(Municipality.objects.filter(country="NL").order_by("name")[:5])
    PracticeFactory(published=True, title="Taalhuis overal", municipalities=places)
    card = card_for(page(client, q="taalhuis"), "Taalhuis overal")
    assert "en 2 andere" in card


# --- the filters in a disclosure -------------------------------------------------


def test_filters_sit_in_a_closed_disclosure_that_counts_the_chosen_ones(client, corpus):
    html = page(client, q="ouders", gemeente="breda")
    details = re.search(r"<details([^>]*)>\s*<summary[^>]*>([^<]*)</summary>", html)
    assert details, "no <details> with a <summary>"
    assert "open" not in details.group(1)
    assert details.group(2) == "Filters (1 gekozen)"
    # The form with the filters is inside the disclosure, the results follow it.
    assert html.index("<details") < html.index('class="filters"') < html.index("</details>")
    assert html.index("</details>") < html.index('class="results"')
    assert "(0 gekozen)" in page(client, q="ouders")


def test_no_disclosure_when_there_is_nothing_to_filter(client):
    html = page(client, q="niets")
    assert "<details" not in html


# --- suggestions while typing -----------------------------------------------------


@pytest.fixture
def titles():
    hour = datetime.timedelta(hours=1)
    now = timezone.now()
    for i in range(12):
        PracticeFactory(
            published=True, title=f"Ouders bereiken {i}", publish_at=now - (i + 1) * hour
        )
    PracticeFactory(published=True, title="Voorlezen thuis", publish_at=now - 2 * hour)
    PracticeFactory(
        published=True, title="Bijzonder-onderwijs en ouders", publish_at=now - 30 * hour
    )
    PracticeFactory(title="Ouders concept", status=Status.DRAFT)
    PracticeFactory(scheduled=True, title="Ouders morgen")
    PracticeFactory(title="Ouders gearchiveerd", status=Status.ARCHIVED)
    MeetingFactory(published=True, title="Voorleesavond in Gent", publish_at=now - 3 * hour)


def suggest(client, text, status=200):
    response = client.get("/zoeken/suggesties/", {"q": text})
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_suggestions_json_shape_and_at_most_eight(client, titles):
    data = suggest(client, "oud")
    assert data["query"] == "oud"
    assert len(data["results"]) == 8
    first = data["results"][0]
    assert set(first) == {"title", "url", "type"}
    assert first["type"] == "Praktijkvoorbeelden"
    assert first["url"].startswith("/praktijkvoorbeelden/")
    # Newest first.
    assert first["title"] == "Ouders bereiken 0"


def test_suggestions_are_only_public_titles(client, titles):
    found = {r["title"] for r in suggest(client, "ouders")["results"]}
    found |= {r["title"] for r in suggest(client, "ouders c")["results"]}
    found |= {r["title"] for r in suggest(client, "ouders m")["results"]}
    found |= {r["title"] for r in suggest(client, "ouders g")["results"]}
    assert not found & {"Ouders concept", "Ouders morgen", "Ouders gearchiveerd"}


def test_suggestions_match_word_starts_prefix_on_the_last_word(client, titles):
    def found(text):
        return [r["title"] for r in suggest(client, text)["results"]]

    assert found("voorle") == ["Voorlezen thuis", "Voorleesavond in Gent"]  # newest first
    assert found("thuis voorl") == ["Voorlezen thuis"]  # any order of the words
    assert found("onderw") == ["Bijzonder-onderwijs en ouders"]  # a word inside a compound
    assert found("ezen") == []  # the middle of a word is no word start
    assert found("ouder bereiken") == []  # earlier words are whole words
    assert found("ouders bereiken 3") == ["Ouders bereiken 3"]
    assert found("ouders ") == found("ouders")[:8]
    assert found("ouder ") == []  # a space ends the word: "ouder" as a whole word
    assert [r["type"] for r in suggest(client, "voorleesa")["results"]] == ["Bijeenkomsten"]


@pytest.mark.parametrize("text", ["", "o", " ", "!!!", "'", '"', "&|!:*", "\\", "a:*b", "🌷" * 30])
def test_suggestions_for_little_or_odd_input_are_empty_or_sane(client, titles, text):
    data = suggest(client, text)
    assert isinstance(data["results"], list)
    if len(re.sub(r"\W", "", text)) < 2:
        assert data["results"] == []


@pytest.mark.parametrize("text", ["ouders' OR 1=1 --", "ouders:*", "(ouders", "ouders & !b"])
def test_suggestions_treat_query_syntax_as_text(client, titles, text):
    data = suggest(client, text)
    assert all("ouders" in r["title"].lower() for r in data["results"])


def test_suggestions_refuse_an_overlong_query(client):
    data = suggest(client, "a" * 201, status=400)
    assert "detail" in data


def test_suggestions_refuse_nul(client):
    response = client.get("/zoeken/suggesties/?q=ou%00d")
    assert response.status_code == 400


def test_suggestions_follow_content_changes(client, titles):
    assert suggest(client, "zwemles")["results"] == []
    PracticeFactory(published=True, title="Zwemles met ouders")
    assert [r["title"] for r in suggest(client, "zwemles")["results"]] == ["Zwemles met ouders"]


def test_search_page_loads_the_suggestion_script_as_a_file(client, corpus):
    html = page(client, q="ouders")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts == [(' src="/static/js/search-suggest.js" defer', "")]
    box = re.search(r'<input[^>]*id="search-q"[^>]*>', html).group(0)
    assert 'data-suggest-url="/zoeken/suggesties/"' in box
    # Without JavaScript it is a plain search field: the script adds the roles.
    assert "role=" not in box and "aria-expanded" not in box
