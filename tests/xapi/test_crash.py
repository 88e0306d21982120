"""Nothing acknowledged is lost when the server is killed (SIGKILL) in the middle of writes.

A writer posts batches while the whole server (gunicorn master and workers) is killed and
restarted several times. A batch that got no answer is posted again with the same ids,
as a client would. Afterwards every acknowledged statement is stored exactly once.
"""

import http.client
import random
import threading
import time
import uuid

import pytest

from tests.lrs_process import LrsProcess, scratch_database

MAX_BATCHES, BATCH_SIZE, KILLS = 2000, 25, 4


def _statement(n: int) -> dict:
    return {"id": str(uuid.uuid4()),
            "actor": {"account": {"homePage": "http://lernraum.test", "name": f"l-{n % 7}"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"id": f"http://lernraum.test/xapi/activities/page/{n}"}}


@pytest.fixture
def server(tmp_path):
    lrs = LrsProcess(scratch_database(tmp_path, "crash"), tmp_path / "server")
    lrs.start()
    yield lrs
    lrs.kill()


def _post_until_acknowledged(server: LrsProcess, batch: list[dict], stop: float) -> int:
    """Post ``batch`` until the server answers 200 (retrying the same ids); attempts made."""
    attempts = 0
    while time.monotonic() < stop:
        attempts += 1
        try:
            status, body = server.request("POST", "/xapi/statements", batch, timeout=5)
        except (OSError, http.client.HTTPException):  # killed mid-answer or not yet back
            time.sleep(0.05)
            continue
        assert status == 200, body
        assert body == [statement["id"] for statement in batch]
        return attempts
    raise AssertionError("the server did not come back in time")


def test_acknowledged_statements_survive_sigkill_exactly_once(server):
    acknowledged, retried, killed = [], [], threading.Event()
    stop = time.monotonic() + 180

    def write():
        for number in range(MAX_BATCHES):  # until every kill is done, then two more batches
            if killed.is_set() and number % 2 == 0:
                return
            batch = [_statement(number * BATCH_SIZE + n) for n in range(BATCH_SIZE)]
            if _post_until_acknowledged(server, batch, stop) > 1:
                retried.append(batch)
            acknowledged.extend(statement["id"] for statement in batch)

    writer = threading.Thread(target=write)
    writer.start()
    chance = random.Random(12)
    for _ in range(KILLS):
        time.sleep(chance.uniform(0.2, 0.6))
        server.kill()  # mid-request: the writer's batch in flight gets no answer
        server.start()
    killed.set()
    writer.join()

    stored = server.stored_ids()
    assert len(acknowledged) > 4 * BATCH_SIZE
    assert sorted(stored) == sorted(acknowledged)  # each exactly once, retries not doubled
    assert len(retried) >= 1, "no batch was interrupted by a kill"
    # The filter index is complete too: one actor term per statement, none left over.
    [(actor_terms,)] = server.query(
        "SELECT count(*) FROM xapi_statement_term WHERE term LIKE 'p:%'")
    assert actor_terms == len(acknowledged)
