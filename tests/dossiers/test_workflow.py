"""Every new type goes through the editorial workflow: a draft is nowhere
public (page, list, search, API, feed, sitemap) until a chief editor
publishes it; staff preview it."""

import pytest

from dossiers.models import Organisation, PolicyDocument, Region, ThemeDossier
from portal.core.models import Status
from portal.editorial import changes, workflow
from portal.search.query import run_search
from tests.factories import (
    DossierEvidenceFactory,
    OrganisationFactory,
    PolicyDocumentFactory,
    RegionFactory,
    ThemeDossierFactory,
)
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db

# factory, list page, API list
KINDS = [
    (OrganisationFactory, "/organisaties/", "/api/organisaties/"),
    (RegionFactory, "/regios/", "/api/regios/"),
    (ThemeDossierFactory, "/themas/", "/api/themas/"),
    (PolicyDocumentFactory, "/beleidsdocumenten/", "/api/beleidsdocumenten/"),
]


def found(query):
    return {doc.title for doc in run_search(query, {}, 1).page.object_list}


@pytest.mark.parametrize("make, list_url, api_url", KINDS, ids=lambda v: getattr(v, "__name__", v))
def test_a_draft_is_invisible_everywhere_until_published(
    client, eindredacteur, make, list_url, api_url
):
    item = make(title="Zeldzaamwoord dossieronderwerp")
    url = item.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "Zeldzaamwoord" not in client.get(list_url).text
    assert url not in sitemap_text(client)
    assert client.get(api_url).json()["count"] == 0
    assert client.get(f"{api_url}{item.slug}/").status_code == 404
    assert "Zeldzaamwoord dossieronderwerp" not in found("zeldzaamwoord")
    assert "Zeldzaamwoord" not in client.get("/feeds/alles/rss/").text

    workflow.submit(item, actor=eindredacteur)
    assert client.get(url).status_code == 404
    workflow.publish(item, actor=eindredacteur)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert client.get(url).status_code == 200
    assert "Zeldzaamwoord" in client.get(list_url).text
    assert url in sitemap_text(client)
    assert client.get(api_url).json()["count"] == 1
    assert client.get(f"{api_url}{item.slug}/").status_code == 200
    assert "Zeldzaamwoord dossieronderwerp" in found("zeldzaamwoord")


def test_feeds_hold_dossiers_and_policy_documents_not_the_directory(client):
    ThemeDossierFactory(published=True, title="Dossier in de feed")
    PolicyDocumentFactory(published=True, title="Notitie in de feed")
    OrganisationFactory(published=True, title="Organisatie niet in de feed")
    everything = client.get("/feeds/alles/rss/").text
    assert "Dossier in de feed" in everything and "Notitie in de feed" in everything
    assert "Organisatie niet in de feed" not in everything
    assert client.get("/feeds/themas/rss/").status_code == 200
    assert "Notitie in de feed" in client.get("/feeds/beleidsdocumenten/rss/").text


@pytest.mark.parametrize("model", [Organisation, Region, ThemeDossier, PolicyDocument])
def test_staff_preview_a_draft_without_caching(client, eindredacteur, model):
    factory = {
        Organisation: OrganisationFactory,
        Region: RegionFactory,
        ThemeDossier: ThemeDossierFactory,
        PolicyDocument: PolicyDocumentFactory,
    }[model]
    item = factory(title="Voorbeeldconcept")
    client.force_login(eindredacteur)
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("model", ["organisation", "region", "themedossier", "policydocument"])
def test_editorial_groups_hold_the_rights(redacteur, eindredacteur, model):
    assert redacteur.has_perm(f"dossiers.change_{model}")
    assert not redacteur.has_perm(f"dossiers.publish_{model}")
    assert eindredacteur.has_perm(f"dossiers.publish_{model}")


def test_admin_pages_of_the_new_types_open(client, redacteur):
    client.force_login(redacteur)
    for name in ("organisation", "region", "themedossier", "policydocument"):
        assert client.get(f"/admin/dossiers/{name}/").status_code == 200, name
        assert client.get(f"/admin/dossiers/{name}/add/").status_code == 200, name


def test_a_pending_change_of_a_dossier_keeps_the_live_version_until_approved(
    client, redacteur, eindredacteur
):
    dossier = ThemeDossierFactory(published=True, arguments_parents="Oud argument")
    DossierEvidenceFactory(dossier=dossier, statement="Oude bevinding.")
    change = changes.start_change(dossier, actor=redacteur)
    change.arguments_parents = "Nieuw argument"
    change.save()
    change.evidence.update(statement="Nieuwe bevinding.")
    text = client.get(dossier.get_absolute_url()).text
    assert "Oud argument" in text and "Oude bevinding." in text and "Nieuw argument" not in text
    workflow.submit(change, actor=redacteur)
    change.refresh_from_db()
    workflow.publish(change, actor=eindredacteur)
    text = client.get(dossier.get_absolute_url()).text
    assert "Nieuw argument" in text and "Nieuwe bevinding." in text and "Oud argument" not in text
    assert ThemeDossier.objects.count() == 1
