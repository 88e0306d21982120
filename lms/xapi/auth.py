"""HTTP Basic authentication of LRS clients and launch credentials, and what each may do."""

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from lms.extensions import db
from lms.xapi.formats import agent_key
from lms.xapi.http import XapiError, XapiRequest
from lms.xapi.models import LaunchCredential
from lms.xapi.services import default_authority, find_active_client, secret_matches

STATEMENTS = "statements"
STATE = "state"
AGENT_PROFILE = "agent_profile"
ACTIVITY_PROFILE = "activity_profile"
ACTIVITIES = "activities"
AGENTS = "agents"


@dataclass(frozen=True)
class Principal:
    """Who is calling: an LRS client (with scopes) or a launched learner session."""

    authority: dict
    scopes: frozenset[str]
    launch_agent_key: str | None = None
    launch_registration: str | None = None
    default_version: str = "2.0.0"

    @property
    def is_launch(self) -> bool:
        return self.launch_agent_key is not None


def _credentials(xreq: XapiRequest) -> tuple[str, str]:
    header = xreq.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        raise XapiError(401, "Authorization: HTTP Basic credentials are required")
    try:
        key, _, secret = base64.b64decode(token.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise XapiError(401, "Authorization: malformed Basic credentials") from error
    return key, secret


def authenticate(xreq: XapiRequest) -> Principal:
    """The principal behind the request's Basic credentials, or a 401."""
    key, secret = _credentials(xreq)
    if key.startswith("launch-"):
        credential = db.session.execute(
            select(LaunchCredential).where(LaunchCredential.key == key)).scalar_one_or_none()
        if (credential is None or not secret_matches(secret, credential.secret_hash)
                or credential.expires_at <= datetime.now(UTC)):
            raise XapiError(401, "Authorization: unknown or expired launch credentials")
        return Principal(authority=default_authority(), scopes=frozenset(),
                         launch_agent_key=credential.agent_key,
                         launch_registration=credential.registration)
    client = find_active_client(key)
    if client is None or not secret_matches(secret, client.secret_hash):
        raise XapiError(401, "Authorization: unknown client or wrong secret")
    authority = {"objectType": "Agent", "name": client.name,
                 "account": {"homePage": current_app.config["BASE_URL"], "name": key}}
    return Principal(authority=authority, scopes=client.scopes,
                     default_version=client.xapi_version)


def version_for_unversioned(xreq: XapiRequest) -> str | None:
    """The version an authenticated client is configured for, to answer a request without one."""
    try:
        return authenticate(xreq).default_version
    except XapiError:
        return None


def authorize(principal: Principal, resource: str, *, write: bool,
              agent: dict | None = None) -> None:
    """Raise 403 unless ``principal`` may read or write ``resource`` (for ``agent``)."""
    if principal.is_launch:
        allowed = (resource == STATEMENTS and write) or resource == STATE or (
            resource == AGENT_PROFILE and not write)
        if not allowed:
            raise XapiError(403, "Authorization: launch credentials may only write this "
                                 "learner's statements and use this learner's state")
        if agent is not None and agent_key(agent) != principal.launch_agent_key:
            raise XapiError(403, "agent: launch credentials belong to another learner")
        return
    needed = "write" if write else "read"
    if needed not in principal.scopes:
        raise XapiError(403, f"Authorization: this client has no {needed} permission")
    if "statements-only" in principal.scopes and resource != STATEMENTS:
        raise XapiError(403, "Authorization: this client may use the Statement resource only")


def authorize_statements(principal: Principal, statements: list[dict]) -> None:
    """Launch credentials may store statements of their learner and registration only."""
    if not principal.is_launch:
        return
    for statement in statements:
        actor = statement.get("actor") if isinstance(statement, dict) else None
        if not isinstance(actor, dict) or agent_key(actor) != principal.launch_agent_key:
            raise XapiError(403, "actor: launch credentials may only record their own learner")
        registration = ((statement.get("context") or {}).get("registration") or "").lower()
        if registration != principal.launch_registration:
            raise XapiError(403, "context.registration: does not match the launch registration")
