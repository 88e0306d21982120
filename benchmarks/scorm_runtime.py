"""Median server time of the SCORM run time: a commit with a full suspend_data and 50
interactions, and a launch with resume (the player page, then the adapter's start).

Part of ``benchmarks/packages.py`` (which runs it after import, launch and file serving);
alone: .venv/bin/python benchmarks/scorm_runtime.py [--quick] [--database URL]

Builds a SCORM 2004 package and a SCORM 1.2 package itself (one SCO each), and 2,000
learners with a suspended attempt each (a full suspend_data, 50 interactions) so the
tables have realistic size. Then, in-process through the WSGI app (Flask test client;
server time without network), for each version:

- commit (full): POST /scorm/laufzeit/commit carrying suspend_data at its limit (64,000
  characters in 2004, 4,096 in 1.2), a location and 50 interactions (id, type, correct
  response, response, result: 250 values), one answer changed per run (what a SCO sends
  after an answer): every value checked, the attempt stored, one ``responded`` statement;
- commit (50 answers): the same, with all 50 answers changed, so every run also writes
  50 ``responded`` statements through the LRS;
- launch with resume: POST /lernen/<slug>/einheit/<key> (the attempt is suspended, so the
  session resumes it: navigation, attempt, token, ``launched``), and the adapter's start
  (POST /scorm/laufzeit/start: data model table and the resumed values).

``--quick`` uses 300 learners and 20 runs. Prints readable figures and ends with one JSON
line. Target: median < 30 ms for the full commit and the launch with resume (the 50-answer
commit is reported for comparison; its time is mostly the LRS storing 50 statements).
"""

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from lms import create_app  # noqa: E402
from lms.accounts.models import User  # noqa: E402
from lms.accounts.passwords import hash_password  # noqa: E402
from lms.catalog.models import Module  # noqa: E402
from lms.core.models import utcnow  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.packages.services import import_upload  # noqa: E402
from lms.scorm.models import ScormAttempt  # noqa: E402
from tests.packages.scorm_builders import item, resource, scorm_zip  # noqa: E402

SECRET = "benchmark-secret-key-0123456789abcdefghijklmnop"
BASE = "http://lernraum.bench"
CONTENT = "http://inhalte.lernraum.bench"
PASSWORD = "Benchmark-Passwort-2026"
LIMITS = {"1.2": 4096, "2004-4": 64000}


def interactions(version: str, round_number: int, changed: int = 50) -> list[list[str]]:
    """50 choice interactions; the first ``changed`` responses change with ``round_number``."""
    twelve = version == "1.2"
    pairs = []
    for n in range(50):
        prefix = f"cmi.interactions.{n}."
        answer = "abcd"[(n + (round_number if n < changed else 0)) % 4]
        pairs += [[prefix + "id", f"frage_{n}" if twelve else f"urn:lernraum:frage:{n}"],
                  [prefix + "type", "choice"],
                  [prefix + "correct_responses.0.pattern", "b"],
                  [prefix + ("student_response" if twelve else "learner_response"), answer],
                  [prefix + "result", "correct" if answer == "b" else
                   ("wrong" if twelve else "incorrect")]]
    return pairs


def full_state(version: str, round_number: int, changed: int = 50) -> list[list[str]]:
    twelve = version == "1.2"
    location = "cmi.core.lesson_location" if twelve else "cmi.location"
    return ([["cmi.suspend_data", "s" * LIMITS[version]], [location, f"frage-{round_number}"]]
            + interactions(version, round_number, changed))


def load_learners(count: int, version_ids: dict[str, tuple[int, str]]) -> int:
    """Learners with one suspended attempt per package, as background rows."""
    now = utcnow()
    password_hash = hash_password(PASSWORD)
    db.session.execute(insert(User), [{
        "email": f"lernende{n}@bench.de", "name": f"Lernende {n}",
        "password_hash": password_hash, "xapi_name": uuid.uuid4().hex,
        "email_confirmed_at": now, "active": True, "locale": "de", "created_at": now}
        for n in range(1, count + 1)])
    ids = list(db.session.scalars(select(User.id).where(User.email != "lernende0@bench.de")))
    rows = []
    for version, (version_id, key) in version_ids.items():
        values = dict(full_state(version, 0))
        counts = {"cmi.interactions": 50, **{f"cmi.interactions.{n}.correct_responses": 1
                                             for n in range(50)}}
        rows += [{"user_id": user_id, "module_version_id": version_id, "unit_key": key,
                  "registration": str(uuid.uuid4()), "number": 1,
                  "attempt_id": str(uuid.uuid4()), "preview": False, "cmi_values": values,
                  "counts": counts, "completion_status": "incomplete",
                  "success_status": "unknown", "total_seconds": 60.0, "exit": "suspend",
                  "suspended": True, "updated_at": now, "created_at": now}
                 for user_id in ids]
    for start in range(0, len(rows), 500):
        db.session.execute(insert(ScormAttempt), rows[start:start + 500])
    db.session.commit()
    return len(rows)


def timed(call, runs: int) -> list[float]:
    """Milliseconds of ``runs`` calls; each call must succeed."""
    times = []
    for number in range(runs):
        start = time.perf_counter()
        status = call(number)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
    return times


class Learner:
    """The benchmark's learner in one package: launch, start, commit through the app."""

    def __init__(self, client, slug: str, key: str, version: str):
        self.client = client
        self.slug = slug
        self.version = version
        self.key = key
        self.token = None
        self.sequence = 0

    def launch(self, _number=0) -> int:
        response = self.client.post(f"/lernen/{self.slug}/einheit/{self.key}",
                                    data={"nav": "start"})
        self.token = re.search(r'id="scorm-frame" src="[^"]+#t=([^"]+)"', response.text)[1]
        self.sequence = 0
        return response.status_code

    def post(self, path: str, body: dict) -> int:
        response = self.client.post(f"/scorm/laufzeit/{path}", data=json.dumps(body),
                                    content_type="text/plain", headers={"Origin": CONTENT})
        assert response.status_code == 200, response.text
        return response.status_code

    def start(self, _number=0) -> int:
        return self.post("start", {"token": self.token})

    def commit(self, number: int, *, finish: bool = False, sets=None, changed: int = 1) -> int:
        self.sequence += 1
        return self.post("commit", {
            "token": self.token, "sequence": self.sequence, "initialize": True,
            "finish": finish, "set": sets if sets is not None else full_state(
                self.version, number + 1, changed)})

    def commit_all_new(self, number: int) -> int:
        return self.commit(number, changed=50)

    def suspend(self) -> None:
        exit_element = "cmi.core.exit" if self.version == "1.2" else "cmi.exit"
        self.commit(0, finish=True, sets=[[exit_element, "suspend"]])

    def launch_and_resume(self, number: int) -> tuple[float, float]:
        """Time the launch and the start of a resumed session; then suspend it again."""
        started = time.perf_counter()
        assert self.launch() == 200
        launched = time.perf_counter()
        assert self.start() == 200
        done = time.perf_counter()
        self.commit(number)
        self.suspend()
        return (launched - started) * 1000, (done - launched) * 1000


def measure(quick: bool, database: str | None) -> tuple[list[str], dict]:
    """Run the SCORM run-time figures; returns the printed lines and the JSON figures."""
    learner_count, runs = (300, 20) if quick else (2000, 60)
    workdir = Path(tempfile.mkdtemp(prefix="packages-bench-"))
    url = database or f"sqlite:///{workdir / 'bench.db'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        app, modules, background, load_seconds = _prepare(url, workdir, learner_count)
        measured = _measure(app, modules, runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    lines = [f"SCORM run time ({'quick' if quick else 'full'}; "
             f"{'PostgreSQL' if 'postgresql' in url else 'SQLite'}, in-process, {runs} runs each)",
             f"  {learner_count} learners with {background} suspended attempts "
             f"(full suspend_data, 50 interactions) loaded in {load_seconds:.1f} s"]
    figures = {"scorm_learners": learner_count, "scorm_background_attempts": background}
    for name, times in measured.items():
        median = statistics.median(times)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        figures[name.replace("_ms", "_median_ms")] = round(median, 2)
        figures[name.replace("_ms", "_p95_ms")] = round(p95, 2)
        verdict = "zum Vergleich" if "50_answers" in name else (
            "ok" if median < 30 else "ÜBER ZIEL")
        lines.append(f"  {name[:-3]:<30} median {median:7.2f} ms   p95 {p95:7.2f} ms   "
                     f"[{verdict}]")
    figures["scorm_target_met"] = all(
        value < 30 for key, value in figures.items()
        if key.endswith("_median_ms") and "50_answers" not in key)
    return lines, figures


def _prepare(url: str, workdir: Path, learner_count: int):
    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url,
                      "WTF_CSRF_ENABLED": False, "BASE_URL": BASE, "SERVER_NAME": "lernraum.bench",
                      "CONTENT_BASE_URL": CONTENT, "PACKAGE_STORAGE": str(workdir / "packages"),
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        modules, version_ids = {}, {}
        for version in LIMITS:
            data = scorm_zip(item("sco", f"Bench {version}", "res_1"), version=version,
                             identifier=f"bench.{version}", title=f"Bench {version}",
                             resources=(resource("res_1", version=version),))
            report = import_upload(data, "bench.zip", publish=True)
            assert report.stored, report.errors
            module = db.session.scalar(select(Module).where(Module.slug == report.slug))
            modules[version] = (report.slug, report.units[0]["key"])
            version_ids[version] = (module.current_version_id, report.units[0]["key"])
        db.session.execute(insert(User), [{
            "email": "lernende0@bench.de", "name": "Lernende 0",
            "password_hash": hash_password(PASSWORD), "xapi_name": uuid.uuid4().hex,
            "email_confirmed_at": utcnow(), "active": True, "locale": "de",
            "created_at": utcnow()}])
        background = load_learners(learner_count, version_ids)
        load_seconds = time.perf_counter() - started
    return app, modules, background, load_seconds


def _measure(app, modules: dict, runs: int) -> dict[str, list[float]]:
    client = app.test_client()
    client.post("/anmelden", data={"email": "lernende0@bench.de", "password": PASSWORD})
    measured = {}
    for version, (slug, key) in modules.items():
        learner = Learner(client, slug, key, version)
        learner.launch()
        learner.start()
        learner.commit(0)
        measured[f"scorm{version[:4]}_commit_full_ms"] = timed(learner.commit, runs)
        measured[f"scorm{version[:4]}_commit_50_answers_ms"] = timed(learner.commit_all_new,
                                                                      runs)
        learner.suspend()
        pairs = [learner.launch_and_resume(n) for n in range(runs)]
        measured[f"scorm{version[:4]}_launch_resume_ms"] = [p[0] for p in pairs]
        measured[f"scorm{version[:4]}_adapter_start_ms"] = [p[1] for p in pairs]
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--database", default=os.environ.get("PACKAGES_BENCH_DATABASE_URL"))
    args = parser.parse_args()
    lines, figures = measure(args.quick, args.database)
    print("\n".join(lines))
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(f"  machine load average during the run: {figures['load_average_1min']} "
          f"({os.cpu_count()} cores; figures rise with load from other processes)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
