"""Editor-managed synonyms (portal.search.models.Synonym, synonyms.expand)."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.core.cache import content_version
from portal.search.admin import SynonymForm
from portal.search.models import Synonym
from portal.search.synonyms import expand

pytestmark = pytest.mark.django_db

ADMIN = "/admin/portal/synonym/"


@pytest.fixture(autouse=True)
def seeded():
    """What migration 0010 loads (again, in case a flush removed it)."""
    importlib.import_module("portal.migrations.0010_synonyms").forwards(apps, None)


def errors(**data):
    form = SynonymForm(data=data)
    assert not form.is_valid()
    return form.errors


# --- validation -------------------------------------------------------------


def test_term_and_equivalents_are_required():
    found = errors(term="", equivalents="")
    assert found["term"] == ["Dit veld is vereist."]
    assert found["equivalents"] == ["Dit veld is vereist."]


def test_no_empty_entries():
    found = errors(term="bso", equivalents=" ,\n ; \n")
    assert found["equivalents"] == ["Geef minstens één woord dat verschilt van de zoekterm."]
    found = errors(term="bso", equivalents="BSO\nbso")
    assert found["equivalents"] == ["Geef minstens één woord dat verschilt van de zoekterm."]


def test_characters_that_mean_something_to_a_query_are_refused():
    found = errors(term="bso & co", equivalents="buitenschoolse opvang\n(opvang)")
    assert found["term"] == [
        "‘bso & co’ bevat een teken dat niet mag. Gebruik alleen letters, cijfers, spaties, "
        "koppeltekens (-) en apostroffen (')."
    ]
    assert "‘(opvang)’ bevat een teken dat niet mag." in found["equivalents"][0]
    assert errors(term="--", equivalents="opvang")["term"] == ["‘--’ bevat geen letter of cijfer."]
    assert "te lang" in errors(term="bso", equivalents="a" * 101)["equivalents"][0]


def test_a_term_is_unique_whatever_its_case():
    found = errors(term="VVE", equivalents="vroeg- en voorschoolse educatie")
    assert found["term"] == ["‘vve’ staat al in de lijst, bij de zoekterm ‘vve’."]


def test_a_word_belongs_to_one_group_only():
    found = errors(term="Brugfiguur", equivalents="schakelfunctionaris")
    assert found["term"] == [
        "‘brugfiguur’ staat al in de lijst, bij de zoekterm ‘brugfunctionaris’."
    ]
    found = errors(term="basisonderwijs", equivalents="Primair  Onderwijs\nbasisschool")
    assert found["equivalents"] == [
        "‘primair onderwijs’ staat al in de lijst, bij de zoekterm ‘po’."
    ]


def test_editing_a_group_does_not_clash_with_itself():
    vve = Synonym.objects.get(term="vve")
    form = SynonymForm(
        data={"term": "VVE", "equivalents": "voor- en vroegschoolse educatie\nvoorschool"},
        instance=vve,
    )
    assert form.is_valid(), form.errors
    form.save()
    assert Synonym.objects.get(pk=vve.pk).equivalent_list() == [
        "voor- en vroegschoolse educatie",
        "voorschool",
    ]


def test_entries_are_stored_normalised():
    synonym = Synonym.objects.create(
        term="  Ouder  Kind Centrum ", equivalents="OKC, ikc;\n\nOKC\nouder kind centrum"
    )
    synonym.refresh_from_db()
    assert synonym.term == "ouder kind centrum"
    assert synonym.equivalents == "okc\nikc"


def test_the_database_refuses_a_second_term_in_other_case():
    with pytest.raises(IntegrityError), transaction.atomic():
        Synonym.objects.bulk_create([Synonym(term="VVE", equivalents="x")])


def test_model_validation_speaks_dutch():
    with pytest.raises(ValidationError) as caught:
        Synonym(term="bso", equivalents=",").full_clean()
    assert caught.value.message_dict == {
        "equivalents": ["Geef minstens één woord dat verschilt van de zoekterm."]
    }


# --- expand -----------------------------------------------------------------


def test_the_migration_seeds_three_standard_terms():
    assert {s.term: s.equivalent_list() for s in Synonym.objects.all()} == {
        "vve": ["voor- en vroegschoolse educatie"],
        "po": ["primair onderwijs"],
        "brugfunctionaris": ["brugfiguur"],
    }


def test_expand_gives_each_word_with_its_alternatives():
    assert expand(["vve", "ouders", "po"]) == [
        ["vve", "voor- en vroegschoolse educatie"],
        ["ouders"],
        ["po", "primair onderwijs"],
    ]


def test_expand_works_both_ways_for_every_member_of_a_group():
    Synonym.objects.create(term="ouderkamer", equivalents="ouderlokaal\nouderruimte")
    assert expand(["brugfiguur"]) == [["brugfiguur", "brugfunctionaris"]]
    assert expand(["ouderlokaal"]) == [["ouderlokaal", "ouderkamer", "ouderruimte"]]
    # A word group can be looked up as one string too.
    assert expand(["primair onderwijs"]) == [["primair onderwijs", "po"]]


def test_expand_of_nothing_and_of_unknown_words():
    assert expand([]) == []
    assert expand(["onbekend", "vve-"]) == [["onbekend"], ["vve-"]]


def test_expand_reads_the_table_once_and_caches_it(django_assert_max_num_queries):
    expand(["vve"])
    with django_assert_max_num_queries(2):  # content version + cached table
        assert expand(["po", "vve"])[0] == ["po", "primair onderwijs"]


def test_a_change_counts_at_once_and_renews_the_cached_results():
    assert expand(["bso"]) == [["bso"]]
    before = content_version()
    synonym = Synonym.objects.create(term="bso", equivalents="buitenschoolse opvang")
    after_add = content_version()
    assert after_add != before  # cached search results go with the old version
    assert expand(["bso"]) == [["bso", "buitenschoolse opvang"]]

    synonym.equivalents = "naschoolse opvang"
    synonym.save()
    assert content_version() != after_add
    assert expand(["bso"]) == [["bso", "naschoolse opvang"]]

    version = content_version()
    synonym.delete()
    assert content_version() != version
    assert expand(["bso"]) == [["bso"]]


def test_a_change_behind_the_signals_back_is_not_seen_until_the_version_moves():
    """The table really is cached: only the version bump makes a save show."""
    assert expand(["po"]) == [["po", "primair onderwijs"]]
    Synonym.objects.filter(term="po").update(equivalents="primair basisonderwijs")
    assert expand(["po"]) == [["po", "primair onderwijs"]]
    Synonym.objects.get(term="vve").save()  # any synonym save moves the version on
    assert expand(["po"]) == [["po", "primair basisonderwijs"]]


# --- the admin ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["redacteur", "eindredacteur"])
def test_the_editors_manage_synonyms(client, request, who):
    user = request.getfixturevalue(who)
    for action in ("add", "change", "view", "delete"):
        assert user.has_perm(f"portal.{action}_synonym"), action
    client.force_login(user)
    page = client.get(ADMIN, {"q": "brug"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "brugfunctionaris" in html and "brugfiguur" in html and "primair onderwijs" not in html
    assert "alleen losse woorden worden herkend" in html

    response = client.post(ADMIN + "add/", {"term": "BSO", "equivalents": "Buitenschoolse opvang"})
    assert response.status_code == 302
    bso = Synonym.objects.get(term="bso")
    assert bso.equivalents == "buitenschoolse opvang"
    assert expand(["bso"]) == [["bso", "buitenschoolse opvang"]]

    refused = client.post(ADMIN + "add/", {"term": "po", "equivalents": "basisonderwijs"})
    assert refused.status_code == 200
    assert "‘po’ staat al in de lijst, bij de zoekterm ‘po’." in refused.content.decode()

    response = client.post(f"{ADMIN}{bso.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Synonym.objects.filter(term="bso").exists()
    assert expand(["bso"]) == [["bso"]]


def test_staff_without_a_group_may_not(client, staff_without_group):
    client.force_login(staff_without_group)
    assert client.get(ADMIN).status_code == 403
