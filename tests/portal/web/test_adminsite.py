"""Staff login: password *and* a TOTP code, failed attempts rate-limited,
sessions that expire, password validators on."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import current_code

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login") + "?next=/admin/"
PASSWORD = "een-lang-testwachtwoord"
# A missing or wrong code gets the wrong-password message (no login oracle).
INVALID_LOGIN = "Gebruikersnaam, wachtwoord of verificatiecode klopt niet."


def post_login(client, username="redacteur", password=PASSWORD, code="", ip="10.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": code},
        REMOTE_ADDR=ip,
        follow=True,
    )


def is_in_admin(client):
    response = client.get("/admin/")
    return response.status_code == 200 and "Praktijkvoorbeelden" in response.content.decode()


def test_password_and_code_open_the_dutch_admin(redacteur):
    client = Client()
    response = post_login(client, code=current_code("redacteur"))
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "Kennisportaal Ouderbetrokkenheid – beheer" in html
    assert is_in_admin(client)


def test_login_page_asks_for_the_code_in_dutch(client):
    html = client.get(LOGIN).content.decode()
    assert 'autocomplete="one-time-code"' in html
    assert "Verificatiecode" in html


def test_password_alone_does_not_open_the_admin(redacteur):
    client = Client()
    response = post_login(client)
    assert INVALID_LOGIN in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not is_in_admin(client)


def test_wrong_code_does_not_open_the_admin(redacteur):
    client = Client()
    right = current_code("redacteur")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = post_login(client, code=wrong)
    assert INVALID_LOGIN in response.content.decode()
    assert not is_in_admin(client)


def test_a_session_logged_in_by_password_elsewhere_is_not_enough(redacteur):
    """Even an authenticated session (no second factor) gets no admin page,
    not the review queue either."""
    client = Client()
    assert client.login(username="redacteur", password=PASSWORD)
    for url in ["/admin/", "/admin/practices/practice/", reverse("review_queue")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_a_code_cannot_be_used_twice(redacteur):
    code = current_code("redacteur")
    assert is_in_admin(_logged_in(code))
    replay = Client()
    response = post_login(replay, code=code)
    assert INVALID_LOGIN in response.content.decode()
    assert not is_in_admin(replay)


def _logged_in(code):
    client = Client()
    post_login(client, code=code)
    return client


def test_staff_without_an_authenticator_cannot_log_in_and_learn_nothing(make_user):
    make_user("nieuw")
    TOTPDevice.objects.filter(user__username="nieuw").delete()
    client = Client()
    response = post_login(client, username="nieuw", code="123456")
    # Saying "no second factor yet" would confirm the password (issue 14, point 8).
    assert "Gebruikersnaam, wachtwoord of verificatiecode klopt niet" in response.content.decode()
    assert "tweede factor" not in response.content.decode()
    assert not is_in_admin(client)


def test_a_recovery_code_works_once(redacteur):
    device = StaticDevice.objects.create(user=redacteur, name="herstelcodes", confirmed=True)
    StaticToken.objects.create(device=device, token="herstel01")
    client = Client()
    post_login(client, code="herstel01")
    assert is_in_admin(client)
    again = Client()
    post_login(again, code="herstel01")
    assert not is_in_admin(again)


def test_failed_logins_are_rate_limited_per_user_name(redacteur, settings):
    settings.LOGIN_RATE_LIMIT_USER = 3
    client = Client()
    for attempt in range(3):
        post_login(client, password=f"fout-{attempt}", ip=f"10.0.1.{attempt}")
    response = post_login(client, code=current_code("redacteur"), ip="10.0.2.1")
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert not is_in_admin(client)
    # Another account is not blocked by this.
    response = post_login(client, username="iemand-anders", ip="10.0.2.1")
    assert "Te veel mislukte inlogpogingen" not in response.content.decode()


def test_failed_logins_are_rate_limited_per_ip_address(redacteur, settings):
    settings.LOGIN_RATE_LIMIT_IP = 3
    client = Client()
    for attempt in range(3):
        post_login(client, username=f"gok-{attempt}", ip="10.9.9.9")
    response = post_login(client, code=current_code("redacteur"), ip="10.9.9.9")
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert not is_in_admin(client)
    # From another address the right credentials still work.
    other = Client()
    post_login(other, code=current_code("redacteur"), ip="10.9.9.10")
    assert is_in_admin(other)


def test_sessions_expire(redacteur, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    client = _logged_in(current_code("redacteur"))
    assert is_in_admin(client)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert not is_in_admin(client)


@pytest.mark.parametrize("password", ["kort", "12345678901234", "password1234", "redacteur1234"])
def test_weak_passwords_are_refused(redacteur, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=redacteur)


def test_ensure_admin_prints_a_working_authenticator_key(capsys):
    from django.core.management import call_command
    from django_otp.oath import TOTP

    call_command("ensure_admin", username="beheerder")
    out = capsys.readouterr().out
    password = out.split("wachtwoord:")[1].split()[0]
    device = TOTPDevice.objects.get(user__username="beheerder")
    assert device.config_url.split("secret=")[1].split("&")[0] in out
    client = Client()
    post_login(
        client, username="beheerder", password=password, code=f"{TOTP(device.bin_key).token():06d}"
    )
    assert is_in_admin(client)
