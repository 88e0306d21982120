"""Seminar records: the archive of the network's online seminars."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models import CreatedAtMixin, utcnow
from lms.extensions import db
from lms.resources.models import EDITED, SHIPPED, ShippedOrEdited

__all__ = ["EDITED", "SHIPPED", "Seminar", "SeminarRevision"]


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
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    slides_url: Mapped[str] = mapped_column(String(500), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")  # normalised, for LIKE search

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
