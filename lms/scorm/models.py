"""What SCORM content stores: one attempt per learner, package version, SCO and attempt
number (its CMI data), and one session per launch (the scoped runtime token)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.models import CreatedAtMixin
from lms.extensions import db


class ScormAttempt(CreatedAtMixin, db.Model):
    """One attempt of one learner on one SCO of a package version.

    ``cmi_values`` holds the data model elements the SCO set (``cmi.location`` -> ``"3"``) and
    ``counts`` the sizes of its arrays (``cmi.interactions`` -> 50); the status columns are
    copies for lists and reports. A new attempt starts when the previous one ended (exit not
    ``suspend``, see docs/scorm.md); ``ended_at`` is set then.
    """

    __table_args__ = (UniqueConstraint("user_id", "module_version_id", "unit_key",
                                       "registration", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_version_id: Mapped[int] = mapped_column(
        ForeignKey("module_version.id", ondelete="CASCADE"), index=True)
    unit_key: Mapped[str] = mapped_column(String(16))
    registration: Mapped[str] = mapped_column(String(36), index=True)
    number: Mapped[int] = mapped_column(default=1)
    attempt_id: Mapped[str] = mapped_column(String(36), unique=True)
    """The attempt's own id (the attempt activity of the xAPI SCORM profile)."""
    preview: Mapped[bool] = mapped_column(default=False)
    cmi_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    completion_status: Mapped[str] = mapped_column(String(20), default="not attempted")
    """SCORM 1.2 lesson_status, or SCORM 2004 completion_status."""
    success_status: Mapped[str] = mapped_column(String(20), default="unknown")
    score_scaled: Mapped[float | None]
    total_seconds: Mapped[float] = mapped_column(default=0.0)
    exit: Mapped[str] = mapped_column(String(20), default="")
    suspended: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    sessions: Mapped[list["ScormSession"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="ScormSession.id")


class ScormSession(CreatedAtMixin, db.Model):
    """One launch of a SCO: the runtime token (only its hash) and the session's course.

    The token lets the API adapter on the content origin read this attempt's data and
    commit to it, nothing else, until ``expires_at`` or until the session terminated.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("scorm_attempt.id", ondelete="CASCADE"),
                                            index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    entry: Mapped[str] = mapped_column(String(10), default="ab-initio")
    launch: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """What the API adapter is given: the SCO's URL, what adl.nav.request_valid answers."""
    cmi_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Values that belong to this session only (exit, session_time, adl.nav.request)."""
    initialized_at: Mapped[datetime | None]
    terminated_at: Mapped[datetime | None]
    last_commit_at: Mapped[datetime | None]
    last_sequence: Mapped[int] = mapped_column(default=0)
    nav_request: Mapped[str] = mapped_column(String(300), default="")

    attempt: Mapped[ScormAttempt] = relationship(back_populates="sessions")
