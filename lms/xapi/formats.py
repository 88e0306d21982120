"""Checks for the xAPI data types: IRIs, UUIDs, language maps, timestamps, durations, agents."""

import re
from datetime import UTC, datetime, timedelta, timezone


class StatementError(ValueError):
    """An incoming statement or parameter is invalid; the message names the property."""


UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}"
                     r"-[0-9a-fA-F]{12}$")
IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
LANG_RE = re.compile(
    r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?$"
    r"|^[xX](?:-[A-Za-z0-9]{1,8})+$|^i-[A-Za-z]+$"
)
SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
SHA2_RE = re.compile(r"^[0-9a-fA-F]{56,128}$")
MAILTO_RE = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
TIMESTAMP_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"([Zz]|[+-]\d{2}:\d{2}|[+-]\d{4}|[+-]\d{2})?$"
)
DURATION_RE = re.compile(
    r"^P(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$"
    r"|^P\d+(?:\.\d+)?W$"
)
MEDIA_TYPE_RE = re.compile(r"^[\w.+\-]+/[\w.+\-]+(?:\s*;.*)?$")


def fail(path: str, problem: str) -> None:
    """Raise a :class:`StatementError` naming ``path``."""
    raise StatementError(f"{path}: {problem}")


def require_dict(value, path: str) -> dict:
    if not isinstance(value, dict):
        fail(path, "must be a JSON object")
    return value


def require_string(value, path: str) -> str:
    if not isinstance(value, str):
        fail(path, "must be a string")
    return value


def require_bool(value, path: str) -> bool:
    if not isinstance(value, bool):
        fail(path, "must be true or false")
    return value


def require_number(value, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail(path, "must be a number")
    return value


def allowed_keys(obj: dict, keys: set[str], path: str) -> None:
    """Reject properties the specification does not define for this object."""
    extra = sorted(set(obj) - keys)
    if extra:
        fail(f"{path}.{extra[0]}", "is not allowed here")


def check_uuid(value, path: str) -> str:
    if not isinstance(value, str) or not UUID_RE.match(value):
        fail(path, "must be a UUID")
    return value


def check_iri(value, path: str) -> str:
    if not isinstance(value, str) or not IRI_RE.match(value):
        fail(path, "must be an absolute IRI")
    return value


def check_language_map(value, path: str) -> dict:
    require_dict(value, path)
    for tag, text in value.items():
        if not LANG_RE.match(tag):
            fail(f"{path}.{tag}", "is not a valid RFC 5646 language tag")
        if not isinstance(text, str):
            fail(f"{path}.{tag}", "must be a string")
    return value


def check_extensions(value, path: str) -> dict:
    require_dict(value, path)
    for key in value:
        check_iri(key, f"{path} key {key!r}")
    return value


def parse_timestamp(value, path: str, version: str) -> datetime:
    """Parse an ISO 8601 / RFC 3339 timestamp; 1.0.3 forbids the ``-00:00`` offset."""
    if not isinstance(value, str):
        fail(path, "must be an ISO 8601 timestamp string")
    match = TIMESTAMP_RE.match(value)
    if not match:
        fail(path, "must be an ISO 8601 timestamp with date and time")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone in ("-00:00", "-0000", "-00"):
        fail(path, "must not use the offset -00:00")
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute),
                          int(second), int(((fraction or ".0") + "000000")[1:7]))
    except ValueError:
        fail(path, "is not a valid date and time")
    if not zone or zone in "Zz":
        return moment.replace(tzinfo=UTC)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    return moment.replace(tzinfo=timezone(sign * offset)).astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    """Render a UTC moment as ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def check_duration(value, path: str) -> str:
    if not isinstance(value, str) or not DURATION_RE.match(value):
        fail(path, "must be an ISO 8601 duration")
    return value


def comparable_duration(value: str) -> str:
    """A duration cut to 0.01 s, the precision statements are compared at."""
    return re.sub(r"(\d+)\.(\d{1,2})\d*S$", lambda m: f"{m.group(1)}.{m.group(2):0<2}S", value)


def check_media_type(value, path: str) -> str:
    if not isinstance(value, str) or not MEDIA_TYPE_RE.match(value):
        fail(path, "must be an Internet media type")
    return value


IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


def check_ifi(obj: dict, path: str, *, required: bool) -> None:
    """Exactly one inverse functional identifier, each well formed."""
    present = [key for key in IFIS if key in obj]
    if len(present) > 1:
        fail(path, "must have exactly one of mbox, mbox_sha1sum, openid, account")
    if not present:
        if required:
            fail(path, "needs an identifier (mbox, mbox_sha1sum, openid or account)")
        return
    key = present[0]
    value = obj[key]
    if key == "mbox" and (not isinstance(value, str) or not MAILTO_RE.match(value)):
        fail(f"{path}.mbox", "must be a mailto: IRI")
    if key == "mbox_sha1sum" and (not isinstance(value, str) or not SHA1_RE.match(value)):
        fail(f"{path}.mbox_sha1sum", "must be a hex SHA-1 sum")
    if key == "openid":
        check_iri(value, f"{path}.openid")
    if key == "account":
        require_dict(value, f"{path}.account")
        allowed_keys(value, {"homePage", "name"}, f"{path}.account")
        if "homePage" not in value:
            fail(f"{path}.account.homePage", "is required")
        check_iri(value["homePage"], f"{path}.account.homePage")
        if "name" not in value:
            fail(f"{path}.account.name", "is required")
        require_string(value["name"], f"{path}.account.name")


def agent_key(agent: dict) -> str | None:
    """The stable key of an agent or identified group by its identifier, ``None`` if anonymous."""
    if "mbox" in agent:
        return "mbox:" + str(agent["mbox"]).lower()
    if "mbox_sha1sum" in agent:
        return "sha1:" + str(agent["mbox_sha1sum"]).lower()
    if "openid" in agent:
        return "openid:" + str(agent["openid"])
    account = agent.get("account")
    if isinstance(account, dict):
        return f"account:{account.get('homePage')}|{account.get('name')}"
    return None
