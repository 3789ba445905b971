import re

import pytest
from django.urls import reverse

from portal.core.models import Status, Theme
from practices.models import EducationPhase, Practice, TargetGroup
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db

LIST = reverse("practices:list")


def titles(response):
    return [item.title for item in response.context["page"].object_list]


def facet(response, param):
    return next(f for f in response.context["facets"] if f["param"] == param)


@pytest.fixture
def data():
    vve = Theme.objects.get(slug="vve-en-taal")
    bereiken = Theme.objects.get(slug="ouders-bereiken")
    po = EducationPhase.objects.get(slug="primair-onderwijs")
    vo = EducationPhase.objects.get(slug="voortgezet-onderwijs")
    laag = TargetGroup.objects.get(slug="laaggeletterde-ouders")
    breda, utrecht, amsterdam = (municipality(c) for c in ("GM0758", "GM0344", "GM0363"))
    return {
        "a": PracticeFactory(
            published=True,
            title="Ouderkamer Breda",
            municipalities=[breda],
            themes=[vve],
            phases=[po],
            target_groups=[laag],
            start_year=2019,
        ),
        "b": PracticeFactory(
            published=True,
            title="Brugfiguren Utrecht",
            municipalities=[utrecht],
            themes=[vve, bereiken],
            phases=[po, vo],
            start_year=2021,
        ),
        "c": PracticeFactory(
            published=True,
            title="Aanpak Amsterdam",
            municipalities=[amsterdam, utrecht],
            themes=[bereiken],
            phases=[vo],
            start_year=2021,
        ),
        "draft": PracticeFactory(
            title="Geheim concept Breda", municipalities=[breda], themes=[vve]
        ),
        "review": PracticeFactory(
            title="In beoordeling Breda",
            status=Status.REVIEW,
            municipalities=[breda],
            themes=[vve],
        ),
        "scheduled": PracticeFactory(
            scheduled=True, title="Morgen live Breda", municipalities=[breda], themes=[vve]
        ),
        "archived": PracticeFactory(
            title="Gearchiveerd Breda", status=Status.ARCHIVED, municipalities=[breda]
        ),
    }


def test_list_shows_only_published_newest_first(client, data):
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(titles(response)) == [
        "Aanpak Amsterdam",
        "Brugfiguren Utrecht",
        "Ouderkamer Breda",
    ]
    html = response.content.decode()
    for hidden in ("Geheim concept", "In beoordeling", "Morgen live", "Gearchiveerd"):
        assert hidden not in html


def test_list_sorts_a_to_z(client, data):
    response = client.get(LIST, {"sortering": "az"})
    assert titles(response) == ["Aanpak Amsterdam", "Brugfiguren Utrecht", "Ouderkamer Breda"]


def test_filter_by_municipality_and_theme(client, data):
    response = client.get(LIST, {"gemeente": "utrecht", "thema": "ouders-bereiken"})
    assert sorted(titles(response)) == ["Aanpak Amsterdam", "Brugfiguren Utrecht"]
    response = client.get(LIST, {"gemeente": "breda"})
    assert titles(response) == ["Ouderkamer Breda"]


def test_filter_multiple_themes_is_or_and_province_works(client, data):
    response = client.get(LIST, {"thema": ["vve-en-taal", "ouders-bereiken"]})
    assert len(titles(response)) == 3
    response = client.get(LIST, {"provincie": "PV27"})
    assert titles(response) == ["Aanpak Amsterdam"]


def test_filter_by_phase_target_group_year_and_text(client, data):
    assert sorted(titles(client.get(LIST, {"fase": "voortgezet-onderwijs"}))) == [
        "Aanpak Amsterdam",
        "Brugfiguren Utrecht",
    ]
    assert titles(client.get(LIST, {"doelgroep": "laaggeletterde-ouders"})) == ["Ouderkamer Breda"]
    assert sorted(titles(client.get(LIST, {"jaar": "2021"}))) == [
        "Aanpak Amsterdam",
        "Brugfiguren Utrecht",
    ]
    assert titles(client.get(LIST, {"q": "brugfiguren"})) == ["Brugfiguren Utrecht"]


def test_facet_counts_count_published_only_with_other_filters_applied(client, data):
    response = client.get(LIST, {"thema": "vve-en-taal"})
    municipalities = {o["value"]: o["count"] for o in facet(response, "gemeente")["options"]}
    # Breda has four non-public practices on this theme: they are not counted.
    assert municipalities == {"breda": 1, "utrecht": 1}
    themes = {o["value"]: o["count"] for o in facet(response, "thema")["options"]}
    # The theme facet ignores its own selection, so every theme shows its total.
    assert themes == {"vve-en-taal": 2, "ouders-bereiken": 2}
    phases = {o["value"]: o["count"] for o in facet(response, "fase")["options"]}
    assert phases == {"primair-onderwijs": 2, "voortgezet-onderwijs": 1}
    html = response.content.decode()
    assert re.search(r"Breda \(1\)</option>", html)
    assert 'value="vve-en-taal" checked' in html


def test_selected_filters_are_shown_with_remove_links(client, data):
    response = client.get(
        LIST, {"gemeente": "utrecht", "thema": ["vve-en-taal", "ouders-bereiken"]}
    )
    chips = {c["label"]: c["remove"] for f in response.context["active"] for c in f["selected"]}
    assert set(chips) == {"Utrecht", "VVE en taal", "Ouders bereiken"}
    assert "gemeente" not in chips["Utrecht"]
    assert "thema=ouders-bereiken" in chips["VVE en taal"]
    assert "thema=vve-en-taal" not in chips["VVE en taal"]
    # Following a remove link gives the wider result.
    wider = client.get(LIST + chips["Utrecht"])
    assert len(titles(wider)) == 3


def test_unknown_filter_values_give_the_list_with_a_message(client, data):
    response = client.get(
        LIST, {"gemeente": "atlantis", "thema": ["nope", "vve-en-taal"], "jaar": "abc"}
    )
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Brugfiguren Utrecht", "Ouderkamer Breda"]
    message = response.content.decode()
    assert "Deze filterwaarden kennen we niet en zijn genegeerd" in message
    assert "Gemeente" in message and "Startjaar" in message


@pytest.mark.parametrize("page", ["x", "-1", "0", "999", "1.5", "9" * 30])
def test_any_page_number_gives_a_page(client, settings, page):
    settings.PAGINATE_BY = 2
    PracticeFactory.create_batch(5, published=True)
    response = client.get(LIST, {"pagina": page})
    assert response.status_code == 200
    assert len(titles(response)) in (1, 2)


def test_pagination_keeps_filters_in_links(client, settings, data):
    settings.PAGINATE_BY = 1
    response = client.get(LIST, {"thema": "ouders-bereiken"})
    assert 'href="?thema=ouders-bereiken&amp;pagina=2"' in response.content.decode()
    second = client.get(LIST, {"thema": "ouders-bereiken", "pagina": 2})
    assert len(titles(second)) == 1
    assert titles(second) != titles(response)


def test_list_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries, data):
    vve = Theme.objects.get(slug="vve-en-taal")
    with django_assert_max_num_queries(32) as few:
        client.get(LIST, {"thema": "vve-en-taal", "fase": "primair-onderwijs"})
    for n in range(30):
        PracticeFactory(
            published=True,
            municipalities=[municipality("GM0363"), municipality("GM0014")],
            themes=[vve],
            phases=[EducationPhase.objects.get(slug="primair-onderwijs")],
            title=f"Extra {n}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST, {"thema": "vve-en-taal", "fase": "primair-onderwijs"})


def test_detail_shows_all_fields(client, data):
    practice = data["b"]
    practice.partners = "Bibliotheek\nJGZ"
    practice.contact_role = "Beleidsadviseur onderwijs, gemeente Utrecht"
    practice.contact_email = "onderwijs@utrecht.example"
    practice.outreach = "Via huisbezoeken"
    practice.save()
    practice.links.create(title="Website", url="https://example.org/aanpak")
    response = client.get(practice.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for text in (
        "Brugfiguren Utrecht",
        "Bibliotheek",
        "JGZ",
        "Beleidsadviseur onderwijs, gemeente Utrecht",
        "mailto:onderwijs@utrecht.example",
        "Via huisbezoeken",
        "https://example.org/aanpak",
        "Primair onderwijs, Voortgezet onderwijs",
        'href="/gemeenten/utrecht/"',
        "sinds 2021",
    ):
        assert text in html


@pytest.mark.parametrize("key", ["draft", "review", "scheduled", "archived"])
def test_unpublished_detail_is_404_for_anonymous_and_group_less_staff(
    client, data, key, staff_without_group
):
    url = data[key].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(staff_without_group)
    assert client.get(url).status_code == 404


def test_editor_sees_a_marked_uncached_preview_of_a_draft(client, data, redacteur):
    client.force_login(redacteur)
    response = client.get(data["draft"].get_absolute_url())
    assert response.status_code == 200
    assert "Voorbeeldweergave" in response.content.decode()
    assert {"no-store", "private"} <= {p.strip() for p in response["Cache-Control"].split(",")}


def test_related_practices_manual_first_then_same_theme(client, data):
    a, b, c = data["a"], data["b"], data["c"]
    assert {p.pk for p in a.related_practices()} == {b.pk}  # same theme vve
    a.related.set([c])
    assert [p.pk for p in a.related_practices()] == [c.pk]
    a.related.set([data["draft"]])  # a draft is never shown as related
    assert data["draft"].pk not in {p.pk for p in a.related_practices()}


def test_unknown_practice_is_404(client):
    assert client.get("/praktijkvoorbeelden/bestaat-niet/").status_code == 404


def test_practice_model_refuses_end_before_start():
    from django.core.exceptions import ValidationError

    practice = Practice(title="x", slug="x", summary="s", start_year=2020, end_year=2018)
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "Het eindjaar ligt vóór het startjaar." in str(error.value)


def test_cached_counts_follow_edits_at_once(client, data):
    assert client.get(LIST).context["page"].paginator.count == 3
    PracticeFactory(published=True, title="Nieuw")
    assert client.get(LIST).context["page"].paginator.count == 4
    data["a"].themes.clear()
    counts = facet(client.get(LIST), "thema")["options"]
    assert {o["value"]: o["count"] for o in counts} == {"vve-en-taal": 1, "ouders-bereiken": 2}
