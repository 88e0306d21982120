"""Issue certificates when completions happen: snapshot what is certified, insert once.

Issuing runs inside the transaction that stored the completing statement, so it only
inserts a row; the PDF is rendered by a queued job after the commit (``lms.certificates.jobs``).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from lms.accounts.models import User
from lms.catalog.models import Course, Module, ModuleVersion
from lms.certificates.codes import generate_code
from lms.certificates.models import (
    Certificate,
    CertificateStatus,
    RenderState,
    SubjectKind,
)
from lms.core.jobs import enqueue_after_commit
from lms.core.models import utcnow
from lms.extensions import db
from lms.progress.models import ModuleProgress, Status

NETWORK = "Zukunftsraum Demografie"
LOCAL_ZONE = ZoneInfo("Europe/Berlin")
MODULE_TEMPLATE = "modul"


def local_date(moment: datetime) -> str:
    """The calendar day of ``moment`` in Germany, as ISO text."""
    return moment.astimezone(LOCAL_ZONE).date().isoformat()


def _completed_progress(user_id: int, module_ids: list[int]) -> dict[int, ModuleProgress]:
    rows = db.session.scalars(
        select(ModuleProgress).where(
            ModuleProgress.user_id == user_id,
            ModuleProgress.module_id.in_(module_ids),
            ModuleProgress.completed_at.is_not(None),
            ModuleProgress.status != Status.FAILED,
        )
    )
    return {row.module_id: row for row in rows}


def _module_line(version: ModuleVersion, completed_at: datetime) -> dict:
    return {"title": version.title, "completed_on": local_date(completed_at),
            "hours": float(version.certificate_hours or 0)}


def course_snapshot(user: User, course: Course, completed_at: datetime) -> dict:
    """What a course certificate states: the learner, the course and its completed modules."""
    module_ids = [entry.module_id for entry in course.entries]
    progress = _completed_progress(user.id, module_ids)
    lines = []
    for entry in course.entries:
        row = progress.get(entry.module_id)
        if row is None:
            continue
        version = db.session.get(ModuleVersion, row.module_version_id)
        lines.append(_module_line(version, row.completed_at))
    return _snapshot(user, course.title, completed_at, lines, summary=course.summary)


def module_snapshot(user: User, version: ModuleVersion, completed_at: datetime) -> dict:
    """What a module confirmation states: the learner, the module, its date and hours."""
    snapshot = _snapshot(user, version.title, completed_at,
                         [_module_line(version, completed_at)], summary=version.summary)
    objectives = (version.manifest or {}).get("objectives", [])
    snapshot["objectives"] = [str(item) for item in objectives][:4]
    return snapshot


def _snapshot(user: User, title: str, completed_at: datetime, lines: list[dict],
              summary: str = "") -> dict:
    return {
        "learner_name": user.name,
        "title": title,
        "summary": summary or "",
        "modules": lines,
        "total_hours": round(sum(line["hours"] for line in lines), 2),
        "completed_on": local_date(completed_at),
        "issued_on": local_date(utcnow()),
        "network": NETWORK,
    }


def _insert_once(values: dict) -> None:
    """Insert the first generation unless it exists; concurrent twins end up as one row."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Certificate).values(**values).on_conflict_do_nothing(
        index_elements=["user_id", "subject_kind", "subject_id", "generation"]
    )
    db.session.execute(statement)


def _first_generation(user_id: int, kind: SubjectKind, subject_id: int) -> Certificate | None:
    return db.session.scalars(
        select(Certificate).where(
            Certificate.user_id == user_id, Certificate.subject_kind == kind,
            Certificate.subject_id == subject_id, Certificate.generation == 1,
        )
    ).first()


def schedule_render(certificate_id: int) -> None:
    """Queue the PDF of ``certificate_id`` for rendering once the current transaction commits.

    ``CERTIFICATES_RENDER_AFTER_COMMIT`` (off in tests, which render when they need a PDF)
    switches it off; the periodic sweep still renders whatever is due.
    """
    if current_app.config.get("CERTIFICATES_RENDER_AFTER_COMMIT", not current_app.testing):
        enqueue_after_commit("certificates.render", certificate_id)


def issue(user: User, kind: SubjectKind, subject_id: int, template: str, snapshot: dict,
          completed_at: datetime) -> Certificate:
    """The certificate for this learner and subject, inserting it if it is the first."""
    existing = _first_generation(user.id, kind, subject_id)
    if existing is not None:
        return existing
    _insert_once({
        "user_id": user.id, "subject_kind": kind, "subject_id": subject_id, "generation": 1,
        "code": generate_code(), "template": template, "learner_name": snapshot["learner_name"],
        "title": snapshot["title"], "snapshot": snapshot, "completed_at": completed_at,
        "issued_at": utcnow(), "status": CertificateStatus.VALID,
        "render_state": RenderState.PENDING, "render_attempts": 0,
    })
    certificate = _first_generation(user.id, kind, subject_id)
    schedule_render(certificate.id)
    return certificate


def issue_for_course(user_id: int, course_id: int, completed_at: datetime) -> Certificate | None:
    """Issue the course certificate for a completed course (idempotent)."""
    user = db.session.get(User, user_id)
    course = db.session.get(Course, course_id)
    if user is None or course is None:
        return None
    snapshot = course_snapshot(user, course, completed_at)
    return issue(user, SubjectKind.COURSE, course.id, course.certificate_template or "kurs",
                 snapshot, completed_at)


def completed_version(user_id: int, module: Module) -> ModuleVersion | None:
    """The module version the learner completed (their pinned one), else the current one."""
    progress = db.session.scalars(
        select(ModuleProgress).where(ModuleProgress.user_id == user_id,
                                     ModuleProgress.module_id == module.id)
    ).first()
    if progress is not None:
        return db.session.get(ModuleVersion, progress.module_version_id)
    return module.current_version


def issue_for_module(user_id: int, module_id: int, completed_at: datetime) -> Certificate | None:
    """Issue a module confirmation if the completed version's manifest grants one."""
    user = db.session.get(User, user_id)
    module = db.session.get(Module, module_id)
    if user is None or module is None:
        return None
    version = completed_version(user_id, module)
    if version is None or not version.grants_certificate:
        return None
    snapshot = module_snapshot(user, version, completed_at)
    return issue(user, SubjectKind.MODULE, module.id, MODULE_TEMPLATE, snapshot, completed_at)
