"""What the privacy feature keeps: who looked at whose data, and which accounts were deleted."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models import utcnow
from lms.extensions import db


class DataAccess(db.Model):
    """A coordinator or admin opened a page or export with one learner's personal data.

    ``viewer_name`` keeps the name the viewer had then, so the record stays readable after
    the viewer's account changes; ``what`` is a key of ``ACCESS_LABELS``.
    """

    __tablename__ = "privacy_data_access"
    __table_args__ = (Index("ix_privacy_data_access_subject_at", "subject_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                                  index=True)
    viewer_name: Mapped[str] = mapped_column(String(120))
    viewer_role: Mapped[str] = mapped_column(String(20))
    what: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AccountDeletion(db.Model):
    """An account that was deleted: the row of ``user`` stays as an empty, pseudonymous shell
    so progress figures and certificate checks stay correct; this records when and by whom."""

    __tablename__ = "privacy_account_deletion"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)
    by_admin: Mapped[bool] = mapped_column(default=False)
    kept_certificate_names: Mapped[bool] = mapped_column(default=False)
    statements_pseudonymised: Mapped[int] = mapped_column(default=0)
