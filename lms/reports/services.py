"""Progress reports over the progress rows, always scoped to one organisation (or, for
network admins, to all of them); every figure comes from a fixed number of aggregate queries."""

from dataclasses import dataclass
from datetime import datetime

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, and_, case, exists, func, or_, select

from lms.accounts.models import Organisation, User, UserRole
from lms.catalog.models import Course, CourseModule, Module, ModuleVersion
from lms.certificates.models import Certificate, CertificateStatus
from lms.core.permissions import Role
from lms.extensions import db
from lms.privacy.models import AccountDeletion
from lms.progress.models import CourseProgress, ModuleProgress, Status

DONE = (Status.COMPLETED, Status.PASSED)
STATUS_FILTERS = ("not_started", "in_progress", "done", "failed")
"""Values of the status filter: no activity, in progress, completed or passed, failed."""

SORTS = ("aktivitaet", "aktivitaet-alt", "name")
STAFF_ROLES = (Role.COORDINATOR.value, Role.ADMIN.value)


@dataclass(frozen=True)
class Scope:
    """Whose learners a report covers: one organisation, or every learner (admins only).

    Learners are the accounts without a coordinating or administrative role: the people who
    review progress are not counted among those whose progress is reviewed.
    """

    organisation: Organisation | None
    everyone: bool = False

    def members(self, query: Select) -> Select:
        """Restrict a query that involves ``User`` to the learners in scope."""
        query = query.where(~exists().where(UserRole.user_id == User.id,
                                            UserRole.role.in_(STAFF_ROLES)))
        if self.everyone:
            return query
        if self.organisation is None:
            return query.where(False)
        return query.where(User.organisation_id == self.organisation.id)

    def people(self, query: Select) -> Select:
        """``members`` without deleted accounts: the learners a list or export may name
        (deleted accounts still count in every total)."""
        return self.members(query).where(
            ~exists().where(AccountDeletion.user_id == User.id))


@dataclass(frozen=True)
class Filters:
    """What the learner table and the CSV export show."""

    module_id: int | None = None
    course_id: int | None = None
    status: str = ""
    search: str = ""
    sort: str = "aktivitaet"


@dataclass(frozen=True)
class ModuleFigures:
    """How the learners in scope stand in one module."""

    module_id: int
    title: str
    started: int = 0
    in_progress: int = 0
    done: int = 0
    failed: int = 0
    average_seconds: float | None = None
    average_score: float | None = None


@dataclass(frozen=True)
class CourseFigures:
    """How the learners in scope stand in one course."""

    course_id: int
    title: str
    started: int = 0
    in_progress: int = 0
    done: int = 0


def scope_for(user: User, organisation_id: int | None = None) -> Scope:
    """Coordinators get their own organisation, whatever they ask for; admins choose one or
    see everyone."""
    if user.has_role(Role.ADMIN):
        if organisation_id is not None:
            organisation = db.session.get(Organisation, organisation_id)
            if organisation is not None:
                return Scope(organisation)
        return Scope(None, everyone=True)
    return Scope(user.organisation)


def organisations() -> list[Organisation]:
    """Every organisation by name, for the admins' choice."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def modules() -> list[tuple[int, str]]:
    """(id, title) of every module with a current version, by title."""
    rows = db.session.execute(
        select(Module.id, ModuleVersion.title)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .order_by(ModuleVersion.title, Module.id)
    )
    return [(row.id, row.title) for row in rows]


def courses() -> list[tuple[int, str]]:
    """(id, title) of every course, by title."""
    rows = db.session.execute(select(Course.id, Course.title).order_by(Course.title, Course.id))
    return [(row.id, row.title) for row in rows]


def learner_count(scope: Scope) -> int:
    """How many learners are in scope."""
    return db.session.scalar(scope.members(select(func.count(User.id))))


def count_if(condition) -> object:
    """SQL: how many rows of a group meet ``condition`` (0 for none)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def module_figures(scope: Scope, module_list: list[tuple[int, str]]) -> list[ModuleFigures]:
    """Counts by status, average time and average best score per module (one query)."""
    query = scope.members(
        select(
            ModuleProgress.module_id,
            func.count(ModuleProgress.id).label("started"),
            count_if(ModuleProgress.status == Status.IN_PROGRESS).label("in_progress"),
            count_if(ModuleProgress.status.in_(DONE)).label("done"),
            count_if(ModuleProgress.status == Status.FAILED).label("failed"),
            func.avg(ModuleProgress.time_spent_seconds).label("average_seconds"),
            func.avg(ModuleProgress.best_score).label("average_score"),
        )
        .join(User, ModuleProgress.user_id == User.id)
        .group_by(ModuleProgress.module_id)
    )
    rows = {row.module_id: row for row in db.session.execute(query)}
    figures = []
    for module_id, title in module_list:
        row = rows.get(module_id)
        if row is None:
            figures.append(ModuleFigures(module_id, title))
            continue
        figures.append(ModuleFigures(
            module_id, title, row.started, int(row.in_progress), int(row.done), int(row.failed),
            None if row.average_seconds is None else float(row.average_seconds),
            None if row.average_score is None else float(row.average_score),
        ))
    return figures


def course_figures(scope: Scope, course_list: list[tuple[int, str]]) -> list[CourseFigures]:
    """Counts of started, open and completed course progress per course (one query)."""
    query = scope.members(
        select(
            CourseProgress.course_id,
            func.count(CourseProgress.id).label("started"),
            count_if(CourseProgress.status.in_(DONE)).label("done"),
        )
        .join(User, CourseProgress.user_id == User.id)
        .group_by(CourseProgress.course_id)
    )
    rows = {row.course_id: row for row in db.session.execute(query)}
    figures = []
    for course_id, title in course_list:
        row = rows.get(course_id)
        if row is None:
            figures.append(CourseFigures(course_id, title))
        else:
            done = int(row.done)
            figures.append(CourseFigures(course_id, title, row.started, row.started - done, done))
    return figures


def _status_condition(status: str, module_id: int | None, course_id: int | None):
    """Which learners the status filter keeps, for one module, one course or any module."""
    if course_id is not None:
        row = and_(CourseProgress.user_id == User.id, CourseProgress.course_id == course_id)
        wanted = {"in_progress": CourseProgress.status.not_in(DONE),
                  "done": CourseProgress.status.in_(DONE),
                  "failed": CourseProgress.status == Status.FAILED}
        anything = exists().where(row)
        if status == "not_started":
            return ~anything
        return exists().where(row, wanted[status]) if status in wanted else anything
    row = ModuleProgress.user_id == User.id
    if module_id is not None:
        row = and_(row, ModuleProgress.module_id == module_id)
    wanted = {"in_progress": ModuleProgress.status == Status.IN_PROGRESS,
              "done": ModuleProgress.status.in_(DONE),
              "failed": ModuleProgress.status == Status.FAILED}
    if status == "not_started":
        return ~exists().where(row)
    if status in wanted:
        return exists().where(row, wanted[status])
    return exists().where(row) if module_id is not None else None


def _filtered_learners(scope: Scope, filters: Filters) -> Select:
    query = scope.people(select(User.id))
    condition = _status_condition(filters.status, filters.module_id, filters.course_id)
    if condition is not None:
        query = query.where(condition)
    search = (filters.search or "").strip().lower()
    if search:
        pattern = f"%{search}%"
        query = query.where(or_(func.lower(User.name).like(pattern),
                                func.lower(User.email).like(pattern)))
    return query


def learner_ids(scope: Scope, filters: Filters) -> list[int]:
    """The ids of the learners the filters keep (whose data an export holds)."""
    return list(db.session.scalars(_filtered_learners(scope, filters)))


def learner_table(scope: Scope, filters: Filters) -> Select:
    """Query of one row per learner with their totals, filtered and sorted (no per-learner
    queries: every total is a grouped subquery)."""
    modules_agg = (
        select(
            ModuleProgress.user_id,
            func.count(ModuleProgress.id).label("started"),
            count_if(ModuleProgress.status.in_(DONE)).label("done"),
            func.sum(ModuleProgress.time_spent_seconds).label("seconds"),
            func.max(ModuleProgress.last_activity_at).label("last_activity_at"),
        ).group_by(ModuleProgress.user_id).subquery()
    )
    courses_agg = (
        select(CourseProgress.user_id, func.count(CourseProgress.id).label("done"))
        .where(CourseProgress.status.in_(DONE)).group_by(CourseProgress.user_id).subquery()
    )
    certificates_agg = (
        select(Certificate.user_id, func.count(Certificate.id).label("count"))
        .where(Certificate.status == CertificateStatus.VALID)
        .group_by(Certificate.user_id).subquery()
    )
    last_activity = modules_agg.c.last_activity_at
    query = (
        select(
            User.id, User.name, User.email,
            func.coalesce(modules_agg.c.started, 0).label("modules_started"),
            func.coalesce(modules_agg.c.done, 0).label("modules_done"),
            func.coalesce(courses_agg.c.done, 0).label("courses_done"),
            func.coalesce(certificates_agg.c.count, 0).label("certificates"),
            func.coalesce(modules_agg.c.seconds, 0).label("seconds"),
            last_activity.label("last_activity_at"),
        )
        .outerjoin(modules_agg, modules_agg.c.user_id == User.id)
        .outerjoin(courses_agg, courses_agg.c.user_id == User.id)
        .outerjoin(certificates_agg, certificates_agg.c.user_id == User.id)
        .where(User.id.in_(_filtered_learners(scope, filters)))
    )
    return query.order_by(*_learner_order(filters.sort, last_activity))


def _learner_order(sort: str, last_activity) -> tuple:
    """The order of learners for ``sort``: by name, or by their latest activity (newest or
    oldest first), those without any activity last."""
    if sort == "name":
        return func.lower(User.name), User.id
    never = case((last_activity.is_(None), 1), else_=0)
    latest = last_activity.asc() if sort == "aktivitaet-alt" else last_activity.desc()
    return never, latest, User.id


class RowPagination(SelectPagination):
    """A page of a multi-column query: items are whole rows, not the first column."""

    def _query_items(self) -> list:
        query = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(query))


def learner_page(scope: Scope, filters: Filters, page: int, per_page: int) -> RowPagination:
    """One page of the learner table: two queries, however many learners it shows."""
    return RowPagination(select=learner_table(scope, filters), session=db.session, page=page,
                         per_page=per_page, error_out=False, count=True)


@dataclass(frozen=True)
class ExportRow:
    """One learner x module line of the CSV export; module fields are empty without activity."""

    name: str
    email: str
    module: str
    status: str
    best_score: float | None
    attempts: int | None
    seconds: int | None
    started_at: datetime | None
    last_activity_at: datetime | None
    completed_at: datetime | None


def export_rows(scope: Scope, filters: Filters) -> list[ExportRow]:
    """Every filtered learner with their progress rows (limited to the chosen module or the
    chosen course's modules), learners in the order of the table (``filters.sort``); learners
    without a row get a single line "nicht begonnen"."""
    row_filter = ModuleProgress.user_id == User.id
    if filters.module_id is not None:
        row_filter = and_(row_filter, ModuleProgress.module_id == filters.module_id)
    elif filters.course_id is not None:
        row_filter = and_(row_filter, ModuleProgress.module_id.in_(
            select(CourseModule.module_id).where(CourseModule.course_id == filters.course_id)))
    latest = (select(ModuleProgress.user_id,
                     func.max(ModuleProgress.last_activity_at).label("last_activity_at"))
              .group_by(ModuleProgress.user_id).subquery())
    query = (
        select(User.name, User.email, func.coalesce(ModuleVersion.title, Module.slug),
               ModuleProgress)
        .select_from(User)  # a course filter leaves SQLAlchemy unsure where the joins start
        .outerjoin(latest, latest.c.user_id == User.id)
        .outerjoin(ModuleProgress, row_filter)
        .outerjoin(Module, Module.id == ModuleProgress.module_id)
        .outerjoin(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(User.id.in_(_filtered_learners(scope, filters)))
        .order_by(*_learner_order(filters.sort, latest.c.last_activity_at),
                  ModuleVersion.title)
    )
    rows = []
    for name, email, title, progress in db.session.execute(query):
        if progress is None:
            rows.append(ExportRow(name, email, "", Status.NOT_STARTED, None, None, None, None,
                                  None, None))
            continue
        rows.append(ExportRow(name, email, title or "", progress.status, progress.best_score,
                              progress.attempts, progress.time_spent_seconds,
                              progress.started_at, progress.last_activity_at,
                              progress.completed_at))
    return rows


@dataclass(frozen=True)
class LearnerReport:
    """Everything the drill-down shows about one learner."""

    learner: User
    modules: list[tuple[str, ModuleProgress]]
    courses: list[tuple[str, CourseProgress]]
    certificates: list[Certificate]


def learner_report(scope: Scope, user_id: int) -> LearnerReport | None:
    """One learner in scope with their module and course progress and certificates; None when
    the learner is not in scope (the view answers 404)."""
    learner = db.session.scalar(scope.people(select(User).where(User.id == user_id)))
    if learner is None:
        return None
    module_rows = db.session.execute(
        select(func.coalesce(ModuleVersion.title, Module.slug), ModuleProgress)
        .join(Module, Module.id == ModuleProgress.module_id)
        .outerjoin(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(ModuleProgress.user_id == user_id)
        .order_by(ModuleProgress.last_activity_at.desc())
    )
    course_rows = db.session.execute(
        select(Course.title, CourseProgress)
        .join(Course, Course.id == CourseProgress.course_id)
        .where(CourseProgress.user_id == user_id)
        .order_by(Course.title)
    )
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.user_id == user_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    return LearnerReport(learner, [tuple(row) for row in module_rows],
                         [tuple(row) for row in course_rows], list(certificates))
