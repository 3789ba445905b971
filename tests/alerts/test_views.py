"""The pages of /volgen/ (alerts.views): the form, its limits and traps, the
signed links (confirm, unsubscribe, manage) and what they refuse."""

import re
import time

import pytest
from django.contrib.auth.models import Permission
from django.core import mail, signing
from django.test import Client

from alerts import links, services
from alerts.models import Subscription
from portal.core.models import Theme
from tests.alerts.helpers import SUBSCRIBE, form_data, link_after, path_of
from tests.factories import SubscriptionFactory, municipality

pytestmark = pytest.mark.django_db

BAD_LINK = "Deze link werkt niet"


@pytest.fixture(autouse=True)
def _mail_after_commit(client, django_capture_on_commit_callbacks, monkeypatch):
    """Mails go out when the request's transaction commits (the test's own
    transaction never does): each POST runs its on-commit callbacks."""
    post = client.post

    def post_and_commit(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    monkeypatch.setattr(client, "post", post_and_commit)


def h1s(response):
    return re.findall(r"<h1\b", response.content.decode())


def test_subscribe_page_preselects_and_is_never_stored(client):
    response = client.get(SUBSCRIBE, {"gemeente": "utrecht"})
    html = response.content.decode()
    assert response.status_code == 200 and len(h1s(response)) == 1
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    utrecht = municipality("GM0344")
    assert f'<option value="{utrecht.pk}" selected>' in html
    assert re.search(r'<input[^>]*value="gemeente"[^>]*checked', html)
    assert 'name="website"' in html and 'class="trap" aria-hidden="true"' in html


def test_subscribe_sends_a_confirmation_mail_and_stores_an_unconfirmed_request(client):
    theme = Theme.objects.get(slug="ouders-bereiken")
    response = client.post(
        SUBSCRIBE,
        form_data(
            email=" Ouder@EXAMPLE.org ", target="thema", theme=theme.pk, frequency="wekelijks"
        ),
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.target, subscription.theme) == (
        "ouder@example.org",
        "thema",
        theme,
    )
    assert subscription.frequency == "wekelijks" and subscription.confirmed_at is None
    (message,) = mail.outbox
    assert message.to == ["ouder@example.org"]
    assert message.subject == f"Bevestig dat u thema {theme.name} wilt volgen"
    assert "/volgen/bevestigen/" in message.body
    sent = client.get(response["Location"])
    assert "Kijk in uw mail" in sent.content.decode() and "48 uur" in sent.content.decode()


def test_form_errors_are_dutch_and_keep_what_was_typed(client):
    response = client.post(
        SUBSCRIBE, form_data(email="geen-adres", target="thema", query="voorlezen thuis")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl." in html
    assert "Kies een thema." in html
    assert 'value="geen-adres"' in html and 'value="voorlezen thuis"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_theme-error"' in html
    response = client.post(SUBSCRIBE, form_data(target="zoekvraag"))
    assert "Vul een zoekvraag in." in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


def test_bots_are_quietly_ignored(client):
    for data in (
        form_data(municipality=municipality("GM0344").pk, website="https://spam.example"),
        form_data(municipality=municipality("GM0344").pk, started="vervalst"),
        form_data(municipality=municipality("GM0344").pk, started=""),
    ):
        response = client.post(SUBSCRIBE, data)
        assert response.status_code == 302 and response["Location"] == "/volgen/verstuurd/"
    assert not Subscription.objects.exists() and mail.outbox == []


def test_subscribe_requests_are_rate_limited_per_address_and_per_ip(client):
    utrecht = municipality("GM0344").pk
    for _ in range(3):
        assert client.post(SUBSCRIBE, form_data(municipality=utrecht)).status_code == 302
    response = client.post(SUBSCRIBE, form_data(municipality=utrecht))
    assert response.status_code == 429
    html = response.content.decode()
    assert "te veel aanmeldingen" in html and 'value="ouder@example.org"' in html
    assert len(mail.outbox) == 3 and Subscription.objects.count() == 1
    # Other addresses from the same IP address: 10 requests an hour in all.
    codes = [
        client.post(
            SUBSCRIBE, form_data(email=f"n{i}@example.org", municipality=utrecht)
        ).status_code
        for i in range(7)
    ]
    assert codes == [302] * 6 + [429]


def test_asking_again_resends_the_link_and_a_confirmed_address_gets_its_manage_link(client):
    utrecht = municipality("GM0344").pk
    client.post(SUBSCRIBE, form_data(municipality=utrecht, frequency="wekelijks"))
    client.post(SUBSCRIBE, form_data(municipality=utrecht, frequency="dagelijks"))
    subscription = Subscription.objects.get()
    assert subscription.frequency == "dagelijks"
    services.confirm(subscription)
    response = client.post(SUBSCRIBE, form_data(municipality=utrecht))
    assert response["Location"] == "/volgen/verstuurd/"  # the same answer for everyone
    assert [m.subject for m in mail.outbox] == [
        "Bevestig dat u gemeente Utrecht wilt volgen",
        "Bevestig dat u gemeente Utrecht wilt volgen",
        "U volgt dit al",
    ]
    manage = path_of(link_after(mail.outbox[2].body, "stoppen):"))
    assert "ouder@example.org" in client.get(manage).content.decode()


def test_confirm_needs_the_button_and_then_starts_the_window(client):
    subscription = SubscriptionFactory()
    path = path_of(links.url(subscription, links.CONFIRM))
    page = client.get(path)
    assert page.status_code == 200 and len(h1s(page)) == 1
    assert "Ja, bevestig mijn aanmelding" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    done = client.post(path)
    assert "U volgt nu gemeente Utrecht" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert subscription.checked_until == subscription.confirmed_at


@pytest.mark.parametrize("purpose", [links.CONFIRM, links.UNSUBSCRIBE, links.MANAGE])
def test_altered_links_are_refused_in_dutch_without_an_error(client, purpose):
    subscription = SubscriptionFactory(confirmed=True)
    signed = links.sign(subscription, purpose)
    other = {links.CONFIRM: links.MANAGE}.get(purpose, links.CONFIRM)
    prefix = f"/volgen/{purpose}/"
    for bad in (
        signed[:-1] + ("A" if signed[-1] != "A" else "B"),
        signing.dumps([subscription.pk + 1, subscription.token], salt="iets-anders"),
        links.sign(subscription, other),  # a link of another kind
        "zomaar-iets",
        "a" * 2000,
    ):
        for method in (client.get, client.post):
            response = method(f"{prefix}{bad}/")
            assert response.status_code == 400, (bad, method)
            assert BAD_LINK in response.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_link_with_a_stale_token_finds_nothing(client):
    subscription = SubscriptionFactory(confirmed=True)
    signed = {p: links.sign(subscription, p) for p in (links.CONFIRM, links.MANAGE)}
    Subscription.objects.filter(pk=subscription.pk).update(token="nieuw")
    for purpose, value in signed.items():
        response = client.get(f"/volgen/{purpose}/{value}/")
        assert response.status_code == 404 and BAD_LINK in response.content.decode()


def test_a_confirm_link_expires_after_48_hours(client, monkeypatch):
    subscription = SubscriptionFactory()
    path = path_of(links.url(subscription, links.CONFIRM))
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() + 49 * 3600)
    response = client.post(path)
    assert response.status_code == 400 and BAD_LINK in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_unsubscribe_get_asks_and_post_deletes_without_csrf(client):
    subscription = SubscriptionFactory(confirmed=True)
    path = path_of(links.url(subscription, links.UNSUBSCRIBE))
    page = client.get(path)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(path).status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    again = strict.post(path)  # a second click: still "afgemeld"
    assert again.status_code == 200 and "U bent afgemeld" in again.content.decode()


def test_manage_lists_only_the_address_and_changes_and_stops(client):
    first = SubscriptionFactory(confirmed=True, email="a@example.org")
    second = SubscriptionFactory(
        confirmed=True,
        email="a@example.org",
        target="soort",
        municipality=None,
        kind="practices",
        frequency="dagelijks",
    )
    stranger = SubscriptionFactory(confirmed=True, email="b@example.org")
    path = path_of(links.url(first, links.MANAGE))
    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200 and len(h1s(page)) == 1
    assert "no-store" in page["Cache-Control"]
    assert "Gemeente Utrecht" in html and "Praktijkvoorbeelden" in html
    assert "b@example.org" not in html

    response = client.post(
        path, {"actie": "frequentie", "volger": second.pk, "frequency": "wekelijks"}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.frequency == "wekelijks"
    # Another address's subscription cannot be touched from this link.
    response = client.post(path, {"actie": "stoppen", "volger": stranger.pk})
    assert response.status_code == 404
    response = client.post(path, {"actie": "stoppen", "volger": second.pk})
    assert response.status_code == 302
    assert list(Subscription.objects.values_list("pk", flat=True).order_by("pk")) == [
        first.pk,
        stranger.pk,
    ]
    response = client.post(path, {"actie": "alles"})
    assert "U volgt niets meer" in response.content.decode()
    assert list(Subscription.objects.values_list("email", flat=True)) == ["b@example.org"]


def test_stopping_the_subscription_of_the_link_moves_to_another(client):
    first = SubscriptionFactory(confirmed=True, email="a@example.org")
    other = SubscriptionFactory(
        confirmed=True, email="a@example.org", target="zoekvraag", municipality=None, query="taal"
    )
    response = client.post(
        path_of(links.url(first, links.MANAGE)), {"actie": "stoppen", "volger": first.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == path_of(links.url(other, links.MANAGE))
    assert (
        "U volgt gemeente Utrecht niet meer." in client.get(response["Location"]).content.decode()
    )


def test_addresses_in_the_admin_only_with_the_permission(client, superuser, make_user):
    SubscriptionFactory(confirmed=True, email="geheim@example.org")
    viewer = make_user("kijker")
    viewer.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    client.force_login(superuser)
    html = client.get("/admin/alerts/subscription/").content.decode()
    assert "geheim@example.org" in html
    client.force_login(viewer)
    response = client.get("/admin/alerts/subscription/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "geheim@example.org" not in html and "gemeente Utrecht" in html
    assert "no-store" in response["Cache-Control"]
