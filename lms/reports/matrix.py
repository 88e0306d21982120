"""The learners x modules matrix: one row per learner, one column per module of a course or
topic; filtered, sorted and paged in SQL, so a page costs the same for 30 or 3,000 learners."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, case, exists, func, or_, select

from lms.accounts.models import User
from lms.catalog.assignments import Assignment, SubjectKind, done_condition
from lms.catalog.models import CourseModule, Module, ModuleVersion
from lms.core.models import utcnow
from lms.extensions import db
from lms.progress.models import ModuleProgress, Status
from lms.reports.services import DONE, Scope, count_if

STATUSES = ("not_started", "in_progress", "done", "failed", "assigned", "overdue")
SORTS = ("name", "aktivitaet", "aktivitaet-alt", "fortschritt")
CHUNK = 500


@dataclass(frozen=True)
class MatrixFilters:
    """What the matrix shows: columns (course, topic, module) and which learners, in which
    order."""

    course_id: int | None = None
    topic: str = ""
    module_id: int | None = None
    status: str = ""
    since: date | None = None
    until: date | None = None
    search: str = ""
    sort: str = "name"


@dataclass(frozen=True)
class Cell:
    """One learner in one module; ``status`` is ``not_started`` without a progress row."""

    status: str = Status.NOT_STARTED
    best_score: float | None = None
    seconds: int = 0
    attempts: int = 0
    started_at: datetime | None = None
    last_activity_at: datetime | None = None
    completed_at: datetime | None = None
    due_on: date | None = None
    assigned: bool = False

    @property
    def done(self) -> bool:
        return self.status in DONE

    def overdue(self, today: date) -> bool:
        return self.assigned and not self.done and self.due_on is not None and self.due_on < today


@dataclass
class MatrixRow:
    """A learner and their cells, in column order."""

    user_id: int
    name: str
    email: str
    done: int
    last_activity_at: datetime | None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class MatrixPage:
    """One page of the matrix."""

    columns: list[tuple[int, str]]
    rows: list[MatrixRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def columns(filters: MatrixFilters) -> list[tuple[int, str]]:
    """(module id, title) of the columns: the course's modules in course order, a topic's
    modules, both intersected, the one module, or every module by title."""
    query = (select(Module.id, ModuleVersion.title)
             .join(ModuleVersion, Module.current_version_id == ModuleVersion.id))
    if filters.topic:
        query = query.where(ModuleVersion.topics_key.contains(f"|{filters.topic}|"))
    if filters.course_id is not None:
        query = (query.join(CourseModule, CourseModule.module_id == Module.id)
                 .where(CourseModule.course_id == filters.course_id)
                 .order_by(CourseModule.position, Module.id))
    elif filters.module_id is not None and not filters.topic:
        query = query.where(Module.id == filters.module_id)
    else:
        query = query.order_by(ModuleVersion.title, Module.id)
    return [(row.id, row.title) for row in db.session.execute(query)]


def _assigned_module(module_ids: list[int]):
    """Assignments of ``User`` that cover one of ``module_ids`` (directly or by course)."""
    courses = select(CourseModule.course_id).where(CourseModule.module_id.in_(module_ids))
    return and_(Assignment.user_id == User.id, or_(
        and_(Assignment.subject_kind == SubjectKind.MODULE, Assignment.subject_id.in_(module_ids)),
        and_(Assignment.subject_kind == SubjectKind.COURSE, Assignment.subject_id.in_(courses))))


def _status_condition(status: str, module_ids: list[int], today: date):
    row = and_(ModuleProgress.user_id == User.id, ModuleProgress.module_id.in_(module_ids))
    wanted = {"in_progress": ModuleProgress.status == Status.IN_PROGRESS,
              "done": ModuleProgress.status.in_(DONE),
              "failed": ModuleProgress.status == Status.FAILED}
    if status == "not_started":
        return ~exists().where(row)
    if status in wanted:
        return exists().where(row, wanted[status])
    if status in ("assigned", "overdue"):
        assigned = _assigned_module(module_ids)
        if status == "overdue":
            assigned = and_(assigned, Assignment.due_on < today, ~done_condition())
        return exists().where(assigned)
    return None


def _totals(module_ids: list[int]):
    return (select(ModuleProgress.user_id,
                   count_if(ModuleProgress.status.in_(DONE)).label("done"),
                   func.max(ModuleProgress.last_activity_at).label("last_activity_at"))
            .where(ModuleProgress.module_id.in_(module_ids))
            .group_by(ModuleProgress.user_id).subquery())


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def learner_query(scope: Scope, filters: MatrixFilters, module_ids: list[int],
                  today: date | None = None):
    """One row per learner (id, name, e-mail, done, last activity), filtered and sorted."""
    today = today or utcnow().date()
    status_ids = [filters.module_id] if filters.module_id in module_ids else module_ids
    totals = _totals(module_ids)
    last = totals.c.last_activity_at
    query = scope.people(
        select(User.id, User.name, User.email, func.coalesce(totals.c.done, 0).label("done"),
               last.label("last_activity_at"))
        .outerjoin(totals, totals.c.user_id == User.id))
    condition = _status_condition(filters.status, status_ids, today)
    if condition is not None:
        query = query.where(condition)
    if filters.since is not None:
        query = query.where(last >= _day_start(filters.since))
    if filters.until is not None:
        query = query.where(last < _day_start(filters.until + timedelta(days=1)))
    search = filters.search.strip().lower()
    if search:
        pattern = f"%{search}%"
        query = query.where(or_(func.lower(User.name).like(pattern),
                                func.lower(User.email).like(pattern)))
    never = case((last.is_(None), 1), else_=0)
    order = {
        "aktivitaet": (never, last.desc()),
        "aktivitaet-alt": (never, last.asc()),
        "fortschritt": (func.coalesce(totals.c.done, 0).desc(), func.lower(User.name)),
    }.get(filters.sort, (func.lower(User.name),))
    return query.order_by(*order, User.id)


def cells_for(user_ids: list[int], module_ids: list[int]) -> dict[tuple[int, int], Cell]:
    """The cells of these learners in these modules, assignments included (two queries)."""
    cells: dict[tuple[int, int], Cell] = {}
    if not user_ids or not module_ids:
        return cells
    due = _due_dates(user_ids, module_ids)
    rows = db.session.scalars(select(ModuleProgress).where(
        ModuleProgress.user_id.in_(user_ids), ModuleProgress.module_id.in_(module_ids)))
    for row in rows:
        key = (row.user_id, row.module_id)
        cells[key] = Cell(row.status, row.best_score, row.time_spent_seconds, row.attempts,
                          row.started_at, row.last_activity_at, row.completed_at,
                          due.get(key, (False, None))[1], key in due)
    for key, (_assigned, due_on) in due.items():
        cells.setdefault(key, Cell(due_on=due_on, assigned=True))
    return cells


def _due_dates(user_ids: list[int], module_ids: list[int]) -> dict:
    """``(user, module) -> (True, due date)`` for assigned modules (a course assignment
    covers its modules; the earliest due date wins)."""
    course_modules: dict[int, list[int]] = {}
    for course_id, module_id in db.session.execute(
            select(CourseModule.course_id, CourseModule.module_id)
            .where(CourseModule.module_id.in_(module_ids))):
        course_modules.setdefault(course_id, []).append(module_id)
    found: dict[tuple[int, int], tuple[bool, date | None]] = {}
    for assignment in db.session.scalars(select(Assignment).where(
            Assignment.user_id.in_(user_ids))):
        if assignment.subject_kind == SubjectKind.MODULE:
            targets = [assignment.subject_id] if assignment.subject_id in module_ids else []
        else:
            targets = course_modules.get(assignment.subject_id, [])
        for module_id in targets:
            key = (assignment.user_id, module_id)
            earlier = found.get(key, (True, None))[1]
            due_on = min(d for d in (earlier, assignment.due_on) if d) \
                if (earlier or assignment.due_on) else None
            found[key] = (True, due_on)
    return found


def matrix_page(scope: Scope, filters: MatrixFilters, page: int, per_page: int) -> MatrixPage:
    """One page of learners with their cells: a count, a page query and two cell queries."""
    module_columns = columns(filters)
    module_ids = [module_id for module_id, _title in module_columns]
    query = learner_query(scope, filters, module_ids)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = max(1, min(page, max(1, -(-total // per_page))))
    found = list(db.session.execute(query.limit(per_page).offset((page - 1) * per_page)))
    cells = cells_for([row.id for row in found], module_ids)
    rows = [MatrixRow(row.id, row.name, row.email, int(row.done), row.last_activity_at,
                      [cells.get((row.id, module_id), Cell()) for module_id in module_ids])
            for row in found]
    return MatrixPage(module_columns, rows, total, page, per_page)


def matrix_size(scope: Scope, filters: MatrixFilters) -> tuple[int, int]:
    """How many learners and columns the whole (unpaged) matrix has."""
    module_ids = [module_id for module_id, _title in columns(filters)]
    query = learner_query(scope, filters, module_ids).order_by(None)
    return db.session.scalar(select(func.count()).select_from(query.subquery())), len(module_ids)


def all_rows(scope: Scope, filters: MatrixFilters) -> Iterator[tuple[MatrixRow, list]]:
    """Every filtered learner with their cells, fetched ``CHUNK`` learners at a time."""
    module_columns = columns(filters)
    module_ids = [module_id for module_id, _title in module_columns]
    found = list(db.session.execute(learner_query(scope, filters, module_ids)))
    for start in range(0, len(found), CHUNK):
        chunk = found[start:start + CHUNK]
        cells = cells_for([row.id for row in chunk], module_ids)
        for row in chunk:
            yield MatrixRow(row.id, row.name, row.email, int(row.done), row.last_activity_at,
                            [cells.get((row.id, module_id), Cell()) for module_id in module_ids]
                            ), module_columns
