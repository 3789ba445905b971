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


class PortalAutoSchema(AutoSchema):
    """Also documents the error answers: 400 for filter values that are not
    understood, 404 for an unknown item or page."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            csv = getattr(self.view, "action", None) == "csv"
            if self._is_list_view() or csv:
                responses.setdefault("400", _error("Ongeldige filterwaarde", csv))
            responses.setdefault("404", _error("Niet gevonden", csv))
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
