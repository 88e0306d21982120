"""Everything the drill-down shows about one learner: modules, test attempts, certificates,
what is missing per course, assignments and the timeline of their statements."""

from dataclasses import dataclass

from sqlalchemy import select

from lms.catalog import queries as catalog_queries
from lms.catalog.assignments import Assignment, SubjectKind
from lms.catalog.models import Course, Module, ModuleVersion
from lms.catalog.standing import CourseStatus, course_statuses, standings_for
from lms.extensions import db
from lms.player.models import QuizAttempt
from lms.progress.timeline import Timeline, timeline
from lms.reports.services import LearnerReport, Scope, learner_report


@dataclass(frozen=True)
class AttemptLine:
    """One submitted final-test attempt."""

    module: str
    number: int
    points: int
    max_points: int
    score: float | None
    passed: bool | None
    submitted_at: object


@dataclass(frozen=True)
class AssignmentLine:
    """One assignment of the learner with the title of what was assigned."""

    title: str
    kind: str
    assignment: Assignment


@dataclass
class LearnerDetails:
    """The drill-down of one learner."""

    report: LearnerReport
    attempts: list[AttemptLine]
    courses: list[CourseStatus]
    assignments: list[AssignmentLine]
    timeline: Timeline | None


def attempts_of(user_id: int) -> list[AttemptLine]:
    """The learner's submitted test attempts, newest first."""
    rows = db.session.execute(
        select(QuizAttempt, ModuleVersion.title)
        .join(Module, Module.id == QuizAttempt.module_id)
        .join(ModuleVersion, ModuleVersion.id == QuizAttempt.module_version_id)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.submitted_at.is_not(None))
        .order_by(QuizAttempt.submitted_at.desc()))
    return [AttemptLine(title, a.number, a.points, a.max_points, a.score, a.passed,
                        a.submitted_at) for a, title in rows]


def assignment_lines(user_id: int) -> list[AssignmentLine]:
    """The learner's assignments with module or course titles, by due date."""
    assignments = list(db.session.scalars(
        select(Assignment).where(Assignment.user_id == user_id)))
    module_ids = [a.subject_id for a in assignments if a.subject_kind == SubjectKind.MODULE]
    versions = catalog_queries.current_versions_by_module_id(module_ids) if module_ids else {}
    course_ids = [a.subject_id for a in assignments if a.subject_kind == SubjectKind.COURSE]
    courses = dict(db.session.execute(select(Course.id, Course.title).where(
        Course.id.in_(course_ids))).all()) if course_ids else {}
    lines = []
    for assignment in assignments:
        if assignment.subject_kind == SubjectKind.MODULE:
            version = versions.get(assignment.subject_id)
            title = version.title if version else "?"
        else:
            title = courses.get(assignment.subject_id, "?")
        lines.append(AssignmentLine(title, assignment.subject_kind, assignment))
    return sorted(lines, key=lambda line: (line.assignment.due_on is None,
                                           line.assignment.due_on, line.title))


def relevant_courses(user_id: int, assignments: list[AssignmentLine]) -> list[CourseStatus]:
    """Status of each course the learner has begun or was assigned, with what is missing."""
    standings = standings_for(user_id)
    assigned = {line.assignment.subject_id for line in assignments
                if line.kind == SubjectKind.COURSE}
    courses = [course for course in catalog_queries.courses()
               if course.id in assigned
               or any(entry.module_id in standings for entry in course.entries)]
    return course_statuses(courses, user_id, standings)


def learner_details(scope: Scope, user_id: int, more: str | None = None
                    ) -> LearnerDetails | None:
    """The drill-down of a learner in scope, or ``None`` (the view answers 404)."""
    report = learner_report(scope, user_id)
    if report is None:
        return None
    assignments = assignment_lines(user_id)
    return LearnerDetails(report, attempts_of(user_id),
                          relevant_courses(user_id, assignments), assignments,
                          timeline(report.learner, more))
