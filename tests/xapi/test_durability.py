"""An acknowledged write is on disk: the log is synced after each writing commit.

SQLite: the commit writes the log (synchronous=NORMAL) and the committing thread syncs it
right after, with the write lock already free (so concurrent commits share an fsync).
PostgreSQL: its defaults (fsync on, synchronous_commit on) already wait for the disk.
"""

import os
import uuid

import pytest
from sqlalchemy import text

from lms.core import database
from lms.extensions import db
from lms.xapi.services import record_statements


def _statement() -> dict:
    return {"id": str(uuid.uuid4()), "actor": {"mbox": "mailto:lernende@beispiel.de"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"id": "http://lernraum.test/xapi/activities/page/1"}}


@pytest.fixture
def fsyncs(monkeypatch):
    """Paths synced, with whether the write lock was held at that moment."""
    synced, real = [], os.fsync

    def record(descriptor):
        synced.append((os.readlink(f"/proc/self/fd/{descriptor}"),
                       getattr(database._held, "depth", 0)))
        real(descriptor)

    monkeypatch.setattr(database.os, "fsync", record)
    return synced


def test_postgresql_waits_for_the_disk_on_commit(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only; the tests below cover SQLite")
    settings = {name: db.session.execute(text(f"SHOW {name}")).scalar()
                for name in ("fsync", "synchronous_commit")}
    assert settings == {"fsync": "on", "synchronous_commit": "on"}


def _sqlite_only():
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only; PostgreSQL is covered above")


def test_a_stored_statement_is_synced_to_disk_before_it_is_acknowledged(app, fsyncs):
    _sqlite_only()
    record_statements([_statement()])
    log = os.path.abspath(db.engine.url.database) + "-wal"
    assert (log, 0) in fsyncs, fsyncs  # the log, synced after the write lock was let go


def test_a_commit_that_only_read_syncs_nothing(app, fsyncs):
    _sqlite_only()
    record_statements([_statement()])
    fsyncs.clear()
    db.session.execute(text("SELECT count(*) FROM xapi_statement"))
    db.session.commit()
    assert fsyncs == []


def test_every_connection_writes_its_log_without_syncing_it_inside_the_commit(app):
    _sqlite_only()
    pragma = {name: db.session.execute(text(f"PRAGMA {name}")).scalar()
              for name in ("journal_mode", "synchronous")}
    assert pragma == {"journal_mode": "wal", "synchronous": 1}  # 1 = NORMAL
