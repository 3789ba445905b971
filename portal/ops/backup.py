"""Backup and restore of the database and the uploaded files.

A backup is a folder with three files:
  database.dump     pg_dump --format=custom (PostgreSQL) or database.sqlite3 (SQLite)
  media.tar.gz      every uploaded file (attachments, submission files): all under
                    MEDIA_ROOT, or every object in the media bucket (MEDIA_STORAGE=s3)
  manifest.json     when, what, item and file counts and SHA-256 checksums

``restore`` checks the checksums first, replaces the database content and the
uploaded files (the media folder, or the bucket's objects: those in the
backup are written back, others removed), and then compares the item and
file counts with the manifest. The archive is the same for disk and bucket,
so a backup made with one storage restores into the other.
"""

import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess  # nosec B404  # fixed argument lists, no shell
import tarfile
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
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
    result = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)  # noqa: S603  # nosec  # B603: a fixed list, no shell
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} faalde: {result.stderr.strip()[:2000]}")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stored_names(storage, folder=""):
    """Every file name in ``storage`` under ``folder``, through the storage
    API only (works for a bucket as for a disk)."""
    directories, files = storage.listdir(folder)
    for name in files:
        yield posixpath.join(folder, name)
    for directory in directories:
        yield from _stored_names(storage, posixpath.join(folder, directory))


def _archive_media(target):
    """Write every uploaded file into the tar.gz ``target``; the number of files."""
    storage = storages["default"]
    with tarfile.open(target, "w:gz") as archive:
        if isinstance(storage, FileSystemStorage):
            media = Path(storage.location)
            if media.exists():
                archive.add(media, arcname=".")
            return sum(1 for member in archive.getmembers() if member.isfile())
        names = sorted(_stored_names(storage))
        for name in names:
            info = tarfile.TarInfo(f"./{name}")
            info.mode = 0o644
            info.mtime = int(storage.get_modified_time(name).timestamp())
            with storage.open(name, "rb") as handle:
                info.size = handle.size
                archive.addfile(info, handle)
        return len(names)


def _member_name(member):
    """The stored name of a file in the archive; BackupError for anything that
    would land outside the media storage."""
    name = posixpath.normpath(member.name)
    if name.startswith(("/", "../")) or name in {".", ".."} or "\\" in name:
        raise BackupError(f"media.tar.gz bevat een onveilige naam: {member.name!r}.")
    return name


def _restore_media(source):
    """Replace the uploaded files with those in the tar.gz ``source``; the
    number of files restored."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        media = Path(storage.location)
        fresh = media.with_name(media.name + ".herstel")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        with tarfile.open(source) as archive:
            archive.extractall(fresh, filter="data")  # no absolute paths, no ../
            restored = sum(1 for member in archive.getmembers() if member.isfile())
        if media.exists():
            shutil.rmtree(media)
        fresh.rename(media)
        return restored
    kept = set()
    with tarfile.open(source) as archive:
        for member in archive:
            if member.isdir():
                continue
            if not member.isfile():
                raise BackupError(f"media.tar.gz bevat iets anders dan bestanden: {member.name!r}.")
            name = _member_name(member)
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"{name} is teruggezet als {saved}.")
            kept.add(name)
    for name in set(_stored_names(storage)) - kept:
        storage.delete(name)
    return len(kept)


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
    media_files = _archive_media(folder / "media.tar.gz")
    manifest = {
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "counts": counts(),
        "media_files": media_files,
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
    media_files = _restore_media(folder / "media.tar.gz")
    found = counts()
    if found != manifest["counts"]:
        raise BackupError(f"Aantallen wijken af: verwacht {manifest['counts']}, nu {found}.")
    expected_files = manifest.get("media_files", media_files)  # older backups: no count
    if media_files != expected_files:
        raise BackupError(
            f"Bestanden wijken af: verwacht {expected_files}, teruggezet {media_files}."
        )
    return found
