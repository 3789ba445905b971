"""The admin site: every staff login needs a password *and* a TOTP code
(django-otp), failed logins are rate-limited per IP address and per user name.

A session that logged in with a password alone (for example through another
login view) is not verified and is treated as not staff by ``has_permission``.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import ratelimit

LOGIN_WINDOW = 15 * 60


class StaffLoginForm(OTPAdminAuthenticationForm):
    """User name, password and one verification code from the user's
    authenticator app (or one of their recovery codes)."""

    otp_token = forms.CharField(
        label=_("Verificatiecode"),
        required=False,
        max_length=16,
        help_text=_("De code van 6 cijfers uit uw authenticator-app, of een herstelcode."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    otp_error_messages = dict(
        OTPAuthenticationFormMixin.otp_error_messages,
        token_required=_("Vul de verificatiecode uit uw authenticator-app in."),
        invalid_token=_(
            "Deze verificatiecode klopt niet of is verlopen. Probeer de volgende code."
        ),
        device_required=_(
            "Voor dit account is nog geen tweede factor ingesteld. Vraag een beheerder "
            "om een authenticator-app voor u te koppelen."
        ),
        n_failed_attempts=_(
            "Te veel foute codes achter elkaar. Wacht even en probeer het opnieuw."
        ),
        verification_not_allowed=_("Inloggen met een code is nu tijdelijk geblokkeerd."),
    )
    error_messages = dict(
        OTPAdminAuthenticationForm.error_messages,
        rate_limited=_("Te veel mislukte inlogpogingen. Probeer het over een kwartier opnieuw."),
    )

    def _limits(self):
        username = (self.data.get("username") or "").strip().lower()
        return [
            ("login-ip", ratelimit.client_ip(self.request), settings.LOGIN_RATE_LIMIT_IP),
            ("login-user", username, settings.LOGIN_RATE_LIMIT_USER),
        ]

    def clean(self):
        if any(ratelimit.reached(s, i, n, LOGIN_WINDOW) for s, i, n in self._limits()):
            raise forms.ValidationError(self.error_messages["rate_limited"], code="rate_limited")
        try:
            self.cleaned_data = super(OTPAdminAuthenticationForm, self).clean()
            user = self.get_user()
            self.cleaned_data["otp_device"] = self._device_for(user)
            self.clean_otp(user)
        except forms.ValidationError:
            for scope, ident, _limit in self._limits():
                ratelimit.hit(scope, ident, LOGIN_WINDOW)
            raise
        return self.cleaned_data

    def _device_for(self, user):
        """The TOTP app for a 6-digit code, otherwise the recovery codes."""
        token = (self.cleaned_data.get("otp_token") or "").strip()
        six_digits = token.isascii() and token.isdigit() and len(token) == 6
        model = TOTPDevice if six_digits else StaticDevice
        device = model.objects.devices_for_user(user, confirmed=True).first()
        if device is None and model is StaticDevice:
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        return device.persistent_id if device else ""


class PortalAdminSite(OTPAdminSite):
    site_header = _("Kennisportaal Ouderbetrokkenheid – beheer")
    site_title = _("Kennisportaal beheer")
    index_title = _("Redactie")
    login_form = StaffLoginForm
    login_template = "admin/login_otp.html"

    def __init__(self, name="admin"):
        super().__init__(name)
