from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes


def _error(description, csv=False):
    if csv:
        schema = build_basic_type(OpenApiTypes.STR)
        return {"description": description, "content": {"text/csv": {"schema": schema}}}
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": build_object_type(
                    properties={"detail": build_basic_type(OpenApiTypes.STR)},
                    additionalProperties=build_basic_type(OpenApiTypes.ANY),
                )
            }
        },
    }


# What each operation does, in the language the schema is asked in (the
# views' docstrings are for developers, in English).
DESCRIPTIONS = {
    "list": _(
        "Gepubliceerde items, nieuwste eerst, per pagina (pagina, per_pagina) en te filteren. "
        "?taal=en (of Accept-Language: en) geeft de Engelse teksten waar die er zijn."
    ),
    "retrieve": _(
        "Eén gepubliceerd item, op slug. ?taal=en (of Accept-Language: en) geeft de Engelse "
        "teksten waar die er zijn."
    ),
    "csv": _(
        "De gefilterde lijst als CSV (UTF-8 met BOM), met dezelfde filters als de lijst; "
        "kolomkoppen in de gevraagde taal, titels, samenvattingen en thema's ook waar er een "
        "Engelse versie is."
    ),
}


class PortalAutoSchema(AutoSchema):
    """Also documents the error answers: 400 for filter values that are not
    understood, 404 for an unknown item or page. Every text is translated:
    the schema comes in the language asked for (issue 21)."""

    def get_description(self):
        return DESCRIPTIONS.get(getattr(self.view, "action", None), "")

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            csv = getattr(self.view, "action", None) == "csv"
            if self._is_list_view() or csv:
                responses.setdefault("400", _error(_("Ongeldige filterwaarde"), csv))
            responses.setdefault("404", _error(_("Niet gevonden"), csv))
        return responses


def forbid_nul(result, generator, request, public):
    """Text parameters may not contain NUL: the portal answers 400 for it
    (PostgreSQL text cannot hold it), so the schema says so."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                target = schema.get("items", schema)
                if target.get("type") == "string" and "enum" not in target:
                    target["pattern"] = r"^[^\x00]*$"
    return result
