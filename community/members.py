"""Member accounts: one function per state change.

    signup --(address confirmed)--> on a listed government domain: verified
                                  +-> otherwise pending --approve--> verified
                                                         +-refuse--> refused

Editors (``can_verify``) approve or refuse, with a reason that is mailed to
the member (``portal.ops.mail.send_safely``, after the commit, once per
key). A member may show name, role and municipality to other verified
members (``set_directory``), download everything stored about them
(``export_data``) and delete the account (``delete_account``): their posts
stay, anonymised as "voormalig lid".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community import access
from community.models import (
    Answer,
    ConsentRequest,
    Follow,
    GovernmentDomain,
    MeetingParticipation,
    MemberProfile,
    Question,
    Report,
)
from portal.core import translations
from portal.ops.mail import send_safely
from practices.intake import editor_addresses


class MemberError(Exception):
    """A step that may not happen now; the message is for the user."""


def create_profile(user: Any, **fields: Any) -> MemberProfile:
    """At signup: the member's profile, pending until the address is
    confirmed. Its ``language`` is that of the signup page unless given:
    the editors' decision and the forum's mails are written in it."""
    fields.setdefault("language", translations.active_language())
    return MemberProfile.objects.create(user=user, **fields)


def language_of(user: Any) -> str:
    """The language to write to ``user`` in: their profile's, else Dutch
    (staff without a member profile)."""
    profile = access.profile_of(user)
    return profile.language if profile is not None else settings.LANGUAGE_CODE


def _lock(profile: MemberProfile) -> None:
    profile.refresh_from_db(from_queryset=MemberProfile.objects.select_for_update())


def on_email_confirmed(user: Any, address: str) -> MemberProfile | None:
    """The member confirmed ``address``: verified at once when its domain is
    listed; otherwise the editors are told there is a member to check."""
    profile = access.profile_of(user)
    if profile is None:
        return None
    domain = GovernmentDomain.for_address(address)
    with transaction.atomic():
        _lock(profile)
        if profile.status != MemberProfile.Status.PENDING:
            return profile
        if domain is not None:
            profile.status = MemberProfile.Status.VERIFIED
            profile.verified_via = MemberProfile.Via.DOMAIN
            profile.domain = domain
            profile.handled_at = timezone.now()
            if profile.municipality_id is None and domain.municipality_id:
                profile.municipality_id = domain.municipality_id
            profile.save()
            return profile
        pk = profile.pk
        transaction.on_commit(lambda: _mail_editors_pending(pk))
    return profile


def email_confirmed_receiver(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    """allauth's ``email_confirmed`` signal (connected in ``CommunityConfig.ready``)."""
    on_email_confirmed(email_address.user, email_address.email)


def _mail_editors_pending(profile_id: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # the editors' language
        _send_editors_pending(profile_id)


def _send_editors_pending(profile_id: int) -> None:
    url = settings.SITE_URL + reverse("community:members_pending")
    send_safely(
        _("Nieuw lid te beoordelen"),
        _(
            "Iemand vroeg een account aan met een adres dat niet op de lijst van "
            "overheidsdomeinen staat. Beoordeel de aanvraag:\n%(url)s\n"
        )
        % {"url": url},
        editor_addresses(),
        key=f"lid-{profile_id}-aanvraag",
    )


def approve(profile: MemberProfile, *, actor: Any) -> MemberProfile:
    """Editor: verify a pending (or refused) member as a civil servant."""
    if not access.can_verify(actor):
        raise MemberError(_("U hebt geen recht om leden te beoordelen."))
    with transaction.atomic(durable=True):
        _lock(profile)
        if profile.status == MemberProfile.Status.VERIFIED:
            raise MemberError(_("Dit lid is al geverifieerd."))
        profile.status = MemberProfile.Status.VERIFIED
        profile.verified_via = MemberProfile.Via.EDITOR
        profile.refusal_reason = ""
        profile.handled_by = actor
        profile.handled_at = timezone.now()
        profile.save()
        address, pk = profile.user.email, profile.pk
        # In the member's language, with the forum's address in it.
        with translation.override(profile.language):
            subject = _("Uw account is goedgekeurd")
            body = _(
                "De redactie heeft uw account goedgekeurd. U kunt nu het forum van het "
                "Kennisportaal Ouderbetrokkenheid gebruiken:\n%(url)s\n"
            ) % {"url": settings.SITE_URL + reverse("community:forum")}
        transaction.on_commit(
            lambda: send_safely(subject, body, [address], key=f"lid-{pk}-goedgekeurd")
        )
    return profile


def refuse(profile: MemberProfile, *, actor: Any, reason: str) -> MemberProfile:
    """Editor: refuse a pending member, with a reason mailed to them."""
    if not access.can_verify(actor):
        raise MemberError(_("U hebt geen recht om leden te beoordelen."))
    reason = (reason or "").strip()
    if not reason:
        raise MemberError(_("Geef een reden voor de afwijzing."))
    with transaction.atomic(durable=True):
        _lock(profile)
        if profile.status != MemberProfile.Status.PENDING:
            raise MemberError(_("Deze aanvraag is al beoordeeld."))
        profile.status = MemberProfile.Status.REFUSED
        profile.refusal_reason = reason
        profile.handled_by = actor
        profile.handled_at = timezone.now()
        profile.save()
        address, pk = profile.user.email, profile.pk
        stamp = int(profile.handled_at.timestamp())
        with translation.override(profile.language):
            subject = _("Over uw aanvraag voor een account")
            body = _(
                "De redactie kon uw account niet goedkeuren als account van een "
                "medewerker van een overheid.\n\nToelichting:\n%(reason)s\n\n"
                "Kennisportaal Ouderbetrokkenheid"
            ) % {"reason": reason}
        transaction.on_commit(
            lambda: send_safely(subject, body, [address], key=f"lid-{pk}-afgewezen-{stamp}")
        )
    return profile


def update_profile(profile: MemberProfile, **fields: Any) -> MemberProfile:
    """The member: name, role, municipality, organisation and whether the
    directory shows them (consent recorded with its moment, withdrawable).
    The language of the page they saved it on becomes their language."""
    fields.setdefault("language", translations.active_language())
    show = fields.pop("show_in_directory", profile.show_in_directory)
    was_shown = (
        MemberProfile.objects.filter(pk=profile.pk)
        .values_list("show_in_directory", flat=True)
        .first()
    )
    for name, value in fields.items():
        setattr(profile, name, value)
    if show and not was_shown:
        profile.directory_consent_at = timezone.now()
    if not show:
        profile.directory_consent_at = None
    profile.show_in_directory = show
    profile.save()
    return profile


def set_meeting_participation(user: Any, meeting: Any, *, take_part: bool) -> None:
    """A verified member links themself to a meeting (with consent to be
    shown to verified members) or removes the link."""
    if not access.is_verified_member(user):
        raise MemberError(_("Alleen geverifieerde leden kunnen dit doen."))
    if take_part:
        MeetingParticipation.objects.update_or_create(
            member=user, meeting=meeting, defaults={"consent": True, "consent_at": timezone.now()}
        )
    else:
        MeetingParticipation.objects.filter(member=user, meeting=meeting).delete()


def _moment(value):
    return value.isoformat() if value else None


def export_data(user: Any) -> dict[str, Any]:
    """Everything the portal stores about ``user`` as a member (AVG art. 15/20)."""
    profile = access.profile_of(user)
    emails = []
    if hasattr(user, "emailaddress_set"):
        emails = [
            {"adres": e.email, "geverifieerd": e.verified, "primair": e.primary}
            for e in user.emailaddress_set.all()
        ]
    return {
        "account": {
            "gebruikersnaam": user.get_username(),
            "e-mail": user.email,
            "aangemaakt": _moment(user.date_joined),
            "laatst_ingelogd": _moment(user.last_login),
            "e-mailadressen": emails,
            "tweestapsverificatie": list(user.authenticator_set.values_list("type", flat=True))
            if hasattr(user, "authenticator_set")
            else [],
        },
        "profiel": None
        if profile is None
        else {
            "naam": profile.display_name,
            "functie": profile.role,
            "gemeente": str(profile.municipality) if profile.municipality else None,
            "organisatie": profile.organisation_name,
            "toelichting": profile.motivation,
            "status": profile.status,
            "geverifieerd_via": profile.verified_via,
            "reden_afwijzing": profile.refusal_reason,
            "zichtbaar_voor_leden": profile.show_in_directory,
            "toestemming_ledenlijst": _moment(profile.directory_consent_at),
            "aangemaakt": _moment(profile.created_at),
        },
        "vragen": [
            {
                "titel": q.title,
                "tekst": q.body,
                "gesteld": _moment(q.created_at),
                "bewerkt": _moment(q.edited_at),
            }
            for q in Question.objects.filter(author=user)
        ],
        "antwoorden": [
            {
                "vraag": a.question.title,
                "tekst": a.body,
                "geplaatst": _moment(a.created_at),
                "bewerkt": _moment(a.edited_at),
            }
            for a in Answer.objects.filter(author=user).select_related("question")
        ],
        "gevolgde_vragen": [
            f.question.title for f in Follow.objects.filter(user=user).select_related("question")
        ],
        "meldingen": [
            {"reden": r.reason, "gemeld": _moment(r.created_at)}
            for r in Report.objects.filter(reporter=user)
        ],
        "toestemmingen": [
            {"vraag": c.question.title, "status": c.status, "beantwoord": _moment(c.answered_at)}
            for c in ConsentRequest.objects.filter(user=user).select_related("question")
        ],
        "bijeenkomsten": [
            {"bijeenkomst": str(p.meeting), "toestemming": p.consent}
            for p in MeetingParticipation.objects.filter(member=user).select_related("meeting")
        ],
    }


def delete_account(user: Any) -> None:
    """The member deletes their account. Questions and answers stay with an
    empty author ("voormalig lid"); the profile, follows, consents,
    participations, e-mail addresses and second factors go with the account."""
    if user.is_staff or user.is_superuser:
        raise MemberError(
            _("Een account van de redactie verwijdert u niet hier; neem contact op met beheer.")
        )
    with transaction.atomic(durable=True):
        Question.objects.filter(author=user).update(author=None)
        Answer.objects.filter(author=user).update(author=None)
        Report.objects.filter(reporter=user).update(reporter=None)
        user.delete()
