"""Search in English (issue 21, point 4): on /en/zoeken/ the English versions
of translated items are searched with the English configuration and come
first, the Dutch matches follow (marked Dutch); facets, title suggestions and
"Did you mean" speak English; nothing unreviewed is ever found or proposed.
The tests without the ``postgres`` mark run on both databases (on SQLite the
fallback matches the English fields too)."""

import io
import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import translation

import portal.search.query as search
from portal.core.cache import bump_content_version
from portal.core.models import Status, Theme
from portal.editorial import changes, workflow
from portal.search.models import SearchDocument
from portal.search.query import run_search
from practices.models import EducationPhase, Practice
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    vve = Theme.objects.get(slug="vve-en-taal")
    return {
        "evening": PracticeFactory(
            published=True,
            title="Ouderavond in de wijk",
            summary="Ouders praten met de school over het leren thuis.",
            body="<p>Elke maand een avond met een tolk.</p>",
            title_en="Neighbourhood parents meeting",
            summary_en="Parents talk with the school about learning at home.",
            body_en="<p>An evening every month, with an interpreter.</p>",
            municipalities=[municipality("GM0344")],
            themes=[vve],
            phases=[EducationPhase.objects.get(slug="primair-onderwijs")],
        ),
        "room": PracticeFactory(
            published=True,
            title="Ouderkamer op de basisschool",
            summary="Een vaste plek voor ouders in de school.",
            body="<p>De ouderkamer is elke dinsdag open.</p>",
            municipalities=[municipality("GM0758")],
        ),
    }


def results(html):
    return re.findall(r'<article class="card search-hit">(.*?)</article>', html, re.S)


def heading(card):
    return re.search(r'<h3 class="card__title"><a (.*?)</a></h3>', card, re.S).group(1)


def titles(outcome):
    return [doc.title for doc in outcome.page.object_list]


def total_heading(html):
    return re.search(r'id="search-results-heading"[^>]*>(.*?)</h2>', html, re.S).group(1)


# --- point 1: what the index holds ------------------------------------------------


def test_index_holds_the_english_version_only_for_translated_items(items):
    evening = SearchDocument.objects.get(object_id=items["evening"].pk, kind="practices")
    assert evening.title_en == "Neighbourhood parents meeting"
    assert evening.summary_en == "Parents talk with the school about learning at home."
    assert evening.body_text_en == "An evening every month, with an interpreter."
    assert "Utrecht" in evening.names_en  # places are the same in English
    room = SearchDocument.objects.get(object_id=items["room"].pk, kind="practices")
    assert (room.title_en, room.summary_en, room.names_en, room.body_text_en) == ("", "", "", "")
    assert room.search_vector_en is None
    # The Dutch document does not change: no English word in it.
    assert "Neighbourhood" not in evening.title + evening.summary + evening.body_text


@pytest.mark.postgres
def test_english_vector_is_made_with_the_english_configuration(items):
    evening = SearchDocument.objects.get(object_id=items["evening"].pk, kind="practices")
    vector = str(evening.search_vector_en)
    assert "'neighbourhood':1A" in vector
    assert "'meet':3A" in vector  # English stemming
    assert re.search(r"'interpret':\d+ ", vector)  # the body: weight D (not written)
    assert "'the'" not in vector  # English stop word
    room = SearchDocument.objects.get(object_id=items["room"].pk, kind="practices")
    assert room.search_vector_en is None


def test_document_is_built_in_dutch_whatever_the_active_language(items):
    """An item saved from an English admin page keeps its Dutch address and
    labels in the index: the English page translates them when it shows them."""
    with translation.override("en"):
        items["room"].save()
    room = SearchDocument.objects.get(object_id=items["room"].pk, kind="practices")
    assert room.url == items["room"].get_absolute_url()
    assert not room.url.startswith("/en/")
    assert "type\tpractices\tPraktijkvoorbeelden" in room.facet_text


def test_english_theme_names_are_in_the_english_names(items):
    theme = Theme.objects.get(slug="vve-en-taal")
    theme.name_en = "Early childhood education and language"
    theme.save()  # re-indexes the documents that name it
    evening = SearchDocument.objects.get(object_id=items["evening"].pk, kind="practices")
    assert "Early childhood education and language" in evening.names_en
    found = run_search("childhood", {}, 1, language="en")
    assert titles(found) == ["Ouderavond in de wijk"]
    assert run_search("childhood", {}, 1, language="nl").total == 0


def test_rebuild_command_fills_the_english_version(items):
    SearchDocument.objects.update(title_en="", summary_en="", names_en="", body_text_en="")
    SearchDocument.objects.update(search_vector_en=None)
    assert run_search("neighbourhood", {}, 1, language="en").total == 0
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert run_search("neighbourhood", {}, 1, language="en").total == 1


# --- point 2: /en/zoeken/ ---------------------------------------------------------------


def test_english_word_finds_the_item_on_the_english_page_only(client, items):
    english = client.get("/en/zoeken/", {"q": "neighbourhood"}).text
    (card,) = results(english)
    assert heading(card) == (
        f'class="utrecht-link" href="/en{items["evening"].get_absolute_url()}">'
        "Neighbourhood parents meeting"
    )
    assert 'lang="nl"' not in card
    assert "interpreter" in card or "Parents talk with the school" in card
    dutch = client.get("/zoeken/", {"q": "neighbourhood"}).text
    assert results(dutch) == []
    assert "0 resultaten" in total_heading(dutch)


@pytest.mark.postgres
def test_english_stemming_finds_meeting_for_meetings(items):
    assert titles(run_search("meetings", {}, 1, language="en")) == ["Ouderavond in de wijk"]
    assert titles(run_search("interpreters", {}, 1, language="en")) == ["Ouderavond in de wijk"]
    assert run_search("interpreters", {}, 1, language="nl").total == 0


@pytest.mark.postgres
def test_english_phrase_and_exclusion(items):
    assert titles(run_search('"parents meeting"', {}, 1, language="en")) == [
        "Ouderavond in de wijk"
    ]
    assert run_search('"meeting parents"', {}, 1, language="en").total == 0
    assert run_search("neighbourhood -interpreters", {}, 1, language="en").total == 0
    assert run_search("neighbourhood -dinsdag", {}, 1, language="en").total == 1


@pytest.mark.postgres
def test_english_snippet_marks_the_english_match(items):
    (doc,) = run_search("interpreters", {}, 1, language="en").page.object_list
    assert "<mark>interpreter</mark>" in doc.snippet
    assert doc.snippet_lang == ""


@pytest.mark.postgres
def test_english_matches_rank_above_dutch_fallback_matches():
    """ "Workshop" is in the title of a Dutch item (the strongest field) and
    only in the English body of a translated one: the English match first."""
    PracticeFactory(
        published=True,
        title="Workshop voor ouders",
        summary="Ouders leren samen.",
        body="<p>Een workshop op school.</p>",
    )
    PracticeFactory(
        published=True,
        title="Taalcafé",
        summary="Ouders oefenen Nederlands.",
        title_en="Language café",
        summary_en="Parents practise Dutch.",
        body_en="<p>Every week, sometimes a short workshop.</p>",
    )
    found = run_search("workshop", {}, 1, language="en")
    assert titles(found) == ["Taalcafé", "Workshop voor ouders"]
    assert found.total == 2
    assert [doc.snippet_lang for doc in found.page.object_list] == ["", "nl"]
    assert titles(run_search("workshop", {}, 1, language="nl")) == ["Workshop voor ouders"]


def test_dutch_word_finds_untranslated_items_marked_dutch(client, items):
    html = client.get("/en/zoeken/", {"q": "ouderkamer"}).text
    (card,) = results(html)
    assert heading(card) == (
        f'class="utrecht-link" href="/en{items["room"].get_absolute_url()}" lang="nl">'
        "Ouderkamer op de basisschool"
    )
    assert re.search(r'<p lang="nl">.*ouderkamer', card, re.S | re.I)
    assert "1 result" in total_heading(html)


def test_english_query_with_only_dutch_hits_shows_them_marked_dutch(client):
    """ "Parents" only occurs in a Dutch text: the English page shows the item,
    its Dutch title and snippet marked lang="nl" (decided: better a Dutch hit
    than nothing)."""
    item = PracticeFactory(
        published=True,
        title="Internationale ouderavond",
        summary="Voor ouders uit andere landen: 'parents welcome'.",
    )
    (card,) = results(client.get("/en/zoeken/", {"q": "parents welcome"}).text)
    assert f'href="/en{item.get_absolute_url()}" lang="nl">Internationale ouderavond' in card
    assert '<p lang="nl">' in card


def test_translated_item_found_by_a_dutch_word_shows_its_english_version(client, items):
    (card,) = results(client.get("/en/zoeken/", {"q": "tolk"}).text)
    assert ">Neighbourhood parents meeting</a>" in card
    assert 'lang="nl"' not in card


@pytest.mark.postgres
def test_totals_count_the_union_once(items, monkeypatch):
    """Utrecht is named in English and in Dutch: each item counts once, also
    when the totals come from counting queries (RANKED below the matches)."""
    for n in range(2):
        PracticeFactory(
            published=True,
            title=f"Voorleesproject {n}",
            title_en=f"Reading project {n}",
            municipalities=[municipality("GM0344")],
        )
    PracticeFactory(
        published=True, title="Opvoedspreekuur", municipalities=[municipality("GM0344")]
    )
    # Utrecht: evening, two reading projects (English and Dutch), the clinic (Dutch).
    assert run_search("utrecht", {}, 1, language="en").total == 4
    assert run_search("utrecht", {}, 1, language="nl").total == 4
    monkeypatch.setattr(search, "RANKED", 2)
    bump_content_version()  # not the cached answer of the same search
    outcome = run_search("utrecht", {}, 1, language="en")
    assert outcome.total == 4
    assert len(outcome.page.object_list) == 2


def test_filters_work_on_the_english_page(items):
    found = run_search("", {"gemeente": ["utrecht"]}, 1, language="en")
    assert titles(found) == ["Ouderavond in de wijk"]
    assert run_search("neighbourhood", {"gemeente": ["breda"]}, 1, language="en").total == 0


def test_search_cache_does_not_mix_languages(client, items, settings, monkeypatch):
    """The same query on /zoeken/ and /en/zoeken/, twice each: each language
    is computed once and then read from the cache, never the other's."""
    settings.COUNT_CACHE_SECONDS = 60
    computed = []
    for name in ("_matches", "_matches_english"):
        original = getattr(search, name)

        def counting(text, filters, original=original, name=name):
            computed.append(name)
            return original(text, filters)

        monkeypatch.setattr(search, name, counting)
    for _round in range(2):
        assert results(client.get("/zoeken/", {"q": "neighbourhood"}).text) == []
        assert len(results(client.get("/en/zoeken/", {"q": "neighbourhood"}).text)) == 1
    assert computed == ["_matches", "_matches_english"]


def test_english_page_explains_a_query_without_words_in_english(client):
    html = client.get("/en/zoeken/", {"q": "!!!"}).text
    assert "Enter a search word with letters or digits." in html


# --- point 3: facets --------------------------------------------------------------------


def facet(html, name):
    fieldset = re.search(
        rf'<fieldset><legend>([^<]*)</legend>\s*((?:(?!</fieldset>).)*name="{name}".*?)</fieldset>',
        html,
        re.S,
    )
    labels = re.findall(r"<label ([^>]*)>([^<]*) <span", fieldset.group(2))
    return fieldset.group(1), labels


def test_facet_headings_and_labels_are_english(client, items):
    Theme.objects.filter(slug="ouders-bereiken").update(name_en="Reaching parents")
    reaching = Theme.objects.get(slug="ouders-bereiken")
    items["room"].themes.add(reaching)  # re-indexes the item
    html = client.get("/en/zoeken/").text
    assert facet(html, "type") == ("Type", [('for="f-type-1"', "Practices")])
    # Sorted as the Dutch page: "Ouders bereiken" before "VVE en taal".
    assert facet(html, "thema") == (
        "Theme",
        [('for="f-thema-1"', "Reaching parents"), ('for="f-thema-2" lang="nl"', "VVE en taal")],
    )
    assert facet(html, "fase") == ("Education phase", [('for="f-fase-1"', "Primary education")])
    assert facet(html, "gemeente")[0] == "Municipality"
    assert {label for _attrs, label in facet(html, "gemeente")[1]} == {"Utrecht", "Breda"}
    # The Dutch page keeps the Dutch labels, unmarked.
    dutch = client.get("/zoeken/").text
    assert facet(dutch, "type") == ("Soort", [('for="f-type-1"', "Praktijkvoorbeelden")])
    assert facet(dutch, "fase") == ("Onderwijsfase", [('for="f-fase-1"', "Primair onderwijs")])
    assert facet(dutch, "thema") == (
        "Thema",
        [('for="f-thema-1"', "Ouders bereiken"), ('for="f-thema-2"', "VVE en taal")],
    )


def test_chosen_filters_are_english_or_marked_dutch(client, items):
    html = client.get("/en/zoeken/", {"thema": "vve-en-taal", "fase": "primair-onderwijs"}).text
    assert 'Theme: <span lang="nl">VVE en taal</span>' in html
    assert "Education phase: Primary education <span" in html
    empty = client.get("/en/zoeken/", {"q": "ouderkamer", "thema": "vve-en-taal"}).text
    assert '<li>Theme: <span lang="nl">VVE en taal</span> – <a' in empty


# --- point 4: suggestions ---------------------------------------------------------------


def suggestions(client, prefix, text):
    response = client.get(f"{prefix}/zoeken/suggesties/", {"q": text})
    assert response.status_code == 200
    return json.loads(response.content)["results"]


def test_title_suggestions_are_english_on_the_english_page(client, items):
    evening = items["evening"].get_absolute_url()
    assert suggestions(client, "/en", "neighb") == [
        {"title": "Neighbourhood parents meeting", "url": f"/en{evening}", "type": "Practices"}
    ]
    assert suggestions(client, "/en", "ouderk") == [
        {
            "title": "Ouderkamer op de basisschool",
            "url": f"/en{items['room'].get_absolute_url()}",
            "type": "Practices",
            "lang": "nl",
        }
    ]
    # The Dutch title of a translated item is not offered in English, nor the
    # English one in Dutch.
    assert suggestions(client, "/en", "ouderavond") == []
    assert suggestions(client, "", "neighb") == []
    assert suggestions(client, "", "ouderavond") == [
        {"title": "Ouderavond in de wijk", "url": evening, "type": "Praktijkvoorbeelden"}
    ]


def test_did_you_mean_draws_on_english_words(client, items):
    outcome = run_search("neighbourhod", {}, 1, language="en")
    assert outcome.total == 0
    assert outcome.suggestion == "neighbourhood"
    html = client.get("/en/zoeken/", {"q": "neighbourhod"}).text
    assert 'Did you mean: <a class="utrecht-link" href="?q=neighbourhood">' in html
    assert run_search("neighbourhod", {}, 1, language="nl").suggestion != "neighbourhood"


# --- nothing unreviewed -------------------------------------------------------------


def test_unpublished_english_text_is_never_found_or_suggested(client):
    PracticeFactory(title="Concept", title_en="Secretive workshop", status=Status.DRAFT)
    PracticeFactory(scheduled=True, title="Morgen", title_en="Tomorrows workshop")
    PracticeFactory(
        title="Archief", title_en="Archived workshop", status=Status.ARCHIVED, publish_at=None
    )
    for text in ("secretive", "tomorrows", "archived", "workshop"):
        assert run_search(text, {}, 1, language="en").total == 0
        assert suggestions(client, "/en", text) == []
    assert run_search("secretiv", {}, 1, language="en").suggestion == ""
    assert run_search("tomorows", {}, 1, language="en").suggestion == ""


def test_pending_translation_is_searchable_only_after_approval(client, redacteur, eindredacteur):
    live = PracticeFactory(published=True, title="Voorleesochtend", summary="Samen lezen.")
    change = changes.start_change(live, actor=redacteur)
    change.title_en = "Storytelling morning"
    change.summary_en = "Reading together."
    change.save()
    workflow.submit(change, actor=redacteur)
    change.refresh_from_db()
    # Never indexed: only the live item has a document.
    ct = ContentType.objects.get_for_model(Practice)
    assert list(
        SearchDocument.objects.filter(content_type=ct).values_list("object_id", flat=True)
    ) == [live.pk]
    assert run_search("storytelling", {}, 1, language="en").total == 0
    assert suggestions(client, "/en", "storyt") == []
    assert run_search("storytellng", {}, 1, language="en").suggestion == ""
    workflow.publish(change, actor=eindredacteur)
    found = run_search("storytelling", {}, 1, language="en")
    assert titles(found) == ["Voorleesochtend"]
    assert found.page.object_list[0].title_en == "Storytelling morning"
    assert suggestions(client, "/en", "storyt")[0]["title"] == "Storytelling morning"
