"""HTTP Basic authentication of LRS clients and launch credentials, and what each may do.

LRS clients act within their scopes. Launch credentials act for one learner in one
registration only: one person can never act as, read or appear in the records of another
with them (see docs/lrs.md, "Was jeder Zugang darf").
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from lms.extensions import db
from lms.xapi import cmi5
from lms.xapi.formats import agent_key
from lms.xapi.http import XapiError, XapiRequest
from lms.xapi.models import LaunchCredential
from lms.xapi.queries import get_statement
from lms.xapi.services import default_authority, find_active_client, secret_matches
from lms.xapi.validation import VOIDED

STATEMENTS = "statements"
STATE = "state"
AGENT_PROFILE = "agent_profile"
ACTIVITY_PROFILE = "activity_profile"
ACTIVITIES = "activities"
AGENTS = "agents"
LAUNCH_READABLE = (STATE, AGENT_PROFILE, ACTIVITY_PROFILE, ACTIVITIES, AGENTS, STATEMENTS)
LAUNCH_WRITABLE = (STATEMENTS, STATE)


@dataclass(frozen=True)
class Principal:
    """Who is calling: an LRS client (with scopes) or a launched learner session."""

    authority: dict
    scopes: frozenset[str]
    launch_agent_key: str | None = None
    launch_registration: str | None = None
    default_version: str = "2.0.0"
    launch: LaunchCredential | None = None

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


def _launch_principal(key: str, secret: str) -> Principal:
    credential = db.session.execute(
        select(LaunchCredential).where(LaunchCredential.key == key)).scalar_one_or_none()
    if (credential is None or credential.secret_hash is None
            or not secret_matches(secret, credential.secret_hash)
            or credential.expires_at <= datetime.now(UTC)):
        raise XapiError(401, "Authorization: unknown or expired launch credentials")
    return Principal(authority=default_authority(), scopes=frozenset(),
                     launch_agent_key=credential.agent_key,
                     launch_registration=credential.registration, launch=credential)


def authenticate(xreq: XapiRequest) -> Principal:
    """The principal behind the request's Basic credentials, or a 401."""
    key, secret = _credentials(xreq)
    if key.startswith("launch-"):
        return _launch_principal(key, secret)
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
              agent: dict | None = None, registration: str | None = None,
              document_id: str | None = None) -> None:
    """Raise 403 unless ``principal`` may read or write ``resource`` (for ``agent``)."""
    if principal.is_launch:
        _authorize_launch(principal, resource, write=write, agent=agent,
                          registration=registration, document_id=document_id)
        return
    needed = "write" if write else "read"
    if needed not in principal.scopes:
        raise XapiError(403, f"Authorization: this client has no {needed} permission")
    if "statements-only" in principal.scopes and resource != STATEMENTS:
        raise XapiError(403, "Authorization: this client may use the Statement resource only")


def _authorize_launch(principal: Principal, resource: str, *, write: bool, agent: dict | None,
                      registration: str | None, document_id: str | None) -> None:
    if resource not in (LAUNCH_WRITABLE if write else LAUNCH_READABLE):
        raise XapiError(403, "Authorization: launch credentials may only write this learner's "
                             "statements and state and read what belongs to them")
    if agent is not None and not _is_learner(principal, agent):
        raise XapiError(403, "agent: launch credentials belong to another learner")
    if resource == STATE:
        if (registration or "").lower() != principal.launch_registration:
            raise XapiError(403, "registration: launch credentials may only use the state of "
                                 "their own registration")
        if principal.launch is not None and principal.launch.is_cmi5:
            cmi5.check_state_request(document_id, write=write)


def _is_learner(principal: Principal, agent: dict) -> bool:
    return (isinstance(agent, dict) and agent.get("objectType", "Agent") == "Agent"
            and agent_key(agent) == principal.launch_agent_key)


def authorize_statement_query(principal: Principal, agent: dict | None,
                              registration: str | None) -> None:
    """Launch credentials read only their learner's statements of their registration."""
    if not principal.is_launch:
        return
    if (registration or "").lower() != principal.launch_registration or agent is None \
            or not _is_learner(principal, agent):
        raise XapiError(403, "Authorization: launch credentials may read statements only with "
                             "agent = their learner and registration = their registration")


def authorize_statement_read(principal: Principal, statement: dict) -> None:
    """A single statement read with launch credentials must be the learner's, in the
    registration."""
    if not principal.is_launch:
        return
    registration = ((statement.get("context") or {}).get("registration") or "").lower()
    if not _is_learner(principal, statement.get("actor") or {}) \
            or registration != principal.launch_registration:
        raise XapiError(404, "statementId: no such statement")


def _identities(holder: dict):
    """Every agent or group a statement (or sub-statement) names besides its authority."""
    yield "actor", holder.get("actor")
    target = holder.get("object") or {}
    if target.get("objectType") in ("Agent", "Group"):
        yield "object", target
    context = holder.get("context") or {}
    for name in ("instructor", "team"):
        if context.get(name) is not None:
            yield f"context.{name}", context[name]
    for item in context.get("contextAgents") or []:
        yield "context.contextAgents", (item or {}).get("agent")
    for item in context.get("contextGroups") or []:
        yield "context.contextGroups", (item or {}).get("group")


def _check_identities(principal: Principal, holder: dict, where: str) -> None:
    for name, identity in _identities(holder):
        if not _is_learner(principal, identity or {}):
            raise XapiError(403, f"{where}{name}: launch credentials may only record "
                                 "statements about their own learner (no other person, no "
                                 "group)")
    target = holder.get("object") or {}
    if target.get("objectType") == "SubStatement":
        _check_identities(principal, target, f"{where}object.")
    elif target.get("objectType") == "StatementRef":
        referenced = get_statement(str(target.get("id", "")))
        if referenced is None or not _is_learner(principal, referenced.get("actor") or {}):
            raise XapiError(403, f"{where}object: launch credentials may only refer to their "
                                 "own learner's statements")


def authorize_statements(principal: Principal, statements: list[dict]) -> None:
    """Launch credentials may store statements of their learner and registration only; a
    cmi5 session also has to follow the cmi5 statement rules."""
    if not principal.is_launch:
        return
    for statement in statements:
        if not isinstance(statement, dict):
            raise XapiError(403, "statement: launch credentials may only record statements")
        if (statement.get("verb") or {}).get("id") == VOIDED:
            raise XapiError(403, "verb: launch credentials may not void statements")
        _check_identities(principal, statement, "")
        registration = ((statement.get("context") or {}).get("registration") or "").lower()
        if registration != principal.launch_registration:
            raise XapiError(403, "context.registration: does not match the launch registration")
    if principal.launch is not None and principal.launch.is_cmi5:
        cmi5.check_statements(principal.launch, statements)
