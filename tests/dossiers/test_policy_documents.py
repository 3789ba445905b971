"""Policy documents of municipalities: on the dossier, their own page, the
municipality page, and searchable including the text of a PDF."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.models import PolicyDocumentFile
from portal.search.query import run_search
from tests.factories import PolicyDocumentFactory, municipality
from tests.portal.files.pdfs import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(query):
    return {doc.title for doc in run_search(query, {}, 1).page.object_list}


def test_text_of_a_policy_pdf_is_searchable(committed):
    document = PolicyDocumentFactory(published=True, title="Notitie ouderbeleid Breda")
    with committed():
        PolicyDocumentFile.objects.create(
            document=document,
            title="De notitie",
            file=SimpleUploadedFile("notitie.pdf", make_pdf("Oudercontract voorschoolse groep")),
        )
    assert PolicyDocumentFile.objects.get().text.startswith("Oudercontract")
    assert "Notitie ouderbeleid Breda" in found("oudercontract")


def test_policy_document_page_and_download(client, committed):
    breda = municipality("GM0758")
    document = PolicyDocumentFactory(
        published=True, title="Notitie", municipality=breda, year=2012, url="https://example.org/n"
    )
    document.include_concerned_municipalities()  # as the admin does on save
    with committed():
        file = PolicyDocumentFile.objects.create(
            document=document,
            title="Notitie als PDF",
            file=SimpleUploadedFile("n.pdf", make_pdf("x")),
        )
    text = client.get(document.get_absolute_url()).text
    assert "Notitie als PDF" in text and "2012" in text and breda.get_absolute_url() in text
    assert client.get(file.file.url).status_code == 200
    # The municipality is kept in ``municipalities``: its page lists the document.
    assert document.get_absolute_url() in client.get(breda.get_absolute_url()).text


def test_files_of_a_draft_cannot_be_downloaded(client, committed):
    document = PolicyDocumentFactory(title="Concept")
    with committed():
        file = PolicyDocumentFile.objects.create(
            document=document, title="Bestand", file=SimpleUploadedFile("n.pdf", make_pdf("x"))
        )
    assert client.get(file.file.url).status_code == 404


def test_a_fake_pdf_is_refused(client, redacteur):
    document = PolicyDocumentFactory()
    file = PolicyDocumentFile(
        document=document, title="Nep", file=SimpleUploadedFile("nep.pdf", b"<html>geen pdf</html>")
    )
    with pytest.raises(ValidationError):
        file.full_clean()


def test_policy_list_filters_by_municipality(client):
    PolicyDocumentFactory(
        published=True, title="Bredase notitie", municipality=municipality("GM0758")
    )
    PolicyDocumentFactory(published=True, title="Amsterdamse notitie")
    response = client.get("/beleidsdocumenten/?gemeente=breda")
    assert "Bredase notitie" in response.text and "Amsterdamse notitie" not in response.text
    assert client.get("/beleidsdocumenten/?gemeente=nergens").status_code == 200
