"""Issue 6: history and restore, concurrency, scheduling, notifications,
review queue and review-by dates."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.core.models import Status
from portal.editorial import workflow
from practices.models import Practice
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


def change_url(item):
    return reverse("admin:practices_practice_change", args=[item.pk])


def form_data(item, **changes):
    data = {
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary,
        "body": item.body,
        "municipalities": [m.pk for m in item.municipalities.all()],
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
        "links-TOTAL_FORMS": 0,
        "links-INITIAL_FORMS": 0,
        "loaded_version": item.version,
    }
    data.update(changes)
    return data


def test_every_save_keeps_a_revision_with_its_author(client, redacteur):
    item = PracticeFactory(title="Eerste titel")
    client.force_login(redacteur)
    client.post(change_url(item), form_data(item, title="Tweede titel"))
    item.refresh_from_db()
    revisions = list(item.history.order_by("history_date"))
    assert [r.title for r in revisions] == ["Eerste titel", "Tweede titel"]
    assert revisions[-1].history_user == redacteur


def test_compare_two_revisions_field_by_field(client, redacteur):
    item = PracticeFactory(title="Oud", summary="Zelfde")
    client.force_login(redacteur)
    client.post(change_url(item), form_data(item, title="Nieuw"))
    old, new = item.history.order_by("history_date")
    url = reverse("admin:practices_practice_versions", args=[item.pk])
    html = client.get(url, {"a": old.history_id, "b": new.history_id}).content.decode()
    assert "<td>Oud</td><td>Nieuw</td>" in html
    assert "Titel <strong>(gewijzigd)</strong>" in html
    assert "Samenvatting <strong>(gewijzigd)</strong>" not in html


def test_restore_makes_a_new_revision_and_keeps_the_status(client, eindredacteur):
    item = PracticeFactory(title="Goede versie", status=Status.REVIEW)
    workflow.publish(item, actor=eindredacteur)
    item.refresh_from_db()
    # A chief editor edits the published item directly (Redactie would go
    # through a pending change: tests/security/test_review_promise.py).
    client.force_login(eindredacteur)
    client.post(change_url(item), form_data(item, title="Foute versie"))
    good = item.history.filter(title="Goede versie").order_by("-history_date").first()
    count = item.history.count()
    client.post(reverse("admin:practices_practice_restore", args=[item.pk, good.history_id]))
    item.refresh_from_db()
    assert item.title == "Goede versie"
    assert item.status == Status.PUBLISHED  # still subject to the workflow
    assert item.history.count() == count + 1
    latest = item.history.order_by("-history_date").first()
    assert latest.history_change_reason.startswith("Versie van ")
    assert latest.history_user == eindredacteur


def test_restore_needs_post_and_change_permission(client, staff_without_group, redacteur):
    item = PracticeFactory()
    revision = item.history.first()
    url = reverse("admin:practices_practice_restore", args=[item.pk, revision.history_id])
    client.force_login(redacteur)
    assert client.get(url).status_code == 403
    client.force_login(staff_without_group)
    assert client.post(url).status_code == 403


def test_second_save_of_same_item_is_refused_and_keeps_input(client, redacteur, eindredacteur):
    item = PracticeFactory(title="Start")
    opened_by_a = form_data(item, title="Titel van A")
    opened_by_b = form_data(item, title="Titel van B", summary="B typte dit allemaal")
    client.force_login(redacteur)
    assert client.post(change_url(item), opened_by_a).status_code == 302
    client.force_login(eindredacteur)
    response = client.post(change_url(item), opened_by_b)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders (redacteur) heeft dit item om" in html
    assert "B typte dit allemaal" in html and 'value="Titel van B"' in html
    item.refresh_from_db()
    assert item.title == "Titel van A"
    # Knowing about the conflict, a deliberate second save goes through.
    again = dict(opened_by_b, loaded_version=item.version)
    assert client.post(change_url(item), again).status_code == 302
    item.refresh_from_db()
    assert item.title == "Titel van B"


def test_publish_at_future_time_from_admin_goes_live_then(client, redacteur, eindredacteur):
    item = PracticeFactory(status=Status.REVIEW, created_by=redacteur)
    client.force_login(eindredacteur)
    moment = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    client.post(
        reverse("admin:practices_practice_transition", args=[item.pk, "publish"]),
        {"publish_at": moment.strftime("%Y-%m-%dT%H:%M")},
    )
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.publish_at == moment
    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404
    assert item.title not in client.get("/feeds/practices/rss/").content.decode()
    assert item.get_absolute_url() not in client.get("/sitemap.xml").content.decode()
    client.force_login(eindredacteur)
    queue = client.get(reverse("review_queue")).content.decode()
    assert "Ingepland om live te gaan (1)" in queue and "gaat live op" in queue
    later = moment + datetime.timedelta(minutes=1)
    assert Practice.objects.published(now=later).filter(pk=item.pk).exists()


def test_feeds_and_sitemap_list_published_items_only(client):
    live = PracticeFactory(
        published=True, title="Openbaar", municipalities=[municipality("GM0758")]
    )
    PracticeFactory(title="Concept")
    feed = client.get("/feeds/practices/rss/").content.decode()
    assert "Openbaar" in feed and "Concept" not in feed
    assert "Openbaar" in client.get("/feeds/practices/atom/?gemeente=breda").content.decode()
    assert "Openbaar" not in client.get("/feeds/practices/rss/?gemeente=utrecht").content.decode()
    assert client.get("/feeds/practices/rss/?gemeente=atlantis").status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert live.get_absolute_url() in sitemap and "/gemeenten/breda/" in sitemap
    assert "Sitemap:" in client.get("/robots.txt").content.decode()


def test_notifications_after_commit(
    redacteur, eindredacteur, superuser, django_capture_on_commit_callbacks
):
    redacteur.email, eindredacteur.email, superuser.email = "r@x.nl", "e@x.nl", "s@x.nl"
    for user in (redacteur, eindredacteur, superuser):
        user.save()
    item = PracticeFactory(created_by=redacteur)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(item, actor=redacteur)
    assert [(m.subject, sorted(m.to)) for m in mail.outbox] == [
        (f"Ter beoordeling: {item}", ["e@x.nl", "s@x.nl"])
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(item, actor=eindredacteur, comment="Voeg een bron toe.")
    assert mail.outbox[0].to == ["r@x.nl"] and "Voeg een bron toe." in mail.outbox[0].body
    mail.outbox.clear()
    workflow.submit(item, actor=redacteur)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(item, actor=eindredacteur)
    assert [m.subject for m in mail.outbox] == [f"Gepubliceerd: {item}"]


def test_failing_mail_never_undoes_a_transition(
    redacteur, eindredacteur, settings, caplog, django_capture_on_commit_callbacks
):
    eindredacteur.email = "e@x.nl"
    eindredacteur.save()
    settings.MAILERS = {"default": {"BACKEND": "tests.practices.broken_mail.BrokenBackend"}}
    item = PracticeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(item, actor=redacteur)
    item.refresh_from_db()
    assert item.status == Status.REVIEW
    assert "Sending mail" in caplog.text


def test_review_queue_shows_what_waits_for_each_role(client, redacteur, eindredacteur):
    waiting = PracticeFactory(title="Wacht op oordeel", status=Status.REVIEW)
    mine = PracticeFactory(title="Mijn concept", status=Status.REVIEW, created_by=redacteur)
    workflow.send_back(mine, actor=eindredacteur, comment="Kortere samenvatting graag.")
    client.force_login(redacteur)
    html = client.get(reverse("review_queue")).content.decode()
    assert "Uw concepten, teruggestuurd (1)" in html and "Kortere samenvatting graag." in html
    assert "Wacht op oordeel" not in html  # not a chief editor
    client.force_login(eindredacteur)
    html = client.get(reverse("review_queue")).content.decode()
    assert "Ter beoordeling (1)" in html and "Wacht op oordeel" in html
    assert waiting.get_absolute_url() not in html  # links go to the admin
    assert reverse("admin:practices_practice_change", args=[waiting.pk]) in html
    client.logout()
    assert client.get(reverse("review_queue")).status_code == 302


def test_publishing_sets_review_by_date_and_overdue_items_show(
    client, redacteur, eindredacteur, settings
):
    item = PracticeFactory(status=Status.REVIEW)
    workflow.publish(item, actor=eindredacteur)
    item.refresh_from_db()
    today = timezone.localdate()
    assert item.reviewed_on == today
    assert item.review_before == today + datetime.timedelta(days=settings.REVIEW_AFTER_DAYS)
    Practice.objects.filter(pk=item.pk).update(review_before=today - datetime.timedelta(days=1))
    html = client.get(item.get_absolute_url()).content.decode()
    assert "deze informatie is mogelijk verouderd" in html
    client.force_login(redacteur)
    queue = client.get(reverse("review_queue")).content.decode()
    assert "Te controleren (verlopen) (1)" in queue
