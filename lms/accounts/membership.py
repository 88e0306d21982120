"""Joining or moving to an organisation is a request a coordinator (or an admin) confirms.

Until a request is confirmed the person stays where they were (or in no organisation), so
they appear in no report of the organisation they asked for. Leaving needs no one's
confirmation: it grants nothing. Admins set organisations directly in the user form.
"""

from datetime import datetime
from enum import StrEnum

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import Organisation, User, UserRole
from lms.audit.services import record as audit
from lms.core.i18n import N_
from lms.core.mail import send_mail
from lms.core.models import utcnow
from lms.core.permissions import Role
from lms.extensions import db


class RequestStatus(StrEnum):
    """Where a membership request stands."""

    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    RequestStatus.OPEN: N_("wartet auf Bestätigung"),
    RequestStatus.APPROVED: N_("bestätigt"),
    RequestStatus.REJECTED: N_("abgelehnt"),
    RequestStatus.WITHDRAWN: N_("zurückgezogen"),
}


class MembershipRequest(db.Model):
    """A person asks to belong to an organisation; at most one is open per person."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


class MembershipError(ValueError):
    """A request that cannot be made or decided; the message is German."""


def latest_request_of(user_id: int) -> MembershipRequest | None:
    """The person's newest request, whatever its state (shown on the account page)."""
    return db.session.scalar(
        select(MembershipRequest).where(MembershipRequest.user_id == user_id)
        .order_by(MembershipRequest.created_at.desc(), MembershipRequest.id.desc()).limit(1))


def _withdraw_open(user_id: int) -> None:
    db.session.execute(
        update(MembershipRequest)
        .where(MembershipRequest.user_id == user_id,
               MembershipRequest.status == RequestStatus.OPEN)
        .values(status=RequestStatus.WITHDRAWN, decided_at=utcnow()))


def request_membership(user: User, organisation_id: int, *, notify: bool = True,
                       commit: bool = True) -> MembershipRequest:
    """Ask to join (or move to) an organisation; replaces an open request of the person."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise MembershipError("Diese Organisation gibt es nicht.")
    if organisation.id == user.organisation_id:
        raise MembershipError(f"Sie gehören bereits zu „{organisation.name}“.")
    if user.has_role(Role.COORDINATOR) and not user.is_admin:
        raise MembershipError(
            "Als Koordinatorin oder Koordinator können Sie die Organisation nicht selbst "
            "wechseln. Bitte wenden Sie sich an die Administration.")
    _withdraw_open(user.id)
    request = MembershipRequest(user_id=user.id, organisation_id=organisation.id)
    db.session.add(request)
    db.session.flush()
    if commit:
        db.session.commit()
    if notify:
        _tell_coordinators(request)
    return request


def withdraw(user: User) -> None:
    """Take back the person's open request, if any."""
    _withdraw_open(user.id)
    db.session.commit()


def leave(user: User) -> None:
    """Leave the current organisation at once; coordinators ask the administration."""
    if user.has_role(Role.COORDINATOR):
        raise MembershipError(
            "Als Koordinatorin oder Koordinator können Sie Ihre Organisation nicht selbst "
            "verlassen. Bitte wenden Sie sich an die Administration.")
    user.organisation = None
    db.session.commit()


def open_requests(organisation_id: int | None) -> list[MembershipRequest]:
    """Open requests of confirmed accounts for one organisation, or for all (None: admins),
    oldest first."""
    query = (select(MembershipRequest).join(User, User.id == MembershipRequest.user_id)
             .where(MembershipRequest.status == RequestStatus.OPEN,
                    User.email_confirmed_at.is_not(None)))
    if organisation_id is not None:
        query = query.where(MembershipRequest.organisation_id == organisation_id)
    return list(db.session.scalars(query.order_by(MembershipRequest.created_at,
                                                  MembershipRequest.id)))


def may_decide(user: User, request: MembershipRequest) -> bool:
    """Admins decide every request, coordinators those for their own organisation."""
    return user.is_admin or (user.has_role(Role.COORDINATOR)
                             and user.organisation_id == request.organisation_id)


def decide(request: MembershipRequest, *, approve: bool, acting_user: User) -> None:
    """Confirm (the person moves into the organisation) or refuse an open request."""
    if not may_decide(acting_user, request):
        raise MembershipError("Über diese Anfrage entscheidet eine andere Organisation.")
    if request.status != RequestStatus.OPEN:
        raise MembershipError("Über diese Anfrage ist schon entschieden.")
    person = request.user
    before = person.organisation.name if person.organisation else None
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_at = utcnow()
    request.decided_by_id = acting_user.id
    if approve:
        person.organisation = request.organisation
    audit("membership.approved" if approve else "membership.rejected", actor=acting_user,
          target_type="user", target_id=person.id, target_label=person.name,
          organisation_id=request.organisation_id,
          details={"organisation": request.organisation.name, "before": before})
    db.session.commit()
    _tell_person(request)


def _coordinators_of(organisation_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(User.organisation_id == organisation_id, User.active.is_(True),
               UserRole.role == Role.COORDINATOR)))


def tell_coordinators_once_confirmed(user: User) -> None:
    """After a new account's address is confirmed, its request reaches the coordinators."""
    request = latest_request_of(user.id)
    if request is not None and request.status == RequestStatus.OPEN:
        _tell_coordinators(request)


def _tell_coordinators(request: MembershipRequest) -> None:
    link = url_for("accounts.list_membership_requests", _external=True)
    for coordinator in _coordinators_of(request.organisation_id):
        with force_locale(coordinator.locale):
            body = render_template("accounts/mail/membership_requested.txt",
                                   coordinator=coordinator, request=request, link=link)
            send_mail(coordinator.email, _("Neue Anfrage: %(name)s möchte zu %(organisation)s",
                                           name=request.user.name,
                                           organisation=request.organisation.name), body)


def _tell_person(request: MembershipRequest) -> None:
    person = request.user
    with force_locale(person.locale):
        body = render_template("accounts/mail/membership_decided.txt", person=person,
                               request=request, link=url_for("accounts.profile", _external=True))
        send_mail(person.email, _("Ihre Anfrage an %(organisation)s",
                                  organisation=request.organisation.name), body)
