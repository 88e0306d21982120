"""What reports keep besides the progress rows: learning days per learner, background exports."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models import CreatedAtMixin
from lms.extensions import db


class ActivityDay(db.Model):
    """How many statements one learner (by ``User.xapi_name``) produced on one day (UTC).

    Written with each stored statement (see ``receivers``) so "active in the last 30 days" and
    "active learners per week" need no scan of the statements; rebuilt by
    ``lms rebuild-activity``.
    """

    __tablename__ = "report_activity_day"
    __table_args__ = (Index("ix_report_activity_day_day", "day", "actor_name"),)

    actor_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    statements: Mapped[int] = mapped_column(default=0)


class ActivityWeek(db.Model):
    """How many statements one learner produced in one ISO week (``week`` is its Monday)."""

    __tablename__ = "report_activity_week"
    __table_args__ = (Index("ix_report_activity_week_week", "week", "actor_name"),)

    actor_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    week: Mapped[date] = mapped_column(primary_key=True)
    statements: Mapped[int] = mapped_column(default=0)


class LastActivity(db.Model):
    """The latest day with a statement of one learner ("active in the last 30 days")."""

    __tablename__ = "report_last_activity"

    actor_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(index=True)


class ExportStatus:
    """Where a background export stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ReportExport(CreatedAtMixin, db.Model):
    """A large table export made in the background; the file is kept for its requester."""

    __tablename__ = "report_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                                 index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))
    table_name: Mapped[str] = mapped_column(String(40))
    format: Mapped[str] = mapped_column(String(5))
    arguments: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default=ExportStatus.QUEUED)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None]
