"""The edit form of editorial content: optimistic concurrency with a
field-by-field merge (``VersionedForm``)."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any, cast

from django import forms
from django.core import signing
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _


def _norm(value: object) -> object:
    """A comparable form of a form value or a model value: model instances
    by key, sets sorted, text with browser line endings undone."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return sorted((_norm(v) for v in value), key=str)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _digest(value: object) -> str:
    return hashlib.sha256(repr(_norm(value)).encode()).hexdigest()[:24]


def _show(value: object) -> str:
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    return strip_tags(str(value)) if isinstance(value, str) else str(value)


class VersionedForm(forms.ModelForm):
    """Optimistic concurrency with a field-by-field merge.

    The form carries the version it was opened with and a signed digest of
    every field as it was then (``loaded_state``). On save, a field this
    person did not change keeps what is stored now, so a concurrent edit of
    another field survives. When somebody else saved in between, the first
    save shows their changes next to this person's (nothing is stored, the
    input stays); where both changed the same field the person chooses which
    version stays, and the next save applies exactly that."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    # Unchanged since the form lived in portal.admin: open forms stay valid.
    STATE_SALT = "portal.admin.loaded_state"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict: list[dict[str, Any]] = []
        if self.instance.pk:
            self.initial["loaded_version"] = self.instance.version
            if not self.is_bound:
                self.initial["loaded_state"] = signing.dumps(
                    {name: _digest(self.initial.get(name)) for name in self.content_fields()},
                    salt=self.STATE_SALT,
                    compress=True,
                )

    def content_fields(self) -> list[str]:
        return [n for n in self.fields if n not in ("loaded_version", "loaded_state")]

    def _base(self) -> dict[str, str] | None:
        raw = self.data.get(self.add_prefix("loaded_state")) or ""
        try:
            return signing.loads(raw, salt=self.STATE_SALT) if raw else None
        except signing.BadSignature:
            return None

    def _current(self) -> dict[str, Any] | None:
        return (
            type(self.instance)
            ._default_manager.select_for_update(of=("self",))
            .filter(pk=self.instance.pk)
            .values("version", "updated_by__username", "updated_at")
            .first()
        )

    def _conflict_message(self, current: dict[str, Any]) -> str:
        return _(
            "Iemand anders (%(who)s) heeft dit item om %(when)s gewijzigd terwijl u het "
            "bewerkte. Niets is opgeslagen en uw invoer staat nog in het formulier. Hieronder "
            "ziet u per veld hun versie en de uwe; velden die alleen zij wijzigden zijn in het "
            "formulier bijgewerkt. Sla opnieuw op om uw wijzigingen toe te voegen."
        ) % {
            "who": current["updated_by__username"] or _("onbekend"),
            "when": timezone.localtime(current["updated_at"]).strftime("%d-%m-%Y %H:%M"),
        }

    def _rows(self, names: list[str], both: set[str]) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "label": self.fields[name].label or name,
                "theirs": _show(self.initial.get(name)),
                "yours": _show(self.cleaned_data.get(name, self.data.get(name))),
                "both": name in both,
                "choice": self.data.get(f"keuze_{name}", ""),
            }
            for name in names
        ]

    def _writable_data(self) -> QueryDict:
        """The submitted data as a mutable copy, which the form uses from now."""
        data = cast(QueryDict, self.data).copy()
        self.data = data
        return data

    def _show_theirs_in_form(self, names: set[str]) -> None:
        data = self._writable_data()
        for name in names:
            value = self.fields[name].prepare_value(self.initial.get(name))
            key = self.add_prefix(name)
            if isinstance(value, (list, tuple)):
                data.setlist(key, [str(v) for v in value])
            else:
                data[key] = "" if value is None else str(value)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if cleaned is None or not self.instance.pk:
            return cleaned
        current = self._current()
        if current is None:
            return cleaned
        loaded = cleaned.get("loaded_version")
        stale = loaded is not None and current["version"] != loaded
        base = self._base()
        if base is None:
            # A form without its opening state (not from this admin): the
            # plain version check is all that can be done.
            if stale:
                self._writable_data()[self.add_prefix("loaded_version")] = current["version"]
                raise forms.ValidationError(self._conflict_message(current), code="conflict")
            return cleaned
        names = [n for n in self.content_fields() if n in cleaned]
        mine = {n for n in names if _digest(cleaned[n]) != base.get(n)}
        theirs = {n for n in names if _digest(self.initial.get(n)) != base.get(n)}
        both = {n for n in mine & theirs if _digest(cleaned[n]) != _digest(self.initial.get(n))}
        ordered = [n for n in names if n in mine | theirs]
        if stale and theirs:
            self.conflict = self._rows(ordered, both)
            self._writable_data()[self.add_prefix("loaded_version")] = current["version"]
            self._show_theirs_in_form(theirs - mine)
            raise forms.ValidationError(self._conflict_message(current), code="conflict")
        choices = {n: self.data.get(f"keuze_{n}") for n in both}
        if any(choice not in ("mine", "theirs") for choice in choices.values()):
            self.conflict = self._rows(ordered, both)
            raise forms.ValidationError(
                _("Kies bij elk veld dat u allebei wijzigde welke versie blijft."),
                code="conflict_choice",
            )
        keep = {n for n in mine if choices.get(n, "mine") == "mine"}
        for name in names:
            if name not in keep:
                # Untouched by this person (or their choice): what is stored stays.
                del cleaned[name]
        return cleaned
