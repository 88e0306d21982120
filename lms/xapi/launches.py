"""Launch credentials and cmi5 sessions: minting, the one-time fetch URL, ending sessions.

Credentials belong to one learner (``agent``) and one registration and expire. A cmi5
session is a credential whose secret is minted only when the AU calls the fetch URL, once.
"""

import base64
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lms.extensions import db
from lms.xapi.formats import agent_key
from lms.xapi.models import LaunchCredential
from lms.xapi.services import LaunchLogin, hash_secret

TERMINATED_GRACE = timedelta(seconds=60)
"""After ``terminated`` an AU may still save its state this long; then the token stops."""

FETCH_ERRORS = {
    "1": "Das Zugangstoken wurde schon abgeholt, oder die Sitzung ist abgelaufen.",
    "2": "Unbekannter oder ungültiger Abholcode.",
    "3": "Das Zugangstoken konnte nicht erzeugt werden.",
}
"""cmi5 section 8.2.3: error codes of the fetch URL and their (German) texts."""


def mint_credentials(agent: dict, registration: str, activity_id: str, *,
                     user_id: int | None, ttl_minutes: int = 240,
                     launch_info: dict | None = None) -> LaunchLogin:
    """Key and secret that may act for ``agent`` in ``registration`` only, until they expire."""
    secret = secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + timedelta(minutes=ttl_minutes)
    credential = LaunchCredential(
        key="launch-" + secrets.token_hex(12), secret_hash=hash_secret(secret),
        user_id=user_id, agent_key=agent_key(agent), agent=agent,
        registration=registration.lower(), activity_id=activity_id, expires_at=expires_at,
        launch_info=launch_info or {})
    db.session.add(credential)
    db.session.flush()
    return LaunchLogin(credential.key, secret, expires_at)


def new_session_id() -> str:
    """A fresh cmi5 session id (also for LMS statements outside an AU session)."""
    return str(uuid.uuid4())


def open_session(agent: dict, registration: str, activity_id: str, *, user_id: int | None,
                 launch_mode: str, mastery_score: float | None, publisher_id: str,
                 ttl_minutes: int = 240, launch_info: dict | None = None,
                 session_id: str | None = None) -> tuple[LaunchCredential, str]:
    """A cmi5 AU session; returns it and the one-time fetch token (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    credential = LaunchCredential(
        key="launch-" + secrets.token_hex(12), secret_hash=None, user_id=user_id,
        agent_key=agent_key(agent), agent=agent, registration=registration.lower(),
        activity_id=activity_id,
        expires_at=datetime.now(UTC) + timedelta(minutes=ttl_minutes),
        session_id=session_id or new_session_id(), fetch_token_hash=hash_secret(token),
        launch_mode=launch_mode, mastery_score=mastery_score, publisher_id=publisher_id,
        session_verbs=[], launch_info=launch_info or {})
    db.session.add(credential)
    db.session.flush()
    return credential, token


def fetch_auth_token(token: str) -> tuple[dict, bool]:
    """Answer a call of the fetch URL: ``({"auth-token": …}, True)`` the first time, else the
    cmi5 error object and False. Commits."""
    credential = db.session.execute(
        select(LaunchCredential).where(LaunchCredential.fetch_token_hash == hash_secret(token))
        .with_for_update()).scalar_one_or_none()
    if credential is None:
        return _fetch_error("2"), False
    if (credential.fetched_at is not None or credential.abandoned_at is not None
            or credential.terminated_at is not None
            or credential.expires_at <= datetime.now(UTC)):
        return _fetch_error("1"), False
    secret = secrets.token_urlsafe(32)
    credential.secret_hash = hash_secret(secret)
    credential.fetched_at = datetime.now(UTC)
    db.session.commit()
    token_value = base64.b64encode(f"{credential.key}:{secret}".encode()).decode()
    return {"auth-token": token_value}, True


def _fetch_error(code: str) -> dict:
    return {"error-code": code, "error-text": FETCH_ERRORS[code]}


def session_by_id(session_id: str) -> LaunchCredential | None:
    """The cmi5 session with ``session_id``."""
    return db.session.scalar(
        select(LaunchCredential).where(LaunchCredential.session_id == session_id))


def active_sessions(registration: str) -> list[LaunchCredential]:
    """cmi5 sessions of ``registration`` that neither terminated nor were abandoned."""
    return list(db.session.scalars(
        select(LaunchCredential).where(
            LaunchCredential.registration == registration.lower(),
            LaunchCredential.session_id.is_not(None),
            LaunchCredential.terminated_at.is_(None),
            LaunchCredential.abandoned_at.is_(None),
        ).order_by(LaunchCredential.id)))


def mark_abandoned(session: LaunchCredential) -> float:
    """End ``session`` as abandoned; returns its length in seconds (launch to last statement)."""
    now = datetime.now(UTC)
    session.abandoned_at = now
    session.expires_at = min(session.expires_at, now)
    last = session.last_statement_at or session.created_at
    return max(0.0, (last - session.created_at).total_seconds())


def session_ended(session: LaunchCredential, at: datetime) -> None:
    """After ``terminated``: statements stop at once, other requests after a short grace."""
    session.terminated_at = at
    session.expires_at = min(session.expires_at, at + TERMINATED_GRACE)
