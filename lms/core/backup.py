"""Backups while the app runs: the database and the instance files; restore into an instance.

A backup folder holds ``manifest.json`` (what, when, a checksum per file), the database
(``database.sqlite`` through SQLite's online backup API: one consistent snapshot that
writers do not wait for, or ``database.dump`` from ``pg_dump``, itself one snapshot) and
``files/`` with the instance folder (uploads, package files, mail, the secret key), the
package storage and the mail folder where they live elsewhere. Certificate PDFs, xAPI
attachments and documents are rows of the database.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from lms.core.models import utcnow
from lms.extensions import db

FORMAT = 1
SKIPPED = (".db", ".db-wal", ".db-shm", ".db-journal", ".write-lock")
"""Instance files not copied: databases (the queue is rebuilt by the sweeps) and lock files."""
COUNTED = ("user", "xapi_statement", "certificate", "certificate_file", "xapi_attachment")


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message is German."""


@dataclass(frozen=True)
class Summary:
    """What a backup holds: row counts of the main tables and the number of files."""

    folder: Path
    counts: dict[str, int]
    files: int


def _roots() -> dict[str, Path]:
    """The folders to back up by name, leaving out those inside the instance folder."""
    instance = Path(current_app.instance_path).resolve()
    roots = {"instance": instance}
    for name, key in (("packages", "PACKAGE_STORAGE"), ("mail", "MAIL_FOLDER")):
        folder = Path(current_app.config[key]).resolve()
        if not folder.is_relative_to(instance):
            roots[name] = folder
    return roots


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _libpq_url() -> str:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} fehlt: bitte postgresql-client installieren.") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} ist fehlgeschlagen: {result.stderr.strip()[:500]}")


def _dump_database(folder: Path) -> str:
    engine = db.engine
    if engine.dialect.name == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file",
              str(folder / "database.dump"), _libpq_url()])
        return "database.dump"
    source = sqlite3.connect(engine.url.database)
    target = sqlite3.connect(folder / "database.sqlite")
    try:
        source.backup(target)  # one step: a consistent snapshot; WAL writers go on meanwhile
    finally:
        target.close()
        source.close()
    return "database.sqlite"


def _copy_files(folder: Path) -> list[dict]:
    copied = []
    for name, root in _roots().items():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name.endswith(SKIPPED):
                continue
            relative = f"files/{name}/{path.relative_to(root).as_posix()}"
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append({"path": relative, "sha256": _sha256(target),
                           "size": target.stat().st_size})
    return copied


def _counts() -> dict[str, int]:
    tables = db.metadata.tables
    return {name: db.session.scalar(select(func.count()).select_from(tables[name]))
            for name in COUNTED if name in tables}


def create_backup(folder: str | Path) -> Summary:
    """Write a backup of the running instance into ``folder`` (new or empty)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} ist nicht leer: bitte einen neuen Ordner angeben.")
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # it holds the secret key and everyone's data
    counts = _counts()
    database = _dump_database(folder)
    files = _copy_files(folder)
    manifest = {"format": FORMAT, "created_at": utcnow().isoformat(),
                "database": {"kind": db.engine.dialect.name, "file": database,
                             "sha256": _sha256(folder / database)},
                "counts_at_start": counts, "files": files}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return Summary(folder, counts, len(files))


def read_manifest(folder: str | Path) -> dict:
    """The manifest of a backup, after checking every file against its checksum."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder}: keine lesbare Sicherung (manifest.json fehlt).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: unbekanntes Sicherungsformat.")
    entries = [{"path": manifest["database"]["file"], "sha256": manifest["database"]["sha256"]},
               *manifest["files"]]
    for entry in entries:
        path = folder / entry["path"]
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            raise BackupError(f"{entry['path']}: fehlt oder ist beschädigt.")
    return manifest


def _has_data() -> bool:
    tables = set(inspect(db.engine).get_table_names())
    return any(db.session.scalar(select(func.count()).select_from(db.metadata.tables[name]))
               for name in ("user", "xapi_statement") if name in tables)


def _restore_database(folder: Path, manifest: dict) -> None:
    kind, engine = manifest["database"]["kind"], db.engine
    if kind != engine.dialect.name:
        raise BackupError(f"Die Sicherung stammt aus {kind}, diese Instanz nutzt "
                          f"{engine.dialect.name}.")
    db.session.remove()
    engine.dispose()
    if kind == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _libpq_url(), str(folder / manifest["database"]["file"])])
        return
    source = sqlite3.connect(folder / manifest["database"]["file"])
    target = sqlite3.connect(engine.url.database)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def restore_backup(folder: str | Path, *, overwrite: bool = False) -> Summary:
    """Bring a backup back into this instance (refuses to overwrite data unless asked)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if not overwrite and _has_data():
        raise BackupError("Diese Instanz enthält schon Daten: mit --ueberschreiben "
                          "ersetzt die Sicherung sie.")
    _restore_database(folder, manifest)
    roots = _roots()
    for entry in manifest["files"]:
        _, name, relative = entry["path"].split("/", 2)
        if name not in roots:
            roots[name] = Path(current_app.instance_path) / name
        target = (roots[name] / relative).resolve()
        if not target.is_relative_to(roots[name].resolve()):
            raise BackupError(f"{entry['path']}: zeigt aus dem Ordner heraus.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / entry["path"], target)
    return Summary(folder, _counts(), len(manifest["files"]))
