"""External LRSs that statements are forwarded to, and the outbox that feeds them."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models import CreatedAtMixin
from lms.extensions import db


class ForwardTarget(CreatedAtMixin, db.Model):
    """An external LRS: where, with which credentials and version, and which statements."""

    __tablename__ = "forward_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    endpoint: Mapped[str] = mapped_column(String(500))
    username: Mapped[str] = mapped_column(String(200), default="")
    password_sealed: Mapped[str] = mapped_column(Text, default="")
    xapi_version: Mapped[str] = mapped_column(String(10), default="1.0.3")
    activity_prefix: Mapped[str] = mapped_column(String(600), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)
    forwarded: Mapped[int] = mapped_column(default=0)
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None]


class ForwardOutbox(db.Model):
    """A statement waiting to be sent to one target; written in the statement's transaction."""

    __tablename__ = "forward_outbox"
    __table_args__ = (Index("ix_forward_outbox_target_id_id", "target_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("forward_target.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(String(36))


class ForwardRejection(db.Model):
    """A statement the target LRS refused (4xx): kept with its answer, not sent again."""

    __tablename__ = "forward_rejection"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("forward_target.id", ondelete="CASCADE"),
                                           index=True)
    statement_id: Mapped[str] = mapped_column(String(36))
    answer: Mapped[str] = mapped_column(Text)
    rejected_at: Mapped[datetime]
