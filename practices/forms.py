import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, Theme
from practices.models import EducationPhase, Submission, TargetGroup

_signer = signing.TimestampSigner(salt="submission-form")


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_dutch:
            return obj.alias or obj.name
        return f"{obj.name} ({obj.region})"


class SubmissionForm(forms.ModelForm):
    """The public form. Plain text only: whatever is typed is stored as text
    and shown escaped. Bot traps: ``website`` must stay empty and the form
    must have been open a few seconds (``started`` is signed)."""

    municipality = MunicipalityChoiceField(
        queryset=Municipality.objects.current(),
        required=False,
        empty_label=_("Geen bepaalde gemeente (landelijk of regionaal)"),
        label=_("Gemeente"),
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    phases = forms.ModelMultipleChoiceField(
        EducationPhase.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Onderwijsfase"),
    )
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Thema")
    )
    target_groups = forms.ModelMultipleChoiceField(
        TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Doelgroep"),
    )
    consent = forms.BooleanField(
        label=_(
            "Ik geef toestemming om mijn gegevens te bewaren zoals beschreven in de privacyverklaring."
        ),
        error_messages={
            "required": _("Geef toestemming, anders kunnen we uw inzending niet bewaren.")
        },
    )
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Submission
        fields = [
            "title",
            "story",
            "municipality",
            "phases",
            "themes",
            "target_groups",
            "organisation",
            "role",
            "name",
            "email",
            "phone",
            "attachment",
        ]
        labels = {
            "title": _("Titel van uw ervaring"),
            "story": _("Uw verhaal"),
            "organisation": _("Organisatie"),
            "role": _("Uw functie of rol"),
            "name": _("Naam"),
            "email": _("E-mailadres"),
            "phone": _("Telefoonnummer"),
            "attachment": _("Bijlage"),
        }
        help_texts = {
            "story": _(
                "Wat deed u, met wie, en wat leverde het op? Witregels maken alinea’s. Maximaal 10.000 tekens."
            ),
            "attachment": _("PDF, DOCX, ODT, JPG of PNG, hoogstens 10 MB."),
            "name": _("Wordt nooit gepubliceerd."),
            "email": _(
                "Voor een ontvangstbevestiging en vragen van de redactie; wordt nooit gepubliceerd."
            ),
        }
        error_messages = {
            "title": {"required": _("Geef uw ervaring een titel.")},
            "story": {
                "required": _("Vertel uw verhaal."),
                "max_length": _(
                    "Uw verhaal is te lang: maximaal %(limit_value)d tekens (nu %(show_value)d)."
                ),
            },
            "organisation": {"required": _("Vul uw organisatie in.")},
            "role": {"required": _("Vul uw functie of rol in.")},
            "email": {"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
        }
        widgets = {"story": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "email"):
            self.fields[name].required = True
        self.fields["name"].error_messages["required"] = _("Vul uw naam in.")
        self.fields["email"].error_messages["required"] = _("Vul uw e-mailadres in.")
        if not self.is_bound:
            self.initial.setdefault("started", _signer.sign(str(int(time.time()))))
            self.initial.setdefault("form_token", uuid.uuid4())
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea):
                widget.attrs["class"] = "utrecht-textarea utrecht-textarea--html-textarea"
            elif isinstance(widget, forms.Select) and not isinstance(
                widget, forms.CheckboxSelectMultiple
            ):
                widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
            elif isinstance(widget, (forms.TextInput, forms.EmailInput)):
                widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
        self.fields["story"].widget.attrs.pop("maxlength", None)

    def full_clean(self):
        super().full_clean()
        # Tie help texts and errors to their field for screen readers.
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-help")
            if name in self.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789+-() ")
        if phone and (not set(phone) <= allowed or sum(c.isdigit() for c in phone) < 8):
            raise forms.ValidationError(
                _("Vul een telefoonnummer in met alleen cijfers, zoals 030 123 45 67.")
            )
        return phone

    def is_bot(self):
        """Honeypot filled, or sent faster than a person can (silently refused)."""
        if self.data.get("website"):
            return True
        try:
            started = int(_signer.unsign(self.data.get("started", "")))
        except (signing.BadSignature, ValueError):
            return True
        return time.time() - started < settings.SUBMISSION_MIN_SECONDS

    @property
    def lost_attachment(self):
        """A file was chosen but the form has errors: it must be chosen again."""
        return bool(self.files.get("attachment")) and bool(self.errors)
