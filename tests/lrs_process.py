"""A Lernraum LRS in its own process (gunicorn, as in production), to kill or stop at will.

Used by the crash test (SIGKILL while a writer posts) and the forwarding test (a second,
independent LRS that statements are sent on to).
"""

import base64
import http.client
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lms import create_app
from lms.extensions import db
from lms.xapi import services

ROOT = Path(__file__).resolve().parents[1]
SECRET_KEY = "lrs-process-secret-key-0123456789abcdefghij"


def free_port() -> int:
    """A port nothing listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_database(tmp_path: Path, name: str) -> str:
    """An empty database of the kind the suite runs on: a SQLite file or a new PostgreSQL db."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / name}.db"
    url = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    database = f"{url.database}_{name}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


class LrsProcess:
    """One LRS: its database (schema and a client made here), served by gunicorn."""

    def __init__(self, database_url: str, workdir: Path, *, workers: int = 2):
        self.database_url, self.workdir, self.workers = database_url, workdir, workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        workdir.mkdir(parents=True, exist_ok=True)
        self.app = create_app({"SECRET_KEY": SECRET_KEY, "SQLALCHEMY_DATABASE_URI": database_url,
                               "BASE_URL": self.base_url, "TESTING": True})
        with self.app.app_context():
            db.drop_all()
            db.create_all()
            client, self.secret = services.create_client("Test", xapi_version="1.0.3")
            self.key = client.key
            db.session.remove()
            db.engine.dispose()

    @property
    def endpoint(self) -> str:
        return self.base_url + "/xapi/"

    def start(self, timeout: float = 30) -> None:
        """Start gunicorn and wait until the LRS answers."""
        env = {**os.environ, "LMS_DATABASE_URL": self.database_url, "LMS_SECRET_KEY": SECRET_KEY,
               "LMS_BASE_URL": self.base_url, "LMS_QUEUE_URL": f"sqlite:///{self.workdir}/q.db"}
        env.pop("FLASK_RUN_FROM_CLI", None)
        with (self.workdir / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(self.workers), "--bind",
                 f"127.0.0.1:{self.port}", "app:app"], cwd=ROOT, env=env,
                stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/xapi/about", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"LRS did not start: {(self.workdir / 'server.log').read_text()}")

    def kill(self) -> None:
        """SIGKILL the whole server (master and workers), as a crash or the OOM killer would."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        """Shut the server down gracefully."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None

    def request(self, method: str, path: str, body=None, *, timeout: float = 10):
        """(status, decoded JSON or None) of one request with the client's credentials."""
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=None if body is None else json.dumps(body),
                               headers={"Authorization": f"Basic {token}",
                                        "X-Experience-API-Version": "1.0.3",
                                        "Content-Type": "application/json"})
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        return response.status, json.loads(data) if data.startswith((b"{", b"[")) else None

    def query(self, sql: str) -> list[tuple]:
        """Rows of ``sql`` run directly on this LRS's database."""
        engine = create_engine(self.database_url)
        with engine.connect() as connection:
            rows = [tuple(row) for row in connection.execute(text(sql))]
        engine.dispose()
        return rows

    def empty(self) -> None:
        """Delete every statement of this LRS (between tests sharing it)."""
        engine = create_engine(self.database_url)
        with engine.begin() as connection:
            for table in ("xapi_statement_term", "xapi_statement", "xapi_activity"):
                connection.execute(text(f"DELETE FROM {table}"))
        engine.dispose()

    def stored_ids(self) -> list[str]:
        """Every statement id in this LRS's database (duplicates would show twice)."""
        return [statement_id for (statement_id,) in
                self.query("SELECT statement_id FROM xapi_statement")]
