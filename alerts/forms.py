"""The subscribe form and the manage page's frequency choice.

Bot traps as on the portal's other public forms: a field ``website`` that
people never see (and bots fill), and a signed start time (``started``): a
form sent faster than a person can is quietly ignored. Errors are Dutch and
tied to their field (aria-describedby); what was typed is shown again.
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from alerts.digest import feed_kinds
from alerts.models import Subscription
from alerts.services import normalise_email
from portal.core.models import Municipality, Theme
from portal.web.choices import TranslatedSelect

_signer = signing.TimestampSigner(salt="alerts-form")


def sign_started(*, seconds_ago: int = 0) -> str:
    return _signer.sign(str(int(time.time()) - seconds_ago))


class MunicipalityField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_dutch:
            return obj.alias or obj.name
        return f"{obj.name} ({obj.region})"


def _kind_choices():
    return [("", _("Kies een soort inhoud"))] + [(k.key, k.label) for k in feed_kinds()]


class StyledForm(forms.Form):
    """House-style widgets, and help texts and errors tied to their field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
            elif isinstance(widget, (forms.TextInput, forms.EmailInput)):
                widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                continue  # described on their fieldset
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-help")
            if name in self.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class SubscribeForm(StyledForm):
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    target = forms.ChoiceField(
        label=_("Wat wilt u volgen?"),
        choices=Subscription.Target.choices,
        initial=Subscription.Target.MUNICIPALITY,
        widget=forms.RadioSelect,
        help_text=_("Kies er één en vul daarna het bijbehorende veld hieronder in."),
        error_messages={"required": _("Kies wat u wilt volgen.")},
    )
    municipality = MunicipalityField(
        queryset=Municipality.objects.current(),
        required=False,
        label=_("Gemeente"),
        empty_label=_("Kies een gemeente"),
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        widget=TranslatedSelect,
        label=_("Thema"),
        empty_label=_("Kies een thema"),
        error_messages={"invalid_choice": _("Kies een thema uit de lijst.")},
    )
    kind = forms.ChoiceField(
        choices=_kind_choices,
        required=False,
        label=_("Soort inhoud"),
        error_messages={"invalid_choice": _("Kies een soort inhoud uit de lijst.")},
    )
    query = forms.CharField(
        max_length=200,
        required=False,
        label=_("Zoekvraag"),
        help_text=_("Dezelfde woorden als in het zoekvak, bijvoorbeeld: voorlezen thuis."),
        error_messages={"max_length": _("Een zoekvraag is ten hoogste 200 tekens lang.")},
    )
    frequency = forms.ChoiceField(
        label=_("Hoe vaak wilt u mail?"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.WEEKLY,
        widget=forms.RadioSelect,
        help_text=_("Alleen als er iets nieuws is gepubliceerd."),
        error_messages={"required": _("Kies hoe vaak u mail wilt.")},
    )
    website = forms.CharField(
        required=False,
        label=_("Laat dit veld leeg"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    # The field that names the followed thing, per kind of target.
    TARGET_FIELDS = {
        Subscription.Target.MUNICIPALITY: ("municipality", _("Kies een gemeente.")),
        Subscription.Target.THEME: ("theme", _("Kies een thema.")),
        Subscription.Target.KIND: ("kind", _("Kies een soort inhoud.")),
        Subscription.Target.QUERY: ("query", _("Vul een zoekvraag in.")),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", sign_started())

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_query(self):
        return " ".join(self.cleaned_data.get("query", "").split())

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target in self.TARGET_FIELDS:
            name, message = self.TARGET_FIELDS[target]
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def is_bot(self) -> bool:
        """Honeypot filled, a forged start time, or faster than a person."""
        if self.data.get("website"):
            return True
        try:
            started = int(_signer.unsign(str(self.data.get("started", ""))))
        except (signing.BadSignature, ValueError):
            return True
        return time.time() - started < settings.SUBMISSION_MIN_SECONDS

    def subscription_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "target": data["target"],
            "frequency": data["frequency"],
            "municipality": data.get("municipality"),
            "theme": data.get("theme"),
            "kind": data.get("kind") or "",
            "query": data.get("query") or "",
        }


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Hoe vaak"),
        choices=Subscription.Frequency.choices,
        error_messages={
            "required": _("Kies hoe vaak u mail wilt."),
            "invalid_choice": _("Kies dagelijks of wekelijks."),
        },
    )
