"""Modules and courses a coordinator assigned to a learner, shown on their learning plan."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint, exists, select
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models import utcnow
from lms.extensions import db
from lms.progress.models import CourseProgress, ModuleProgress, Status


class SubjectKind(StrEnum):
    """What an assignment is about."""

    MODULE = "module"
    COURSE = "course"


class Assignment(db.Model):
    """One learner is asked by their organisation to do one module or course, maybe by a date.

    ``organisation_id`` is the organisation that assigned it (the learner's at that time), so
    a coordinator sees and changes only their own organisation's assignments.
    """

    __table_args__ = (UniqueConstraint("user_id", "subject_kind", "subject_id",
                                       name="uq_assignment_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    subject_kind: Mapped[str] = mapped_column(String(10))
    subject_id: Mapped[int] = mapped_column(index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_on: Mapped[date | None]
    reminded_at: Mapped[datetime | None]


def assignments_of(user_id: int) -> dict[tuple[str, int], Assignment]:
    """A learner's assignments keyed by ``(subject_kind, subject_id)``."""
    rows = db.session.scalars(select(Assignment).where(Assignment.user_id == user_id))
    return {(row.subject_kind, row.subject_id): row for row in rows}


def done_condition():
    """SQL over ``Assignment``: its learner has finished what was assigned (module completed
    or passed, course completed)."""
    module_done = exists().where(
        ModuleProgress.user_id == Assignment.user_id,
        ModuleProgress.module_id == Assignment.subject_id,
        ModuleProgress.status.in_((Status.COMPLETED, Status.PASSED)))
    course_done = exists().where(
        CourseProgress.user_id == Assignment.user_id,
        CourseProgress.course_id == Assignment.subject_id,
        CourseProgress.status == Status.COMPLETED)
    return ((Assignment.subject_kind == SubjectKind.MODULE) & module_done) | (
        (Assignment.subject_kind == SubjectKind.COURSE) & course_done)
