"""The fast write path: driver-level inserts, remembered clients, SQLite's write lock."""

import json
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from lms.core.database import one_writer_at_a_time
from lms.extensions import db
from lms.xapi import bulk, jsontext, services, storage
from lms.xapi.formats import parse_timestamp
from lms.xapi.models import LrsClient, XapiActivity, XapiStatement, XapiStatementTerm
from tests.xapi.conftest import ACTIVITY, basic


def test_stored_time_reads_back_as_written_and_filters_by_it(app, make_statement):
    [statement_id] = services.record_statements([make_statement()])
    statement = services.get_statement(statement_id)
    stored = parse_timestamp(statement["stored"], "stored", "2.0.0")

    row = db.session.scalar(select(XapiStatement).where(
        XapiStatement.statement_id == statement_id))
    term_times = set(db.session.scalars(select(XapiStatementTerm.stored)))
    assert row.stored == stored
    assert term_times == {stored}
    assert services.query_statements(activity=ACTIVITY, since=stored - timedelta(seconds=1))[0]
    assert services.query_statements(activity=ACTIVITY, since=stored)[0] == []


def test_a_batch_larger_than_one_insert_statement_is_stored_whole(app, make_statement):
    count = bulk.MAX_ROWS + 150
    ids = services.record_statements([make_statement() for _ in range(count)])

    assert db.session.scalar(select(func.count()).select_from(XapiStatement)) == count
    assert set(db.session.scalars(select(XapiStatement.statement_id))) == set(ids)
    per_statement = db.session.execute(
        select(XapiStatementTerm.seq, func.count()).group_by(XapiStatementTerm.seq)).all()
    assert len(per_statement) == count
    assert len({n for _, n in per_statement}) == 1


def test_insert_skipping_conflicts_returns_only_new_rows(app):
    connection = db.session.connection()
    table = XapiActivity.__table__
    first = bulk.insert(connection, table, ("iri", "definition"),
                        [("http://a.test/1", "{}"), ("http://a.test/2", "{}")],
                        skip_conflicts=True, returning=("iri",))
    second = bulk.insert(connection, table, ("iri", "definition"),
                         [("http://a.test/2", '{"type": "x"}'), ("http://a.test/3", "{}")],
                         skip_conflicts=True, returning=("iri",))
    db.session.commit()

    assert sorted(iri for (iri,) in first) == ["http://a.test/1", "http://a.test/2"]
    assert [iri for (iri,) in second] == ["http://a.test/3"]
    assert db.session.get(XapiActivity, "http://a.test/2").definition == {}


def test_a_client_revoked_elsewhere_is_refused_once_remembered_time_is_over(
        app, client, monkeypatch):
    lrs_client, secret = services.create_client("Werkzeug")
    headers = {"Authorization": basic(lrs_client.key, secret),
               "X-Experience-API-Version": "2.0.0"}
    assert client.get("/xapi/statements", headers=headers).status_code == 200
    # Another process revokes the client: this process does not hear of it ...
    db.session.execute(update(LrsClient).where(LrsClient.id == lrs_client.id)
                       .values(active=False))
    db.session.commit()
    assert client.get("/xapi/statements", headers=headers).status_code == 200
    # ... until the remembered time has passed.
    later = time.monotonic() + services.CLIENT_MEMORY_SECONDS + 1
    monkeypatch.setattr(services.time, "monotonic", lambda: later)
    assert client.get("/xapi/statements", headers=headers).status_code == 401


def test_remembered_client_still_needs_the_right_secret(app, client):
    lrs_client, secret = services.create_client("Werkzeug")
    good = {"Authorization": basic(lrs_client.key, secret), "X-Experience-API-Version": "2.0.0"}
    wrong = {**good, "Authorization": basic(lrs_client.key, secret[:-2] + "xx")}

    assert client.get("/xapi/statements", headers=good).status_code == 200
    assert client.get("/xapi/statements", headers=wrong).status_code == 401


def test_write_lock_lets_one_thread_in_at_a_time(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("only SQLite takes the write lock")
    engine, inside, order = db.engine, threading.Event(), []

    def second_writer():
        with one_writer_at_a_time(engine):
            order.append("second")

    with one_writer_at_a_time(engine):
        thread = threading.Thread(target=second_writer)
        thread.start()
        inside.wait(0.2)
        order.append("first done")
    thread.join()

    assert order == ["first done", "second"]


def test_write_lock_taken_again_inside_itself_is_held_until_the_outer_one_ends(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("only SQLite takes the write lock")
    engine, order = db.engine, []

    def other_writer():
        with one_writer_at_a_time(engine):
            order.append("other")

    with one_writer_at_a_time(engine):
        with one_writer_at_a_time(engine):
            order.append("inner")
        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join(0.2)
        order.append("outer done")
    thread.join()

    assert order == ["inner", "outer done", "other"]


def test_write_lock_waits_for_another_process(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("only SQLite takes the write lock")
    path = db.engine.url.database + ".write-lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys\n"
         f"fd = os.open({path!r}, os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\n"
         "print('locked', flush=True)\n"
         "sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    engine, entered = db.engine, threading.Event()

    def writer():
        with one_writer_at_a_time(engine):
            entered.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert not entered.wait(0.3)
    holder.stdin.close()
    holder.wait()
    holder.stdout.close()
    thread.join(5)
    assert entered.is_set()


def test_statements_of_unknown_modules_leave_progress_alone(app, make_statement, make_user):
    from lms.progress.models import ModuleProgress

    user = make_user()
    actor = {"objectType": "Agent",
             "account": {"homePage": app.config["BASE_URL"], "name": user.xapi_name}}
    services.record_statements([make_statement(
        actor=actor, object={"id": f"{app.config['BASE_URL']}/xapi/activities/module/"
                                   f"gibt-es-nicht-{uuid.uuid4().hex[:6]}/page/1"})])

    assert db.session.scalar(select(func.count()).select_from(ModuleProgress)) == 0


def test_integers_beyond_64_bits_in_extensions_come_back_exactly(lrs, make_statement):
    huge = 2**80 + 7
    statement = make_statement(result={"extensions": {"http://lernraum.test/ext/zahl": huge}})
    posted = lrs.post("/statements", data=json.dumps(statement),
                      headers={"Content-Type": "application/json"})
    [statement_id] = posted.get_json()
    fetched = lrs.get(f"/statements?statementId={statement_id}")

    assert str(huge) in fetched.get_data(as_text=True)
    assert fetched.get_json()["result"]["extensions"]["http://lernraum.test/ext/zahl"] == huge


def test_json_text_reads_back_as_the_standard_library_writes_it():
    value = {"name": {"de-DE": "Übung – Straße"}, "n": [1, 2.5, 2**70, -(2**64)], "leer": None}

    assert json.loads(jsontext.dumps(value)) == value
    assert jsontext.dumps(value) == json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def test_definition_sent_again_wins_over_one_stored_by_another_process(
        app, make_statement, monkeypatch):
    def send(name: str) -> None:
        services.record_statements([make_statement(
            object={"id": ACTIVITY, "definition": {"name": {"de-DE": name}}})])

    def stored_name() -> str:
        db.session.expire_all()
        return db.session.get(XapiActivity, ACTIVITY).definition["name"]["de-DE"]

    send("Mobilität")
    # Another process stores a newer name; this process does not hear of it ...
    db.session.execute(update(XapiActivity).where(XapiActivity.iri == ACTIVITY)
                       .values(definition={"name": {"de-DE": "Mobilität im Quartier"}}))
    db.session.commit()
    send("Mobilität")
    assert stored_name() == "Mobilität im Quartier"
    # ... until its memory of the definition is over: then the latest definition wins.
    later = time.monotonic() + storage.ACTIVITY_MEMORY_SECONDS + 1
    monkeypatch.setattr(storage.time, "monotonic", lambda: later)
    send("Mobilität")
    assert stored_name() == "Mobilität"
