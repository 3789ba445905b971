"""Alert mails in the follower's language (issue 21, point 1): a
subscription keeps the language of the page it was asked on; the confirm
mail and every later digest (sent by the worker, outside any request) are
written in it, list the items by their title in it where they have one, and
link to the pages in it."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from alerts import services
from alerts.models import Subscription
from portal.core.models import Status, Theme
from tests.alerts.helpers import SUBSCRIBE, form_data, link_after, path_of
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

CASES = [
    pytest.param(
        "/en",
        "en",
        "Confirm that you want to follow theme Reaching parents",
        "New on the Parental Involvement Knowledge Portal: theme Reaching parents",
        "Parents' room",
        id="english",
    ),
    pytest.param(
        "",
        "nl",
        "Bevestig dat u thema Ouders bereiken wilt volgen",
        "Nieuw op het Kennisportaal Ouderbetrokkenheid: thema Ouders bereiken",
        "Ouderkamer",
        id="dutch",
    ),
]


@pytest.mark.parametrize(("prefix", "language", "confirm", "digest", "title"), CASES)
def test_confirm_mail_and_digests_speak_the_language_subscribed_in(
    client, django_capture_on_commit_callbacks, prefix, language, confirm, digest, title
):
    theme = Theme.objects.get(slug="ouders-bereiken")
    theme.name_en = "Reaching parents"
    theme.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            prefix + SUBSCRIBE, form_data(target="thema", theme=theme.pk, frequency="dagelijks")
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.language == language
    [message] = mail.outbox
    assert message.subject == confirm
    assert path_of(link_after(message.body, "\n\n")).startswith(f"{prefix}/volgen/bevestigen/")

    # Confirmed a day ago; an item became public an hour ago.
    services.confirm(subscription)
    day_ago = timezone.now() - datetime.timedelta(days=1)
    Subscription.objects.update(confirmed_at=day_ago, checked_until=day_ago)
    mail.outbox.clear()
    practice = PracticeFactory(
        status=Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
        title="Ouderkamer",
        title_en="Parents' room",
        themes=[theme],
    )
    # The worker's run: no request, no active page language.
    assert services.run_digest()["verstuurd"] == 1
    [message] = mail.outbox
    assert message.subject == digest
    assert f"- {title} (" in message.body
    assert f"{prefix}{practice.get_absolute_url()}" in message.body.replace("http://", "")
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert path_of(unsubscribe).startswith(f"{prefix}/volgen/afmelden/")


def test_asking_again_on_an_english_page_changes_the_language(client):
    subscription = Subscription.objects.create(
        email="ouder@example.org", target="thema", theme=Theme.objects.first()
    )
    assert subscription.language == "nl"
    services.request(
        email="ouder@example.org",
        target="thema",
        theme=subscription.theme,
        frequency="dagelijks",
        language="en",
    )
    subscription.refresh_from_db()
    assert subscription.language == "en"


def test_a_search_digest_in_english_lists_english_titles_and_pages():
    day_ago = timezone.now() - datetime.timedelta(days=1)
    Subscription.objects.create(
        email="ouder@example.org",
        target="zoekvraag",
        query="ouderkamer",
        frequency="dagelijks",
        confirmed_at=day_ago,
        checked_until=day_ago,
        language="en",
    )
    practice = PracticeFactory(
        status=Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
        title="Ouderkamer in de wijk",
        title_en="Parents' room in the neighbourhood",
    )
    assert services.run_digest()["verstuurd"] == 1
    [message] = mail.outbox
    assert "- Parents' room in the neighbourhood (" in message.body
    assert f"/en{practice.get_absolute_url()}" in message.body
    assert "Ouderkamer in de wijk" not in message.body
