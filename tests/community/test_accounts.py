"""Member accounts (allauth at /account/): signup with e-mail verification,
automatic verification by government domain, approval or refusal by an
editor, normalised addresses, and staff kept out of the member login."""

import re

import pytest
from django.core import mail
from django.test import Client

from community import members
from community.models import GovernmentDomain, MemberProfile
from portal.ops.models import OutgoingMail
from tests.factories import GovernmentDomainFactory, municipality

pytestmark = pytest.mark.django_db

PASSWORD = "een-heel-lang-wachtwoord-42"


def signup(client, email, **extra):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Sam Jansen",
        "role": "Beleidsmedewerker",
        "privacy": "on",
        **extra,
    }
    return client.post("/account/signup/", data)


def confirm_link(outbox_index=-1):
    body = mail.outbox[outbox_index].body
    return re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", body).group(1)


def confirm(client):
    link = confirm_link()
    return client.post(link)


def test_signup_on_a_government_domain_is_verified_after_confirming(client):
    GovernmentDomainFactory(domain="denhaag.nl", municipality=municipality("GM0518"))
    response = signup(Client(), "Sam@Onderwijs.DenHaag.nl")
    assert response.status_code == 302
    profile = MemberProfile.objects.get()
    assert profile.status == "pending"
    assert profile.user.email == "sam@onderwijs.denhaag.nl"
    # The confirmation mail went through the outbox, not straight to SMTP.
    assert OutgoingMail.objects.filter(recipients=["sam@onderwijs.denhaag.nl"]).exists()
    confirm(Client())
    profile.refresh_from_db()
    assert profile.status == "verified"
    assert profile.verified_via == "domain"
    assert profile.domain.domain == "denhaag.nl"
    assert profile.municipality == municipality("GM0518")


def test_signup_elsewhere_waits_for_an_editor(
    client, django_capture_on_commit_callbacks, redacteur
):
    redacteur.email = "redactie@portaal.nl"
    redacteur.save()
    signup(Client(), "sam@example.org", motivation="Ik werk bij het ministerie van OCW.")
    with django_capture_on_commit_callbacks(execute=True):
        confirm(Client())
    profile = MemberProfile.objects.get()
    assert profile.status == "pending"
    assert mail.outbox[-1].to == ["redactie@portaal.nl"]
    assert "Nieuw lid te beoordelen" in mail.outbox[-1].subject
    # Not verified: the forum says why, with a 403.
    member = Client()
    member.force_login(profile.user)
    response = member.get("/forum/")
    assert response.status_code == 403
    assert "De redactie beoordeelt uw aanvraag" in response.content.decode()


def test_editor_approves_and_refuses_with_a_reason(
    moderator_client, make_member, django_capture_on_commit_callbacks
):
    ok = make_member("ok@example.org", pending=True)
    no = make_member("no@example.org", name="Nee", pending=True)
    page = moderator_client.get("/forum/leden/aanvragen/")
    assert "ok@example.org" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            "/forum/leden/aanvragen/", {"lid": ok.member.pk, "actie": "goedkeuren"}
        )
    ok.member.refresh_from_db()
    assert ok.member.status == "verified" and ok.member.verified_via == "editor"
    assert mail.outbox[-1].to == ["ok@example.org"]

    # Refusing without a reason: a Dutch message, nothing changes.
    response = moderator_client.post(
        "/forum/leden/aanvragen/", {"lid": no.member.pk, "actie": "afwijzen"}, follow=True
    )
    assert "Geef een reden voor de afwijzing." in response.content.decode()
    no.member.refresh_from_db()
    assert no.member.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            "/forum/leden/aanvragen/",
            {
                "lid": no.member.pk,
                "actie": "afwijzen",
                f"lid{no.member.pk}-reason": "Geen overheid.",
            },
        )
    no.member.refresh_from_db()
    assert no.member.status == "refused" and no.member.refusal_reason == "Geen overheid."
    assert mail.outbox[-1].to == ["no@example.org"]
    assert "Geen overheid." in mail.outbox[-1].body


def test_members_cannot_verify_others(member_client, make_member):
    other = make_member("x@example.org", pending=True)
    assert member_client.get("/forum/leden/aanvragen/").status_code == 404
    with pytest.raises(members.MemberError):
        members.approve(other.member, actor=other)


def test_addresses_are_normalised_for_signup_and_login():
    signup(Client(), "ＳＡＭ@Example.ORG")
    profile = MemberProfile.objects.get()
    assert profile.user.email == "sam@example.org"
    # The same address in another spelling is the same account.
    again = signup(Client(), "Sam@example.org")
    assert MemberProfile.objects.count() == 1
    assert again.status_code in (200, 302)
    confirm(Client())
    client = Client()
    response = client.post("/account/login/", {"login": "ＳＡＭ@EXAMPLE.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(profile.user.pk)


def test_staff_cannot_log_in_as_member(redacteur):
    redacteur.email = "redacteur@portaal.nl"
    redacteur.save()
    client = Client()
    response = client.post(
        "/account/login/", {"login": "redacteur@portaal.nl", "password": "een-lang-testwachtwoord"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # And a password-only session is no moderator: the admin keeps its second factor.
    plain = Client()
    plain.force_login(redacteur)
    assert plain.get("/forum/meldingen/").status_code in (302, 403)
    assert plain.get("/admin/").status_code == 302


def test_member_login_is_rate_limited(settings):
    settings.LOGIN_RATE_LIMIT_USER = 3
    client = Client()
    for _ in range(3):
        client.post("/account/login/", {"login": "iemand@example.org", "password": "fout"})
    response = client.post("/account/login/", {"login": "IEMAND@example.org", "password": "fout"})
    assert "Te veel mislukte inlogpogingen" in response.content.decode()


def test_government_domain_needs_municipality_or_organisation():
    domain = GovernmentDomain(domain="@Utrecht.NL")
    with pytest.raises(Exception, match="gemeente óf aan een organisatie"):
        domain.full_clean()
    domain.municipality = municipality("GM0344")
    domain.full_clean()
    domain.save()
    assert domain.domain == "utrecht.nl"
    assert GovernmentDomain.for_address("a@wijk.utrecht.nl") == domain
    assert GovernmentDomain.for_address("a@notutrecht.nl") is None


def test_signup_errors_are_dutch_and_keep_input():
    response = signup(Client(), "geen-adres", display_name="", privacy="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vink aan dat u de privacyverklaring hebt gelezen." in html
    assert 'value="geen-adres"' in html
    assert PASSWORD not in html
