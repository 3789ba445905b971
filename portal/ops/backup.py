"""Backup and restore of the database and the uploaded files.

A backup is a folder with three files:
  database.dump     pg_dump --format=custom (PostgreSQL) or database.sqlite3 (SQLite)
  media.tar.gz      everything under MEDIA_ROOT (attachments, submission files)
  manifest.json     when, what, item counts and SHA-256 checksums

``restore`` checks the checksums first, replaces the database content and the
media folder, and then compares the item counts with the manifest.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404: fixed argument lists, no shell
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from portal.core import registry

# Besides the content the apps register (portal.core.registry.backup_models).
ALSO_COUNTED = ["portal.Municipality", "auth.User"]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


class BackupError(Exception):
    pass


def counted_labels():
    return [m._meta.label for m in registry.backup_models()] + ALSO_COUNTED


def counts():
    return {label: apps.get_model(label).objects.count() for label in counted_labels()}


def _tool(name):
    found = shutil.which(name) or (PG_BIN / name if (PG_BIN / name).exists() else None)
    if not found:
        raise BackupError(f"{name} niet gevonden (installeer postgresql-client).")
    return str(found)


def _pg_env():
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=db["HOST"] or "",
        PGPORT=str(db["PORT"] or ""),
        PGUSER=db["USER"] or "",
        PGPASSWORD=db["PASSWORD"] or "",
        PGDATABASE=db["NAME"],
    )
    return env


def _run(args):
    result = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} faalde: {result.stderr.strip()[:2000]}")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database_file(folder):
    return folder / ("database.dump" if connection.vendor == "postgresql" else "database.sqlite3")


def backup(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = _database_file(folder)
    if connection.vendor == "postgresql":
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)])
    else:
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname=".")
    manifest = {
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "counts": counts(),
        "files": {path.name: _sha256(path) for path in (target, folder / "media.tar.gz")},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def restore(folder):
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"Deze backup is van {manifest['database']}, de database is {connection.vendor}."
        )
    source = _database_file(folder)
    for name, digest in manifest["files"].items():
        if _sha256(folder / name) != digest:
            raise BackupError(f"{name} is beschadigd (controlegetal klopt niet); niets hersteld.")
    connection.close()
    if connection.vendor == "postgresql":
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(source),
            ]
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(source) as copy:
            copy.backup(connection.connection)
    media = Path(settings.MEDIA_ROOT)
    fresh = media.with_name(media.name + ".herstel")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    with tarfile.open(folder / "media.tar.gz") as archive:
        archive.extractall(fresh, filter="data")  # no absolute paths, no ../
    if media.exists():
        shutil.rmtree(media)
    fresh.rename(media)
    found = counts()
    if found != manifest["counts"]:
        raise BackupError(f"Aantallen wijken af: verwacht {manifest['counts']}, nu {found}.")
    return found
