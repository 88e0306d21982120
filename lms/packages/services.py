"""Uploads of packages of every kind: check everything first, then store a draft or nothing.

One entry point for the author area and ``flask lms import-package``: the kind is detected
from the zip root (or the upload is a cmi5 course structure XML on its own), the kind's
importer validates it, and only a package without problems is stored.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from lms.catalog.models import Module, ModuleVersion
from lms.extensions import db
from lms.packages import publishing
from lms.packages.archive import ArchiveProblem, open_archive, package_limits, read_folder
from lms.packages.detection import Detected, detect, detect_standalone
from lms.packages.kinds import PACKAGE_KINDS, PackageSource, ParsedPackage
from lms.packages.native import parse_files  # noqa: F401  (the example package's check)
from lms.packages.problems import LoadError
from lms.packages.xmlread import MAX_MANIFEST_BYTES, pick_text

OUTCOMES = ("created", "updated", "unchanged", "refused", "invalid")


def max_upload_bytes() -> int:
    """The largest upload accepted (``LMS_MAX_UPLOAD_MB``)."""
    return int(current_app.config["MAX_CONTENT_LENGTH"])


@dataclass
class UploadReport:
    """What one upload did: ``outcome`` (one of OUTCOMES), what was found, every problem."""

    filename: str
    outcome: str = "invalid"
    kind: str | None = None
    kind_label: str | None = None
    manifest: str | None = None
    ignored_manifests: list[str] = field(default_factory=list)
    slug: str | None = None
    title: str | None = None
    version: str | None = None
    version_id: int | None = None
    published: bool = False
    units: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)

    @property
    def stored(self) -> bool:
        """True when the upload is stored (new draft, new version or unchanged)."""
        return self.outcome in ("created", "updated", "unchanged")


def _source_of(upload, name: str, report: UploadReport):
    """The opened upload and its detected kind, or None with the problem in ``report``."""
    stream = upload.stream if isinstance(upload, FileStorage) else upload
    if isinstance(stream, bytes):
        stream = io.BytesIO(stream)
    if name.lower().endswith(".xml"):
        data = stream.read(MAX_MANIFEST_BYTES + 1)
        detected = detect_standalone(data)
        return PackageSource(filename=name, standalone=data), detected
    try:
        archive = open_archive(stream, name, package_limits())
    except ArchiveProblem as problem:
        report.errors.append(LoadError(problem.file, 0, problem.message))
        return None, None
    detected = detect(archive.names)
    return PackageSource(filename=name, archive=archive, prefix=detected.prefix), detected


def _describe(report: UploadReport, detected: Detected, parsed: ParsedPackage) -> None:
    report.kind = detected.kind.name
    report.kind_label = detected.kind.label
    report.manifest = detected.kind.manifest
    report.ignored_manifests = detected.ignored
    report.warnings = list(parsed.warnings)
    report.units = parsed.units
    if parsed.native is not None and parsed.native.manifest:
        report.title = parsed.native.manifest["title"]
        report.version = parsed.native.manifest["version"]
    else:
        report.title = pick_text(parsed.titles) or None


def import_upload(upload: FileStorage | bytes, filename: str, *, uploaded_by: int | None = None,
                  publish: bool = False) -> UploadReport:
    """Check an upload completely; store it as a draft (or published with ``publish``) only if
    all is well. On any problem nothing is stored and every problem is in the report."""
    name = secure_filename(filename) or "paket.zip"
    report = UploadReport(filename=name)
    source, detected = _source_of(upload, name, report)
    if source is None:
        return report
    try:
        if detected.problem:
            report.errors.append(detected.problem)
            return report
        try:
            parsed = detected.kind.parse(source)
        except ArchiveProblem as problem:  # a member that only breaks when it is read
            report.errors = [LoadError(problem.file, 0, problem.message)]
            return report
        _describe(report, detected, parsed)
        if not parsed.ok:
            report.errors = parsed.errors
            return report
        try:
            stored = publishing.store_upload(detected.kind, parsed, source,
                                             uploaded_by=uploaded_by, publish=publish)
        except publishing.Refused as refused:
            db.session.rollback()
            report.outcome = "refused"
            report.errors = [refused.error]
            return report
        except ArchiveProblem as problem:
            db.session.rollback()
            report.errors = [LoadError(problem.file, 0, problem.message)]
            return report
    finally:
        if source.archive is not None:
            source.archive.close()
    report.outcome = stored.outcome
    report.slug, report.version = stored.module.slug, stored.version.version
    report.version_id = stored.version.id
    report.title = stored.version.title
    report.published = stored.version.published_at is not None
    return report


def import_uploaded_module(upload: FileStorage | bytes, filename: str) -> UploadReport:
    """Upload and publish at once (what the upload did before drafts; kept for scripts)."""
    return import_upload(upload, filename, publish=True)


@dataclass(frozen=True)
class ModuleRow:
    """One line of the authors' module list."""

    slug: str
    title: str
    version: str | None
    kind: str
    version_count: int
    updated_at: datetime | None
    published: bool
    draft_id: int | None
    current_id: int | None


def module_query():
    """All modules, newest change first, with their current version loaded."""
    return (
        select(Module)
        .outerjoin(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .options(selectinload(Module.current_version).load_only(
            ModuleVersion.title, ModuleVersion.version, ModuleVersion.created_at))
        .order_by(ModuleVersion.created_at.desc().nulls_first(), Module.slug)
    )


def module_rows(modules: list[Module]) -> list[ModuleRow]:
    """The list rows for ``modules``, counting versions and finding drafts in one query."""
    ids = [module.id for module in modules]
    rows = db.session.execute(
        select(ModuleVersion.module_id, func.count(), func.max(ModuleVersion.id).filter(
            ModuleVersion.published_at.is_(None)))
        .where(ModuleVersion.module_id.in_(ids)).group_by(ModuleVersion.module_id)
    ).all() if ids else []
    counts = {module_id: (count, draft) for module_id, count, draft in rows}
    drafts = {draft: title for draft, title in db.session.execute(
        select(ModuleVersion.id, ModuleVersion.title).where(
            ModuleVersion.id.in_([d for _, d in counts.values() if d])))} if counts else {}
    result = []
    for module in modules:
        current = module.current_version
        count, draft = counts.get(module.id, (0, None))
        result.append(ModuleRow(
            slug=module.slug,
            title=current.title if current else drafts.get(draft, module.slug),
            version=current.version if current else None,
            kind=module.kind,
            version_count=count,
            updated_at=current.created_at if current else None,
            published=module.published and current is not None,
            draft_id=draft,
            current_id=current.id if current else None,
        ))
    return result


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


__all__ = ["PACKAGE_KINDS", "UploadReport", "import_upload", "module_query", "module_rows",
           "example_package", "max_upload_bytes"]
