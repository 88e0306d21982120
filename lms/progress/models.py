"""Progress rows projected from xAPI statements: learner x module and learner x course."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class Status(StrEnum):
    """Where a learner stands in a module or course."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    PASSED = "passed"
    FAILED = "failed"


STATUS_LABELS = {
    Status.NOT_STARTED: "nicht begonnen",
    Status.IN_PROGRESS: "in Bearbeitung",
    Status.COMPLETED: "abgeschlossen",
    Status.PASSED: "bestanden",
    Status.FAILED: "nicht bestanden",
}


class ModuleProgress(db.Model):
    """One learner in one module, pinned to the version they started."""

    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    registration: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(20), default=Status.IN_PROGRESS)
    best_score: Mapped[float | None]
    quiz_passed: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(default=0)
    time_spent_seconds: Mapped[int] = mapped_column(default=0)
    pages_seen: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """Native modules: positions of the pages seen; packages: positions of satisfied units."""
    # "seminar:<slug>" (recording watched to the end) and "wiki:<slug>" (read), from the module
    resources_done: Mapped[list[str]] = mapped_column(JSON, default=list)
    units: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Packages: per unit key what the learner reached (completed, passed, failed, waived)."""
    last_page: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime]
    last_activity_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]


class CourseProgress(db.Model):
    """One learner in one course."""

    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=Status.IN_PROGRESS)
    modules_completed: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime]
    last_activity_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
