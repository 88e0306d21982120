"""The LRS counts refused statement writes per day, status and reason, cheaply and without
changing its answer; reads and other resources are not counted."""

import uuid

from sqlalchemy import select

from lms.extensions import db
from lms.xapi import health
from lms.xapi.health import XapiRejection


def _rejections():
    return [(r.status, r.reason, r.count, r.last_client)
            for r in db.session.scalars(select(XapiRejection).order_by(XapiRejection.reason))]


def test_invalid_statements_are_counted_by_reason(lrs, make_statement):
    bad = make_statement(actor={"objectType": "Agent"})

    first = lrs.post("/statements", json=bad)
    second = lrs.post("/statements", json=[make_statement(), bad])

    assert first.status_code == second.status_code == 400
    reasons = _rejections()
    assert [r[0] for r in reasons] == [400, 400]
    assert {r[1] for r in reasons} == {"statement.actor", "statements[].actor"}
    assert all(r[3] == "Testwerkzeug" for r in reasons)


def test_the_same_reason_on_the_same_day_adds_up(lrs, make_statement):
    for _attempt in range(3):
        lrs.post("/statements", json=make_statement(verb={"id": "kein-iri"}))

    [(status, reason, count, _client)] = _rejections()

    assert (status, count) == (400, 3) and reason.startswith("statement.verb")


def test_conflicts_and_missing_credentials_are_counted(lrs, client, make_statement):
    statement_id = str(uuid.uuid4())
    lrs.put(f"/statements?statementId={statement_id}", json=make_statement())
    lrs.put(f"/statements?statementId={statement_id}",
            json=make_statement(verb={"id": "http://adlnet.gov/expapi/verbs/failed"}))
    client.post("/xapi/statements", json=make_statement(),
                headers={"X-Experience-API-Version": "2.0.0"})

    statuses = sorted((r[0], r[3]) for r in _rejections())

    assert statuses == [(401, "ohne Anmeldung"), (409, "Testwerkzeug")]


def test_reads_and_valid_writes_are_not_counted(lrs, make_statement):
    assert lrs.post("/statements", json=make_statement()).status_code == 200
    assert lrs.get("/statements?limit=nicht-zahl").status_code == 400

    assert _rejections() == []


def test_reason_drops_list_positions_and_keeps_the_property():
    assert health.reason_of("statements[12].context.registration: must be a UUID") == (
        "statements[].context.registration")
    assert health.reason_of("") == "?"
