"""Nothing invented: the demo holds only what its source documents say.

Every row the loader creates (an item and each of its inline rows) carries the
values its TOML table sets and nothing else: a field the table leaves out is
empty, never filled in by a model default or by the loader. Every item names
its source (document and section) in ``source``. Links and websites are
addresses the source documents write, and no private person is named."""

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Model
from django.db.models.fields.files import FieldFile

from portal.core import registry
from portal.editorial.demo import demo_files

pytestmark = pytest.mark.django_db

# Editable fields that are bookkeeping, not facts from a source: set when a
# row is added (a network's "toegevoegd op") or by the publish transition
# (when the editors last checked a practice, and when to check it again).
BOOKKEEPING = {"publish_at", "reviewed_on", "review_before"}

# A default that means "unknown" where the row has no date at all: how exactly
# a date is known says nothing when there is no date.
UNKNOWN_WHEN_UNDATED = {"date_precision"}

# Persons the source documents name; the demo uses their roles instead.
PRIVATE_NAMES = ("Brummelman", "Christiaanse", "Ton Klein", "Tonnie", "van der Meer", "Engelshoven")

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def demo_items():
    for _path, data in demo_files():
        yield from data["item"]


def is_empty(value):
    return value is None or value == "" or (isinstance(value, FieldFile) and not value)


def invented(row: Model, given: set[str]) -> dict[str, object]:
    """The editable fields of ``row`` that hold a value its TOML table did not give."""
    undated = hasattr(row, "event_period") and not row.event_period()
    found = {}
    for field in row._meta.concrete_fields:
        name = field.name
        if not field.editable or field.primary_key or name in given or name in BOOKKEEPING:
            continue
        value = getattr(row, field.attname)
        if is_empty(value) or (
            name in UNKNOWN_WHEN_UNDATED and undated and value == field.get_default()
        ):
            continue
        found[name] = value
    return found


@pytest.fixture
def loaded():
    call_command("load_demo", verbosity=0)
    models = {kind.key: kind.model for kind in registry.kinds()}
    return [(spec, models[spec["type"]].objects.get(slug=spec["slug"])) for spec in demo_items()]


def test_every_demo_row_holds_only_what_its_toml_table_gives(loaded):
    for spec, item in loaded:
        given = set(spec) - {"type"}
        assert invented(item, given) == {}, spec["slug"]
        children = set(getattr(item, "CHANGE_CHILDREN", ()))
        for relation in item._meta.related_objects:
            if not relation.one_to_many or relation.name not in children | set(spec):
                continue
            rows = list(getattr(item, relation.get_accessor_name()).order_by("pk"))
            table = spec.get(relation.name, [])
            assert len(rows) == len(table), f"{spec['slug']}: {relation.name}"
            for position, (row, values) in enumerate(zip(rows, table, strict=True)):
                assert getattr(row, "position", position) == position
                own = set(values) | {"position", relation.field.name}
                assert invented(row, own) == {}, f"{spec['slug']}: {relation.name} {position}"


def test_many_to_many_fields_hold_only_the_names_given(loaded):
    for spec, item in loaded:
        for field in item._meta.many_to_many:
            values = set(getattr(item, field.name).all())
            given = set(spec.get(field.name, []))
            assert len(values) <= len(given) or field.name == "municipalities", spec["slug"]
            if field.name == "municipalities":  # plus the host, destination or author
                concerned = set(getattr(item, "concerned_municipalities", list)())
                assert len(values - concerned) <= len(given), spec["slug"]
            if not given and field.name != "municipalities":
                assert values == set(), f"{spec['slug']}: {field.name}"


def test_every_demo_item_names_its_document_and_section(loaded):
    for spec, item in loaded:
        source = spec["source"]
        assert item.source == f"{source['document']} — {source['section']}", spec["slug"]


def test_unknown_facts_stay_empty_where_the_documents_are_silent(loaded):
    items = {spec["slug"]: item for spec, item in loaded}
    gent = items["reisverslag-gent-brugfiguren"]
    assert (gent.departure_date, gent.return_date, gent.travellers) == (None, None, 1)
    assert items["eurocities-gent-ouderbetrokkenheid"].event_label == ""
    nantes = items["reisverslag-nantes-2015-urbact-prevent"]
    assert (nantes.travellers, nantes.duration, nantes.event_label) == (None, "", "8–11 april 2015")
    plan = items["local-action-plan-den-haag-prevent"]
    assert [(a.status, a.owner_role) for a in plan.actions.all()] == [("", "")] * 3
    breda = items["breda-ouderbetrokkenheid-van-geboorte-tot-school"]
    assert (breda.start_year, breda.contact_role) == (None, "")
    assert (
        items["landelijke-bijeenkomst-gemeenten-ouderbetrokkenheid-2012"].host_municipality is None
    )


def test_the_ocw_meeting_lists_every_point_of_its_report(loaded):
    items = {spec["slug"]: item for spec, item in loaded}
    meeting = items["landelijke-bijeenkomst-gemeenten-ouderbetrokkenheid-2012"]
    kinds = [point.kind for point in meeting.points.all()]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        "concern": 18,
        "tip": 16,
        "activity": 16,
        "support_need": 8,
    }
    places = {p.municipality.name for p in meeting.points.exclude(municipality=None)}
    assert places == {
        "Breda", "Zaanstad", "Amsterdam", "Veendam", "Alkmaar", "Apeldoorn", "Utrecht",
        "Renkum", "Almere",
    }  # fmt: skip


def test_no_private_person_is_named_anywhere(loaded):
    rows = [item for _spec, item in loaded]
    for item in list(rows):
        for relation in item._meta.related_objects:
            if relation.one_to_many and relation.name in getattr(item, "CHANGE_CHILDREN", ()):
                rows.extend(getattr(item, relation.get_accessor_name()).all())
    for row in rows:
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            if isinstance(value, str):
                for name in PRIVATE_NAMES:
                    assert name.lower() not in value.lower(), (row, field.name, name)


# The www addresses each source document writes (demo/sources/addresses.toml,
# extracted from the documents; compared with them below when they are here).
ADDRESSES = tomllib.loads(
    (Path(settings.BASE_DIR) / "demo" / "sources" / "addresses.toml").read_text("utf-8")
)


def written_in(document):
    return set(re.findall(r"www\.[\w./-]*\w", (SEEDS / document).read_text("utf-8")))


def test_every_address_is_one_a_source_document_writes(loaded):
    for spec, item in loaded:
        written = set(ADDRESSES[spec["source"]["document"]]["addresses"])
        urls = [link.url for link in item.links.all()] if hasattr(item, "links") else []
        urls += [item.website] if getattr(item, "website", "") else []
        for url in urls:
            assert url.removeprefix("https://") in written, (spec["slug"], url)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not next to the project")
def test_the_address_list_is_what_the_source_documents_write():
    documents = sorted(path.name for path in SEEDS.glob("*.txt"))
    assert sorted(ADDRESSES) == documents
    for document in documents:
        assert set(ADDRESSES[document]["addresses"]) == written_in(document), document
