"""Account logic: registration, confirmation, login, passwords, roles and organisations."""

import secrets
from functools import cache

from flask import render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.accounts import membership, sessions, throttle, tokens
from lms.accounts.ags import ags_problem
from lms.accounts.models import Organisation, User, UserRole
from lms.accounts.passwords import hash_password, password_problem, verify_password
from lms.audit.services import record as audit
from lms.core.errors import FieldError
from lms.core.mail import send_mail
from lms.core.models import utcnow
from lms.core.permissions import ROLE_LABELS, Role
from lms.extensions import db
from lms.signals import user_registered


class AccountError(FieldError):
    """Bad input for an account action; ``field`` names the form field it belongs to."""


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding blanks."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The user with this address, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_new_password(password: str, email: str, name: str) -> None:
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise AccountError(problem, field="password")


def _organisation_or_none(organisation_id: int | None) -> Organisation | None:
    if not organisation_id:
        return None
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise AccountError("Diese Organisation gibt es nicht.", field="organisation")
    return organisation


def create_user(
    *,
    email: str,
    name: str,
    password: str,
    organisation_id: int | None = None,
    roles: set[Role] = frozenset(),
    confirmed: bool = False,
) -> User:
    """Store a new user after checking e-mail, password and roles; does not commit."""
    email = normalise_email(email)
    name = name.strip()
    if not name:
        raise AccountError("Bitte geben Sie Ihren Namen an.", field="name")
    if find_user_by_email(email):
        raise AccountError(
            "Mit dieser E-Mail-Adresse ist schon ein Konto registriert. "
            "Haben Sie Ihr Passwort vergessen?",
            field="email",
        )
    _check_new_password(password, email, name)
    user = User(
        email=email,
        name=name,
        password_hash=hash_password(password),
        organisation=_organisation_or_none(organisation_id),
        email_confirmed_at=utcnow() if confirmed else None,
    )
    _check_roles(user, roles)
    user.set_roles(set(roles))
    db.session.add(user)
    db.session.flush()
    user_registered.send(user=user)
    return user


def register_user(*, email: str, name: str, password: str, organisation_id: int | None) -> User:
    """Self-registration: store the learner, ask to join the organisation they chose (a
    coordinator confirms it) and send the confirmation mail."""
    organisation = _organisation_or_none(organisation_id)
    user = create_user(email=email, name=name, password=password)
    if organisation is not None:
        membership.request_membership(user, organisation.id, notify=False, commit=False)
    db.session.commit()
    send_confirmation_mail(user)
    return user


def send_confirmation_mail(user: User) -> None:
    """Mail the link that confirms ``user``'s address (valid for 7 days)."""
    token = tokens.make_token(tokens.CONFIRM_EMAIL, user.id, user.email)
    link = url_for("accounts.confirm_email", token=token, _external=True)
    body = render_template("accounts/mail/confirm.txt", user=user, link=link)
    send_mail(user.email, _("Bitte bestätigen Sie Ihre E-Mail-Adresse"), body)


def user_from_token(purpose: str, token: str, state_of) -> User:
    """The user a signed link belongs to, while ``state_of(user)`` is what it was signed for."""
    try:
        user_id, fingerprint = tokens.read_token(purpose, token)
    except tokens.TokenError as error:
        if error.expired:
            raise AccountError(
                "Dieser Link ist abgelaufen. Bitte fordern Sie einen neuen an."
            ) from error
        raise AccountError("Dieser Link ist ungültig. Bitte fordern Sie einen neuen an.") from error
    user = db.session.get(User, user_id)
    if user is None or tokens.fingerprint(state_of(user)) != fingerprint:
        raise AccountError("Dieser Link ist nicht mehr gültig. Bitte fordern Sie einen neuen an.")
    return user


def confirm_email(token: str) -> User:
    """Mark the address in ``token`` as confirmed."""
    user = user_from_token(tokens.CONFIRM_EMAIL, token, lambda u: u.email)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.commit()
        membership.tell_coordinators_once_confirmed(user)
    return user


class LoginRefused(AccountError):
    """Login failed; ``unconfirmed`` is set when only the e-mail confirmation is missing,
    ``wrong_password`` when the address and password did not match."""

    def __init__(self, message: str, unconfirmed: bool = False, wrong_password: bool = False):
        super().__init__(message)
        self.unconfirmed = unconfirmed
        self.wrong_password = wrong_password


class LoginThrottled(AccountError):
    """Too many failed logins for this account from this source: try again in ``wait``
    seconds (the password was not even checked)."""

    def __init__(self, wait: int):
        super().__init__("Zu viele fehlgeschlagene Anmeldeversuche.")
        self.wait = wait


def log_in(email: str, password: str, source: str) -> User:
    """Authenticate, slowed down by earlier failures for this account from this source."""
    wait = throttle.wait_seconds(email, source)
    if wait:
        raise LoginThrottled(wait)
    try:
        user = authenticate(email, password)
    except LoginRefused as refusal:
        if refusal.wrong_password:
            throttle.record_failure(email, source)
        raise
    throttle.record_success(email, source)
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user for these credentials or raise ``LoginRefused`` with a German reason."""
    user = find_user_by_email(email)
    # Verify against a dummy hash for unknown users so timing does not reveal accounts.
    password_hash = user.password_hash if user else _dummy_hash()
    if not verify_password(password_hash, password) or user is None:
        raise LoginRefused("E-Mail-Adresse oder Passwort ist falsch.", wrong_password=True)
    if not user.active:
        raise LoginRefused(
            "Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Administration."
        )
    if user.email_confirmed_at is None:
        raise LoginRefused(
            "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse über den Link in unserer Mail.",
            unconfirmed=True,
        )
    user.last_login_at = utcnow()
    db.session.commit()
    return user


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address belongs to an active account; silent otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = tokens.make_token(tokens.RESET_PASSWORD, user.id, user.password_hash)
    link = url_for("accounts.reset_password", token=token, _external=True)
    body = render_template("accounts/mail/reset.txt", user=user, link=link)
    send_mail(user.email, _("Passwort zurücksetzen"), body)


def check_reset_token(token: str) -> User:
    """The user a reset link belongs to; the link dies once the password has changed."""
    return user_from_token(tokens.RESET_PASSWORD, token, lambda u: u.password_hash)


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link; also confirms the address."""
    user = check_reset_token(token)
    _check_new_password(new_password, user.email, user.name)
    user.password_hash = hash_password(new_password)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    sessions.end_all(user.id)
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one; ends every other session."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError("Das aktuelle Passwort stimmt nicht.", field="current_password")
    _check_new_password(new_password, user.email, user.name)
    user.password_hash = hash_password(new_password)
    sessions.end_all(user.id, keep=user.login_session_key)
    db.session.commit()


def log_out_everywhere(user: User) -> int:
    """End every session of ``user``, this one included; returns how many there were."""
    ended = sessions.end_all(user.id)
    db.session.commit()
    return ended


def update_profile(user: User, *, name: str, locale: str) -> None:
    """Change name and language of ``user`` (organisations: ``lms.accounts.membership``)."""
    name = name.strip()
    if not name:
        raise AccountError("Bitte geben Sie Ihren Namen an.", field="name")
    user.name = name
    user.locale = locale
    db.session.commit()


def _check_roles(user: User, roles: set[Role]) -> None:
    if Role.COORDINATOR in roles and user.organisation is None:
        raise AccountError(
            "Eine Koordinatorin oder ein Koordinator muss einer Organisation angehören.",
            field="roles",
        )


def _role_labels(roles) -> list[str]:
    return [ROLE_LABELS[role] for role in sorted(set(roles) - {Role.LEARNER})]


def _apply_roles(user: User, roles: set[Role], acting_user: User) -> None:
    """Check and set ``roles`` (no commit); the change goes into the audit log."""
    if user.id == acting_user.id and Role.ADMIN not in roles:
        raise AccountError(
            "Sie können sich die Administrationsrolle nicht selbst entziehen.", field="roles"
        )
    _check_roles(user, roles)
    before = user.roles
    user.set_roles(roles)
    if user.roles != before:
        audit("user.roles", actor=acting_user, target_type="user", target_id=user.id,
              target_label=user.name, organisation_id=user.organisation_id,
              details={"before": _role_labels(before), "after": _role_labels(user.roles)})


def set_roles(user: User, roles: set[Role], *, acting_user: User) -> None:
    """Give ``user`` exactly ``roles``; admins cannot take their own admin role away."""
    _apply_roles(user, roles, acting_user)
    db.session.commit()


def set_active(user: User, active: bool, *, acting_user: User) -> None:
    """Deactivate (ending its sessions at once) or reactivate an account; admins cannot lock
    themselves out."""
    if user.id == acting_user.id and not active:
        raise AccountError("Sie können Ihr eigenes Konto nicht deaktivieren.")
    if user.active == active:
        return
    user.active = active
    if not active:
        sessions.end_all(user.id)
    audit("user.reactivated" if active else "user.deactivated", actor=acting_user,
          target_type="user", target_id=user.id, target_label=user.name,
          organisation_id=user.organisation_id)
    db.session.commit()


def admin_update_user(
    user: User, *, name: str, organisation_id: int | None, roles: set[Role], acting_user: User
) -> None:
    """Admin edit of a user's name, organisation and roles in one step, each change logged."""
    name = name.strip()
    if not name:
        raise AccountError("Bitte geben Sie einen Namen an.", field="name")
    organisation = _organisation_or_none(organisation_id)
    if name != user.name:
        audit("user.name", actor=acting_user, target_type="user", target_id=user.id,
              target_label=name, organisation_id=user.organisation_id,
              details={"before": user.name, "after": name})
        user.name = name
    if organisation != user.organisation:
        move_to(user, organisation, acting_user=acting_user)
    try:
        _apply_roles(user, roles, acting_user)
    except AccountError:
        db.session.rollback()
        raise
    db.session.commit()


def move_to(user: User, organisation: Organisation | None, *, acting_user: User | None) -> None:
    """Put ``user`` into ``organisation`` (None: none) and log it; does not commit."""
    audit("user.organisation", actor=acting_user, target_type="user", target_id=user.id,
          target_label=user.name,
          organisation_id=organisation.id if organisation else user.organisation_id,
          details={"before": user.organisation.name if user.organisation else None,
                   "after": organisation.name if organisation else None})
    user.organisation = organisation


def ensure_first_admin(email: str) -> tuple[str, str] | None:
    """Create the first admin with a random password if no admin exists; return its login."""
    if db.session.scalar(
        select(func.count()).select_from(UserRole).where(UserRole.role == Role.ADMIN)
    ):
        return None
    email = normalise_email(email)
    password = secrets.token_urlsafe(12)
    existing = find_user_by_email(email)
    if existing:
        existing.password_hash = hash_password(password)
        existing.set_roles(existing.roles | {Role.ADMIN})
        sessions.end_all(existing.id)
    else:
        create_user(
            email=email,
            name="Administration",
            password=password,
            roles={Role.ADMIN},
            confirmed=True,
        )
    db.session.commit()
    return email, password


def save_organisation(
    organisation: Organisation | None, *, name: str, kind: str, state_code: str, ags: str | None,
    acting_user: User | None = None,
) -> Organisation:
    """Create (``organisation`` None) or update an organisation after validating its AGS;
    a change by ``acting_user`` goes into the audit log."""
    name = name.strip()
    ags = (ags or "").strip() or None
    if not name:
        raise AccountError("Bitte geben Sie einen Namen an.", field="name")
    if ags:
        problem = ags_problem(ags, state_code)
        if problem:
            raise AccountError(problem, field="ags")
    duplicate = db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )
    if duplicate and duplicate is not organisation:
        raise AccountError("Eine Organisation mit diesem Namen gibt es schon.", field="name")
    if ags:
        same_ags = db.session.scalar(select(Organisation).where(Organisation.ags == ags))
        if same_ags and same_ags is not organisation:
            raise AccountError(
                f"Der Gemeindeschlüssel {ags} ist schon bei „{same_ags.name}“ eingetragen.",
                field="ags",
            )
    before = _organisation_facts(organisation) if organisation else None
    organisation = organisation or Organisation()
    organisation.name = name
    organisation.kind = kind
    organisation.state_code = state_code
    organisation.ags = ags
    db.session.add(organisation)
    db.session.flush()
    after = _organisation_facts(organisation)
    if acting_user is not None and before != after:
        audit("organisation.created" if before is None else "organisation.changed",
              actor=acting_user, target_type="organisation", target_id=organisation.id,
              target_label=name, organisation_id=organisation.id,
              details={"after": after} if before is None else {"before": before, "after": after})
    db.session.commit()
    return organisation


def _organisation_facts(organisation: Organisation) -> dict:
    return {"name": organisation.name, "kind": organisation.kind,
            "state_code": organisation.state_code, "ags": organisation.ags}


def organisation_by_ags(ags: str) -> Organisation | None:
    """The organisation with this municipality key."""
    return db.session.scalar(select(Organisation).where(Organisation.ags == ags))


def organisation_choices() -> list[tuple[int, str]]:
    """``(id, name)`` of every organisation, sorted by name, for select fields."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name)
    )
    return [(row.id, row.name) for row in rows]


def set_locale(user: User, locale: str) -> None:
    """Remember the interface language of ``user``."""
    user.locale = locale
    db.session.commit()
