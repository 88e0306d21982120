"""Concurrent writers against the same database lose and duplicate nothing."""

import threading
import uuid

from sqlalchemy import func, select

from lms.extensions import db
from lms.xapi.models import XapiStatement

WRITERS = 4
BATCHES = 5
BATCH = 20


def _run(app, headers, make_statement, results, errors, shared_id):
    client = app.test_client()
    try:
        for _ in range(BATCHES):
            batch = [make_statement(id=str(uuid.uuid4())) for _ in range(BATCH)]
            batch.append(make_statement(id=shared_id))
            response = client.post("/xapi/statements", json=batch, headers=headers)
            if response.status_code != 200:
                errors.append(response.status_code)
            else:
                results.extend(response.get_json())
    except Exception as error:  # noqa: BLE001  (report any failure of a writer thread)
        errors.append(repr(error))


def test_parallel_batches_store_each_statement_exactly_once(app, lrs_auth, make_statement):
    headers = lrs_auth()
    shared_id = str(uuid.uuid4())
    results, errors = [], []
    threads = [threading.Thread(target=_run, args=(app, headers, make_statement, results,
                                                   errors, shared_id))
               for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stored = db.session.scalars(select(XapiStatement.statement_id)).all()
    assert errors == []
    assert len(stored) == len(set(stored)) == WRITERS * BATCHES * BATCH + 1
    assert set(stored) == set(results)
    assert db.session.scalar(select(func.count()).where(
        XapiStatement.statement_id == shared_id)) == 1
