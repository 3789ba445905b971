"""Adopted by (issue 19): a municipality says through the public form that it
took over a practice; the editors approve it; then the practice and the
municipality page link to each other. Nothing personal is ever shown."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from practices import intake
from practices.models import Adoption
from tests.conftest import fresh_token
from tests.factories import AdoptionFactory, PracticeFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    return PracticeFactory(
        published=True,
        title="Ouderkamer Breda",
        slug="ouderkamer-breda",
        municipalities=[municipality("GM0758")],
    )


def form_data(**fields):
    return {
        "municipality": municipality("GM0363").pk,
        "note": "Wij namen de ouderkamer over.",
        "role": "Beleidsadviseur onderwijs",
        "name": "Jan Geheim",
        "email": "jan.geheim@example.org",
        "consent": "on",
        "website": "",
        **fresh_token(),
        **fields,
    }


def url(practice):
    return reverse("practices:adoption", kwargs={"slug": practice.slug})


def test_practice_page_invites_the_report(client, practice):
    html = client.get(practice.get_absolute_url()).content.decode()
    assert f'href="{url(practice)}"' in html
    assert "Nog geen andere gemeente" in html


def test_form_stores_a_new_adoption_and_mails_the_editors(
    client, practice, redacteur, django_capture_on_commit_callbacks
):
    redacteur.email = "redactie@example.org"
    redacteur.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(practice), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "practices:adoption_thanks", kwargs={"slug": practice.slug}
    )
    adoption = Adoption.objects.get()
    assert (adoption.practice, adoption.municipality.name) == (practice, "Amsterdam")
    assert adoption.status == Adoption.Status.NEW
    assert [m.to for m in mail.outbox] == [["redactie@example.org"]]
    assert "Amsterdam" in mail.outbox[0].subject and "jan.geheim" not in mail.outbox[0].body
    # Not public before approval.
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Wij namen de ouderkamer over" not in html


def test_bad_input_gives_dutch_errors_and_keeps_what_was_typed(client, practice):
    response = client.post(
        url(practice), form_data(municipality="", email="geen-adres", note="Mijn tekst")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies de gemeente die dit praktijkvoorbeeld overnam." in html
    assert "Vul een geldig e-mailadres in" in html
    assert "Mijn tekst" in html and "Beleidsadviseur onderwijs" in html
    assert not Adoption.objects.exists()


def test_the_own_municipality_and_an_approved_one_cannot_report(client, practice):
    response = client.post(url(practice), form_data(municipality=municipality("GM0758").pk))
    assert response.status_code == 400
    assert "Kies een gemeente uit de lijst." in response.content.decode()
    AdoptionFactory(practice=practice, approved=True)
    response = client.post(url(practice), form_data())
    assert response.status_code == 400
    assert "Amsterdam staat al vermeld" in response.content.decode()
    assert Adoption.objects.count() == 1


def test_a_draft_has_no_form(client):
    draft = PracticeFactory(slug="concept")
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), form_data()).status_code == 404
    assert not Adoption.objects.exists()


def test_a_bot_is_refused_silently(client, practice):
    response = client.post(url(practice), form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Adoption.objects.exists()


def test_posting_the_same_form_twice_stores_it_once(client, practice):
    data = form_data()
    client.post(url(practice), data)
    client.post(url(practice), data)
    assert Adoption.objects.count() == 1


def test_approval_needs_the_right_and_shows_it_both_ways(
    client, practice, redacteur, staff_without_group
):
    adoption = AdoptionFactory(practice=practice)
    with pytest.raises(intake.SubmissionNotAllowed):
        intake.approve_adoption(adoption, actor=staff_without_group)
    intake.approve_adoption(adoption, actor=redacteur)
    adoption.refresh_from_db()
    assert (adoption.status, adoption.handled_by) == (Adoption.Status.APPROVED, redacteur)
    practice_html = client.get(practice.get_absolute_url()).content.decode()
    amsterdam = municipality("GM0363")
    assert f'href="{amsterdam.get_absolute_url()}"' in practice_html
    assert "Wij namen de ouderkamer over en voegden een taalcursus toe." in practice_html
    city_html = client.get(amsterdam.get_absolute_url()).content.decode()
    assert "Praktijkvoorbeelden die deze gemeente overnam" in city_html
    assert f'href="{practice.get_absolute_url()}"' in city_html
    for html in (practice_html, city_html):  # the sender stays private
        assert "Melder" not in html and "melder@example.org" not in html


def test_an_approved_adoption_of_an_archived_practice_is_not_shown(client, practice):
    AdoptionFactory(practice=practice, approved=True)
    practice.status = "archived"
    practice.save()
    amsterdam = municipality("GM0363")
    city_html = client.get(amsterdam.get_absolute_url()).content.decode()
    assert "Ouderkamer Breda" not in city_html


def test_reject_needs_a_reason_and_a_second_approval_is_refused(practice, redacteur):
    first = AdoptionFactory(practice=practice)
    with pytest.raises(intake.SubmissionError, match="reden"):
        intake.reject_adoption(first, actor=redacteur, reason=" ")
    intake.approve_adoption(first, actor=redacteur)
    second = AdoptionFactory(practice=practice)
    with pytest.raises(intake.SubmissionError, match="al vermeld"):
        intake.approve_adoption(second, actor=redacteur)
    with pytest.raises(intake.SubmissionError, match="al beoordeeld"):
        intake.approve_adoption(first, actor=redacteur)
    intake.reject_adoption(second, actor=redacteur, reason="Dubbel")
    second.refresh_from_db()
    assert (second.status, second.rejection_reason) == (Adoption.Status.REJECTED, "Dubbel")


def test_admin_approves_through_the_handle_view(client, practice, redacteur):
    adoption = AdoptionFactory(practice=practice)
    client.force_login(redacteur)
    page = client.get(reverse("admin:practices_adoption_change", args=[adoption.pk]))
    assert "Goedkeuren en tonen" in page.content.decode()
    client.post(reverse("admin:practices_adoption_handle", args=[adoption.pk, "approve"]))
    adoption.refresh_from_db()
    assert adoption.status == Adoption.Status.APPROVED
    client.post(
        reverse("admin:practices_adoption_handle", args=[adoption.pk, "reject"]),
        {"reason": "Bleek niet te kloppen"},
    )
    adoption.refresh_from_db()
    assert adoption.status == Adoption.Status.REJECTED


def test_staff_without_the_right_sees_no_personal_data(client, practice, make_user):
    adoption = AdoptionFactory(practice=practice)
    viewer = make_user("kijker")
    viewer.user_permissions.add(*Permission.objects.filter(codename="view_adoption"))
    client.force_login(viewer)
    html = client.get(reverse("admin:practices_adoption_change", args=[adoption.pk]))
    assert "melder@example.org" not in html.content.decode()


def test_purge_removes_name_and_email_of_handled_adoptions(practice):
    old = AdoptionFactory(practice=practice, approved=True, form_token=uuid.uuid4())
    Adoption.objects.filter(pk=old.pk).update(handled_at="2000-01-01T00:00Z")
    fresh = AdoptionFactory(practice=practice, municipality=municipality("GM0344"))
    assert intake.purge_adoption_personal_data(older_than_days=365) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.name, old.email) == ("", "") and old.personal_data_purged_at
    assert fresh.email == "melder@example.org"
