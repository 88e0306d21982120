"""Seminar records: the archive of the network's online seminars."""

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.i18n import N_
from lms.core.models import CreatedAtMixin, utcnow
from lms.extensions import db
from lms.resources.models import EDITED, SHIPPED, ShippedOrEdited

__all__ = ["CANCELLED", "EDITED", "REGISTERED", "SHIPPED", "WAITING", "Seminar",
           "SeminarRegistration", "SeminarRevision"]


class Seminar(CreatedAtMixin, ShippedOrEdited, db.Model):
    """One online seminar: when, who, what was said, and where the recording is."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(index=True)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    speakers: Mapped[list[str]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    takeaways: Mapped[list[str]] = mapped_column(JSON, default=list)
    chapters: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    recording_url: Mapped[str] = mapped_column(String(500), default="")  # external recording
    slides_url: Mapped[str] = mapped_column(String(500), default="")
    # Media served by the platform: "seminars/media/<file>" below CONTENT_PATH when shipped,
    # "upload/<file>" below the instance's media folder when uploaded in the browser.
    video_file: Mapped[str] = mapped_column(String(300), default="")
    captions: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # lang, label, file
    slides_file: Mapped[str] = mapped_column(String(300), default="")
    transcript: Mapped[str] = mapped_column(Text, default="")
    related_wiki: Mapped[list[str]] = mapped_column(JSON, default=list)
    related_modules: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Upcoming seminars: when, how, how many places.
    start_time: Mapped[time | None]
    event_format: Mapped[str] = mapped_column(String(20), default="online")
    online_url: Mapped[str] = mapped_column(String(500), default="")  # only for registered
    location: Mapped[str] = mapped_column(String(300), default="")
    capacity: Mapped[int | None]
    seats_taken: Mapped[int] = mapped_column(default=0)

    @property
    def year(self) -> int:
        return self.held_on.year


class SeminarRevision(db.Model):
    """A snapshot of a seminar record taken before it was changed, replaced or deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(
        ForeignKey("seminar.id", ondelete="CASCADE"), index=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(String(300), default="")
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)


FORMAT_LABELS = {"online": N_("Online"), "praesenz": N_("Präsenz"), "hybrid": N_("Hybrid")}
"""Formats of a seminar with their German labels."""

REGISTERED = "registered"
WAITING = "waiting"
CANCELLED = "cancelled"


class SeminarRegistration(CreatedAtMixin, db.Model):
    """A person's place in an upcoming seminar, or on its waiting list.

    ``Seminar.seats_taken`` counts the ``registered`` rows; it is changed only by one
    conditional UPDATE so that concurrent registrations never exceed ``capacity``.
    """

    __table_args__ = (UniqueConstraint("seminar_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminar.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=REGISTERED)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)  # order of the waiting list
    cancelled_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    attended_at: Mapped[datetime | None]

    seminar: Mapped[Seminar] = relationship()
    user: Mapped["User"] = relationship()  # noqa: F821
