"""LRS ingest and queries with a million statements already stored, on SQLite or PostgreSQL.

Usage: .venv/bin/python benchmarks/lrs.py [--quick] [--database URL] [--port 5102]
       (or set LRS_BENCH_DATABASE_URL; e.g. postgresql://postgres@127.0.0.1:5432/bench_lrs)

1. preloads the store in-process with 1,000,000 statements (``--quick``: 100,000) through
   the LRS's own storage code in large batches, without durability (a bulk import, not
   what is measured), then ANALYZE and a checkpoint;
2. starts the app under gunicorn as the README's production command does (4 workers,
   full durability: SQLite synchronous=FULL, PostgreSQL's defaults) and warms every
   worker up;
3. over HTTP: 10,000 statements in batches of 100 (one client, then two in parallel) and
   10,000 one by one (four clients in parallel); statements are made before the clock
   starts, so the figures are the LRS's, not the generator's;
4. times filtered GETs (agent, verb+activity, registration, related_activities, since);
5. runs 4 concurrent clients posting batches and checks that every acknowledged
   statement is stored exactly once.
``--quick`` uses 2,000 / 1,000 statements and a 100,000 store.
Prints readable figures and ends with one JSON line of the same figures.
Targets (SQLite, 2 cores, client included, 1M stored, full durability): batches of 100
>= 10,000/s, single POSTs >= 1,000/s with four clients, every filtered GET < 20 ms
median, zero errors and exactly-once storage with four concurrent writers.
"""

import argparse
import base64
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from lms import create_app  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.xapi import services, storage  # noqa: E402
from lms.xapi.models import XapiStatement  # noqa: E402

SECRET = "benchmark-secret-key-0123456789abcdefghijklmnop"
BASE = "http://lernraum.bench"
VERBS = [f"http://adlnet.gov/expapi/verbs/{v}" for v in (
    "experienced", "answered", "completed", "passed", "failed", "launched", "initialized",
    "terminated", "attempted", "progressed", "suspended", "resumed")]
COURSES = [f"{BASE}/xapi/activities/course/kurs-{n}" for n in range(20)]
MODULES = [f"{BASE}/xapi/activities/module/modul-{n}" for n in range(200)]
LEARNERS = 5000
WORKERS = 4
"""gunicorn workers, as in the README's production command."""


class Generator:
    """Realistic statements: learners in modules (pages, questions) inside courses."""

    def __init__(self, seed: int = 7):
        self.random = random.Random(seed)
        self.registrations = {}

    def learner(self, n: int) -> dict:
        return {"objectType": "Agent", "account": {"homePage": BASE, "name": f"lernende-{n}"}}

    def registration(self, learner: int, module: int) -> str:
        key = (learner, module)
        if key not in self.registrations:
            self.registrations[key] = str(uuid.UUID(int=self.random.getrandbits(128), version=4))
        return self.registrations[key]

    def statement(self) -> dict:
        r = self.random
        learner, module = r.randrange(LEARNERS), r.randrange(len(MODULES))
        page = r.randrange(1, 30)
        activity = MODULES[module] + f"/page/{page}"
        return {
            "id": str(uuid.UUID(int=r.getrandbits(128), version=4)),
            "actor": self.learner(learner),
            "verb": {"id": r.choice(VERBS), "display": {"de-DE": "Beispiel"}},
            "object": {"objectType": "Activity", "id": activity,
                       "definition": {"name": {"de-DE": f"Seite {page}"}}},
            "result": {"score": {"scaled": round(r.random(), 2)}, "duration": "PT42S"},
            "context": {"registration": self.registration(learner, module),
                        "contextActivities": {"parent": [{"id": MODULES[module]}],
                                              "grouping": [{"id": COURSES[module % 20]}]}},
            "timestamp": "2026-03-01T10:00:00.000Z",
        }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Client:
    """A keep-alive HTTP client for the LRS with Basic auth."""

    def __init__(self, port: int, key: str, secret: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {
            "Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(),
            "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}

    def request(self, method: str, path: str, body=None) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body).encode()
        self.connection.request(method, path, body=data, headers=self.headers)
        response = self.connection.getresponse()
        return response.status, response.read()


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "LMS_DATABASE_URL": url, "LMS_SECRET_KEY": SECRET,
           "LMS_BASE_URL": BASE}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(WORKERS), "-b", f"127.0.0.1:{port}",
         "app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/xapi/about")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("Server did not start")


def warm_up(port: int, key: str, secret: str, generator: Generator) -> None:
    """A few small batches per worker first, so no timing includes a worker's first request."""
    for _ in range(4 * WORKERS):
        status, body = Client(port, key, secret).request(
            "POST", "/xapi/statements", [generator.statement() for _ in range(10)])
        if status != 200:
            raise SystemExit(f"warm-up POST failed: {status} {body[:200]!r}")


def post_batches(client: Client, generator: Generator, total: int, size: int) -> float:
    """Statements per second, one client posting batches (made before the clock starts)."""
    batches = [[generator.statement() for _ in range(size)] for _ in range(total // size)]
    started = time.perf_counter()
    for batch in batches:
        status, body = client.request("POST", "/xapi/statements", batch)
        if status != 200:
            raise SystemExit(f"batch POST failed: {status} {body[:200]!r}")
    return total / (time.perf_counter() - started)


def post_parallel(port, key, secret, generator: Generator, total: int, threads: int,
                  size: int = 1) -> float:
    """Statements per second with ``threads`` clients posting ``size`` statements at a time."""
    bodies = [generator.statement() if size == 1 else
              [generator.statement() for _ in range(size)] for _ in range(total // size)]
    chunks = [bodies[n::threads] for n in range(threads)]
    failures = []

    def run(chunk):
        client = Client(port, key, secret)
        for body in chunk:
            status, _ = client.request("POST", "/xapi/statements", body)
            if status != 200:
                failures.append(status)

    workers = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise SystemExit(f"POST failed: {failures[:5]}")
    return total / (time.perf_counter() - started)


def _bulk_session_settings() -> None:
    """No durability for the preload connection: it is an import, not what is measured."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(db.text("PRAGMA synchronous=OFF"))
        db.session.execute(db.text("PRAGMA cache_size=-1000000"))
    else:
        db.session.execute(db.text("SET LOCAL synchronous_commit TO off"))


def preload(app, generator: Generator, target: int, chunk: int = 20_000) -> tuple[int, float]:
    """Fill the store to ``target`` statements with the LRS's storage code, in big batches."""
    with app.app_context():
        authority = services.default_authority()
        have = db.session.scalar(select(func.count()).select_from(XapiStatement))
        started, loaded = time.perf_counter(), 0
        while have + loaded < target:
            size = min(chunk, target - have - loaded)
            _bulk_session_settings()
            stored = storage.now_ms()
            prepared = storage.prepare([generator.statement() for _ in range(size)],
                                       authority=authority, version="1.0.3", stored=stored)
            storage.insert_statements(prepared, stored)
            storage.remember_activities(prepared)
            db.session.commit()
            loaded += size
            if loaded % 100_000 == 0:
                print(f"  preloaded {have + loaded:,} statements", flush=True)
        elapsed = time.perf_counter() - started
        db.session.execute(db.text("ANALYZE"))  # planner statistics, as after any bulk import
        db.session.commit()
        if db.engine.dialect.name == "sqlite":
            db.session.execute(db.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()
        return have + loaded, loaded / max(elapsed, 1e-9)


def time_queries(client: Client, generator: Generator, repeats: int) -> dict:
    r = random.Random(3)
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))

    def queries():
        learner, module = r.randrange(LEARNERS), r.randrange(len(MODULES))
        return {
            "agent": {"agent": json.dumps(generator.learner(learner))},
            "verb+activity": {"verb": r.choice(VERBS),
                              "activity": MODULES[module] + f"/page/{r.randrange(1, 30)}"},
            "registration": {"registration": generator.registration(learner, module)},
            "related_activities": {"activity": r.choice(COURSES),
                                   "related_activities": "true"},
            "since": {"since": since},
        }

    timings: dict[str, list[float]] = {}
    for _ in range(repeats):
        for name, params in queries().items():
            started = time.perf_counter()
            status, body = client.request("GET", "/xapi/statements?" + urlencode(params))
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                raise SystemExit(f"GET {name} failed: {status} {body[:200]!r}")
            timings.setdefault(name, []).append(elapsed)
    return {name: {"median_ms": round(statistics.median(v), 2),
                   "p95_ms": round(percentile(v, 0.95), 2)} for name, v in timings.items()}


def concurrent_writers(app, port, key, secret, writers: int, batches: int) -> dict:
    acknowledged, errors = [], []
    lock = threading.Lock()

    def run(seed):
        client, generator = Client(port, key, secret), Generator(seed)
        for _ in range(batches):
            batch = [generator.statement() for _ in range(100)]
            try:
                status, body = client.request("POST", "/xapi/statements", batch)
            except OSError as error:
                errors.append(repr(error))
                continue
            if status == 200:
                with lock:
                    acknowledged.extend(json.loads(body))
            else:
                errors.append(status)

    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(XapiStatement))
    threads = [threading.Thread(target=run, args=(1000 + n,)) for n in range(writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with app.app_context():
        after = db.session.scalar(select(func.count()).select_from(XapiStatement))
        found = 0
        for start in range(0, len(acknowledged), 1000):
            chunk = acknowledged[start:start + 1000]
            found += db.session.scalar(select(func.count()).select_from(XapiStatement)
                                       .where(XapiStatement.statement_id.in_(chunk)))
    return {"writers": writers, "posted_batches": writers * batches,
            "errors": len(errors), "acknowledged": len(acknowledged),
            "stored_exactly_once": found == len(acknowledged) == after - before,
            "statements_per_s": round(len(acknowledged) / elapsed)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--database", default=os.environ.get("LRS_BENCH_DATABASE_URL"))
    parser.add_argument("--port", type=int, default=5102)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="lrs-bench-")
    os.environ["LMS_INSTANCE_PATH"] = f"{scratch}/instance"  # queue and files, server too
    url = args.database or f"sqlite:///{scratch}/lrs.db"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    batch_n, single_n, total = (2000, 1000, 100_000) if args.quick else (10_000, 10_000,
                                                                        1_000_000)
    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url, "BASE_URL": BASE})
    with app.app_context():
        db.drop_all()
        db.create_all()
        client_row, secret = services.create_client("Benchmark")
        key = client_row.key
    generator = Generator()
    stored, load_rate = preload(app, generator, total)
    print(f"Preloaded {stored:,} statements ({load_rate:,.0f}/s); machine load "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    server = start_server(url, args.port)
    try:
        warm_up(args.port, key, secret, generator)
        client = Client(args.port, key, secret)
        batch_rate = post_batches(client, generator, batch_n, 100)
        batch_rate_2 = post_parallel(args.port, key, secret, generator, batch_n, 2, size=100)
        single_rate = post_parallel(args.port, key, secret, generator, single_n, 4)
        queries = time_queries(Client(args.port, key, secret), generator,
                               20 if args.quick else 50)
        concurrency = concurrent_writers(app, args.port, key, secret, 4, 5 if args.quick else 25)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(XapiStatement))
    figures = {"database": url.split(":")[0], "load_average": round(os.getloadavg()[0], 1),
               "batch_statements_per_s": round(batch_rate),
               "batch_statements_per_s_2_clients": round(batch_rate_2),
               "single_statements_per_s": round(single_rate),
               "preload_statements_per_s": round(load_rate), "statements_stored": stored,
               "get": queries, "concurrency": concurrency}
    print(f"Database: {figures['database']}  ({stored:,} statements at the end; "
          f"load average {figures['load_average']})")
    print(f"POST batches of 100:        {batch_rate:9.0f} statements/s ({batch_n:,}, 1 client)")
    print(f"POST batches of 100:        {batch_rate_2:9.0f} statements/s ({batch_n:,}, 2 clients)")
    print(f"POST one by one (4 clients):{single_rate:9.0f} statements/s ({single_n:,})")
    print(f"Preload (bulk, no fsync):   {load_rate:9.0f} statements/s")
    for name, timing in queries.items():
        print(f"GET {name:<22} median {timing['median_ms']:7.2f} ms   "
              f"p95 {timing['p95_ms']:7.2f} ms")
    print(f"Concurrent writers: {concurrency['writers']} clients, "
          f"{concurrency['acknowledged']:,} acknowledged, {concurrency['errors']} errors, "
          f"stored exactly once: {concurrency['stored_exactly_once']}, "
          f"{concurrency['statements_per_s']} statements/s")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
