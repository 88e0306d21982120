"""Login throttling: growing delays per account and source, never a lock a stranger can set."""

import time

import pytest

from lms.accounts import throttle
from lms.extensions import limiter
from tests.conftest import PASSWORD

ATTACKER = "198.51.100.7"
PERSON = "203.0.113.20"
WRONG = "falsch-falsch-falsch"


class Clock:
    """A clock the test moves forward (the throttle and the memory storage both read it)."""

    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


def _attempt(client, email, password, source):
    return client.post("/anmelden", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": source})


def test_the_first_three_failures_cost_nothing(client, clock, make_user):
    user = make_user()
    for _ in range(3):
        assert _attempt(client, user.email, WRONG, ATTACKER).status_code == 401

    assert _attempt(client, user.email, PASSWORD, ATTACKER).status_code == 302


def test_after_the_free_failures_the_next_attempt_waits_without_checking_the_password(
    client, clock, make_user
):
    user = make_user()
    for _ in range(4):
        _attempt(client, user.email, WRONG, ATTACKER)

    response = _attempt(client, user.email, PASSWORD, ATTACKER)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "2"
    assert "Bitte warten Sie 2 Sekunden" in response.get_data(as_text=True)


def test_delays_double_with_each_further_failure(client, clock, make_user):
    user = make_user()
    for _ in range(3):
        _attempt(client, user.email, WRONG, ATTACKER)

    waits = []
    for _ in range(4):
        _attempt(client, user.email, WRONG, ATTACKER)
        blocked = _attempt(client, user.email, WRONG, ATTACKER)
        waits.append(int(blocked.headers["Retry-After"]))
        clock.advance(waits[-1])

    assert waits == [2, 4, 8, 16]


def test_the_persons_correct_password_works_from_elsewhere_during_an_attack(
    client, clock, make_user
):
    user = make_user()
    for _ in range(12):
        clock.advance(throttle.wait_seconds(user.email, ATTACKER))
        _attempt(client, user.email, WRONG, ATTACKER)
    assert _attempt(client, user.email, WRONG, ATTACKER).status_code == 429

    assert _attempt(client, user.email, PASSWORD, PERSON).status_code == 302


def test_there_is_no_lock_once_the_delay_has_passed(client, clock, make_user):
    user = make_user()
    for _ in range(6):
        _attempt(client, user.email, WRONG, ATTACKER)
        clock.advance(throttle.wait_seconds(user.email, ATTACKER))

    assert _attempt(client, user.email, PASSWORD, ATTACKER).status_code == 302
    assert throttle.wait_seconds(user.email, ATTACKER) == 0  # the success cleared the count


def test_the_delay_never_exceeds_fifteen_minutes(client, clock, make_user):
    user = make_user()
    for _ in range(40):
        throttle.record_failure(user.email, ATTACKER)

    assert throttle.wait_seconds(user.email, ATTACKER) == 15 * 60


def test_guessing_at_many_accounts_from_one_source_is_slowed_too(client, clock, make_user):
    for n in range(20):
        _attempt(client, f"jemand{n}@beispiel.de", WRONG, ATTACKER)
    assert throttle.wait_seconds("neu@beispiel.de", ATTACKER) == 0

    _attempt(client, "noch-jemand@beispiel.de", WRONG, ATTACKER)

    assert throttle.wait_seconds("neu@beispiel.de", ATTACKER) == 1
    assert throttle.wait_seconds("neu@beispiel.de", PERSON) == 0


def test_refusals_with_the_right_password_are_no_guesses(client, clock, make_user):
    user = make_user(confirmed=False)
    for _ in range(10):
        _attempt(client, user.email, PASSWORD, ATTACKER)

    assert throttle.wait_seconds(user.email, ATTACKER) == 0


def test_the_storage_never_holds_an_address(client, clock, make_user):
    user = make_user()
    for _ in range(5):
        _attempt(client, user.email, WRONG, ATTACKER)

    keys = list(limiter.storage.storage)
    assert keys and not any(user.email in key for key in keys)


@pytest.mark.parametrize(("failures", "delay"), [(0, 0), (3, 0), (4, 2), (5, 4), (12, 512),
                                                  (13, 900), (1000, 900)])
def test_delay_rule(failures, delay):
    assert throttle.ACCOUNT_AND_SOURCE.delay_after(failures) == delay


def test_logins_are_slowed_also_where_the_rate_limiter_is_switched_off(
    app, client, clock, make_user, monkeypatch
):
    monkeypatch.setattr(limiter, "enabled", False)  # RATELIMIT_ENABLED = False: the limiter
    monkeypatch.setattr(limiter, "_storage", None)  # then has no storage at all
    app.extensions.pop("lms_login_throttle", None)
    user = make_user()
    for _ in range(4):
        _attempt(client, user.email, WRONG, ATTACKER)

    assert _attempt(client, user.email, PASSWORD, ATTACKER).status_code == 429
    app.extensions.pop("lms_login_throttle", None)
