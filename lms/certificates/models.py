"""Issued certificates (Fortbildungsnachweise) and their rendered PDF files."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.core.i18n import N_
from lms.core.models import CreatedAtMixin
from lms.extensions import db


class SubjectKind(StrEnum):
    """What a certificate certifies."""

    COURSE = "course"
    MODULE = "module"


class CertificateStatus(StrEnum):
    """Whether a certificate still stands."""

    VALID = "valid"
    REVOKED = "revoked"
    REPLACED = "replaced"


class RenderState(StrEnum):
    """Where the PDF of a certificate stands; issuing never waits for it."""

    PENDING = "pending"
    RENDERED = "rendered"
    FAILED = "failed"


STATUS_LABELS = {
    CertificateStatus.VALID: N_("gültig"),
    CertificateStatus.REVOKED: N_("widerrufen"),
    CertificateStatus.REPLACED: N_("ersetzt"),
}

KIND_LABELS = {
    SubjectKind.COURSE: N_("Kurszertifikat"),
    SubjectKind.MODULE: N_("Teilnahmebestätigung"),
}


class Certificate(CreatedAtMixin, db.Model):
    """One issued certificate: a frozen snapshot of what it certifies plus its verification code.

    ``generation`` counts re-issues for the same learner and subject; the unique constraint on
    (user, subject, generation) makes the first issue idempotent when completions race.
    """

    __table_args__ = (
        UniqueConstraint("user_id", "subject_kind", "subject_id", "generation",
                         name="uq_certificate_subject_generation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    subject_kind: Mapped[str] = mapped_column(String(10))
    subject_id: Mapped[int]
    generation: Mapped[int] = mapped_column(default=1)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    template: Mapped[str] = mapped_column(String(50))
    learner_name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    completed_at: Mapped[datetime]
    issued_at: Mapped[datetime]

    status: Mapped[str] = mapped_column(String(10), default=CertificateStatus.VALID, index=True)
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    replaced_at: Mapped[datetime | None]
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate.id", ondelete="SET NULL")
    )

    render_state: Mapped[str] = mapped_column(String(10), default=RenderState.PENDING, index=True)
    render_attempts: Mapped[int] = mapped_column(default=0)
    render_error: Mapped[str | None] = mapped_column(Text)
    render_due_at: Mapped[datetime | None]
    rendered_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    replaced_by: Mapped["Certificate | None"] = relationship(remote_side=[id])

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.subject_kind, self.subject_kind)

    @property
    def is_rendered(self) -> bool:
        return self.render_state == RenderState.RENDERED


class CertificateFile(db.Model):
    """The rendered PDF of a certificate, kept in the database so every app process sees it."""

    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificate.id", ondelete="CASCADE"), primary_key=True
    )
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
