"""What a digest holds (alerts.digest, alerts.services.send_digest /
run_digest): only items that became public in the window and match the
followed thing; due by frequency; nothing new, no mail; expired requests
deleted."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from alerts import services
from alerts import tasks as alert_tasks
from alerts.models import Subscription
from portal.core.models import Status, Theme
from portal.editorial import changes
from portal.ops import tasks
from tests.factories import (
    MeetingFactory,
    NetworkFactory,
    PracticeFactory,
    SubscriptionFactory,
    TravelReportFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def clock(monkeypatch):
    state = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def follower(clock, **fields):
    """A subscription confirmed a day ago."""
    fields.setdefault("frequency", "dagelijks")
    return SubscriptionFactory(
        confirmed_at=clock["now"] - DAY, checked_until=clock["now"] - DAY, **fields
    )


def public(factory, clock, **fields):
    return factory(status=Status.PUBLISHED, publish_at=clock["now"] - HOUR, **fields)


def titles_in(message):
    return [line[2:].rsplit(" (", 1)[0] for line in message.body.splitlines() if line[:2] == "- "]


def test_theme_digest_has_new_public_items_of_the_theme_only(clock):
    theme, other = Theme.objects.all()[:2]
    subscription = follower(clock, target="thema", municipality=None, theme=theme)
    public(PracticeFactory, clock, title="Over het thema", themes=[theme])
    public(TravelReportFactory, clock, title="Reis over het thema", themes=[theme])
    public(PracticeFactory, clock, title="Ander thema", themes=[other])
    PracticeFactory(
        title="Al eerder openbaar",
        status=Status.PUBLISHED,
        publish_at=clock["now"] - 2 * DAY,
        themes=[theme],
    )
    PracticeFactory(title="Nog concept", publish_at=clock["now"] - HOUR, themes=[theme])
    assert services.send_digest(subscription, now=clock["now"]) is True
    (message,) = mail.outbox
    assert sorted(titles_in(message)) == ["Over het thema", "Reis over het thema"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/volgen/afmelden/"
    )


def test_kind_digest_skips_pending_changes_and_reference_kinds(clock, redacteur):
    subscription = follower(clock, target="soort", municipality=None, kind="practices")
    live = public(PracticeFactory, clock, title="Live voorbeeld")
    Subscription.objects.filter(pk=subscription.pk).update(checked_until=clock["now"] - 3 * HOUR)
    subscription.refresh_from_db()
    live.publish_at = clock["now"] - 2 * HOUR
    live.save()
    change = changes.start_change(live, actor=redacteur)
    change.title = "Wijziging die nog niet openbaar is"
    change.status = Status.PUBLISHED
    change.publish_at = clock["now"] - HOUR
    change.save()
    public(TravelReportFactory, clock, title="Ander soort")
    services.send_digest(subscription, now=clock["now"])
    (message,) = mail.outbox
    assert titles_in(message) == ["Live voorbeeld"]
    # Networks have no feed (reference data): nobody can follow them.
    networks = follower(clock, target="soort", municipality=None, kind="networks")
    NetworkFactory()
    assert services.send_digest(networks, now=clock["now"]) is False


def test_query_digest_uses_the_search(clock):
    subscription = follower(clock, target="zoekvraag", municipality=None, query="voorlezen")
    public(PracticeFactory, clock, title="Voorlezen thuis")
    public(MeetingFactory, clock, title="Bijeenkomst over voorlezen")
    public(PracticeFactory, clock, title="Iets over rekenen")
    PracticeFactory(title="Voorlezen als concept", publish_at=clock["now"] - HOUR)
    PracticeFactory(
        title="Voorlezen straks", status=Status.PUBLISHED, publish_at=clock["now"] + HOUR
    )
    services.send_digest(subscription, now=clock["now"])
    (message,) = mail.outbox
    assert sorted(titles_in(message)) == ["Bijeenkomst over voorlezen", "Voorlezen thuis"]
    assert message.subject == (
        "Nieuw op het Kennisportaal Ouderbetrokkenheid: zoekvraag ‘voorlezen’"
    )


def test_nothing_new_sends_nothing_but_moves_the_window(clock):
    subscription = follower(clock)
    public(PracticeFactory, clock, municipalities=[municipality("GM0363")])
    assert services.send_digest(subscription, now=clock["now"]) is False
    assert mail.outbox == []
    subscription.refresh_from_db()
    assert subscription.checked_until == clock["now"] and subscription.last_sent_at is None


def test_a_window_is_mailed_once_even_when_two_runs_overlap(clock):
    subscription = follower(clock)
    public(PracticeFactory, clock, municipalities=[municipality("GM0344")])
    stale_copy = Subscription.objects.get(pk=subscription.pk)
    assert services.send_digest(subscription, now=clock["now"]) is True
    assert services.send_digest(stale_copy, now=clock["now"]) is False
    assert len(mail.outbox) == 1


def test_due_by_frequency_and_only_when_confirmed(clock):
    daily = follower(clock, frequency="dagelijks")
    weekly = follower(clock, frequency="wekelijks")
    SubscriptionFactory()  # unconfirmed
    assert list(Subscription.objects.due(now=clock["now"])) == [daily]
    in_a_week = clock["now"] + 6 * DAY
    assert set(Subscription.objects.due(now=in_a_week)) == {daily, weekly}


def test_run_digest_deletes_expired_requests_and_mails_due_followers(clock):
    expired = SubscriptionFactory(email="vergeten@example.org")
    Subscription.objects.filter(pk=expired.pk).update(created_at=clock["now"] - 49 * HOUR)
    fresh = SubscriptionFactory(email="net-gevraagd@example.org")
    Subscription.objects.filter(pk=fresh.pk).update(created_at=clock["now"] - 47 * HOUR)
    follower(clock, email="volger@example.org")
    public(
        PracticeFactory, clock, title="Nieuw in Utrecht", municipalities=[municipality("GM0344")]
    )
    counts = services.run_digest(now=clock["now"])
    assert counts == {"verwijderd": 1, "bekeken": 1, "verstuurd": 1}
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "net-gevraagd@example.org",
        "volger@example.org",
    }
    (message,) = mail.outbox
    assert message.to == ["volger@example.org"] and titles_in(message) == ["Nieuw in Utrecht"]


def test_the_digest_hour_is_seven_local_time():
    tz = timezone.get_current_timezone()
    before = datetime.datetime(2026, 3, 28, 6, 59, tzinfo=tz)
    after = datetime.datetime(2026, 3, 28, 7, 0, tzinfo=tz)
    assert alert_tasks.next_run(before) == datetime.datetime(2026, 3, 28, 7, tzinfo=tz)
    # Over the change to summer time (29 March 2026) it is still 07:00.
    assert alert_tasks.next_run(after) == datetime.datetime(2026, 3, 29, 7, tzinfo=tz)
    assert alert_tasks.next_run(after).utcoffset() == datetime.timedelta(hours=2)


def test_every_heartbeat_deletes_expired_requests_and_never_raises(clock, monkeypatch):
    expired = SubscriptionFactory()
    Subscription.objects.filter(pk=expired.pk).update(created_at=clock["now"] - 49 * HOUR)
    heartbeat = SimpleNamespace(task=SimpleNamespace(module_path=tasks.heartbeat.module_path))
    other = SimpleNamespace(task=SimpleNamespace(module_path="iets.anders"))
    alert_tasks.keep_scheduled(None, task_result=other)
    assert Subscription.objects.filter(pk=expired.pk).exists()
    alert_tasks.keep_scheduled(None, task_result=heartbeat)
    assert not Subscription.objects.exists()

    def broken(**kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(services, "purge_unconfirmed", broken)
    alert_tasks.keep_scheduled(None, task_result=heartbeat)  # logged, not raised
