"""Members find each other: the opt-in directory on municipality pages and
meeting participants, for verified members only and only with consent."""

import pytest
from django.test import Client

from community.models import MeetingParticipation
from tests.factories import MeetingFactory, MemberProfileFactory, municipality

pytestmark = pytest.mark.django_db


def test_only_members_who_opt_in_are_listed_for_verified_members(
    member, member_client, make_member
):
    shown = make_member("zichtbaar@utrecht.nl", name="Zichtbaar Lid")
    shown.member.show_in_directory = True
    shown.member.save()
    make_member("verborgen@utrecht.nl", name="Verborgen Lid")  # did not opt in
    html = member_client.get("/gemeenten/utrecht/").content.decode()
    assert "Wie werkt hieraan" in html
    assert "Zichtbaar Lid" in html and "Verborgen Lid" not in html
    # Anonymous visitors and unverified accounts see nothing of it.
    assert "Zichtbaar Lid" not in Client().get("/gemeenten/utrecht/").content.decode()
    waiting = Client()
    waiting.force_login(make_member("w@example.org", pending=True))
    assert "Wie werkt hieraan" not in waiting.get("/gemeenten/utrecht/").content.decode()


def test_opt_in_and_withdraw_on_the_profile(member, member_client):
    data = {
        "display_name": "An de Vries",
        "role": "Beleidsadviseur",
        "municipality": municipality("GM0344").pk,
        "organisation_name": "",
        "show_in_directory": "on",
    }
    member_client.post("/account/profiel/", data)
    member.member.refresh_from_db()
    assert member.member.show_in_directory and member.member.directory_consent_at
    assert "Beleidsadviseur" in member_client.get("/gemeenten/utrecht/").content.decode()
    del data["show_in_directory"]
    member_client.post("/account/profiel/", data)
    member.member.refresh_from_db()
    assert not member.member.show_in_directory and member.member.directory_consent_at is None
    assert "Beleidsadviseur" not in member_client.get("/gemeenten/utrecht/").content.decode()


def test_meeting_participants_with_consent(member, member_client):
    meeting = MeetingFactory(published=True, slug="gent")
    MeetingParticipation.objects.create(
        member=MemberProfileFactory(display_name="Zonder Toestemming").user,
        meeting=meeting,
        consent=False,
    )
    member_client.post(f"/forum/bijeenkomst/{meeting.pk}/deelname/", {"deelname": "1"})
    participation = MeetingParticipation.objects.get(member=member)
    assert participation.consent and participation.consent_at
    html = member_client.get("/bijeenkomsten/gent/").content.decode()
    assert "Deelnemers (alleen voor leden)" in html
    assert "An de Vries" in html and "Zonder Toestemming" not in html
    public = Client().get("/bijeenkomsten/gent/").content.decode()
    assert "An de Vries" not in public and "Deelnemers" not in public
    member_client.post(f"/forum/bijeenkomst/{meeting.pk}/deelname/", {"deelname": "0"})
    assert not MeetingParticipation.objects.filter(member=member).exists()
