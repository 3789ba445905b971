import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.core.models import Theme
from practices.models import EducationPhase, PracticeAttachment
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


LIST = reverse("practices:list")


def titles(response):
    return [item.title for item in response.context["page"].object_list]


def facet(response, param):
    return next(f for f in response.context["facets"] if f["param"] == param)


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
    # 32 before issue 19, plus one count per new filter (onderbouwing, kosten,
    # grootte, overgenomen).
    with django_assert_max_num_queries(36) as few:
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


def test_unknown_practice_is_404(client):
    assert client.get("/praktijkvoorbeelden/bestaat-niet/").status_code == 404


def test_cached_counts_follow_edits_at_once(client, data):
    assert client.get(LIST).context["page"].paginator.count == 3
    PracticeFactory(published=True, title="Nieuw")
    assert client.get(LIST).context["page"].paginator.count == 4
    data["a"].themes.clear()
    counts = facet(client.get(LIST), "thema")["options"]
    assert {o["value"]: o["count"] for o in counts} == {"vve-en-taal": 1, "ouders-bereiken": 2}


PDF = b"%PDF-1.7\n%test\n"


def test_detail_page_shows_attachment_type_and_size(client):
    practice = PracticeFactory(published=True)
    PracticeAttachment.objects.create(
        practice=practice,
        title="Brochure",
        file=SimpleUploadedFile("b.pdf", PDF + b"x" * 2048),
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    assert 'Brochure</a> <span class="file-meta">(PDF, 2,0\xa0KB)</span>' in html
