"""Issue 14, points 1 and 2: only what a chief editor approved is public.

Edits to published content wait in a pending change; approval publishes
exactly the version that was submitted."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from meetings.models import Action, ActionPlan, Meeting, Network, TravelReport
from portal.core.models import Municipality, Status
from portal.editorial import changes, workflow
from portal.editorial.models import TransitionLog
from portal.search.models import SearchDocument
from practices.models import Practice, PracticeLink
from tests.factories import PracticeFactory, ThemeFactory, municipality
from tests.sitemaps import sitemap_paths

pytestmark = pytest.mark.django_db

ACTION = TransitionLog.Action


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def start_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_start_change", args=[item.pk])


def practice_form(item, **changes_):
    data = {
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary,
        "body": item.body,
        "municipalities": [m.pk for m in item.municipalities.all()],
        "themes": [t.pk for t in item.themes.all()],
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
        "links-TOTAL_FORMS": 0,
        "links-INITIAL_FORMS": 0,
        "loaded_version": item.version,
    }
    data.update(changes_)
    return data


def published_practice(**fields):
    return PracticeFactory(published=True, municipalities=[municipality("GM0344")], **fields)


def city(slug):
    return Municipality.objects.get(slug=slug)


def published_items():
    """One published item of every content type."""
    past = timezone.now() - datetime.timedelta(hours=1)
    live = {"status": Status.PUBLISHED, "publish_at": past}
    network = Network.objects.create(
        name="Netwerk", kind=Network.Kind.URBACT, lead_municipality=city("nantes")
    )
    network.municipalities.set([city("nantes"), municipality("GM0518")])
    meeting = Meeting.objects.create(
        title="Bijeenkomst",
        slug="bijeenkomst-x",
        summary="Samenvatting",
        start_date=datetime.date(2025, 4, 8),
        end_date=datetime.date(2025, 4, 9),
        method=Meeting.Method.TRANSNATIONAL,
        network=network,
        **live,
    )
    report = TravelReport.objects.create(
        title="Reis naar Gent",
        slug="reis-x",
        summary="Samenvatting",
        destination=city("gent"),
        author_municipality=municipality("GM0518"),
        author_department="Onderwijs",
        departure_date=datetime.date(2025, 3, 1),
        return_date=datetime.date(2025, 3, 3),
        travellers=2,
        duration="3 dagen",
        purpose="Leren",
        locations="Stadhuis",
        met="Beleidsambtenaren",
        yield_for_municipality="Inzicht",
        **live,
    )
    plan = ActionPlan.objects.create(
        title="Actieplan",
        slug="plan-x",
        summary="Samenvatting",
        network=network,
        municipality=municipality("GM0518"),
        ambition="Ambitie",
        **live,
    )
    Action.objects.create(plan=plan, title="Eerste actie")
    return [published_practice(), meeting, report, plan]


def test_redactie_cannot_save_over_any_published_item(client, redacteur):
    client.force_login(redacteur)
    for item in published_items():
        before = type(item).objects.get(pk=item.pk)
        response = client.post(change_url(item), {"title": "Ongezien gewijzigd"})
        assert response.status_code == 403, type(item).__name__
        after = type(item).objects.get(pk=item.pk)
        assert after.title == before.title and after.version == before.version
        # The page says what it is and offers the way to change it.
        html = client.get(change_url(item)).content.decode()
        assert "Gepubliceerde versie" in html and "Wijziging voorbereiden" in html


def test_pending_change_stays_private_until_approved(client, redacteur, eindredacteur):
    theme = ThemeFactory(name="Taal")
    live = published_practice(title="Goedgekeurde titel", summary="Goedgekeurde samenvatting.")
    PracticeLink.objects.create(practice=live, title="Oude link", url="https://example.org/oud")
    client.force_login(redacteur)
    response = client.post(start_url(live))
    change = Practice.objects.get(change_of=live)
    assert response.status_code == 302 and response["Location"] == change_url(change)
    # The editor works on the change in the ordinary form.
    data = practice_form(
        change,
        title="Ongekeurde titel",
        themes=[theme.pk],
        **{
            "links-TOTAL_FORMS": 2,
            "links-INITIAL_FORMS": 1,
            "links-0-id": change.links.get().pk,
            "links-0-practice": change.pk,
            "links-0-title": "Oude link",
            "links-0-url": "https://example.org/oud",
            "links-0-position": 0,
            "links-1-practice": change.pk,
            "links-1-title": "Nieuwe link",
            "links-1-url": "https://example.org/nieuw",
            "links-1-position": 1,
        },
    )
    del data["slug"]
    assert client.post(change_url(change), data).status_code == 302
    change.refresh_from_db()
    assert change.title == "Ongekeurde titel" and change.slug != live.slug
    workflow.submit(change, actor=redacteur)

    # Nothing of it is public: page, list, search, feed, sitemap, API.
    client.logout()
    public = [
        live.get_absolute_url(),
        reverse("practices:list"),
        reverse("portal:search") + "?q=Ongekeurde",
        "/feeds/praktijkvoorbeelden/rss/",
        *sitemap_paths(),
        "/api/praktijkvoorbeelden/",
        f"/api/praktijkvoorbeelden/{live.slug}/",
    ]
    for url in public:
        body = client.get(url).content.decode()
        assert "Ongekeurde titel" not in body and "Nieuwe link" not in body, url
    assert client.get(change.get_absolute_url()).status_code == 404
    assert "Goedgekeurde titel" in client.get(live.get_absolute_url()).content.decode()
    assert not SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(Practice), object_id=change.pk
    ).exists()

    # The admin shows both versions and what differs.
    client.force_login(eindredacteur)
    html = client.get(change_url(live)).content.decode()
    assert "Gepubliceerde versie" in html and "Naar de wijzigingen in behandeling" in html
    html = client.get(change_url(change)).content.decode()
    assert "Wijzigingen in behandeling" in html
    assert "Titel <strong>(gewijzigd)</strong>" in html
    assert "Samenvatting <strong>(gewijzigd)</strong>" not in html
    assert "Wijziging goedkeuren en publiceren" in html
    queue = client.get(reverse("review_queue")).content.decode()
    assert "Ongekeurde titel (wijziging van het gepubliceerde item, praktijkvoorbeeld)" in queue

    # Approval writes the change into the live item; the change row goes.
    response = client.post(
        reverse("admin:practices_practice_transition", args=[change.pk, "publish"])
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "Goedgekeurde titel".replace("Goedgekeurde", "Ongekeurde")
    assert live.status == Status.PUBLISHED and live.slug.startswith("praktijkvoorbeeld-")
    assert list(live.themes.all()) == [theme]
    assert sorted(live.links.values_list("title", flat=True)) == ["Nieuwe link", "Oude link"]
    assert not Practice.objects.filter(pk=change.pk).exists()
    actions = list(live.transitions.order_by("created_at", "id").values_list("action", "change_id"))
    assert actions == [
        (ACTION.START_CHANGE, change.pk),
        (ACTION.SUBMIT, change.pk),
        (ACTION.APPROVE_CHANGE, change.pk),
    ]
    client.logout()
    assert "Ongekeurde titel" in client.get(live.get_absolute_url()).content.decode()


def test_sent_back_change_never_reaches_the_live_item(redacteur, eindredacteur):
    live = published_practice(title="Blijft staan")
    change = workflow.start_change(live, actor=redacteur)
    assert workflow.start_change(live, actor=redacteur) == change  # one open change
    change.title = "Afgekeurd"
    change.save()
    workflow.submit(change, actor=redacteur)
    workflow.send_back(change, actor=eindredacteur, comment="Nog niet goed.")
    workflow.archive(change, actor=eindredacteur)
    live.refresh_from_db()
    assert live.title == "Blijft staan"
    assert changes.pending_change(live) is None
    assert not Practice.objects.published().filter(title="Afgekeurd").exists()


def test_approval_merges_only_what_the_change_altered(redacteur, eindredacteur):
    live = published_practice(title="Titel", summary="Samenvatting.")
    change = workflow.start_change(live, actor=redacteur)
    change.title = "Nieuwe titel"
    change.save()
    # Meanwhile a chief editor corrects the summary of the live item.
    live.summary = "Verbeterde samenvatting."
    live.save()
    workflow.submit(change, actor=redacteur)
    workflow.publish(change, actor=eindredacteur)
    live.refresh_from_db()
    assert live.title == "Nieuwe titel"
    assert live.summary == "Verbeterde samenvatting."


def test_chief_editor_may_publish_own_edit_directly_and_it_is_logged(client, eindredacteur):
    live = published_practice(title="Oud")
    client.force_login(eindredacteur)
    html = client.get(change_url(live)).content.decode()
    assert "wat u hier opslaat is meteen openbaar" in html
    assert client.post(change_url(live), practice_form(live, title="Direct")).status_code == 302
    live.refresh_from_db()
    assert live.title == "Direct" and live.is_public
    entry = live.transitions.get()
    assert entry.action == ACTION.EDIT_LIVE and entry.actor == eindredacteur
    assert entry.version == live.version


def test_restore_by_redactie_goes_into_a_pending_change(client, redacteur, eindredacteur):
    live = published_practice(title="Eerste")
    live.title = "Tweede"
    live.save()
    first = live.history.filter(title="Eerste").first()
    client.force_login(redacteur)
    response = client.post(
        reverse("admin:practices_practice_restore", args=[live.pk, first.history_id])
    )
    change = Practice.objects.get(change_of=live)
    assert response["Location"] == change_url(change)
    assert change.title == "Eerste"
    live.refresh_from_db()
    assert live.title == "Tweede"


# Point 2: approval is bound to the reviewed version.


def test_edit_after_submission_sends_item_back_to_draft(client, redacteur, eindredacteur):
    item = PracticeFactory(title="Aangeboden", created_by=redacteur)
    workflow.submit(item, actor=redacteur)
    item.refresh_from_db()
    client.force_login(redacteur)
    response = client.post(
        change_url(item), practice_form(item, title="Later gewijzigd"), follow=True
    )
    assert "staat het weer op concept" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert item.transitions.order_by("-id").first().action == ACTION.REOPEN
    with pytest.raises(workflow.TransitionError):
        workflow.publish(item, actor=eindredacteur)
    assert not Practice.objects.published().filter(pk=item.pk).exists()


def test_approving_publishes_exactly_the_submitted_version(redacteur, eindredacteur):
    item = PracticeFactory(title="Gecontroleerd")
    workflow.submit(item, actor=redacteur)
    submitted = item.transitions.get(action=ACTION.SUBMIT).version
    assert submitted == Practice.objects.get(pk=item.pk).version
    # An edit that bypasses the admin after submission is caught at approval.
    sneaky = Practice.objects.get(pk=item.pk)
    sneaky.title = "Ongecontroleerd"
    sneaky.save()
    with pytest.raises(workflow.TransitionError, match="aangeboden: versie"):
        workflow.publish(item, actor=eindredacteur)
    assert Practice.objects.get(pk=item.pk).status == Status.REVIEW
    # Submitted again, the new version is what gets approved, and the log says so.
    workflow.send_back(item, actor=eindredacteur, comment="Opnieuw bekijken.")
    workflow.submit(item, actor=redacteur)
    workflow.publish(item, actor=eindredacteur)
    rows = list(item.transitions.order_by("id").values_list("action", "version"))
    assert rows[-1][0] == ACTION.PUBLISH and rows[-2][0] == ACTION.SUBMIT
    assert rows[-1][1] == rows[-2][1]
    assert Practice.objects.get(pk=item.pk).title == "Ongecontroleerd"


def test_pending_change_edited_after_submission_cannot_be_approved(redacteur, eindredacteur):
    live = published_practice(title="Live")
    change = workflow.start_change(live, actor=redacteur)
    change.title = "Gezien"
    change.save()
    workflow.submit(change, actor=redacteur)
    sneaky = Practice.objects.get(pk=change.pk)
    sneaky.title = "Niet gezien"
    sneaky.save()
    with pytest.raises(workflow.TransitionError):
        workflow.publish(change, actor=eindredacteur)
    live.refresh_from_db()
    assert live.title == "Live"


def test_transition_log_in_admin_shows_versions(client, redacteur, eindredacteur):
    item = PracticeFactory()
    workflow.submit(item, actor=redacteur)
    workflow.publish(item, actor=eindredacteur)
    client.force_login(eindredacteur)
    html = client.get(change_url(item)).content.decode()
    version = item.transitions.get(action=ACTION.SUBMIT).version
    assert len(re.findall(rf"\(versie {version}\)", html)) == 2  # submitted and approved
