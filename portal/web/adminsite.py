"""The admin site: every staff login needs a password *and* a TOTP code
(django-otp), failed logins are rate-limited per IP address and per user name.

A session that logged in with a password alone (for example through another
login view) is not verified and is treated as not staff by ``has_permission``.

The login form is no oracle: a wrong password, and a right password with a
wrong, missing or throttled code, all give the same message and the same page,
and the password is never sent back. The limits count *before* anything is
checked (one atomic increment per attempt, ``portal.ops.ratelimit.hit``), so
parallel requests cannot get more guesses than the limit; a successful login
gives its attempt back.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.identity import UniqueUsernameFormMixin, normalise_username
from portal.ops import ratelimit

LOGIN_WINDOW = 15 * 60


class OneTimeCodeInput(forms.TextInput):
    """A used or refused code is worthless: the field always comes back empty."""

    def format_value(self, value):
        return None


class StaffLoginForm(OTPAdminAuthenticationForm):
    """User name, password and one verification code from the user's
    authenticator app (or one of their recovery codes)."""

    otp_token = forms.CharField(
        label=_("Verificatiecode"),
        required=False,
        max_length=16,
        help_text=_("De code van 6 cijfers uit uw authenticator-app, of een herstelcode."),
        widget=OneTimeCodeInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    # Every django-otp error (no device, no code, wrong code, too many wrong
    # codes, a challenge) becomes ``invalid_login`` in ``clean``.
    error_messages = dict(
        OTPAdminAuthenticationForm.error_messages,
        # One message for a wrong name, a wrong password and a wrong, missing
        # or throttled code: the page must not tell which one was right.
        invalid_login=_(
            "Gebruikersnaam, wachtwoord of verificatiecode klopt niet. Gebruik steeds een "
            "nieuwe code uit uw authenticator-app; na een paar foute codes moet u even wachten."
        ),
        rate_limited=_("Te veel mislukte inlogpogingen. Probeer het over een kwartier opnieuw."),
    )

    def _limits(self):
        username = normalise_username(self.data.get("username"))
        return [
            ("login-ip", ratelimit.client_ip(self.request), settings.LOGIN_RATE_LIMIT_IP),
            ("login-user", username, settings.LOGIN_RATE_LIMIT_USER),
        ]

    def clean(self):
        counted = []
        for scope, ident, limit in self._limits():
            counted.append((scope, ident))
            if ratelimit.hit(scope, ident, LOGIN_WINDOW) > limit:
                raise forms.ValidationError(
                    self.error_messages["rate_limited"], code="rate_limited"
                )
        self.cleaned_data = super(OTPAdminAuthenticationForm, self).clean()
        user = self.get_user()
        self.cleaned_data["otp_device"] = self._device_for(user)
        try:
            self.clean_otp(user)
        except forms.ValidationError:
            # Also an account without a second factor: saying so would confirm
            # the password. A superuser links an authenticator app first.
            raise self.get_invalid_login_error() from None
        for scope, ident in counted:  # a successful login gives its attempt back
            ratelimit.refund(scope, ident, LOGIN_WINDOW)
        return self.cleaned_data

    def _update_form(self, user):
        """django-otp fills the password back in for a second step; this form
        has no second step, and a password never goes back to the browser."""

    def _device_for(self, user):
        """The TOTP app for a 6-digit code, otherwise the recovery codes."""
        token = (self.cleaned_data.get("otp_token") or "").strip()
        six_digits = token.isascii() and token.isdigit() and len(token) == 6
        model = TOTPDevice if six_digits else StaticDevice
        device = model.objects.devices_for_user(user, confirmed=True).first()
        if device is None and model is StaticDevice:
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        return device.persistent_id if device else ""


class PortalUserCreationForm(UniqueUsernameFormMixin, AdminUserCreationForm):
    pass


class PortalUserChangeForm(UniqueUsernameFormMixin, UserChangeForm):
    pass


def use_portal_user_admin(site):
    """Replace the user admin that django.contrib.auth registered by one with
    the forms above (called after autodiscover, from
    ``PortalAdminConfig.ready``; django.contrib.auth.admin registers on the
    site when imported, so it cannot be imported at the top of this module)."""
    from django.contrib.auth.admin import UserAdmin

    class PortalUserAdmin(UserAdmin):
        """Django's user admin; a user name that another account already has
        in another spelling (``portal.core.identity``) is refused in Dutch."""

        form = PortalUserChangeForm
        add_form = PortalUserCreationForm

    user_model = get_user_model()
    if site.is_registered(user_model):
        site.unregister(user_model)
    site.register(user_model, PortalUserAdmin)
    use_dutch_device_admins(site)


# django-otp's device models name their fields in English, untranslated
# (plain strings, not gettext): the admin pages for authenticator apps and
# recovery codes say it in Dutch instead. (The models themselves are left
# alone: changing their labels would ask for a migration in django-otp.)
DEVICE_FIELDS = {
    "user": (_("gebruiker"), _("De medewerker van wie deze app of deze codes zijn.")),
    "name": (_("naam"), _("Een naam die de medewerker herkent, zoals ‘telefoon’.")),
    "confirmed": (_("in gebruik"), _("Aan: de codes van deze app of lijst worden geaccepteerd.")),
    "key": (_("geheime sleutel"), _("Hexadecimaal, hoogstens 40 bytes.")),
    "step": (_("tijdstap (seconden)"), _("Hoe lang een code geldig is.")),
    "t0": (_("starttijd (Unix-tijd)"), _("Vanaf wanneer de tijdstappen tellen.")),
    "digits": (_("aantal cijfers"), _("Hoeveel cijfers een code heeft.")),
    "tolerance": (_("speling"), _("Hoeveel tijdstappen te vroeg of te laat nog mag.")),
    "drift": (_("afwijking"), _("Hoeveel tijdstappen de klok van de app afwijkt.")),
    "throttling_failure_timestamp": (
        _("laatste foute code"),
        _("Wanneer de laatste foute code binnenkwam; leeg als de laatste poging lukte."),
    ),
    "throttling_failure_count": (_("foute codes op rij"), _("Na een paar moet men even wachten.")),
    "token": (_("herstelcode"), ""),
}
DEVICE_FIELDSETS = {
    "Identity": _("Medewerker en app"),
    "Timestamps": _("Tijdstippen"),
    "Configuration": _("Instellingen"),
    "State": _("Toestand"),
    "Throttling": _("Na foute codes"),
}


def _moment(value):
    return formats.localize(timezone.localtime(value)) if value else "–"


def _titled(title, base):
    """A list filter with a Dutch title (the field's own label is English)."""

    class Filter(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Filter


class DutchDeviceAdminMixin:
    """Dutch labels, help texts, columns and filters for django-otp's device
    admins (authenticator app, recovery codes)."""

    list_display = ["user", "device_name", "created", "last_used", "in_use"]
    list_filter = [
        ("created_at", _titled(_("aangemaakt"), admin.DateFieldListFilter)),
        ("last_used_at", _titled(_("laatst gebruikt"), admin.DateFieldListFilter)),
        ("confirmed", _titled(_("in gebruik"), admin.BooleanFieldListFilter)),
    ]
    search_help_text = _("Zoek op gebruikersnaam of e-mailadres.")
    readonly_fields = ["created", "last_used"]

    @admin.display(description=_("naam"), ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=_("aangemaakt"), ordering="created_at")
    def created(self, device):
        return _moment(device.created_at)

    @admin.display(description=_("laatst gebruikt"), ordering="last_used_at")
    def last_used(self, device):
        return _moment(device.last_used_at)

    @admin.display(description=_("in gebruik"), boolean=True, ordering="confirmed")
    def in_use(self, device):
        return device.confirmed

    def get_fieldsets(self, request, obj=None):
        rename = {"created_at": "created", "last_used_at": "last_used"}
        return [
            (
                DEVICE_FIELDSETS.get(title, title),
                {**options, "fields": [rename.get(f, f) for f in options["fields"]]},
            )
            for title, options in super().get_fieldsets(request, obj)
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in DEVICE_FIELDS:
            field.label, field.help_text = DEVICE_FIELDS[db_field.name]
            field.label = capfirst(field.label)
        return field


def use_dutch_device_admins(site):
    """Re-register django-otp's device admins with ``DutchDeviceAdminMixin``
    (django-otp registers them during autodiscover, so its admin modules are
    imported here, after that)."""
    from django_otp.plugins.otp_static.admin import StaticDeviceAdmin, StaticTokenInline
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin

    class DutchTokenInline(StaticTokenInline):
        verbose_name = _("herstelcode")
        verbose_name_plural = _("herstelcodes")

        def formfield_for_dbfield(self, db_field, request, **kwargs):
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            if field is not None and db_field.name == "token":
                field.label = _("Herstelcode")
            return field

    class DutchTOTPDeviceAdmin(DutchDeviceAdminMixin, TOTPDeviceAdmin):
        readonly_fields = ["created", "last_used", "qrcode_link"]

        @admin.display(description=_("QR-code"))
        def qrcode_link(self, device):
            return super().qrcode_link(device)

    class DutchStaticDeviceAdmin(DutchDeviceAdminMixin, StaticDeviceAdmin):
        inlines = [DutchTokenInline]

    for model, model_admin in (
        (TOTPDevice, DutchTOTPDeviceAdmin),
        (StaticDevice, DutchStaticDeviceAdmin),
    ):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)


class PortalAdminSite(OTPAdminSite):
    site_header = _("Kennisportaal Ouderbetrokkenheid – beheer")
    site_title = _("Kennisportaal beheer")
    index_title = _("Redactie")
    login_form = StaffLoginForm
    login_template = "admin/login_otp.html"

    def __init__(self, name="admin"):
        super().__init__(name)
