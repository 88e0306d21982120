"""Login throttling by account and source together: growing delays, never a lock.

Failed logins are counted per (account, source address) and per source address across
all accounts. After a few free failures each further one makes the next attempt from
that source wait longer (doubling, capped). The person's own correct password from
another source is never slowed by someone else's guesses, and no count leads to a lock:
once the delay has passed, one attempt is allowed again. A successful login clears the
count of its (account, source).

The counters live in the rate-limit storage (``LMS_RATELIMIT_STORAGE_URI``: memory for
one process, Redis when several app processes share the work). Accounts appear there only
as a digest of the normalised address.
"""

import hashlib
import time
from dataclasses import dataclass

from flask import current_app
from limits.storage import storage_from_string

from lms.extensions import limiter


@dataclass(frozen=True)
class Rule:
    """How failures under one key turn into a delay."""

    scope: str
    free_failures: int
    first_delay: int
    max_delay: int

    def delay_after(self, failures: int) -> int:
        """Seconds to wait after the ``failures``-th failure."""
        if failures <= self.free_failures:
            return 0
        doublings = min(failures - self.free_failures - 1, 30)
        return min(self.max_delay, self.first_delay * 2**doublings)


ACCOUNT_AND_SOURCE = Rule("account-source", free_failures=3, first_delay=2, max_delay=15 * 60)
"""Guesses at one account from one address: 3 free, then 2 s, 4 s, 8 s … up to 15 minutes."""
SOURCE = Rule("source", free_failures=20, first_delay=1, max_delay=60)
"""Guesses at many accounts from one address: 20 free, then 1 s, 2 s … up to one minute
(short, because colleagues behind one office address share it)."""
FAILURE_MEMORY = 24 * 3600
"""Failures are forgotten a day after the first one of a series."""
PREFIX = "lernraum-login"


def _account(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _keys(email: str, source: str) -> list[tuple[Rule, str]]:
    return [(ACCOUNT_AND_SOURCE, f"{_account(email)}/{source}"), (SOURCE, source)]


def _storage():
    """The rate limiter's storage; its own one from the same URI where the rate limiter is
    switched off (``RATELIMIT_ENABLED``), because logins are slowed regardless."""
    if limiter.enabled:
        return limiter.storage
    app = current_app._get_current_object()
    if "lms_login_throttle" not in app.extensions:
        app.extensions["lms_login_throttle"] = storage_from_string(
            app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    return app.extensions["lms_login_throttle"]


def wait_seconds(email: str, source: str) -> int:
    """Seconds until the next login attempt for ``email`` from ``source`` is allowed (0: now)."""
    storage, now = _storage(), time.time()
    wait = 0.0
    for rule, key in _keys(email, source):
        wait_key = f"{PREFIX}/{rule.scope}/wait/{key}"
        if storage.get(wait_key):
            wait = max(wait, storage.get_expiry(wait_key) - now)
    # Redis reports whole seconds (rounded): round, but never say 0 while still waiting.
    return max(1, round(wait)) if wait > 0 else 0


def record_failure(email: str, source: str) -> int:
    """Count a failed attempt; returns the seconds the next attempt from ``source`` must wait."""
    storage, longest = _storage(), 0
    for rule, key in _keys(email, source):
        failures = storage.incr(f"{PREFIX}/{rule.scope}/failures/{key}", FAILURE_MEMORY)
        delay = rule.delay_after(failures)
        if delay:
            wait_key = f"{PREFIX}/{rule.scope}/wait/{key}"
            storage.clear(wait_key)
            storage.incr(wait_key, delay)
            longest = max(longest, delay)
    return longest


def record_success(email: str, source: str) -> None:
    """Forget the failures of this account from this source (not those of the source)."""
    storage = _storage()
    key = f"{_account(email)}/{source}"
    storage.clear(f"{PREFIX}/{ACCOUNT_AND_SOURCE.scope}/failures/{key}")
    storage.clear(f"{PREFIX}/{ACCOUNT_AND_SOURCE.scope}/wait/{key}")
