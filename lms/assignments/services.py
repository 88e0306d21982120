"""Assigning modules and courses to learners of an organisation, what became of the
assignments, and the reminder mail before the due date."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from lms.accounts.models import Organisation, User
from lms.catalog.assignments import Assignment, SubjectKind, done_condition
from lms.catalog.models import Course, CourseModule, Module, ModuleVersion, PlanEntry
from lms.core.errors import FieldError
from lms.core.mail import send_mail
from lms.core.models import utcnow
from lms.extensions import db
from lms.reports.services import Scope

REMINDER_DAYS = 3
"""Reminders go out this many days before the due date (and on it)."""


class AssignmentError(FieldError):
    """Bad input for an assignment; ``field`` names the form field it belongs to."""


@dataclass(frozen=True)
class Subject:
    """What can be assigned: a published module or a course."""

    kind: str
    id: int
    title: str

    @property
    def key(self) -> str:
        return f"{'m' if self.kind == SubjectKind.MODULE else 'k'}{self.id}"


def subjects() -> list[Subject]:
    """Every course and published module, courses first, each by title."""
    courses = db.session.execute(select(Course.id, Course.title).order_by(Course.title))
    modules = db.session.execute(
        select(Module.id, ModuleVersion.title)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.published.is_(True)).order_by(ModuleVersion.title))
    return ([Subject(SubjectKind.COURSE, row.id, row.title) for row in courses]
            + [Subject(SubjectKind.MODULE, row.id, row.title) for row in modules])


def subject_for(key: str) -> Subject | None:
    """The subject named ``m<id>`` or ``k<id>``, if it exists and may be assigned."""
    return next((subject for subject in subjects() if subject.key == key), None)


def people(organisation: Organisation) -> list[tuple[int, str, str]]:
    """(id, name, e-mail) of the organisation's learners, by name."""
    rows = db.session.execute(Scope(organisation).people(
        select(User.id, User.name, User.email).where(User.active.is_(True))
        .order_by(func.lower(User.name), User.id)))
    return [tuple(row) for row in rows]


def _module_ids(subject: Subject) -> list[int]:
    if subject.kind == SubjectKind.MODULE:
        return [subject.id]
    return list(db.session.scalars(select(CourseModule.module_id).join(
        Module, Module.id == CourseModule.module_id).where(
        CourseModule.course_id == subject.id, Module.published.is_(True))))


def _put_on_plans(user_ids: list[int], module_ids: list[int]) -> None:
    """Add the modules to every learner's plan where they are not yet (one insert)."""
    if not user_ids or not module_ids:
        return
    present = set(db.session.execute(select(PlanEntry.user_id, PlanEntry.module_id).where(
        PlanEntry.user_id.in_(user_ids), PlanEntry.module_id.in_(module_ids))).all())
    db.session.add_all(PlanEntry(user_id=user, module_id=module) for user in user_ids
                       for module in module_ids if (user, module) not in present)


@dataclass(frozen=True)
class AssignResult:
    """How many assignments were new and how many got a new due date."""

    created: int
    updated: int


def assign(*, acting: User, organisation: Organisation, subject: Subject, user_ids: list[int],
           due_on: date | None, today: date | None = None) -> AssignResult:
    """Assign ``subject`` to learners of ``organisation`` (with an optional due date) and put
    it on their learning plans; learners outside the organisation are refused."""
    today = today or utcnow().date()
    if due_on is not None and due_on < today:
        raise AssignmentError(_("Das Fälligkeitsdatum liegt in der Vergangenheit."), "due_on")
    allowed = {person[0] for person in people(organisation)}
    wanted = sorted(set(user_ids))
    if not wanted:
        raise AssignmentError(_("Bitte wählen Sie mindestens eine Person aus."), "people")
    if not set(wanted) <= allowed:
        raise AssignmentError(_("Sie können nur Lernenden Ihrer eigenen Organisation etwas "
                                "zuweisen."), "people")
    existing = {row.user_id: row for row in db.session.scalars(select(Assignment).where(
        Assignment.user_id.in_(wanted), Assignment.subject_kind == subject.kind,
        Assignment.subject_id == subject.id))}
    created = updated = 0
    for user_id in wanted:
        row = existing.get(user_id)
        if row is None:
            db.session.add(Assignment(user_id=user_id, subject_kind=subject.kind,
                                      subject_id=subject.id, organisation_id=organisation.id,
                                      assigned_by_id=acting.id, due_on=due_on))
            created += 1
        elif row.due_on != due_on:
            row.due_on, row.reminded_at, row.assigned_by_id = due_on, None, acting.id
            updated += 1
    _put_on_plans(wanted, _module_ids(subject))
    db.session.commit()
    return AssignResult(created, updated)


def withdraw(organisation: Organisation, assignment_id: int) -> bool:
    """Take back one of the organisation's assignments (the plan entries stay)."""
    row = db.session.scalar(select(Assignment).where(
        Assignment.id == assignment_id, Assignment.organisation_id == organisation.id))
    if row is None:
        return False
    db.session.delete(row)
    db.session.commit()
    return True


@dataclass(frozen=True)
class AssignmentLine:
    """One assignment as the coordinator's list shows it."""

    id: int
    name: str
    subject: str
    due_on: date | None
    done: bool
    user_id: int = 0
    email: str = ""

    def overdue(self, today: date) -> bool:
        return not self.done and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class AssignmentTotals:
    """Assigned, done, overdue and open assignments of an organisation."""

    assigned: int
    done: int
    overdue: int

    @property
    def open(self) -> int:
        return self.assigned - self.done


def _titles() -> dict[tuple[str, int], str]:
    return {(subject.kind, subject.id): subject.title for subject in subjects()}


def _scoped(scope: Scope, query):
    """Assignments of the scope's learners (the organisation's, or every one for admins)."""
    return scope.people(query.join(User, User.id == Assignment.user_id))


def totals(scope: Scope, today: date | None = None) -> AssignmentTotals:
    """Assigned, done and overdue for the learners in scope (one query)."""
    today = today or utcnow().date()
    done = done_condition()
    row = db.session.execute(_scoped(scope, select(
        func.count(Assignment.id),
        func.coalesce(func.sum(case((done, 1), else_=0)), 0),
        func.coalesce(func.sum(case((and_(~done, Assignment.due_on < today), 1), else_=0)),
                      0)))).one()
    return AssignmentTotals(row[0], int(row[1]), int(row[2]))


def _lines_query(scope: Scope):
    return _scoped(scope, select(Assignment.id, User.id.label("user_id"), User.name,
                                 User.email, Assignment.subject_kind, Assignment.subject_id,
                                 Assignment.due_on, done_condition().label("done"))
                   ).order_by(Assignment.due_on.is_(None), Assignment.due_on,
                              func.lower(User.name), Assignment.id)


def _line(row, titles) -> AssignmentLine:
    return AssignmentLine(row.id, row.name, titles.get((row.subject_kind, row.subject_id), "?"),
                          row.due_on, bool(row.done), row.user_id, row.email)


def lines(scope: Scope, page: int, per_page: int):
    """A page of the scope's assignments (earliest due first) with whether each is done."""
    query = _lines_query(scope)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    titles = _titles()
    rows = db.session.execute(query.limit(per_page).offset((max(page, 1) - 1) * per_page))
    return [_line(row, titles) for row in rows], total


def all_lines(scope: Scope) -> list[AssignmentLine]:
    """Every assignment of the scope, in the order of the list."""
    titles = _titles()
    return [_line(row, titles) for row in db.session.execute(_lines_query(scope))]


def due_for_reminder(today: date, days_ahead: int = REMINDER_DAYS) -> list[Assignment]:
    """Open assignments due within ``days_ahead`` days (not overdue), not yet reminded,
    of active learners."""
    return list(db.session.scalars(
        select(Assignment).join(User, User.id == Assignment.user_id).where(
            Assignment.due_on.is_not(None), Assignment.due_on >= today,
            Assignment.due_on <= today + timedelta(days=days_ahead),
            Assignment.reminded_at.is_(None), User.active.is_(True), ~done_condition())
        .order_by(Assignment.id)))


def send_reminders(today: date | None = None, days_ahead: int = REMINDER_DAYS) -> int:
    """Mail each learner once about an assignment that is due soon; returns the mails sent."""
    today = today or utcnow().date()
    titles = _titles()
    sent = 0
    for assignment in due_for_reminder(today, days_ahead):
        user = db.session.get(User, assignment.user_id)
        title = titles.get((assignment.subject_kind, assignment.subject_id))
        if title is None:
            continue
        with force_locale(user.locale or "de"):
            body = render_template("assignments/mail/reminder.txt", user=user, title=title,
                                   assignment=assignment,
                                   link=url_for("catalog.view_plan", _external=True))
            send_mail(user.email, _("Erinnerung: „%(title)s“ ist bald fällig", title=title),
                      body)
        assignment.reminded_at = utcnow()
        db.session.commit()
        sent += 1
    return sent
