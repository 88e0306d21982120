"""Uploads of module packages: validate a zip completely, then store it or nothing."""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from lms.catalog.models import Module, ModuleVersion
from lms.extensions import db
from lms.packages.archive import MAX_TOTAL_BYTES, read_folder, read_zip
from lms.packages.importing import SyncReport, store_module
from lms.packages.native import parse_files
from lms.packages.problems import LoadError

MAX_UPLOAD_BYTES = MAX_TOTAL_BYTES
"""Largest upload accepted: a zip cannot hold more than the unpacked limit of one module."""

OUTCOMES = ("created", "updated", "unchanged", "refused", "invalid")


@dataclass
class UploadReport:
    """What one upload did: ``outcome`` (one of OUTCOMES), the module, and every problem."""

    filename: str
    outcome: str = "invalid"
    slug: str | None = None
    title: str | None = None
    version: str | None = None
    errors: list[LoadError] = field(default_factory=list)

    @property
    def stored(self) -> bool:
        """True when the module is in the catalogue as uploaded (new, updated or unchanged)."""
        return self.outcome in ("created", "updated", "unchanged")


def _read_bytes(upload: FileStorage | bytes) -> bytes:
    if isinstance(upload, bytes):
        return upload
    return upload.stream.read(MAX_UPLOAD_BYTES + 1)


def _without_source(source: str, errors: list[LoadError]) -> list[LoadError]:
    """Errors from the catalogue name files as ``<source>/module.toml``; inside an upload the
    author knows only the path in the archive."""
    return [LoadError(e.file.removeprefix(f"{source}/"), e.line, e.message) for e in errors]


def import_uploaded_module(upload: FileStorage | bytes, filename: str) -> UploadReport:
    """Check an uploaded zip completely; store it as a new module or version only if all is
    well, and commit. On any problem nothing is stored."""
    name = secure_filename(filename) or "paket.zip"
    report = UploadReport(filename=name)
    data = _read_bytes(upload)
    if len(data) > MAX_UPLOAD_BYTES:
        report.errors.append(LoadError(name, 0, "Das Paket ist größer als 50 MB."))
        return report
    result = parse_files(read_zip(io.BytesIO(data), name=name))
    if not result.ok:
        report.errors = result.errors
        return report
    report.slug = result.slug
    report.title, report.version = result.manifest["title"], result.manifest["version"]
    sync = SyncReport()
    try:
        with db.session.begin_nested():
            store_module(result, sync)
            if sync.errors:
                raise _Refused
    except _Refused:
        report.outcome = "refused"
        report.errors = _without_source(name, sync.errors)
        return report
    db.session.commit()
    report.outcome = (
        "created" if sync.created else "updated" if sync.updated else "unchanged"
    )
    return report


class _Refused(Exception):
    """Raised inside the savepoint so that a refused module leaves no trace."""


@dataclass(frozen=True)
class ModuleRow:
    """One line of the authors' module list."""

    slug: str
    title: str
    version: str | None
    kind: str
    version_count: int
    updated_at: datetime | None


def module_query():
    """All modules, newest change first, with their current version loaded."""
    return (
        select(Module)
        .outerjoin(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .options(selectinload(Module.current_version).load_only(
            ModuleVersion.title, ModuleVersion.version, ModuleVersion.created_at))
        .order_by(ModuleVersion.created_at.desc().nulls_last(), Module.slug)
    )


def module_rows(modules: list[Module]) -> list[ModuleRow]:
    """The list rows for ``modules``, counting versions in one query."""
    ids = [module.id for module in modules]
    counts = dict(
        db.session.execute(
            select(ModuleVersion.module_id, func.count())
            .where(ModuleVersion.module_id.in_(ids))
            .group_by(ModuleVersion.module_id)
        ).all()
    ) if ids else {}
    rows = []
    for module in modules:
        current = module.current_version
        rows.append(ModuleRow(
            slug=module.slug,
            title=current.title if current else module.slug,
            version=current.version if current else None,
            kind=module.kind,
            version_count=counts.get(module.id, 0),
            updated_at=current.created_at if current else None,
        ))
    return rows


def example_package(modules_path: str | Path) -> tuple[str, bytes] | None:
    """A zip of the first shipped module folder as ``(slug, bytes)``, or None if there is none."""
    folders = sorted(
        path for path in Path(modules_path).iterdir()
        if path.is_dir() and (path / "module.toml").is_file()
    ) if Path(modules_path).is_dir() else []
    if not folders:
        return None
    folder = folders[0]
    source = read_folder(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, data in sorted(source.files.items()):
            archive.writestr(str(PurePosixPath(folder.name) / relative), data)
    return folder.name, buffer.getvalue()
