"""Everything Lernraum stores about one person, gathered for the GDPR rights of access and
portability: as one JSON document and as the sections of a readable page."""

from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from lms.accounts.invitations import Invitation
from lms.accounts.models import User
from lms.catalog.assignments import Assignment
from lms.catalog.models import Course, Module, ModuleVersion, PlanEntry
from lms.certificates.models import Certificate
from lms.core.vocabulary import learner_account
from lms.extensions import db
from lms.player.models import ElementResponse, NotebookEntry, QuizAttempt
from lms.privacy.access import ACCESS_LABELS, accesses_to
from lms.progress.models import CourseProgress, ModuleProgress
from lms.xapi.services import query_statements

FORMAT_VERSION = 1


def _when(value) -> str | None:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _module_titles() -> dict[int, str]:
    rows = db.session.execute(select(Module.id, ModuleVersion.title, Module.slug).outerjoin(
        ModuleVersion, Module.current_version_id == ModuleVersion.id))
    return {row.id: row.title or row.slug for row in rows}


def profile(user: User) -> dict:
    """Account data and memberships."""
    organisation = user.organisation
    return {
        "name": user.name, "email": user.email, "language": user.locale,
        "registered_at": _when(user.created_at),
        "email_confirmed_at": _when(user.email_confirmed_at),
        "last_login_at": _when(user.last_login_at), "active": user.active,
        "roles": sorted(str(role) for role in user.roles),
        "organisation": None if organisation is None else {
            "name": organisation.name, "kind": organisation.kind, "ags": organisation.ags},
    }


def progress(user: User, titles: dict[int, str]) -> dict:
    """Progress per module and course, the learning plan and assignments."""
    modules = db.session.scalars(select(ModuleProgress).where(ModuleProgress.user_id == user.id)
                                 .order_by(ModuleProgress.started_at))
    courses = db.session.execute(select(CourseProgress, Course.title).join(
        Course, Course.id == CourseProgress.course_id).where(CourseProgress.user_id == user.id))
    plan = db.session.scalars(select(PlanEntry).where(PlanEntry.user_id == user.id))
    assignments = db.session.scalars(select(Assignment).where(Assignment.user_id == user.id))
    return {
        "modules": [{"module": titles.get(p.module_id), "status": p.status,
                     "best_score": p.best_score, "attempts": p.attempts,
                     "time_spent_seconds": p.time_spent_seconds, "pages_seen": p.pages_seen,
                     "started_at": _when(p.started_at),
                     "last_activity_at": _when(p.last_activity_at),
                     "completed_at": _when(p.completed_at)} for p in modules],
        "courses": [{"course": title, "status": c.status,
                     "modules_completed": c.modules_completed,
                     "started_at": _when(c.started_at), "completed_at": _when(c.completed_at)}
                    for c, title in courses],
        "learning_plan": [{"module": titles.get(e.module_id), "added_at": _when(e.added_at)}
                          for e in plan],
        "assignments": [{"kind": a.subject_kind, "subject_id": a.subject_id,
                         "due_on": _when(a.due_on), "assigned_at": _when(a.assigned_at)}
                        for a in assignments],
    }


def answers_and_notes(user: User, titles: dict[int, str]) -> dict:
    """Answers to exercises, final-test attempts and notebook entries."""
    responses = db.session.scalars(select(ElementResponse)
                                   .where(ElementResponse.user_id == user.id))
    attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user.id)
                                  .order_by(QuizAttempt.started_at))
    notes = db.session.scalars(select(NotebookEntry).where(NotebookEntry.user_id == user.id))
    return {
        "answers": [{"module": titles.get(r.module_id), "element": r.element_id,
                     "response": r.response, "correct": r.correct,
                     "updated_at": _when(r.updated_at)} for r in responses],
        "test_attempts": [{"module": titles.get(a.module_id), "number": a.number,
                           "answers": a.answers, "points": a.points,
                           "max_points": a.max_points, "score": a.score, "passed": a.passed,
                           "started_at": _when(a.started_at),
                           "submitted_at": _when(a.submitted_at)} for a in attempts],
        "notes": [{"module": titles.get(n.module_id), "prompt": n.prompt, "text": n.text,
                   "updated_at": _when(n.updated_at)} for n in notes],
    }


def certificates(user: User) -> list[dict]:
    """Issued certificates with their verification codes."""
    rows = db.session.scalars(select(Certificate).where(Certificate.user_id == user.id)
                              .order_by(Certificate.issued_at))
    return [{"title": c.title, "kind": c.subject_kind, "code": c.code,
             "name_on_certificate": c.learner_name, "issued_at": _when(c.issued_at),
             "status": c.status} for c in rows]


def statements(user: User) -> list[dict]:
    """Every stored xAPI statement with the person as actor or object, oldest first."""
    agent = learner_account(current_app.config["BASE_URL"], user.xapi_name)
    found, more = query_statements(agent=agent, ascending=True, limit=100)
    result = list(found)
    while more:
        found, more = query_statements(more=more)
        result.extend(found)
    return result


def access_log(user: User) -> list[dict]:
    """Who looked at the person's data, when and where."""
    return [{"at": _when(a.at), "viewer": a.viewer_name, "role": a.viewer_role,
             "what": str(ACCESS_LABELS.get(a.what, a.what)), "detail": a.detail}
            for a in accesses_to(user.id, limit=10_000)]


def invitation(user: User) -> dict | None:
    """The invitation the account came from, if any."""
    found = db.session.scalar(select(Invitation).where(Invitation.user_id == user.id))
    if found is None:
        return None
    return {"invited_at": _when(found.created_at), "accepted_at": _when(found.accepted_at)}


def personal_data(user: User) -> dict:
    """Everything about ``user`` as one JSON-ready document."""
    titles = _module_titles()
    return {
        "format": "lernraum-personal-data", "format_version": FORMAT_VERSION,
        "profile": profile(user), "invitation": invitation(user),
        "progress": progress(user, titles), **answers_and_notes(user, titles),
        "certificates": certificates(user), "xapi_statements": statements(user),
        "access_log": access_log(user),
    }
