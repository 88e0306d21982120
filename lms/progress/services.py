"""Progress as other features read it: per learner and module, per course, and rebuilding it."""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import delete, select

from lms.accounts.models import User
from lms.catalog.models import Course, Module, ModuleVersion
from lms.core.vocabulary import Verb, learner_account
from lms.extensions import db
from lms.progress.models import CourseProgress, ModuleProgress
from lms.progress.projector import Projector
from lms.progress.rules import DONE, module_missing
from lms.xapi.services import get_statement, query_statements

REBUILD_BATCH = 500


def module_progress_for(user_id: int) -> dict[int, ModuleProgress]:
    """Every progress row of a learner, keyed by ``Module.id``."""
    rows = db.session.scalars(select(ModuleProgress).where(ModuleProgress.user_id == user_id))
    return {row.module_id: row for row in rows}


def progress_of(user_id: int, module_id: int) -> ModuleProgress | None:
    """The learner's row for one module, if they have started it."""
    return db.session.scalar(
        select(ModuleProgress).where(
            ModuleProgress.user_id == user_id, ModuleProgress.module_id == module_id
        )
    )


def is_done(row: ModuleProgress | None) -> bool:
    """Completed or passed."""
    return row is not None and row.status in DONE


def missing_for_module(row: ModuleProgress) -> list[str]:
    """German sentences: what the learner still has to do in their pinned version."""
    version = db.session.get(ModuleVersion, row.module_version_id)
    return module_missing(version, row.pages_seen, row.quiz_passed, row.resources_done)


@dataclass
class CourseStatus:
    """What is done and what is missing in a course for one learner."""

    course: Course
    required_done: list[Module] = field(default_factory=list)
    required_missing: list[Module] = field(default_factory=list)
    electives_done: list[Module] = field(default_factory=list)
    electives_open: list[Module] = field(default_factory=list)
    electives_needed: int = 0
    row: CourseProgress | None = None

    @property
    def electives_missing(self) -> int:
        return max(0, self.electives_needed - len(self.electives_done))

    @property
    def completed(self) -> bool:
        return not self.required_missing and not self.electives_missing


def course_status(user_id: int, course: Course) -> CourseStatus:
    """Done and missing modules of ``course`` for a learner."""
    rows = module_progress_for(user_id)
    status = CourseStatus(course=course, electives_needed=course.electives_needed)
    status.row = db.session.scalar(
        select(CourseProgress).where(
            CourseProgress.user_id == user_id, CourseProgress.course_id == course.id
        )
    )
    for entry in course.entries:
        done = is_done(rows.get(entry.module_id))
        if entry.required:
            (status.required_done if done else status.required_missing).append(entry.module)
        else:
            (status.electives_done if done else status.electives_open).append(entry.module)
    return status


def _replay(projector: Projector, **filters) -> int:
    """Project every stored statement matching ``filters``, oldest first, in batches."""
    statements, more = query_statements(ascending=True, limit=REBUILD_BATCH, **filters)
    count = 0
    while True:
        projector.project(statements)
        count += len(statements)
        if not more:
            return count
        statements, more = query_statements(more=more)


def rebuild_progress(user: User | None = None, *, commit: bool = True) -> int:
    """Recompute the progress rows (of everyone, or of ``user``) from the stored statements.

    Returns how many statements were read; completion signals are not sent again.
    """
    base_url = current_app.config["BASE_URL"]
    projector = Projector(base_url, emit=False)
    if user is None:
        db.session.execute(delete(CourseProgress))
        db.session.execute(delete(ModuleProgress))
        count = _replay(projector)
    else:
        db.session.execute(delete(CourseProgress).where(CourseProgress.user_id == user.id))
        db.session.execute(delete(ModuleProgress).where(ModuleProgress.user_id == user.id))
        count = _replay(projector, agent=learner_account(base_url, user.xapi_name))
    if commit:
        db.session.commit()
    return count


def learners_of_voided(statements: list[dict]) -> list[User]:
    """Our learners whose statements the voiding statements in ``statements`` voided."""
    home_page = current_app.config["BASE_URL"].rstrip("/")
    names = set()
    for statement in statements:
        if (statement.get("verb") or {}).get("id") != Verb.VOIDED:
            continue
        target = get_statement(statement["object"]["id"], voided=True)
        account = ((target or {}).get("actor") or {}).get("account") or {}
        if account.get("homePage", "").rstrip("/") == home_page:
            names.add(account.get("name"))
    if not names:
        return []
    return list(db.session.scalars(select(User).where(User.xapi_name.in_(names))))
