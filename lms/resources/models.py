"""Columns every resource shares: where its content comes from, its version, who changed it."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models import utcnow
from lms.extensions import db

SHIPPED = "shipped"
"""The resource follows its file under ``content/``."""
EDITED = "edited"
"""The resource was edited (or deleted) in the browser; the file wins only with a new version."""


class ShippedOrEdited:
    """Mixin: ``version`` and ``source`` of the content, last change, soft deletion."""

    version: Mapped[str] = mapped_column(String(40), default="1.0.0")
    source: Mapped[str] = mapped_column(String(10), default=SHIPPED)  # shipped | edited
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None]


class ResourceLink(db.Model):
    """One internal link from a resource to a wiki page, seminar or module (for backlinks)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(10))
    source_slug: Mapped[str] = mapped_column(String(100), index=True)
    target_kind: Mapped[str] = mapped_column(String(10))
    target_slug: Mapped[str] = mapped_column(String(100), index=True)
