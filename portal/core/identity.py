"""One identity per user name.

"redacteur", "REDACTEUR", "Redacteur" and "ｒｅｄａｃｔｅｕｒ" (full-width
letters) are the same name to a person, and so are "straße" and "STRASSE".
``normalise_username`` maps all such variants to one form (Unicode NFKC plus
case folding, without invisible format characters), and the portal uses that
form everywhere a user name identifies someone:

* **Stored names are normalised.** A ``pre_save`` check (``connect``, called
  from ``PortalConfig.ready``) stores every user name in its normalised form
  and refuses, with a Dutch ``ValidationError``, a name that another account
  already has. Because every stored name is normalised, the ordinary UNIQUE
  index on ``auth_user.username`` then enforces "one account per normalised
  name" in the database itself, also for two requests at the same moment.
  Migration ``portal.0006_security`` normalised the names that existed before.
  (``QuerySet.update()`` and ``bulk_create()`` skip signals: do not use them
  for user names.)
* **Login** goes through ``NormalisedUsernameBackend``: the typed name is
  normalised before the (exact, indexed) lookup, so any variant reaches the
  same single account or fails in the same way.
* **Lockouts** (``portal.web.adminsite``) count failed logins per normalised name.
* **Forms** that create or rename users use ``UniqueUsernameFormMixin``, which
  gives the same Dutch message as a form error instead of an exception.

This is simpler than a custom user model (which cannot be swapped in on a
running project) and more robust than comparing spellings at login time.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any, Protocol

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

# Normalisation is slow on very long input and a login form accepts anything;
# nothing longer than this can be a user name (150 characters) anyway.
MAX_INPUT_LENGTH = 300

DUPLICATE_MESSAGE = _(
    "Er bestaat al een account met deze gebruikersnaam. Hoofdletters en andere "
    "schrijfwijzen van dezelfde letters (zoals ‘ß’ en ‘ss’) gelden als dezelfde naam."
)
TOO_LONG_MESSAGE = _("Deze gebruikersnaam is te lang (ten hoogste 150 tekens).")

if TYPE_CHECKING:
    # settings.AUTH_USER_MODEL: the portal keeps Django's own user model.
    from django.contrib.auth.models import User
    from django.http import HttpRequest


def normalise_username(value: object) -> str:
    """The one form of a user name used for uniqueness, login and lockouts:
    NFKC, case-folded (NFKC again, as Unicode's NFKC_Casefold), without
    invisible format characters (zero-width space, soft hyphen, …) and
    without surrounding white space."""
    if value is None:
        return ""
    text = str(value)[:MAX_INPUT_LENGTH]
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return text.strip()


def _max_length() -> int | None:
    user_model = get_user_model()
    field = user_model._meta.get_field(user_model.USERNAME_FIELD)
    return field.max_length if isinstance(field, models.Field) else None


def _name_taken(name: str, exclude_pk: Any = None) -> bool:
    user_model = get_user_model()
    others = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: name})
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def check_username(name: object, exclude_pk: Any = None) -> str:
    """The normalised name, or a Dutch ValidationError when it is too long or
    another account already has it."""
    normalised = normalise_username(name)
    max_length = _max_length()
    if max_length and len(normalised) > max_length:
        raise ValidationError(TOO_LONG_MESSAGE, code="max_length")
    if _name_taken(normalised, exclude_pk):
        raise ValidationError(DUPLICATE_MESSAGE, code="unique")
    return normalised


def _normalise_before_save(
    sender: type[User],
    instance: User,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    field = sender.USERNAME_FIELD
    if update_fields is not None and field not in update_fields:
        return  # e.g. last_login after a login: the name is not written
    try:
        name = check_username(getattr(instance, field), exclude_pk=instance.pk)
    except ValidationError as error:
        raise ValidationError({field: error}) from None
    setattr(instance, field, name)


def connect() -> None:
    pre_save.connect(
        _normalise_before_save,
        sender=settings.AUTH_USER_MODEL,
        dispatch_uid="portal-normalise-username",
    )


class NormalisedUsernameBackend(ModelBackend):
    """Django's model backend, with the typed user name normalised first."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        return super().authenticate(
            request, username=normalise_username(username), password=password
        )


class _UserModelForm(Protocol):
    """What the mixin uses of the model form it is mixed into."""

    cleaned_data: dict[str, Any]
    instance: models.Model


class UniqueUsernameFormMixin:
    """For model forms of the user model: the name is normalised and refused
    with a clear Dutch message when another account has it."""

    def clean_username(self: _UserModelForm) -> str | None:
        name = self.cleaned_data.get("username")
        if not name:
            return name
        try:
            return check_username(name, exclude_pk=self.instance.pk)
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0], code=error.code) from None
