"""Loading the official CBS list of Dutch municipalities.

CBS publishes "Gemeenten alfabetisch" every January as CSV/Excel with the
columns ``Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;
ProvinciecodePV;Provincienaam``. ``sync_dutch_municipalities`` applies such a
list: new codes are added, changed names and provinces updated, and codes that
disappeared (municipalities that merged) are marked ended, never deleted, so
content that points to them keeps its history.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from django.utils.text import slugify

from portal.core.slugs import unique_slug

if TYPE_CHECKING:
    # The functions take the model as an argument, so that data migrations
    # can pass their historical model; it has the same fields.
    from portal.core.models import Municipality as MunicipalityModel

DATA_DIR = Path(__file__).resolve().parent / "data"
CBS_FILE = DATA_DIR / "gemeenten.csv"
FOREIGN_FILE = DATA_DIR / "steden-buitenland.csv"

# Names everyone uses, next to the official CBS name.
ALIASES = {"GM0518": "Den Haag", "GM0796": "Den Bosch"}

REQUIRED_COLUMNS = {"GemeentecodeGM", "Gemeentenaam", "ProvinciecodePV"}
_CODE = re.compile(r"^GM\d{4}$")
_PROVINCE = re.compile(r"^PV(2\d|3[01])$")


class CBSFormatError(ValueError):
    """The file is not in the CBS layout; nothing was changed."""


class CBSRow(TypedDict):
    """One municipality of the CBS list."""

    code: str
    name: str
    province: str


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{len(self.created)} toegevoegd, {len(self.updated)} bijgewerkt, "
            f"{len(self.ended)} opgeheven, {self.unchanged} ongewijzigd"
        )


def read_cbs_csv(text: str) -> list[CBSRow]:
    """Parse CBS CSV text into a list of dicts with code, name, province.

    Raises ``CBSFormatError`` with a clear message on a file of another
    layout, so a wrong download never half-updates the table.
    """
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
    except csv.Error:
        raise CBSFormatError("Kan het scheidingsteken niet bepalen.") from None
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {(name or "").strip() for name in reader.fieldnames or []}
    missing = REQUIRED_COLUMNS - header
    if missing:
        raise CBSFormatError("Kolommen ontbreken: " + ", ".join(sorted(missing)) + ".")
    rows: list[CBSRow] = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        code, name, province = (
            row["GemeentecodeGM"],
            row["Gemeentenaam"],
            row["ProvinciecodePV"],
        )
        if not (_CODE.match(code) and name and _PROVINCE.match(province)):
            raise CBSFormatError(f"Regel {number} is ongeldig: {code!r} {name!r}.")
        rows.append({"code": code, "name": name, "province": province})
    if len({r["code"] for r in rows}) != len(rows):
        raise CBSFormatError("Het bestand bevat dubbele gemeentecodes.")
    if len(rows) < 100:
        raise CBSFormatError(
            f"Het bestand bevat maar {len(rows)} gemeenten; verwacht is de hele lijst."
        )
    return rows


def sync_dutch_municipalities(
    Municipality: type[MunicipalityModel], rows: Iterable[CBSRow], *, today: date
) -> SyncReport:
    """Apply a CBS list to the ``Municipality`` table (model passed in, so
    data migrations can use their historical model)."""
    report = SyncReport()
    existing = {m.cbs_code: m for m in Municipality.objects.filter(country="NL")}
    seen: set[str] = set()
    for row in rows:
        code = row["code"]
        seen.add(code)
        alias = ALIASES.get(code, "")
        current = existing.get(code)
        if current is None:
            slug = unique_slug(Municipality, slugify(alias or row["name"]))
            Municipality.objects.create(
                cbs_code=code,
                name=row["name"],
                alias=alias,
                slug=slug,
                country="NL",
                province=row["province"],
            )
            report.created.append(row["name"])
            continue
        changes: dict[str, Any] = {}
        if current.name != row["name"]:
            changes["name"] = row["name"]
        if current.province != row["province"]:
            changes["province"] = row["province"]
        if current.ended_on is not None:
            changes["ended_on"] = None
        if changes:
            for attr, value in changes.items():
                setattr(current, attr, value)
            current.save(update_fields=list(changes))
            report.updated.append(row["name"])
        else:
            report.unchanged += 1
    for cbs_code, municipality in existing.items():
        if cbs_code not in seen and municipality.ended_on is None:
            municipality.ended_on = today
            municipality.save(update_fields=["ended_on"])
            report.ended.append(municipality.name)
    return report


def load_foreign_cities(Municipality: type[MunicipalityModel]) -> None:
    with FOREIGN_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            Municipality.objects.get_or_create(
                slug=slugify(row["name"]),
                defaults={
                    "name": row["name"],
                    "country": row["country"],
                    "region": row["region"],
                },
            )
