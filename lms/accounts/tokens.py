"""Signed, expiring tokens for e-mail confirmation and password reset links."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"
MAX_AGE = {CONFIRM_EMAIL: 7 * 24 * 3600, RESET_PASSWORD: 2 * 3600}


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


def make_token(purpose: str, user_id: int, state: str) -> str:
    """Sign ``user_id`` for ``purpose``; the token dies when ``state`` changes."""
    return _serializer(purpose).dumps({"u": user_id, "s": fingerprint(state)})


def read_token(purpose: str, token: str) -> tuple[int, str]:
    """Return ``(user_id, state fingerprint)`` or raise ``TokenError``."""
    try:
        data = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadSignature as error:
        raise TokenError(expired=False) from error
    return int(data["u"]), str(data["s"])
