"""Login throttling holds across several app processes that share the Redis storage."""

import time

import pytest
import redis

from lms import create_app
from lms.accounts import services as accounts
from lms.extensions import db
from tests.conftest import PASSWORD
from tests.servers import Browser, app_processes, redis_url

SECRET = "processes-share-this-secret-key-0123456789abcdef"
EMAIL = "geteilt@beispiel.de"
ATTACKER = {"X-Forwarded-For": "198.51.100.7"}
PERSON = {"X-Forwarded-For": "203.0.113.20"}
KEY_PATTERN = "LIMITS*lernraum-login/*"


def _forget_counters(url: str) -> None:
    """Delete only this feature's keys: the Redis database may be shared."""
    connection = redis.Redis.from_url(url)
    for key in connection.scan_iter(match=KEY_PATTERN):
        connection.delete(key)
    connection.close()


@pytest.fixture
def two_processes(tmp_path):
    database = f"sqlite:///{tmp_path / 'shared.db'}"
    setup = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": database})
    with setup.app_context():
        db.create_all()
        accounts.create_user(email=EMAIL, name="Geteilte Person", password=PASSWORD,
                             confirmed=True)
        db.session.commit()
        db.engine.dispose()
    with redis_url(tmp_path) as storage:
        _forget_counters(storage)
        env = {"LMS_SECRET_KEY": SECRET, "LMS_DATABASE_URL": database,
               "LMS_RATELIMIT_STORAGE_URI": storage, "LMS_PROXY_COUNT": "1"}
        try:
            with app_processes(2, env) as urls:
                yield urls
        finally:
            _forget_counters(storage)


def _attempt(url: str, password: str, source: dict):
    browser = Browser()
    token = browser.csrf_token(f"{url}/anmelden")
    status, headers, _page = browser.request(
        f"{url}/anmelden", {"csrf_token": token, "email": EMAIL, "password": password},
        headers=source)
    return status, headers


def test_failures_counted_by_one_process_slow_down_the_other(two_processes):
    first, second = two_processes
    for url in (first, second, first, second):  # three free failures, the fourth costs 2 s
        assert _attempt(url, "falsch-falsch-falsch", ATTACKER)[0] == 401

    status, headers = _attempt(first, PASSWORD, ATTACKER)
    assert status == 429 and headers["Retry-After"] in ("1", "2")

    # The person, elsewhere, logs in on either process while the attacker waits.
    assert _attempt(second, PASSWORD, PERSON)[0] == 302

    time.sleep(2.1)
    assert _attempt(second, "falsch-falsch-falsch", ATTACKER)[0] == 401
    status, headers = _attempt(first, "falsch-falsch-falsch", ATTACKER)
    assert status == 429 and headers["Retry-After"] in ("3", "4")
