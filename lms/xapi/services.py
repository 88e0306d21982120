"""The LRS as the rest of Lernraum calls it in-process: statements, state, clients, launches."""

import base64
import hashlib
import hmac
import json
import secrets
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError, OperationalError

from lms import signals
from lms.core.database import one_writer_at_a_time
from lms.extensions import db
from lms.xapi import documents, queries, storage
from lms.xapi.formats import StatementError, agent_key
from lms.xapi.models import LaunchCredential, LrsClient
from lms.xapi.storage import StatementConflict
from lms.xapi.validation import validate_statement

__all__ = ["StatementError", "StatementConflict", "record_statements", "query_statements",
           "get_statement", "get_state", "put_state", "delete_state", "get_agent_profile",
           "put_agent_profile", "create_client",
           "mint_launch_credentials"]

SCOPES = ("read", "write", "statements-only")
VERSIONS = ("2.0.0", "1.0.3")
WRITE_ATTEMPTS = 5
CLIENT_MEMORY_SECONDS = 5
RETRYABLE_STATES = ("40P01", "40001")


def default_authority() -> dict:
    """The authority of statements Lernraum records itself."""
    return {"objectType": "Agent",
            "account": {"homePage": current_app.config["BASE_URL"], "name": "lernraum"}}


def validate_statements(statements: list[dict], version: str = "1.0.3") -> None:
    """Raise :class:`StatementError` naming the property of the first invalid statement."""
    if not isinstance(statements, list):
        raise StatementError("statements: must be a statement or an array of statements")
    for index, statement in enumerate(statements):
        path = "statement" if len(statements) == 1 else f"statements[{index}]"
        validate_statement(statement, version, path)


def record_statements(statements: list[dict], *, authority: dict | None = None,
                      version: str = "1.0.3", commit: bool = True,
                      attachments: dict | None = None, validated: bool = False) -> list[str]:
    """Validate (unless ``validated``) and store a batch atomically; return the ids."""
    if not validated:
        validate_statements(statements, version)
    attempts = WRITE_ATTEMPTS if commit else 1
    for attempt in range(1, attempts + 1):
        try:
            with one_writer_at_a_time(db.engine) if commit else nullcontext():
                ids, definitions = storage.store(
                    statements, authority=authority or default_authority(), version=version,
                    attachments=attachments)
                if commit:
                    db.session.commit()
            if commit:
                storage.remember_committed(definitions)
            return ids
        except (IntegrityError, OperationalError) as error:
            # A concurrent writer stored one of these ids first (look again: same or 409),
            # or the database chose this transaction as a deadlock victim: try again.
            db.session.rollback()
            if attempt == attempts or not _retryable(error):
                raise
        except Exception:
            db.session.rollback()
            raise
    return []


def _retryable(error: Exception) -> bool:
    """Unique violations, deadlocks, serialisation failures and SQLite lock timeouts."""
    if isinstance(error, IntegrityError):
        return True
    state = getattr(error.orig, "sqlstate", None)
    return state in RETRYABLE_STATES or "locked" in str(error.orig)


def query_statements(*, agent=None, verb=None, activity=None, registration=None,
                     related_activities=False, related_agents=False, since=None, until=None,
                     limit=0, ascending=False, format="exact", more=None):
    """Stored statements matching the filters (newest first) and a ``more`` token or ``None``."""
    return queries.query_statements(
        agent=agent, verb=verb, activity=activity, registration=registration,
        related_activities=related_activities, related_agents=related_agents, since=since,
        until=until, limit=limit, ascending=ascending, format=format, more=more)


def get_statement(statement_id: str, *, voided: bool = False) -> dict | None:
    """One statement by id (``voided=True`` to read a voided one), or ``None``."""
    return queries.get_statement(statement_id, voided=voided)


def _state_address(activity_id: str, agent: dict, registration: str | None):
    return documents.Address(documents.STATE, activity_id, agent, registration or "")


def get_state(activity_id: str, agent: dict, state_id: str, registration: str | None = None):
    """A State document's value (JSON decoded when JSON, else bytes), or ``None``."""
    document = documents.get_document(_state_address(activity_id, agent, registration),
                                      state_id)
    if document is None:
        return None
    if documents.is_json(document.content_type):
        return json.loads(document.content)
    return document.content


def put_state(activity_id: str, agent: dict, state_id: str, value, registration=None, *,
              content_type: str | None = None, commit: bool = True) -> None:
    """Store a State document (dicts and lists as JSON, bytes as they are)."""
    if isinstance(value, bytes):
        content, content_type = value, content_type or "application/octet-stream"
    else:
        content, content_type = json.dumps(value).encode(), documents.JSON_TYPE
    documents.save_document(_state_address(activity_id, agent, registration), state_id,
                            content, content_type)
    if commit:
        db.session.commit()


def delete_state(activity_id: str, agent: dict, state_id: str | None = None,
                 registration: str | None = None, *, commit: bool = True) -> None:
    """Delete one State document, or all of this agent in this activity if no id is given."""
    documents.delete_documents(_state_address(activity_id, agent, registration), state_id)
    if commit:
        db.session.commit()


def get_agent_profile(agent: dict, profile_id: str):
    """An Agent Profile document (JSON decoded when JSON, else bytes), or ``None``."""
    document = documents.get_document(documents.Address(documents.AGENT_PROFILE, agent=agent),
                                      profile_id)
    if document is None:
        return None
    if documents.is_json(document.content_type):
        return json.loads(document.content)
    return document.content


def put_agent_profile(agent: dict, profile_id: str, value: dict, *, commit: bool = True) -> None:
    """Store an Agent Profile document as JSON (e.g. cmi5 learner preferences)."""
    documents.save_document(documents.Address(documents.AGENT_PROFILE, agent=agent), profile_id,
                            json.dumps(value).encode(), documents.JSON_TYPE)
    if commit:
        db.session.commit()


def hash_secret(secret: str) -> str:
    """SHA-256 of a random secret (secrets are 256-bit tokens, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


_ACTIVE_CLIENT = select(
    LrsClient.name, LrsClient.secret_hash, LrsClient.scopes, LrsClient.xapi_version
).where(LrsClient.key == bindparam("key"), LrsClient.active.is_(True))


def create_client(name: str, scopes: tuple[str, ...] | list[str] = ("read", "write"),
                  xapi_version: str = "2.0.0", *, actor=None) -> tuple[LrsClient, str]:
    """Create an LRS client; returns it and its secret (shown once, only the hash is kept).

    ``actor`` (the acting user, None on the command line) goes into the audit log.
    """
    name = (name or "").strip()
    if not name:
        raise StatementError("Name: Bitte geben Sie einen Namen ein.")
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise StatementError(f"Scope: unbekannter Bereich {sorted(unknown)[0]!r}.")
    if xapi_version not in VERSIONS:
        raise StatementError(f"Version: unbekannte xAPI-Version {xapi_version!r}.")
    if not set(scopes) & {"read", "write"}:
        raise StatementError("Scope: Bitte wählen Sie mindestens Lesen oder Schreiben.")
    secret = secrets.token_urlsafe(32)
    client = LrsClient(name=name[:120], key=secrets.token_hex(16), secret_hash=hash_secret(secret),
                       scopes=",".join(scope for scope in SCOPES if scope in scopes),
                       xapi_version=xapi_version)
    db.session.add(client)
    db.session.flush()
    signals.audit_event.send(None, action="lrs_client.created", actor=actor,
                             target_type="lrs_client", target_id=client.id,
                             target_label=client.name,
                             details={"key": client.key, "scopes": client.scopes.split(",")})
    db.session.commit()
    return client, secret


def list_clients() -> list[LrsClient]:
    """All LRS clients, newest first."""
    return list(db.session.execute(select(LrsClient).order_by(LrsClient.id.desc())).scalars())


def set_client_active(client: LrsClient, active: bool, *, actor=None) -> None:
    """Enable or revoke an LRS client (this process forgets it at once, see below)."""
    client.active = active
    signals.audit_event.send(None, action="lrs_client.unlocked" if active else "lrs_client.locked",
                             actor=actor, target_type="lrs_client", target_id=client.id,
                             target_label=client.name, details={"key": client.key})
    db.session.commit()
    _clients_seen().pop(client.key, None)


@dataclass(frozen=True)
class ActiveClient:
    """What authentication needs to know of an active LRS client."""

    name: str
    secret_hash: str
    scopes: frozenset[str]
    xapi_version: str
    seen_at: float


def _clients_seen() -> dict[str, ActiveClient]:
    return current_app.extensions.setdefault("xapi_clients_seen", {})


def find_active_client(key: str) -> ActiveClient | None:
    """The active client with ``key``, or ``None``.

    Each process remembers a client for ``CLIENT_MEMORY_SECONDS`` so that a client posting
    statement after statement costs no query each time; a revocation therefore reaches the
    other processes within that time (the revoking process forgets the client at once).
    """
    seen = _clients_seen()
    client = seen.get(key)
    if client is not None and time.monotonic() - client.seen_at < CLIENT_MEMORY_SECONDS:
        return client
    row = db.session.execute(_ACTIVE_CLIENT, {"key": key}).first()
    if row is None:
        seen.pop(key, None)
        return None
    client = ActiveClient(row.name, row.secret_hash, frozenset(row.scopes.split(",")),
                          row.xapi_version, time.monotonic())
    seen[key] = client
    return client


@dataclass(frozen=True)
class LaunchLogin:
    """What launched content needs to talk to the LRS."""

    key: str
    secret: str
    expires_at: datetime

    @property
    def authorization(self) -> str:
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        return "Basic " + token


def mint_launch_credentials(user, registration: str, activity_id: str, *,
                            agent: dict | None = None, ttl_minutes: int = 240) -> LaunchLogin:
    """Short-lived key/secret allowed to write ``user``'s statements and state only."""
    agent = agent or {"objectType": "Agent", "account": {
        "homePage": current_app.config["BASE_URL"], "name": user.xapi_name}}
    secret = secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + timedelta(minutes=ttl_minutes)
    credential = LaunchCredential(
        key="launch-" + secrets.token_hex(12), secret_hash=hash_secret(secret),
        user_id=getattr(user, "id", None), agent_key=agent_key(agent), agent=agent,
        registration=registration.lower(), activity_id=activity_id, expires_at=expires_at)
    db.session.add(credential)
    db.session.commit()
    return LaunchLogin(credential.key, secret, expires_at)


def secret_matches(secret: str, secret_hash: str) -> bool:
    """Constant-time comparison of a presented secret with a stored hash."""
    return hmac.compare_digest(hash_secret(secret), secret_hash)
