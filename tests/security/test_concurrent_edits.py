"""Issue 14, point 15: concurrent edits merge, not overwrite.

Two people open the same item. The second save shows what the other one
changed next to one's own input and stores nothing; the re-save applies only
the fields this person changed, and where both changed a field, the person
chooses which version stays."""

import html
import re

import pytest
from django.urls import reverse

from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def change_url(item):
    return reverse("admin:practices_practice_change", args=[item.pk])


def opened_form(client, item):
    """The form as the browser would send it back untouched."""
    page = client.get(change_url(item)).content.decode()
    state = re.search(r'name="loaded_state" value="([^"]*)"', page).group(1)
    version = re.search(r'name="loaded_version" value="(\d+)"', page).group(1)
    return {
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary,
        "body": item.body,
        "outreach": item.outreach,
        "municipalities": [m.pk for m in item.municipalities.all()],
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
        "links-TOTAL_FORMS": 0,
        "links-INITIAL_FORMS": 0,
        "loaded_version": version,
        "loaded_state": html.unescape(state),
    }


def current_version(item):
    return Practice.objects.get(pk=item.pk).version


@pytest.fixture
def item():
    return PracticeFactory(title="Start", summary="Oude samenvatting.", outreach="Huisbezoeken")


def test_other_persons_field_survives_the_resave(client, redacteur, eindredacteur, item):
    client.force_login(redacteur)
    form_a = opened_form(client, item)
    client.force_login(eindredacteur)
    form_b = opened_form(client, item)

    client.force_login(redacteur)
    assert client.post(change_url(item), dict(form_a, title="Titel van A")).status_code == 302

    client.force_login(eindredacteur)
    response = client.post(change_url(item), dict(form_b, summary="B typte dit allemaal"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Iemand anders (redacteur) heeft dit item om" in page
    # Field by field: their title and B's summary, B's input kept.
    assert "Hun versie (opgeslagen)" in page and "Titel van A" in page
    assert "B typte dit allemaal" in page
    assert 'value="Titel van A"' in page  # their change is in the form now
    assert Practice.objects.get(pk=item.pk).summary == "Oude samenvatting."

    # B saves again with the form as shown, or even with the stale title:
    # only B's own change is applied.
    resave = dict(form_b, summary="B typte dit allemaal", loaded_version=current_version(item))
    assert client.post(change_url(item), resave).status_code == 302
    saved = Practice.objects.get(pk=item.pk)
    assert saved.title == "Titel van A"
    assert saved.summary == "B typte dit allemaal"
    assert saved.outreach == "Huisbezoeken"


@pytest.mark.parametrize(("choice", "expected"), [("theirs", "Titel van A"), ("mine", "Van B")])
def test_same_field_changed_by_both_the_person_chooses(
    client, redacteur, eindredacteur, item, choice, expected
):
    client.force_login(redacteur)
    form_a = opened_form(client, item)
    client.force_login(eindredacteur)
    form_b = dict(opened_form(client, item), title="Van B", outreach="Ouderkamer")
    client.force_login(redacteur)
    client.post(change_url(item), dict(form_a, title="Titel van A", summary="Nieuw van A."))

    client.force_login(eindredacteur)
    page = client.post(change_url(item), form_b).content.decode()
    assert 'name="keuze_title"' in page  # both changed the title: a choice
    assert 'name="keuze_summary"' not in page  # only A changed the summary
    resave = dict(form_b, loaded_version=current_version(item))
    # Without a choice nothing is stored and the question is asked again.
    page = client.post(change_url(item), resave).content.decode()
    assert "Kies bij elk veld dat u allebei wijzigde welke versie blijft." in page
    assert Practice.objects.get(pk=item.pk).outreach == "Huisbezoeken"

    assert client.post(change_url(item), dict(resave, keuze_title=choice)).status_code == 302
    saved = Practice.objects.get(pk=item.pk)
    assert saved.title == expected
    assert saved.summary == "Nieuw van A."
    assert saved.outreach == "Ouderkamer"


def test_save_without_concurrent_edit_applies_everything(client, redacteur, item):
    client.force_login(redacteur)
    form = opened_form(client, item)
    response = client.post(change_url(item), dict(form, title="Nieuw", summary="Ook nieuw."))
    assert response.status_code == 302
    saved = Practice.objects.get(pk=item.pk)
    assert (saved.title, saved.summary) == ("Nieuw", "Ook nieuw.")


def test_tampered_state_falls_back_to_the_version_check(client, redacteur, eindredacteur, item):
    client.force_login(redacteur)
    form_a = opened_form(client, item)
    client.force_login(eindredacteur)
    form_b = dict(opened_form(client, item), loaded_state="vervalst")
    client.force_login(redacteur)
    client.post(change_url(item), dict(form_a, title="Titel van A"))
    client.force_login(eindredacteur)
    response = client.post(change_url(item), dict(form_b, title="Van B"))
    assert response.status_code == 200
    assert Practice.objects.get(pk=item.pk).title == "Titel van A"
