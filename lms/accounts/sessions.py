"""Login sessions kept on the server, so that logging out really ends a session.

Each login stores a row with the digest of a random key; the key travels in the signed
session cookie (and the remember-me cookie) as Flask-Login's user id. A request is logged
in only while its row exists, has not expired and the account is active. Deleting rows
ends sessions everywhere at once: logout (this one), a password change (all others),
"Überall abmelden", a password reset and a deactivation (all).

Why not Flask-Login's alternative id alone: one token per account cannot end just the
session that logs out, and server-side sessions (Flask-Session) would write the whole
cookie session to storage on every request; a row per login does both jobs with one
small table that every app process sees.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ForeignKey, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from lms.accounts.models import User
from lms.core.models import utcnow
from lms.extensions import db

LAST_SEEN_EVERY = timedelta(minutes=5)
"""How often a request may write the time a session was last used (not on every request)."""
USER_AGENT_LENGTH = 200


class LoginSession(db.Model):
    """One login of one person in one browser, until logout or expiry."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    remember: Mapped[bool] = mapped_column(default=False)
    user_agent: Mapped[str] = mapped_column(String(USER_AGENT_LENGTH), default="")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def lifetime(remember: bool) -> timedelta:
    """How long a login lasts: ``LMS_SESSION_HOURS``, or ``LMS_REMEMBER_DAYS`` with remember-me."""
    if remember:
        return current_app.config["REMEMBER_COOKIE_DURATION"]
    return current_app.config["LOGIN_SESSION_LIFETIME"]


def start(user: User, *, remember: bool, user_agent: str = "") -> str:
    """Store a new login session for ``user`` and attach its key (Flask-Login's id); commits."""
    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
    key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, key_digest=_digest(key), created_at=now,
                                last_seen_at=now, expires_at=now + lifetime(remember),
                                remember=remember, user_agent=user_agent[:USER_AGENT_LENGTH]))
    db.session.commit()
    user.login_session_key = key
    return key


def load(key: str) -> User | None:
    """The active user of a live session ``key``, with the key attached; None otherwise."""
    row = db.session.scalar(select(LoginSession).where(LoginSession.key_digest == _digest(key)))
    now = utcnow()
    if row is None or row.expires_at <= now:
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen_at >= LAST_SEEN_EVERY:
        db.session.execute(update(LoginSession).where(LoginSession.id == row.id)
                           .values(last_seen_at=now))
        db.session.commit()
    user.login_session_key = key
    return user


def end(key: str | None) -> None:
    """End the one session ``key`` (logout); commits."""
    if key:
        db.session.execute(delete(LoginSession).where(LoginSession.key_digest == _digest(key)))
        db.session.commit()


def end_all(user_id: int, *, keep: str | None = None) -> int:
    """End every session of ``user_id`` but ``keep``; does not commit. Returns how many."""
    query = delete(LoginSession).where(LoginSession.user_id == user_id)
    if keep:
        query = query.where(LoginSession.key_digest != _digest(keep))
    return db.session.execute(query).rowcount


def sessions_of(user_id: int) -> list[LoginSession]:
    """The live sessions of ``user_id``, most recently used first."""
    return list(db.session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.expires_at > utcnow())
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())))


def is_current(session_row: LoginSession, key: str | None) -> bool:
    """True for the row of the session ``key`` (the one making the request)."""
    return bool(key) and session_row.key_digest == _digest(key)


BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"),
            ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def device_label(user_agent: str) -> tuple[str, str]:
    """Browser and system named in a User-Agent header, ``""`` for what it does not say."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in SYSTEMS if marker in user_agent), "")
    return browser, system
