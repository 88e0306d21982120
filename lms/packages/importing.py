"""Sync modules and courses from files into the catalogue, idempotently and version-aware.

Shipped modules (``modules/``) are the operators' content: they are published at once. Uploads
by authors go through drafts (lms.packages.publishing).
"""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from lms.catalog.models import Course, CourseModule, Module, ModuleVersion
from lms.core.jobs import enqueue_after_commit
from lms.core.models import utcnow
from lms.extensions import db
from lms.packages.courses import CourseResult, load_courses
from lms.packages.manifest import version_key
from lms.packages.native import LoadResult, load_module
from lms.packages.problems import LoadError


@dataclass
class SyncReport:
    """What a sync did: module slugs by outcome, and every problem with file and line."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    courses: list[str] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)

    def summary(self) -> str:
        """One German line for the command line and ``lms init``."""
        return (
            f"{len(self.created)} Module neu, {len(self.updated)} aktualisiert, "
            f"{len(self.unchanged)} unverändert, {len(self.skipped)} übersprungen; "
            f"{len(self.courses)} Kurse geladen; {len(self.errors)} Fehler."
        )


def _prefixed(prefix: str, errors: list[LoadError]) -> list[LoadError]:
    return [LoadError(f"{prefix}/{e.file}".rstrip("/"), e.line, e.message) for e in errors]


def _version_row(module_id: int | None, result: LoadResult) -> ModuleVersion:
    manifest = result.manifest
    return ModuleVersion(
        module_id=module_id,
        version=manifest["version"],
        title=manifest["title"],
        summary=manifest["summary"],
        level=manifest["level"],
        minutes=manifest["minutes"],
        language=manifest["language"],
        certificate_hours=manifest["certificate_hours"],
        grants_certificate=manifest["certificate"],
        content_hash=result.content_hash,
        manifest=manifest,
        content=result.content,
        published_at=utcnow(),
    )


def store_module(result: LoadResult, report: SyncReport, kind: str = "native") -> Module | None:
    """Store a loaded module: new module, new version, or nothing; problems go to ``report``."""
    slug = result.slug
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    if module is None:
        module = Module(slug=slug, kind=kind)
        db.session.add(module)
        db.session.flush()
        version = _version_row(module.id, result)
        db.session.add(version)
        db.session.flush()
        module.current_version = version
        report.created.append(slug)
        return module
    current = module.current_version
    if current is not None and current.content_hash == result.content_hash:
        report.unchanged.append(slug)
        return module
    wanted = result.manifest["version"]
    existing = {version.version: version for version in module.versions}
    if wanted in existing:
        report.errors.append(
            LoadError(
                f"{result.source}/module.toml",
                0,
                f"Der Inhalt hat sich geändert, aber die Version {wanted} gibt es "
                "schon: Bitte „version“ erhöhen.",
            )
        )
        report.skipped.append(slug)
        return None
    if current is not None and version_key(wanted) < version_key(current.version):
        report.errors.append(
            LoadError(
                f"{result.source}/module.toml",
                0,
                f"Die Version {wanted} ist älter als die geladene Version {current.version}.",
            )
        )
        report.skipped.append(slug)
        return None
    version = _version_row(module.id, result)
    db.session.add(version)
    db.session.flush()
    module.current_version = version
    report.updated.append(slug)
    # Learners' progress is recomputed in the background once the new version is stored.
    enqueue_after_commit("progress.rebuild_module", module.id)
    return module


def _module_sources(modules_path: Path) -> list[Path]:
    return sorted(
        path
        for path in modules_path.iterdir()
        if not path.name.startswith(".")
        and path.name != "courses"
        and (path.is_dir() or path.suffix == ".zip")
    )


def _store_course(result: CourseResult, report: SyncReport, modules: dict[str, Module]) -> None:
    data = result.course
    missing = [slug for slug in data["required"] + data["electives"] if slug not in modules]
    if missing:
        report.errors.append(
            LoadError(result.source, 0, "Unbekannte Module im Kurs: " + ", ".join(missing))
        )
        return
    course = db.session.scalar(select(Course).where(Course.slug == data["id"]))
    if course is None:
        course = Course(slug=data["id"])
        db.session.add(course)
    course.version, course.title, course.summary = data["version"], data["title"], data["summary"]
    course.electives_needed = data["electives_needed"]
    course.certificate_template = data["certificate_template"]
    wanted = [(slug, True) for slug in data["required"]] + [
        (slug, False) for slug in data["electives"]
    ]
    entries = {entry.module_id: entry for entry in course.entries}
    course.entries = []
    for position, (slug, required) in enumerate(wanted):
        entry = entries.get(modules[slug].id) or CourseModule(module_id=modules[slug].id)
        entry.required, entry.position = required, position
        course.entries.append(entry)
    report.courses.append(data["id"])


def sync_modules(modules_path: str | Path) -> SyncReport:
    """Load every module folder/zip and course under ``modules_path``; commit what is valid."""
    modules_path = Path(modules_path)
    report = SyncReport()
    if not modules_path.is_dir():
        report.errors.append(LoadError(str(modules_path), 0, "Der Modulordner existiert nicht."))
        return report
    seen: dict[str, str] = {}
    for path in _module_sources(modules_path):
        result = load_module(path)
        if not result.ok:
            report.errors.extend(_prefixed(path.name, result.errors))
            report.skipped.append(path.name)
            continue
        if result.slug in seen:
            report.errors.append(
                LoadError(
                    f"{path.name}/module.toml",
                    0,
                    f"Die Kennung „{result.slug}“ hat schon das Modul in {seen[result.slug]}.",
                )
            )
            report.skipped.append(path.name)
            continue
        seen[result.slug] = path.name
        result.source = path.name
        with db.session.begin_nested():
            store_module(result, report)
    db.session.flush()
    modules = {module.slug: module for module in db.session.scalars(select(Module))}
    for course in load_courses(modules_path / "courses"):
        if not course.ok:
            report.errors.extend(course.errors)
            continue
        with db.session.begin_nested():
            _store_course(course, report, modules)
    db.session.commit()
    return report
