"""Demo content as data: one TOML file per source document, created and
published through the editorial workflow.

Where the data lives: ``demo/`` at the root of the project, one file per
document of the seed set, named after it (``demo/practice-examples.toml``
holds what comes from ``practice-examples.txt``). The folder is not inside an
app because one document can feed several apps: the report of the OCW meeting
of 2012 gives a meeting *and* Breda's practice example.

What a file holds: ``load_order`` and a list of ``[[item]]`` tables. An item
names its ``type``, the key of a ``ContentKind`` the apps register (so this
module never names an app), and its ``source.document`` and
``source.section``: where its facts come from; the loader stores them in the
item's ``source`` field as "<document> — <section>". Every other key is a
field of the model:

- a plain field takes the value as written (TOML dates for dates);
- a foreign key or many-to-many field takes names: a municipality by CBS
  name, alias or slug, a theme by name, anything else by name or slug; a name
  that is not found stops the load;
- a reverse relation takes a list of tables (``[[item.links]]``,
  ``[[item.actions]]``, ``[[item.points]]``): its inline rows, numbered by
  ``position``; a foreign key inside a row (a point's ``municipality``) takes
  a name like an item's.

Nothing else is filled in: a field the item does not set keeps its empty
value, because the demo holds only what a source document says (a date, a
count or a status it does not give stays unknown). The test
``tests/portal/editorial/test_demo_truth.py`` holds the loader to that.

How it loads: files in ``load_order``, items in file order. An item whose slug
exists is left alone with its rows, so loading twice creates nothing. A new
editorial item is created by the demo actor with its relations and inline
rows, then submitted and published through the workflow as an editor and a
chief editor would; a model outside the workflow (a network) is only saved.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from portal.core import registry
from portal.editorial import workflow
from portal.editorial.models import Publishable

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEMO_USERNAME = "demo-redactie"
NAME_FIELDS = ("name", "alias", "slug")


def demo_dir() -> Path:
    return Path(settings.BASE_DIR) / "demo"


def demo_actor() -> User:
    """A superuser without a password that owns the demo content."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"is_staff": True, "is_superuser": True, "first_name": "Demo"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def demo_files(folder: Path | None = None) -> list[tuple[Path, dict[str, Any]]]:
    """(path, data) of every demo file, in load order."""
    files = [
        (path, tomllib.loads(path.read_text("utf-8")))
        for path in (folder or demo_dir()).glob("*.toml")
    ]
    return sorted(files, key=lambda file: (file[1]["load_order"], file[0].name))


def load_file(path: Path, data: dict[str, Any], *, actor: User) -> int:
    """Create the new items of one demo file; returns how many."""
    types = {kind.key: kind.model for kind in registry.kinds()}
    created = 0
    for spec in data["item"]:
        spec = dict(spec)
        where = f"{path.name}, {spec.get('slug')}"
        spec["source"] = _source(spec.pop("source", None), path, where)
        if (model := types.get(spec.pop("type", None))) is None:
            raise ValueError(f"{where}: type moet een van {sorted(types)} zijn")
        created += _create(model, spec, actor=actor, where=where)
    return created


def _source(source: object, path: Path, where: str) -> str:
    """The item's ``source`` field from its ``source`` table: "<document> — <section>"."""
    if not isinstance(source, dict):
        raise ValueError(f"{where}: source moet een tabel zijn met document en section")
    document, section = source.get("document", ""), str(source.get("section", "")).strip()
    if Path(document).stem != path.stem or not section:
        raise ValueError(f"{where}: source.document moet {path.stem}.txt zijn, met een section")
    return f"{document} — {section}"


def _create(model: type[Model], spec: dict[str, Any], *, actor: User, where: str) -> int:
    if model._default_manager.filter(slug=spec["slug"]).exists():
        return 0
    fields, many, rows = {}, {}, {}
    for key, value in spec.items():
        field: Any = model._meta.get_field(key)  # a field, or a reverse relation for rows
        if field.one_to_many:
            rows[field] = value
        elif not field.editable:
            raise ValueError(f"{where}: {key} zet de workflow, niet de demo-inhoud")
        elif field.many_to_many:
            many[key] = [_find(field.related_model, name, where) for name in value]
        elif field.many_to_one:
            fields[key] = _find(field.related_model, value, where)
        else:
            fields[key] = value
    editorial = issubclass(model, Publishable)
    if editorial:
        fields.update(created_by=actor, updated_by=actor)
    item = model(**fields)
    item.full_clean()
    item.save()
    for key, values in many.items():
        getattr(item, key).set(values)
    for relation, table in rows.items():
        for position, values in enumerate(table):
            _create_row(relation, item, position, values, where=f"{where}, {relation.name}")
    if isinstance(item, Publishable):  # editorial: reviewed and published with its rows
        item.include_concerned_municipalities()
        workflow.submit(item, actor=actor)
        workflow.publish(item, actor=actor)
    return 1


def _create_row(
    relation: Any, item: Model, position: int, values: dict[str, Any], *, where: str
) -> None:
    """One inline row of ``item``; a foreign key in it takes a name, like an item's."""
    model = relation.related_model
    fields: dict[str, Any] = {relation.field.name: item, "position": position}
    for key, value in values.items():
        field: Any = model._meta.get_field(key)
        if not field.editable or key in fields:
            raise ValueError(f"{where}: {key} zet de loader, niet de demo-inhoud")
        fields[key] = _find(field.related_model, value, where) if field.many_to_one else value
    row = model(**fields)
    row.full_clean()
    row.save()


def _find(model: type[Model], name: str, where: str) -> Model:
    """The row of ``model`` called ``name``: by name, alias or slug, in that order."""
    own = {field.name for field in model._meta.fields}
    for field in NAME_FIELDS:
        if field in own and (found := model._default_manager.filter(**{field: name}).first()):
            return found
    raise ObjectDoesNotExist(f"{where}: {model._meta.verbose_name} ‘{name}’ bestaat niet")
