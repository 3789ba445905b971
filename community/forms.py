"""Forms of the community: signup extras and login for allauth, the forum's
forms and the member's own pages. Labels and messages in Dutch."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from community import text
from community.models import MemberProfile, Question
from portal.core.identity import normalise_username
from portal.core.models import Municipality, Theme
from portal.ops import ratelimit
from portal.web.choices import TranslatedSelect
from practices.forms import MunicipalityChoiceField

LOGIN_WINDOW = 15 * 60


def _municipality_field(required=False, label=None):
    return MunicipalityChoiceField(
        queryset=Municipality.objects.order_by("name"),
        required=required,
        label=label or _("Gemeente"),
        empty_label=_("– kies een gemeente –"),
    )


def _normalised_data(data: Any, *names: str) -> Any:
    """A copy of the posted data with the addresses in their one form
    (NFKC, case-folded: ``portal.core.identity``), before any validation:
    full-width letters would otherwise fail the e-mail check."""
    if not data:
        return data
    data = data.copy()
    for name in names:
        if data.get(name):
            data[name] = normalise_username(data[name])
    return data


class MemberSignupForm(SignupForm):
    """allauth's signup form (with the extra fields of
    ``community.signup.MemberSignupForm``), addresses normalised first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "data" in kwargs:
            kwargs["data"] = _normalised_data(kwargs["data"], "email", "email2")
        elif args:
            args = (_normalised_data(args[0], "email", "email2"), *args[1:])
        super().__init__(*args, **kwargs)


class MemberLoginForm(LoginForm):
    """allauth's login form, with the portal's limits (per IP address and
    per normalised address, in the shared counter table) and addresses
    normalised like user names."""

    error_messages = {
        "rate_limited": _("Te veel mislukte inlogpogingen. Probeer het over een kwartier opnieuw."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("data") is not None:
            kwargs["data"] = _normalised_data(kwargs["data"], "login")
        elif args:
            args = (_normalised_data(args[0], "login"), *args[1:])
        super().__init__(*args, **kwargs)

    def clean_login(self) -> str:
        return normalise_username(super().clean_login())

    def clean(self):
        login = normalise_username(self.data.get("login"))
        counted = [
            ("member-login-ip", ratelimit.client_ip(self.request), settings.LOGIN_RATE_LIMIT_IP),
            ("member-login-user", login, settings.LOGIN_RATE_LIMIT_USER),
        ]
        for scope, ident, limit in counted:
            if ratelimit.hit(scope, ident, LOGIN_WINDOW) > limit:
                raise forms.ValidationError(
                    self.error_messages["rate_limited"], code="rate_limited"
                )
        cleaned = super().clean()
        if self.user is not None and not self.errors:
            for scope, ident, _limit in counted:
                ratelimit.refund(scope, ident, LOGIN_WINDOW)
        return cleaned


class QuestionForm(forms.ModelForm):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=TranslatedSelect,
        label=_("Thema"),
        empty_label=_("– kies een thema –"),
    )
    municipality = _municipality_field()

    class Meta:
        model = Question
        fields = ["title", "body", "theme", "municipality"]
        labels = {"title": _("Uw vraag"), "body": _("Toelichting")}
        help_texts = {
            "title": _(
                "Eén zin, bijvoorbeeld: Hoe bereiken jullie ouders die geen Nederlands spreken?"
            ),
            "body": text.HELP,
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "title": {"required": _("Typ uw vraag.")},
            "body": {"required": _("Geef een toelichting bij uw vraag.")},
        }


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Uw antwoord"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=text.HELP,
        error_messages={"required": _("Typ uw antwoord.")},
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Wat is er mis met dit bericht?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Geef aan wat er mis is met dit bericht.")},
    )


class MoveForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=TranslatedSelect,
        label=_("Thema"),
        empty_label=_("– geen thema –"),
    )
    municipality = _municipality_field()


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van afwijzing (gaat per e-mail naar de aanvrager)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef een reden voor de afwijzing.")},
    )


class ProfileForm(forms.ModelForm):
    municipality = _municipality_field()

    class Meta:
        model = MemberProfile
        fields = ["display_name", "role", "municipality", "organisation_name", "show_in_directory"]
        labels = {
            "display_name": _("Uw naam"),
            "role": _("Uw functie of rol"),
            "organisation_name": _("Organisatie"),
            "show_in_directory": _(
                "Toon mijn naam, functie en gemeente aan andere geverifieerde leden "
                "(op de gemeentepagina, ‘wie werkt hieraan’). Nooit openbaar; u kunt dit "
                "altijd weer uitzetten."
            ),
        }
        error_messages = {"display_name": {"required": _("Vul uw naam in.")}}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Uw wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Typ uw wachtwoord om te bevestigen.")},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return password


__all__ = [
    "AnswerForm",
    "DeleteAccountForm",
    "MemberLoginForm",
    "MoveForm",
    "ProfileForm",
    "QuestionForm",
    "RefuseForm",
    "ReportForm",
]
