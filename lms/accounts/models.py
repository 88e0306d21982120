"""Users, their roles, and the organisations (municipalities) they belong to."""

import uuid
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.i18n import N_
from lms.core.models import CreatedAtMixin
from lms.core.permissions import Role
from lms.extensions import db


class OrganisationKind(StrEnum):
    """What kind of body an organisation is."""

    GEMEINDE = "gemeinde"
    STADT = "stadt"
    LANDKREIS = "landkreis"
    VERBAND = "verband"
    SONSTIGE = "sonstige"


ORGANISATION_KIND_LABELS = {
    OrganisationKind.GEMEINDE: N_("Gemeinde"),
    OrganisationKind.STADT: N_("Stadt"),
    OrganisationKind.LANDKREIS: N_("Landkreis"),
    OrganisationKind.VERBAND: N_("Verband"),
    OrganisationKind.SONSTIGE: N_("Sonstige"),
}


class Organisation(CreatedAtMixin, db.Model):
    """A member of the network: a municipality, district, association or other body."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=OrganisationKind.GEMEINDE)
    state_code: Mapped[str] = mapped_column(String(2))
    ags: Mapped[str | None] = mapped_column(String(8), unique=True)

    members: Mapped[list["User"]] = relationship(back_populates="organisation")

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KIND_LABELS.get(self.kind, self.kind)


class UserRole(db.Model):
    """One role held by one user."""

    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))


def _opaque_id() -> str:
    return uuid.uuid4().hex


class User(UserMixin, CreatedAtMixin, db.Model):
    """A person with a login; appears in xAPI statements only by ``xapi_name``."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    xapi_name: Mapped[str] = mapped_column(String(32), unique=True, default=_opaque_id)
    email_confirmed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(5), default="de")

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    login_session_key = None  # not a column: set per request (str | None)
    """The key of the login session this request runs in (``lms.accounts.sessions``)."""

    def get_id(self) -> str | None:  # Flask-Login stores this in the cookies
        return self.login_session_key

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated users cannot log in
        return self.active

    @property
    def roles(self) -> set[Role]:
        return {Role(row.role) for row in self.role_rows} | {Role.LEARNER}

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def has_any_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    def set_roles(self, roles: set[Role]) -> None:
        """Replace the extra roles (learner is implied for everyone)."""
        wanted = {str(role) for role in roles if role != Role.LEARNER}
        self.role_rows = [row for row in self.role_rows if row.role in wanted]
        held = {row.role for row in self.role_rows}
        self.role_rows.extend(UserRole(role=role) for role in sorted(wanted - held))
