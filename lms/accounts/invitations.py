"""Invitations by e-mail: an admin or coordinator invites a person into an organisation; the
link lets them set a password, and the account starts confirmed and in that organisation
(an invitation by the organisation's coordinator is the confirmation of membership)."""

import csv
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from lms.accounts.models import Organisation, User
from lms.accounts.services import create_user, normalise_email
from lms.core.errors import FieldError
from lms.core.mail import send_mail
from lms.core.models import utcnow
from lms.core.permissions import ROLE_LABELS, Role
from lms.extensions import db


class Invitation(db.Model):
    """One invitation; only the SHA-256 of its link token is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    roles: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    @property
    def role_set(self) -> set[str]:
        return {role for role in self.roles.split(",") if role}


INVITATION_DAYS = 14
MAX_ROWS = 2000
INVITABLE_BY_ADMIN = (Role.COORDINATOR, Role.AUTHOR, Role.NETWORK)
"""Roles an admin may give with an invitation; coordinators invite learners only."""


class InvitationError(FieldError):
    """Bad input for an invitation; ``field`` names the form field it belongs to."""


@dataclass(frozen=True)
class Candidate:
    """One person to invite, from the form or a line of a CSV list, with its verdict."""

    line: int
    email: str
    name: str
    role: str = ""
    problem: str = ""

    @property
    def accepted(self) -> bool:
        return not self.problem


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _email_problem(email: str) -> str:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return _("keine gültige E-Mail-Adresse")
    return ""


def _role_problem(role: str, inviter: User, organisation: Organisation | None) -> str:
    if not role or role == Role.LEARNER:
        return ""
    if not inviter.is_admin:
        return _("Koordinatorinnen und Koordinatoren laden nur Lernende ein")
    if role not in {str(r) for r in INVITABLE_BY_ADMIN}:
        return _("unbekannte Rolle „%(role)s“", role=role)
    if role == Role.COORDINATOR and organisation is None:
        return _("Koordination braucht eine Organisation")
    return ""


def _existing(emails: list[str]) -> set[str]:
    return set(db.session.scalars(select(User.email).where(User.email.in_(emails))))


def check(candidates: list[Candidate], inviter: User,
          organisation: Organisation | None) -> list[Candidate]:
    """Each candidate with the reason it is refused, if any: invalid address, missing name,
    a role the inviter may not give, listed twice, or an account exists already."""
    emails = [candidate.email for candidate in candidates]
    taken = _existing(emails) if emails else set()
    seen: set[str] = set()
    checked = []
    for candidate in candidates:
        problem = (_email_problem(candidate.email)
                   or ("" if candidate.name else _("Name fehlt"))
                   or _role_problem(candidate.role, inviter, organisation))
        if not problem and candidate.email in seen:
            problem = _("steht schon weiter oben in der Liste")
        if not problem and candidate.email in taken:
            problem = _("für diese Adresse gibt es schon ein Konto")
        seen.add(candidate.email)
        checked.append(Candidate(candidate.line, candidate.email, candidate.name,
                                 candidate.role, problem))
    return checked


def _norm_role(text: str) -> str:
    """``Koordination``, ``coordinator`` and the like to a role value; unknown text stays."""
    value = text.strip().lower()
    for role, label in ROLE_LABELS.items():
        if value in (str(role), label.lower()):
            return str(role)
    return value


def parse_list(text: str) -> list[Candidate]:
    """The candidates of a CSV list: ``E-Mail;Name[;Rolle]`` (or with commas), a header
    line is recognised and skipped; raises ``InvitationError`` for an unreadable list."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InvitationError(_("Die Liste ist leer."), "people_list")
    dialect = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    rows = list(csv.reader(lines, delimiter=dialect))
    start = 1 if rows and any("mail" in cell.lower() for cell in rows[0]) else 0
    if len(rows) - start > MAX_ROWS:
        raise InvitationError(_("Bitte laden Sie höchstens %(max)s Personen auf einmal ein.",
                                max=MAX_ROWS), "people_list")
    candidates = []
    for number, row in enumerate(rows[start:], start + 1):
        cells = [cell.strip() for cell in row] + ["", "", ""]
        candidates.append(Candidate(number, normalise_email(cells[0]), cells[1][:120],
                                    _norm_role(cells[2])))
    return candidates


def invite(candidates: list[Candidate], inviter: User,
           organisation: Organisation | None) -> list[Invitation]:
    """Store an invitation for each accepted candidate (refreshing an open one for the same
    address) and mail its link; checks the candidates again first."""
    accepted = [c for c in check(candidates, inviter, organisation) if c.accepted]
    sent = []
    for candidate in accepted:
        token = secrets.token_urlsafe(32)
        db.session.execute(delete(Invitation).where(Invitation.email == candidate.email,
                                                    Invitation.accepted_at.is_(None)))
        invitation = Invitation(
            email=candidate.email, name=candidate.name,
            organisation_id=organisation.id if organisation else None,
            roles="" if candidate.role in ("", Role.LEARNER) else candidate.role,
            token_hash=_hash(token), invited_by_id=inviter.id,
            expires_at=utcnow() + timedelta(days=INVITATION_DAYS))
        db.session.add(invitation)
        db.session.flush()
        _mail(invitation, token, inviter, organisation)
        sent.append(invitation)
    db.session.commit()
    return sent


def _mail(invitation: Invitation, token: str, inviter: User,
          organisation: Organisation | None) -> None:
    link = url_for("accounts.accept_invitation", token=token, _external=True)
    body = render_template("accounts/mail/invitation.txt", invitation=invitation,
                           inviter=inviter, organisation=organisation, link=link,
                           days=INVITATION_DAYS)
    send_mail(invitation.email, _("Einladung zu Lernraum"), body)


def open_invitation(token: str) -> Invitation | None:
    """The unexpired, not yet accepted invitation of a link token."""
    return db.session.scalar(select(Invitation).where(
        Invitation.token_hash == _hash(token), Invitation.accepted_at.is_(None),
        Invitation.expires_at > utcnow()))


def accept(invitation: Invitation, *, name: str, password: str) -> User:
    """Create the invited account: confirmed, in the organisation, with the roles given."""
    user = create_user(email=invitation.email, name=name, password=password,
                       organisation_id=invitation.organisation_id,
                       roles={Role(role) for role in invitation.role_set}, confirmed=True)
    invitation.accepted_at, invitation.user_id = utcnow(), user.id
    db.session.commit()
    return user


def invitations_of(organisation_id: int | None, *, everyone: bool = False):
    """The invitations into an organisation (admins: all), newest first."""
    query = select(Invitation).order_by(Invitation.created_at.desc(), Invitation.id.desc())
    return query if everyone else query.where(Invitation.organisation_id == organisation_id)
