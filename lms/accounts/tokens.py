"""Signed, expiring tokens for e-mail confirmation, password reset and address change links."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"
CHANGE_EMAIL = "change-email"
MAX_AGE = {CONFIRM_EMAIL: 7 * 24 * 3600, RESET_PASSWORD: 2 * 3600, CHANGE_EMAIL: 24 * 3600}


class TokenError(ValueError):
    """A token that is invalid or expired; ``expired`` tells which."""

    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def fingerprint(value: str) -> str:
    """A short digest that changes whenever ``value`` does (binds a token to a state)."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def make_token(purpose: str, user_id: int, state: str, new_email: str | None = None) -> str:
    """Sign ``user_id`` for ``purpose``; the token dies when ``state`` changes. An address
    change also carries the ``new_email`` it confirms."""
    data = {"u": user_id, "s": fingerprint(state)}
    if new_email is not None:
        data["e"] = new_email
    return _serializer(purpose).dumps(data)


def read_token(purpose: str, token: str) -> tuple[int, str]:
    """Return ``(user_id, state fingerprint)`` or raise ``TokenError``."""
    data = _read(purpose, token)
    return int(data["u"]), str(data["s"])


def read_new_email(token: str) -> str:
    """The address an address-change token confirms (after :func:`read_token` accepted it)."""
    return str(_read(CHANGE_EMAIL, token).get("e", ""))


def _read(purpose: str, token: str) -> dict:
    try:
        data = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadSignature as error:
        raise TokenError(expired=False) from error
    if not isinstance(data, dict) or "u" not in data or "s" not in data:
        raise TokenError(expired=False)
    return data
