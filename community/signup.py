"""The extra fields of the signup form (``ACCOUNT_SIGNUP_FORM_CLASS``).

A module of its own: allauth imports it while building its own forms, so it
must not import ``allauth.account.forms`` (``community.forms`` does)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community import members
from portal.core.models import Municipality
from practices.forms import MunicipalityChoiceField


class MemberSignupForm(forms.Form):
    """Extra fields on allauth's signup form (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    display_name = forms.CharField(label=_("Uw naam"), max_length=120)
    role = forms.CharField(label=_("Uw functie of rol"), max_length=120, required=False)
    municipality = MunicipalityChoiceField(
        queryset=Municipality.objects.order_by("name"),
        required=False,
        label=_("Gemeente waar u werkt"),
        empty_label=_("– kies een gemeente –"),
    )
    organisation_name = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        required=False,
        help_text=_("Als u niet bij een gemeente werkt, bijvoorbeeld bij een ministerie."),
    )
    motivation = forms.CharField(
        label=_("Toelichting voor de redactie"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Alleen nodig als uw e-mailadres niet van een gemeente of andere overheid is: "
            "vertel waar u werkt, zodat de redactie u kan goedkeuren."
        ),
    )
    privacy = forms.BooleanField(
        label=_("Ik heb gelezen wat het portaal over mij bewaart (privacyverklaring)."),
        error_messages={"required": _("Vink aan dat u de privacyverklaring hebt gelezen.")},
    )

    def signup(self, request: Any, user: Any) -> None:
        members.create_profile(
            user,
            display_name=self.cleaned_data["display_name"],
            role=self.cleaned_data.get("role", ""),
            municipality=self.cleaned_data.get("municipality"),
            organisation_name=self.cleaned_data.get("organisation_name", ""),
            motivation=self.cleaned_data.get("motivation", ""),
        )
