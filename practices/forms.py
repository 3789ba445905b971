import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from portal.core.models import Municipality, Theme
from portal.web.choices import TranslatedCheckboxes
from practices.models import Adoption, EducationPhase, Submission, TargetGroup

_signer = signing.TimestampSigner(salt="submission-form")

# What the signed ``started`` token says about a posted form.
TOKEN_OK, TOKEN_BOT, TOKEN_STALE = "ok", "bot", "stale"


def sign_started(form_token, *, seconds_ago=0):
    """The signed fill-time token: when the form was opened, bound to the
    form's ``form_token``. Submission.form_token is unique, so a token can be
    used for one stored submission only."""
    return _signer.sign(f"{int(time.time()) - seconds_ago}:{form_token}")


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_dutch:
            return obj.alias or obj.name
        return f"{obj.name} ({obj.region})"


class GuardedFormMixin(forms.BaseForm):
    """What every public form shares: Dutch house-style widgets, help texts
    and errors tied to their field (aria-describedby) and the bot traps:
    ``website`` must stay empty and the form must have been open a few
    seconds (``started`` is signed and bound to ``form_token``); a form open
    longer than ``SUBMISSION_TOKEN_MAX_AGE`` is sent back with a fresh token
    and everything typed. The form declares ``website``, ``started`` and
    ``form_token``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            form_token = self.initial.setdefault("form_token", uuid.uuid4())
            self.initial.setdefault("started", sign_started(form_token))
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

    def token_state(self):
        """TOKEN_BOT: honeypot filled, a forged token, a token of another form
        or sent faster than a person can (silently refused). TOKEN_STALE: a
        genuine token older than SUBMISSION_TOKEN_MAX_AGE, or one from before
        tokens were bound to the form (sent back to the person)."""
        if self.data.get("website"):
            return TOKEN_BOT
        try:
            value = _signer.unsign(str(self.data.get("started", "")))
            stamp, _colon, bound = value.partition(":")
            started = int(stamp)
        except (signing.BadSignature, ValueError):
            return TOKEN_BOT
        age = time.time() - started
        if not bound:
            return TOKEN_STALE
        try:
            if uuid.UUID(bound) != uuid.UUID(str(self.data.get("form_token", ""))):
                return TOKEN_BOT
        except ValueError:
            return TOKEN_BOT
        if age > settings.SUBMISSION_TOKEN_MAX_AGE:
            return TOKEN_STALE
        if age < settings.SUBMISSION_MIN_SECONDS:
            return TOKEN_BOT
        return TOKEN_OK

    def is_bot(self):
        return self.token_state() == TOKEN_BOT

    def is_stale(self):
        return self.token_state() == TOKEN_STALE

    def renew_token(self):
        """Give the re-shown form a fresh token, keeping everything typed. The
        person has already spent time on the form, so the minimum fill time
        counts as done."""
        data = self.data.copy()
        form_token = uuid.uuid4()
        data["form_token"] = str(form_token)
        data["started"] = sign_started(form_token, seconds_ago=settings.SUBMISSION_MIN_SECONDS)
        self.data = data


class SubmissionForm(GuardedFormMixin, forms.ModelForm):
    """The public form. Plain text only: whatever is typed is stored as text
    and shown escaped. Bot traps: ``GuardedFormMixin``."""

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
        widget=TranslatedCheckboxes,
        label=_("Onderwijsfase"),
    )
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(), required=False, widget=TranslatedCheckboxes, label=_("Thema")
    )
    target_groups = forms.ModelMultipleChoiceField(
        TargetGroup.objects.all(),
        required=False,
        widget=TranslatedCheckboxes,
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
        self.fields["story"].widget.attrs.pop("maxlength", None)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789+-() ")
        if phone and (not set(phone) <= allowed or sum(c.isdigit() for c in phone) < 8):
            raise forms.ValidationError(
                _("Vul een telefoonnummer in met alleen cijfers, zoals 030 123 45 67.")
            )
        return phone

    @property
    def lost_attachment(self):
        """A file was chosen but the form has errors: it must be chosen again."""
        return bool(self.files.get("attachment")) and bool(self.errors)


class AdoptionForm(GuardedFormMixin, forms.ModelForm):
    """ "Wij hebben dit overgenomen": a municipality says it took over a
    practice. Moderated (``practices.intake.approve_adoption``); the
    municipality and the note are shown after approval, the sender never."""

    municipality = MunicipalityChoiceField(
        queryset=Municipality.objects.all(),
        label=_("Welke gemeente nam het over?"),
        empty_label=_("Kies een gemeente"),
        error_messages={
            "required": _("Kies de gemeente die dit praktijkvoorbeeld overnam."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "Ik geef toestemming om mijn gegevens te bewaren zoals beschreven in de privacyverklaring."
        ),
        error_messages={
            "required": _("Geef toestemming, anders kunnen we uw melding niet bewaren.")
        },
    )
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Adoption
        fields = ["municipality", "note", "role", "name", "email"]
        labels = {
            "note": _("Wat namen jullie over, en wat pasten jullie aan?"),
            "role": _("Uw functie of rol"),
            "name": _("Naam"),
            "email": _("E-mailadres"),
        }
        help_texts = {
            "note": _(
                "Wordt na goedkeuring op de pagina gezet. Noem geen namen van personen. "
                "Maximaal 2.000 tekens."
            ),
            "name": _("Wordt nooit gepubliceerd."),
            "email": _("Alleen voor vragen van de redactie; wordt nooit gepubliceerd."),
        }
        error_messages = {
            "note": {
                "max_length": _(
                    "Uw toelichting is te lang: maximaal %(limit_value)d tekens "
                    "(nu %(show_value)d)."
                )
            },
            "role": {"required": _("Vul uw functie of rol in.")},
            "email": {
                "required": _("Vul uw e-mailadres in."),
                "invalid": _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl."),
            },
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, practice, **kwargs):
        self.practice = practice
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs.pop("maxlength", None)
        # A municipality that shares the practice did not take it over.
        own = practice.municipalities.values("pk")
        self.fields["municipality"].queryset = Municipality.objects.current().exclude(pk__in=own)

    def clean_municipality(self):
        municipality = self.cleaned_data["municipality"]
        if Adoption.objects.filter(
            practice=self.practice, municipality=municipality, status=Adoption.Status.APPROVED
        ).exists():
            raise forms.ValidationError(
                _("%(name)s staat al vermeld als gemeente die dit overnam.")
                % {"name": municipality.alias or municipality.name}
            )
        return municipality
