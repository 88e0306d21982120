"""Parsing and checking LRS query parameters (agent JSON, IRIs, UUIDs, booleans, times)."""

from datetime import datetime

from lms.xapi import jsontext
from lms.xapi.formats import StatementError, check_iri, check_uuid, parse_timestamp
from lms.xapi.http import XapiError, XapiRequest
from lms.xapi.validation import validate_actor


def reject_unknown(xreq: XapiRequest, allowed: set[str]) -> None:
    """400 for any parameter this resource does not define."""
    unknown = sorted(set(xreq.params) - allowed)
    if unknown:
        raise XapiError(400, f"{unknown[0]}: unknown parameter")


def required(xreq: XapiRequest, name: str) -> str:
    value = xreq.param(name)
    if value is None or value == "":
        raise XapiError(400, f"{name}: parameter is required")
    return value


def agent_param(xreq: XapiRequest, name: str = "agent", *, needed: bool = True) -> dict | None:
    """The agent (or identified group) given as a JSON parameter."""
    raw = xreq.param(name)
    if raw is None:
        if needed:
            raise XapiError(400, f"{name}: parameter is required")
        return None
    try:
        agent = jsontext.loads(raw)
        validate_actor(agent, name, xreq.version)
    except ValueError as error:
        raise XapiError(400, f"{name}: must be an agent as JSON ({error})") from error
    return agent


def iri_param(xreq: XapiRequest, name: str, *, needed: bool = True) -> str | None:
    value = xreq.param(name)
    if value is None and not needed:
        return None
    try:
        return check_iri(required(xreq, name), name)
    except StatementError as error:
        raise XapiError(400, str(error)) from error


def uuid_param(xreq: XapiRequest, name: str) -> str | None:
    value = xreq.param(name)
    if value is None:
        return None
    try:
        return check_uuid(value, name)
    except StatementError as error:
        raise XapiError(400, str(error)) from error


def bool_param(xreq: XapiRequest, name: str) -> bool:
    value = xreq.param(name)
    if value is None:
        return False
    if value.lower() not in ("true", "false"):
        raise XapiError(400, f"{name}: must be true or false")
    return value.lower() == "true"


def time_param(xreq: XapiRequest, name: str) -> datetime | None:
    value = xreq.param(name)
    if value is None:
        return None
    try:
        return parse_timestamp(value, name, "2.0.0")
    except StatementError as error:
        raise XapiError(400, str(error)) from error


def limit_param(xreq: XapiRequest) -> int:
    value = xreq.param("limit")
    if value is None:
        return 0
    if not value.isdigit():
        raise XapiError(400, "limit: must be a non-negative integer")
    return int(value)
