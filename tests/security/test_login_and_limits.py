"""Issue 14: one identity per user name, rate limits that a flood cannot
reset, the real client address behind the proxy, and a login page that
tells nothing about which part was right."""

import json
import re
import threading
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.core.identity import DUPLICATE_MESSAGE, normalise_username
from portal.editorial.roles import REDACTIE
from portal.ops import ratelimit
from tests.conftest import StaffClient, current_code
from tests.factories import PracticeFactory
from tests.portal.test_settings import load_settings

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login") + "?next=/admin/"
PASSWORD = "een-lang-testwachtwoord"
INVALID_LOGIN = "Gebruikersnaam, wachtwoord of verificatiecode klopt niet."
RATE_LIMITED = "Te veel mislukte inlogpogingen"


def post_login(client, username="redacteur", password=PASSWORD, code="", ip="10.0.0.1", **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": code, **extra},
        REMOTE_ADDR=ip,
        follow=True,
    )


def is_in_admin(client):
    response = client.get("/admin/")
    return response.status_code == 200 and "Praktijkvoorbeelden" in response.content.decode()


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- 5. One identity per user name -----------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "redacteur",
        "REDACTEUR",
        "Redacteur",
        "ｒｅｄａｃｔｅｕｒ",
        "ＲＥＤＡＣＴＥＵＲ",
        " redac\u00adteur ",
    ],
)
def test_username_variants_normalise_to_one_name(variant):
    assert normalise_username(variant) == "redacteur"


def test_sharp_s_and_ss_normalise_to_one_name():
    assert normalise_username("straße") == normalise_username("STRASSE") == "strasse"
    assert normalise_username("ＳＴＲＡẞＥ") == "strasse"


@pytest.mark.parametrize("variant", ["ＲＥＤＡＣＴＥＵＲ", "ｒｅｄａｃｔｅｕｒ", "Redacteur"])
def test_a_username_variant_logs_in_to_the_same_single_account(redacteur, variant):
    client = Client()
    post_login(client, username=variant, code=current_code("redacteur"))
    assert is_in_admin(client)
    assert int(client.session["_auth_user_id"]) == redacteur.pk
    assert get_user_model().objects.count() == 1


def test_sharp_s_and_ss_log_in_to_the_same_account(make_user):
    user = make_user("straße", groups=[REDACTIE])
    assert user.username == "strasse"
    for variant in ["STRASSE", "Straße"]:
        client = Client()
        post_login(client, username=variant, code=current_code("strasse"))
        assert is_in_admin(client), variant
        assert int(client.session["_auth_user_id"]) == user.pk


def test_a_variant_with_a_wrong_password_fails_like_any_wrong_password(redacteur):
    html = post_login(Client(), username="ＲＥＤＡＣＴＥＵＲ", password="fout").content.decode()
    assert INVALID_LOGIN in html


def test_username_variants_count_towards_one_lockout(redacteur, settings):
    settings.LOGIN_RATE_LIMIT_USER = 3
    for attempt, variant in enumerate(
        ["ｒｅｄａｃｔｅｕｒ", "ＲＥＤＡＣＴＥＵＲ", "redac\u00adteur"]
    ):
        post_login(Client(), username=variant, password=f"fout-{attempt}", ip=f"10.0.1.{attempt}")
    client = Client()
    response = post_login(client, code=current_code("redacteur"), ip="10.0.2.1")
    assert RATE_LIMITED in response.content.decode()
    assert not is_in_admin(client)


@pytest.mark.parametrize("variant", ["REDACTEUR", "ｒｅｄａｃｔｅｕｒ", "Redacteur"])
def test_a_second_account_with_a_variant_name_is_refused(redacteur, variant):
    User = get_user_model()
    with pytest.raises(ValidationError) as refused:
        User.objects.create_user(username=variant, password=PASSWORD)
    assert str(DUPLICATE_MESSAGE) in str(refused.value)
    assert User.objects.count() == 1


def test_sharp_s_is_refused_next_to_ss(make_user):
    make_user("strasse", staff=False)
    with pytest.raises(ValidationError):
        get_user_model().objects.create_user(username="straße", password=PASSWORD)


def test_renaming_to_another_accounts_name_is_refused(redacteur, eindredacteur):
    eindredacteur.username = "ＲＥＤＡＣＴＥＵＲ"
    with pytest.raises(ValidationError):
        eindredacteur.save()
    # A new spelling of one's own name is fine, and stored normalised.
    redacteur.username = "Redacteur"
    redacteur.save()
    redacteur.refresh_from_db()
    assert redacteur.username == "redacteur"


def test_the_admin_refuses_a_variant_name_with_a_dutch_message(superuser, make_user):
    make_user("strasse", staff=False)
    client = StaffClient()
    client.force_login(superuser)
    User = get_user_model()
    before = User.objects.count()
    response = client.post(
        reverse("admin:auth_user_add"), {"username": "Straße", "usable_password": "false"}
    )
    assert response.status_code == 200
    assert str(DUPLICATE_MESSAGE) in response.content.decode()
    assert User.objects.count() == before
    # A name that is really new is created, in its normalised form.
    response = client.post(
        reverse("admin:auth_user_add"), {"username": "Nieuwe", "usable_password": "false"}
    )
    assert response.status_code == 302
    assert User.objects.filter(username="nieuwe").exists()


def test_the_admin_change_form_refuses_another_accounts_name(
    rf, superuser, redacteur, eindredacteur
):
    from django.contrib import admin

    request = rf.get("/")
    request.user = superuser
    form_class = admin.site._registry[get_user_model()].get_form(request, obj=eindredacteur)
    data = {
        "username": "ＲＥＤＡＣＴＥＵＲ",
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "12:00:00",
    }
    form = form_class(data, instance=eindredacteur)
    assert not form.is_valid()
    assert str(DUPLICATE_MESSAGE) in " ".join(form.errors["username"])
    # Its own name in another spelling is accepted, and saved normalised.
    form = form_class(dict(data, username="EINDREDACTEUR"), instance=eindredacteur)
    assert form.is_valid(), form.errors
    assert form.save().username == "eindredacteur"


# --- 6. Rate limits that a flood cannot reset --------------------------------


def page_cache_entries():
    table = caches["pages"]._table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.page_cache
def test_random_query_strings_do_not_fill_the_page_cache():
    PracticeFactory(published=True, title="Ouderkamer", slug="ouderkamer")
    client = Client()
    for _ in range(25):
        token = uuid.uuid4().hex
        assert client.get(f"/praktijkvoorbeelden/?utm_source={token}").status_code == 200
        assert client.get(f"/?{token}=1").status_code == 200
        assert client.get(f"/praktijkvoorbeelden/ouderkamer/?x={token}").status_code == 200
    assert page_cache_entries() == 0
    # Known parameters in any order are one page, stored once.
    first = client.get("/praktijkvoorbeelden/?q=ouder&sortering=titel")
    again = client.get("/praktijkvoorbeelden/?sortering=titel&q=ouder")
    assert "X-Page-Cache" not in first
    assert again["X-Page-Cache"] == "hit"
    assert page_cache_entries() == 1


@pytest.mark.page_cache
def test_a_fake_session_cookie_does_not_skip_the_page_cache():
    PracticeFactory(published=True, title="Ouderkamer", slug="ouderkamer")
    client = Client()
    client.cookies["sessionid"] = "nep" + uuid.uuid4().hex
    client.get("/praktijkvoorbeelden/ouderkamer/")
    client.cookies["sessionid"] = "nep" + uuid.uuid4().hex
    response = client.get("/praktijkvoorbeelden/ouderkamer/")
    assert response["X-Page-Cache"] == "hit"
    assert page_cache_entries() == 1


@pytest.mark.page_cache
def test_a_real_session_still_skips_the_page_cache(redacteur):
    PracticeFactory(published=True, title="Ouderkamer", slug="ouderkamer")
    staff = StaffClient()
    staff.force_login(redacteur)
    staff.get("/praktijkvoorbeelden/ouderkamer/")
    assert "X-Page-Cache" not in staff.get("/praktijkvoorbeelden/ouderkamer/")
    assert page_cache_entries() == 0


def test_a_full_cache_does_not_lift_a_login_lockout(redacteur, settings):
    settings.LOGIN_RATE_LIMIT_USER = 3
    for attempt in range(3):
        post_login(Client(), password=f"fout-{attempt}", ip=f"10.0.3.{attempt}")
    # Both shared caches overflow (a full database cache culls; with
    # CULL_FREQUENCY 0 it empties itself entirely).
    caches_setting = {alias: dict(config) for alias, config in settings.CACHES.items()}
    for alias in ("default", "pages"):
        caches_setting[alias]["OPTIONS"] = {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 0}
    settings.CACHES = caches_setting
    for alias in ("default", "pages"):
        for number in range(60):
            caches[alias].set(f"vloed-{number}", "x" * 100, 600)
        caches[alias].clear()
    client = Client()
    response = post_login(client, code=current_code("redacteur"), ip="10.0.3.9")
    assert RATE_LIMITED in response.content.decode()
    assert not is_in_admin(client)


def test_a_successful_login_gives_its_attempt_back(redacteur, settings):
    settings.LOGIN_RATE_LIMIT_USER = 2
    post_login(Client(), password="fout", ip="10.0.4.1")
    for _ in range(3):
        client = Client()
        post_login(client, code=current_code("redacteur"), ip="10.0.4.2")
        assert is_in_admin(client)


def test_hit_returns_the_new_count():
    ident = uuid.uuid4().hex
    assert [ratelimit.hit("test", ident, 60) for _ in range(3)] == [1, 2, 3]
    ratelimit.refund("test", ident, 60)
    assert ratelimit.current("test", ident, 60) == 2


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, set by the test: a quarter of an hour's start
    far from now, so no real counter shares its windows."""
    now = [(int(ratelimit.time.time()) // 900 + 10_000) * 900.0]
    monkeypatch.setattr(ratelimit, "_clock", lambda: now[0])
    return now


def test_the_count_slides_over_the_end_of_a_window(clock):
    """Three events 10 seconds before a quarter ends still count 10 seconds
    into the next one, for the part of the previous quarter that lies in
    the last 15 minutes (rounded up), and are gone a quarter later."""
    ident, start = uuid.uuid4().hex, clock[0]
    clock[0] = start + 890
    assert [ratelimit.hit("slide", ident, 900) for _ in range(3)] == [1, 2, 3]
    clock[0] = start + 910
    assert ratelimit.hit("slide", ident, 900) == 4  # 1 + ceil(3 * 890 / 900)
    clock[0] = start + 1500
    assert ratelimit.current("slide", ident, 900) == 2  # 1 + ceil(3 * 300 / 900)
    clock[0] = start + 1801
    assert ratelimit.current("slide", ident, 900) == 1  # ceil(1 * 899 / 900)
    clock[0] = start + 2701
    assert ratelimit.current("slide", ident, 900) == 0
    # A counter is kept until the window after its own has ended.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(expires_at) FROM portal_rate_counter WHERE bucket LIKE 'slide:%'"
        )
        assert cursor.fetchone()[0] == start + 1800


def test_a_refund_after_the_end_of_a_window_takes_from_the_previous_one(clock):
    ident, start = uuid.uuid4().hex, clock[0]
    clock[0] = start + 899
    assert ratelimit.hit("refund", ident, 900) == 1
    clock[0] = start + 901
    ratelimit.refund("refund", ident, 900)
    assert ratelimit.current("refund", ident, 900) == 0
    # And a refund in the same window takes from that window.
    assert ratelimit.hit("refund", ident, 900) == 1
    ratelimit.refund("refund", ident, 900)
    assert ratelimit.current("refund", ident, 900) == 0


def test_failed_logins_just_before_a_quarter_ends_still_lock_after_it(redacteur, settings, clock):
    """The lock does not end at the clock's quarter: three wrong passwords
    in the last seconds of one and the right password and code in the first
    seconds of the next are refused; once the failures are a quarter of an
    hour old, the right ones get in."""
    settings.LOGIN_RATE_LIMIT_USER = 3
    start = clock[0]
    clock[0] = start + 895
    for attempt in range(3):
        html = post_login(Client(), password=f"fout-{attempt}", ip=f"10.0.5.{attempt}")
        assert INVALID_LOGIN in html.content.decode()
    clock[0] = start + 905
    client = Client()
    response = post_login(client, code=current_code("redacteur"), ip="10.0.5.9")
    assert RATE_LIMITED in response.content.decode()
    assert not is_in_admin(client)
    clock[0] = start + 905 + 900
    client = Client()
    post_login(client, code=current_code("redacteur"), ip="10.0.5.9")
    assert is_in_admin(client)


def _in_threads(count, work):
    barrier = threading.Barrier(count)
    results = [None] * count
    errors = []

    def run(number):
        try:
            barrier.wait(timeout=30)
            results[number] = work(number)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def clean_counters():
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM portal_rate_counter")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_hits_let_through_exactly_the_limit(clean_counters):
    ident, limit, parallel = uuid.uuid4().hex, 5, 24
    counts = _in_threads(parallel, lambda _n: ratelimit.hit("parallel", ident, 900))
    assert sorted(counts) == list(range(1, parallel + 1))
    assert sum(count <= limit for count in counts) == limit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_get_exactly_the_limit_of_guesses(
    make_user, settings, clean_counters
):
    name = f"parallel-{uuid.uuid4().hex[:8]}"
    make_user(name)
    settings.LOGIN_RATE_LIMIT_USER = 4

    def attempt(number):
        html = post_login(
            Client(), username=name, password=f"fout-{number}", ip=f"10.7.0.{number}"
        ).content.decode()
        return "limited" if RATE_LIMITED in html else "checked"

    outcomes = _in_threads(12, attempt)
    assert sorted(outcomes) == ["checked"] * 4 + ["limited"] * 8


# --- 7. The real client address behind the proxy ------------------------------


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_trusting_nobody_is_the_default(settings):
    assert settings.TRUSTED_PROXIES == []
    assert ratelimit.client_ip(request_from("10.0.0.1", "198.51.100.7")) == "10.0.0.1"


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(redacteur, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert ratelimit.client_ip(request_from("203.0.113.9", "198.51.100.7")) == "203.0.113.9"
    settings.LOGIN_RATE_LIMIT_IP = 3
    for attempt in range(3):
        Client().post(
            LOGIN,
            {"username": f"gok-{attempt}", "password": "fout"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    response = Client().post(
        LOGIN,
        {"username": "redacteur", "password": PASSWORD, "otp_token": current_code("redacteur")},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert RATE_LIMITED in response.content.decode()


def test_behind_a_trusted_proxy_clients_have_their_own_limits(redacteur, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.LOGIN_RATE_LIMIT_IP = 3
    for attempt in range(3):
        Client().post(
            LOGIN,
            {"username": f"gok-{attempt}", "password": "fout"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    blocked = Client().post(
        LOGIN,
        {"username": "gok-x", "password": "fout"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert RATE_LIMITED in blocked.content.decode()
    other = Client()
    other.post(
        LOGIN,
        {"username": "redacteur", "password": PASSWORD, "otp_token": current_code("redacteur")},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert is_in_admin(other)


def test_a_chain_of_two_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::/64"]
    # client-written "1.2.3.4", then the client, then the first proxy
    assert ratelimit.client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.1")) == (
        "198.51.100.7"
    )
    assert ratelimit.client_ip(request_from("2001:db8::2", "198.51.100.8, [2001:db8::1]:443")) == (
        "198.51.100.8"
    )
    # Only trusted hops: the leftmost one is the client.
    assert ratelimit.client_ip(request_from("10.0.0.2", "10.0.0.5")) == "10.0.0.5"
    assert ratelimit.client_ip(request_from("10.0.0.2", "198.51.100.9:5555")) == "198.51.100.9"
    assert ratelimit.client_ip(request_from("::ffff:10.0.0.2", "198.51.100.10")) == (
        "198.51.100.10"
    )


@pytest.mark.parametrize(
    "header",
    [
        "",
        " ",
        ",,,",
        "unknown",
        "999.1.1.1",
        "1.2.3.4.5",
        "198.51.100.7, nonsense",
        "198.51.100.7, 10.0.0.1, 300.0.0.1",
        "[::1",
        "x" * 5000,
        "198.51.100.7,\x00",
        "1.2.3.4, " * 500,
    ],
)
def test_garbage_forwarded_for_values_are_ignored_safely(settings, header):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    ip = ratelimit.client_ip(request_from("10.0.0.2", header))
    # Never an address the client wrote left of the garbage.
    assert ip in {"10.0.0.2", "10.0.0.1", "1.2.3.4"}
    response = Client().post(
        LOGIN,
        {"username": "iemand", "password": "fout"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=header,
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "value", ["10.0.0.0/33", "not-an-ip", "10.0.0.1,,10.0.0.2", "10.0.0.1/24", "[::1]", ","]
)
def test_bad_trusted_proxies_stop_the_start(tmp_path, value):
    result = load_settings(DEBUG="1", VAR_DIR=str(tmp_path), TRUSTED_PROXIES=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Environment variable TRUSTED_PROXIES" in result.stderr


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("127.0.0.1, 10.0.0.0/8,::1", ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]),
        ("", []),
    ],
)
def test_trusted_proxies_are_read_from_the_environment(tmp_path, value, parsed):
    import subprocess
    import sys

    from tests.portal.test_settings import ROOT

    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "1",
        "VAR_DIR": str(tmp_path),
        "TRUSTED_PROXIES": value,
    }
    probe = (
        "import json; from django.conf import settings; print(json.dumps(settings.TRUSTED_PROXIES))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == parsed


# --- 8 and 22.3. No login oracle; no password sent back -------------------------


def normalised_page(response):
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def test_a_right_password_without_a_valid_code_looks_like_a_wrong_password(redacteur):
    right = current_code("redacteur")
    responses = [
        post_login(Client(), password="fout-wachtwoord", code=right, ip="10.0.5.1"),
        post_login(Client(), code=wrong(right), ip="10.0.5.2"),
        post_login(Client(), code="", ip="10.0.5.3"),
        post_login(Client(), code="onzin-code", ip="10.0.5.4"),
    ]
    pages = [normalised_page(response) for response in responses]
    assert {response.status_code for response in responses} == {200}
    assert INVALID_LOGIN in pages[0]
    for page in pages[1:]:
        assert page == pages[0]


def test_the_password_is_never_sent_back(redacteur, settings):
    settings.LOGIN_RATE_LIMIT_USER = 5
    right = current_code("redacteur")
    client = Client()
    cases = [
        {"password": "Fout-maar-geheim-1"},
        {"code": wrong(right)},
        {"code": ""},
        {"code": right, "otp_challenge": "1"},
        {"code": "herstel-onbekend"},
    ]
    for number, case in enumerate(cases):
        password = case.pop("password", PASSWORD)
        response = post_login(client, password=password, ip=f"10.0.6.{number}", **case)
        assert password not in response.content.decode(), case
    for number in range(3):  # now rate-limited
        response = post_login(client, code=right, ip=f"10.0.7.{number}")
        assert PASSWORD not in response.content.decode()
    assert RATE_LIMITED in response.content.decode()
