"""Certificates after issue: rendering with retries, access, lists, revocation, re-issue, checks."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError

from lms.accounts.models import User
from lms.audit.services import record as audit
from lms.certificates import notifications, rendering
from lms.certificates.codes import CodeError, format_code, generate_code, normalise_code
from lms.certificates.issuing import local_date, schedule_render
from lms.certificates.models import (
    Certificate,
    CertificateFile,
    CertificateStatus,
    RenderState,
)
from lms.core.models import utcnow
from lms.core.permissions import Role
from lms.extensions import db

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
FIRST_BACKOFF = timedelta(minutes=1)


class CertificateError(Exception):
    """An action on a certificate that is not possible; ``message`` is German."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Rendering -------------------------------------------------------------------------------

def verify_url(code: str) -> str:
    """The public verification address printed on the certificate and in its QR code."""
    return f"{current_app.config['BASE_URL'].rstrip('/')}/nachweis/{format_code(code)}"


def templates_root() -> Path:
    """The folder holding the certificate templates."""
    return Path(current_app.config["CERTIFICATES_PATH"])


def build_pdf(certificate: Certificate) -> bytes:
    """Render the PDF of ``certificate`` from its snapshot (no database writes)."""
    template = rendering.load_template(templates_root(), certificate.template)
    return rendering.render_pdf(template, certificate.snapshot, certificate.code,
                                verify_url(certificate.code))


def backoff(attempts: int) -> timedelta:
    """How long to wait before the next render attempt: 1, 2, 4 … minutes, at most 6 hours."""
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _record_failure(certificate_id: int, error: Exception) -> None:
    db.session.rollback()
    certificate = db.session.get(Certificate, certificate_id)
    certificate.render_attempts += 1
    certificate.render_state = RenderState.FAILED
    certificate.render_error = f"{type(error).__name__}: {error}"[:2000]
    certificate.render_due_at = utcnow() + backoff(certificate.render_attempts)
    db.session.commit()
    log.error("Nachweis %s konnte nicht erstellt werden (Versuch %s): %s", certificate_id,
              certificate.render_attempts, certificate.render_error)


def render_certificate(certificate_id: int) -> bool:
    """Render and store the PDF of one certificate; commits; True when a PDF is stored."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        return False
    if certificate.render_state == RenderState.RENDERED:
        return True
    try:
        pdf = build_pdf(certificate)
    except Exception as error:  # any failure is recorded and retried; completion stands
        _record_failure(certificate_id, error)
        return False
    db.session.add(CertificateFile(certificate_id=certificate.id, pdf=pdf,
                                   sha256=hashlib.sha256(pdf).hexdigest(), created_at=utcnow()))
    certificate.render_state = RenderState.RENDERED
    certificate.render_attempts += 1
    certificate.render_error = None
    certificate.render_due_at = None
    certificate.rendered_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # another process stored the same PDF first
        db.session.rollback()
        return db.session.get(Certificate, certificate_id).render_state == RenderState.RENDERED
    return True


def due_for_rendering(ignore_backoff: bool = False, limit: int | None = None) -> list[int]:
    """Ids of certificates without PDF whose next attempt is due, oldest first."""
    query = select(Certificate.id).where(Certificate.render_state != RenderState.RENDERED)
    if not ignore_backoff:
        query = query.where(or_(Certificate.render_due_at.is_(None),
                                Certificate.render_due_at <= utcnow()))
    return list(db.session.scalars(query.order_by(Certificate.id).limit(limit)))


def render_due(ignore_backoff: bool = False, limit: int | None = None) -> tuple[int, int]:
    """Render every due certificate (or the ``limit`` oldest); returns (rendered, failed)."""
    rendered = failed = 0
    for certificate_id in due_for_rendering(ignore_backoff, limit):
        if render_certificate(certificate_id):
            rendered += 1
        else:
            failed += 1
    return rendered, failed


def render_due_report() -> str:
    """``lms init`` step: retry due renders and say so in one German line."""
    rendered, failed = render_due()
    return (f"{rendered} PDF-Nachweise erstellt, {failed} fehlgeschlagen "
            "(werden später erneut versucht).")


def pdf_for(certificate: Certificate) -> bytes | None:
    """The stored PDF, rendering it now if it is due; None while it is being prepared."""
    if certificate.render_state != RenderState.RENDERED:
        due = certificate.render_due_at is None or certificate.render_due_at <= utcnow()
        if not due or not render_certificate(certificate.id):
            return None
    stored = db.session.get(CertificateFile, certificate.id)
    return stored.pdf if stored else None


def download_name(certificate: Certificate) -> str:
    """File name of the downloaded PDF."""
    prefix = "zertifikat" if certificate.subject_kind == "course" else "teilnahmebestaetigung"
    return f"{prefix}-{format_code(certificate.code)}.pdf"


# Access and lists ------------------------------------------------------------------------

def can_view(user: User, certificate: Certificate) -> bool:
    """Owners, admins, and coordinators of the owner's organisation may see a certificate."""
    if not user.is_authenticated:
        return False
    if user.id == certificate.user_id or user.has_role(Role.ADMIN):
        return True
    owner = certificate.user
    return (user.has_role(Role.COORDINATOR) and user.organisation_id is not None
            and owner is not None and owner.organisation_id == user.organisation_id)


def certificates_of(user_id: int) -> list[Certificate]:
    """A learner's certificates, newest first."""
    return list(db.session.scalars(
        select(Certificate).where(Certificate.user_id == user_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    ))


def _search(query: Select, search: str) -> Select:
    search = (search or "").strip()
    if not search:
        return query
    pattern = f"%{search.lower()}%"
    conditions = [func.lower(Certificate.learner_name).like(pattern),
                  func.lower(Certificate.title).like(pattern),
                  func.lower(User.email).like(pattern)]
    compact = "".join(ch for ch in search.upper() if ch.isalnum())
    if compact:
        conditions.append(Certificate.code.like(f"%{compact}%"))
    return query.where(or_(*conditions))


def organisation_certificates(organisation_id: int | None, search: str = "") -> Select:
    """Query of the certificates held by members of one organisation."""
    query = (select(Certificate).join(User, Certificate.user_id == User.id)
             .where(User.organisation_id == organisation_id))
    if organisation_id is None:
        query = query.where(False)
    return _search(query, search).order_by(Certificate.issued_at.desc(), Certificate.id.desc())


def all_certificates(search: str = "", status: str = "") -> Select:
    """Query of every certificate for the admin list, filtered by text and status."""
    query = select(Certificate).join(User, Certificate.user_id == User.id)
    if status in {s.value for s in CertificateStatus}:
        query = query.where(Certificate.status == status)
    elif status == "vorbereitung":
        query = query.where(Certificate.render_state != RenderState.RENDERED)
    return _search(query, search).order_by(Certificate.issued_at.desc(), Certificate.id.desc())


# Revocation and re-issue -----------------------------------------------------------------

def revoke(certificate: Certificate, reason: str, acting_user: User) -> None:
    """Mark a valid certificate as revoked, with reason, date and who did it."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("Bitte geben Sie einen Grund für den Widerruf an.")
    if certificate.status != CertificateStatus.VALID:
        raise CertificateError(f"Dieser Nachweis ist bereits {certificate.status_label}.")
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = utcnow()
    certificate.revoke_reason = reason
    certificate.revoked_by_id = acting_user.id
    audit("certificate.revoked", actor=acting_user, target_type="certificate",
          target_id=certificate.id, target_label=_audit_label(certificate),
          organisation_id=_owner_organisation(certificate),
          details={"code": certificate.code, "reason": reason})
    db.session.commit()
    notifications.certificate_revoked(certificate)


def _audit_label(certificate: Certificate) -> str:
    return f"{certificate.title} – {certificate.learner_name}"


def _owner_organisation(certificate: Certificate) -> int | None:
    return certificate.user.organisation_id if certificate.user else None


def reissue(certificate: Certificate, acting_user: User) -> Certificate:
    """Issue a new certificate with the learner's current name; the old one becomes replaced."""
    if certificate.status != CertificateStatus.VALID:
        raise CertificateError(
            f"Nur gültige Nachweise können neu ausgestellt werden; dieser ist "
            f"{certificate.status_label}."
        )
    owner = certificate.user
    if owner.name == certificate.learner_name:
        raise CertificateError(
            "Der Name im Profil stimmt mit dem Nachweis überein. Korrigieren Sie zuerst den "
            "Namen im Konto, dann stellen Sie den Nachweis neu aus."
        )
    generation = db.session.scalar(
        select(func.max(Certificate.generation)).where(
            Certificate.user_id == certificate.user_id,
            Certificate.subject_kind == certificate.subject_kind,
            Certificate.subject_id == certificate.subject_id,
        )
    ) + 1
    snapshot = {**certificate.snapshot, "learner_name": owner.name,
                "issued_on": local_date(utcnow())}
    replacement = Certificate(
        user_id=certificate.user_id, subject_kind=certificate.subject_kind,
        subject_id=certificate.subject_id, generation=generation, code=generate_code(),
        template=certificate.template, learner_name=owner.name, title=certificate.title,
        snapshot=snapshot, completed_at=certificate.completed_at, issued_at=utcnow(),
    )
    db.session.add(replacement)
    db.session.flush()
    certificate.status = CertificateStatus.REPLACED
    certificate.replaced_at = utcnow()
    certificate.replaced_by_id = replacement.id
    schedule_render(replacement.id)
    audit("certificate.reissued", actor=acting_user, target_type="certificate",
          target_id=certificate.id, target_label=_audit_label(certificate),
          organisation_id=_owner_organisation(certificate),
          details={"before": certificate.learner_name, "after": owner.name,
                   "code": certificate.code, "replacement_code": replacement.code})
    log.info("Nachweis %s durch %s ersetzt (von Nutzer %s).", certificate.id, replacement.id,
             acting_user.id)
    db.session.commit()
    notifications.certificate_replaced(certificate, replacement)
    return replacement


# Public verification ---------------------------------------------------------------------

@dataclass(frozen=True)
class Verification:
    """The answer to "is this code genuine?" for the public page."""

    state: str  # valid | revoked | replaced | unknown | malformed
    code: str
    message: str = ""
    certificate: Certificate | None = None
    replacement: Certificate | None = None


def verify(typed: str) -> Verification:
    """Look up a typed code; never raises for bad input."""
    try:
        code = normalise_code(typed)
    except CodeError as error:
        return Verification("malformed", (typed or "").strip()[:40], error.message)
    certificate = db.session.scalars(select(Certificate).where(Certificate.code == code)).first()
    if certificate is None:
        return Verification("unknown", format_code(code))
    replacement = certificate.replaced_by
    while replacement is not None and replacement.replaced_by is not None:
        replacement = replacement.replaced_by
    return Verification(certificate.status, format_code(code), certificate=certificate,
                        replacement=replacement)
