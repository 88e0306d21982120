"""Report pages and the matrix export on a network of 2,000 learners and 1,000,000 statements.

Usage: .venv/bin/python benchmarks/reports.py [--quick] [--database URL]
       (or set REPORTS_BENCH_DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/bench_h15;
       that database is emptied first)

Builds the data set: 40 organisations (the largest with 250 learners, the others about 45),
40 modules of 8 pages with a five-question test, 4 courses of 10 modules, 2,000 learners who
each work through about 20 modules (launched, pages, answers, test, completion) and read
wiki pages and watch seminars, until the LRS holds 1,000,000 statements. Statements go in
through the LRS's own bulk insert (``storage.insert_statements``: documents and filter
terms); the progress rows, learning days, plan entries and certificates that the projector
and receivers would write are written directly from the same simulation (projecting a
million statements one by one would take the benchmark most of an hour). Then times, through
the WSGI test client (session, queries, templates; no network), the coordinator overview,
matrix (all modules, one course) and funnel pages of the largest organisation, the network
monitoring page, and the XLSX export of the matrix. ``--quick``: 400 learners, 200,000
statements. Targets: median < 300 ms per page, < 3 s for the export. Prints readable
figures and ends with one JSON line of the same figures.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text  # noqa: E402

from lms import create_app  # noqa: E402
from lms.accounts.models import Organisation, User, UserRole  # noqa: E402
from lms.accounts.passwords import hash_password  # noqa: E402
from lms.catalog.models import Course, CourseModule, Module, ModuleVersion, PlanEntry  # noqa: E402
from lms.certificates.models import Certificate  # noqa: E402
from lms.core.topics import TOPICS  # noqa: E402
from lms.core.vocabulary import Verb  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.monitoring.models import ResourceDay, StatementDay  # noqa: E402
from lms.progress.models import CourseProgress, ModuleProgress  # noqa: E402
from lms.reports.models import ActivityDay, ActivityWeek, LastActivity  # noqa: E402
from lms.reports.periods import monday  # noqa: E402
from lms.xapi import storage  # noqa: E402

BASE = "http://lernraum.bench"
PASSWORD = "Sonnenblume-im-Rathaus-7"
PAGE_TARGET_MS, EXPORT_TARGET_MS = 300, 3000
ORGANISATIONS, LARGEST, MODULES, PAGES, QUESTIONS = 40, 250, 40, 8, 5
NOW = datetime.now(UTC).replace(microsecond=0)
BATCH = 5000


def _database_url(argument: str | None) -> tuple[str, str]:
    url = argument or os.environ.get("REPORTS_BENCH_DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url, "postgresql"
    folder = Path(tempfile.mkdtemp(prefix="lernraum-bench-reports-"))
    return f"sqlite:///{folder / 'bench.db'}", "sqlite"


def _catalogue(rng: random.Random) -> tuple[list[Module], list[Course]]:
    modules = []
    for n in range(MODULES):
        module = Module(slug=f"modul-{n:02d}")
        db.session.add(module)
        db.session.flush()
        pages = [{"position": p, "title": f"Seite {p}", "segments": []}
                 for p in range(1, PAGES + 1)]
        quiz = {"questions": [{"id": f"q{q}", "kind": "true-false", "prompt": f"Frage {q}"}
                              for q in range(1, QUESTIONS + 1)]}
        version = ModuleVersion(
            module_id=module.id, version="1.0.0", title=f"Modul {n:02d}",
            content_hash=f"{n:064d}", content={"pages": pages, "quiz": quiz},
            manifest={"topics": [TOPICS[n % len(TOPICS)].slug],
                      "completion": {"pages": "all", "quiz": True}})
        db.session.add(version)
        db.session.flush()
        module.current_version_id = version.id
        modules.append(module)
    courses = []
    for c in range(4):
        course = Course(slug=f"kurs-{c}", version="1.0.0", title=f"Kurs {c}")
        course.entries = [CourseModule(module_id=m.id, position=i, required=True)
                          for i, m in enumerate(modules[c * 10:(c + 1) * 10])]
        db.session.add(course)
        courses.append(course)
    db.session.commit()
    return modules, courses


def _people(learners: int) -> tuple[list[tuple[int, str, int]], dict]:
    """Organisations, learners and one coordinator each; returns (id, xapi_name, org) of the
    learners and the logins (largest organisation's coordinator, network office)."""
    sizes = [LARGEST] + [(learners - LARGEST) // (ORGANISATIONS - 1)] * (ORGANISATIONS - 1)
    sizes[1] += learners - sum(sizes)
    password = hash_password(PASSWORD)
    rows, roles, number = [], [], 0
    for n, size in enumerate(sizes):
        state = f"{n % 16 + 1:02d}"
        organisation = Organisation(name=f"Kommune {n:02d}", state_code=state,
                                    ags=f"{state}{n:06d}")
        db.session.add(organisation)
        db.session.flush()
        for _person in range(size):
            number += 1
            rows.append({"email": f"person{number}@kommune{n}.de", "name": f"Person {number}",
                         "password_hash": "-", "xapi_name": f"{number:032x}", "active": True,
                         "locale": "de", "organisation_id": organisation.id,
                         "created_at": NOW - timedelta(days=(number * 7) % 365),
                         "email_confirmed_at": NOW})
        rows.append({"email": f"koordination@kommune{n}.de", "name": f"Koordination {n}",
                     "password_hash": password, "xapi_name": uuid.uuid4().hex, "active": True,
                     "locale": "de", "organisation_id": organisation.id, "created_at": NOW,
                     "email_confirmed_at": NOW})
        roles.append(f"koordination@kommune{n}.de")
    rows.append({"email": "netzwerk@lernraum.bench", "name": "Netzwerkstelle",
                 "password_hash": password, "xapi_name": uuid.uuid4().hex, "active": True,
                 "locale": "de", "organisation_id": None, "created_at": NOW,
                 "email_confirmed_at": NOW})
    db.session.execute(insert(User), rows)
    ids = dict(db.session.execute(select(User.email, User.id)).all())
    db.session.execute(insert(UserRole), [{"user_id": ids[e], "role": "coordinator"}
                                          for e in roles]
                       + [{"user_id": ids["netzwerk@lernraum.bench"], "role": "network"}])
    db.session.commit()
    learners_found = [(ids[r["email"]], r["xapi_name"], r["organisation_id"]) for r in rows
                      if r["email"].startswith("person")]
    return learners_found, {"coordinator": "koordination@kommune0.de",
                            "network": "netzwerk@lernraum.bench"}


class Simulation:
    """Statements of one learner and the rows the projector and receivers would write."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.statements: list[dict] = []
        self.progress: list[dict] = []
        self.plan: list[dict] = []
        self.days: Counter = Counter()
        self.uses: Counter = Counter()
        self.stored: Counter = Counter()
        self.done: dict[int, set[int]] = {}

    def _add(self, name: str, verb: str, iri: str, at: datetime, **extra) -> None:
        statement = {"id": str(uuid.uuid4()), "actor": {"objectType": "Agent", "account": {
            "homePage": BASE, "name": name}}, "verb": {"id": verb},
            "object": {"objectType": "Activity", "id": iri},
            "timestamp": at.isoformat().replace("+00:00", "Z"), **extra}
        self.statements.append(statement)
        self.days[(name, at.date())] += 1

    def module(self, user_id: int, name: str, module: Module, start: datetime) -> datetime:
        rng, iri = self.rng, f"{BASE}/xapi/activities/module/{module.slug}"
        context = {"registration": str(uuid.uuid4()), "revision": "1.0.0"}
        at = start
        self._add(name, Verb.LAUNCHED, iri, at, context=context)
        self._add(name, Verb.INITIALIZED, iri, at, context=context)
        seen = rng.choice([2, 4, PAGES, PAGES, PAGES, PAGES])
        for page in range(1, seen + 1):
            at += timedelta(minutes=rng.randint(2, 9))
            self._add(name, Verb.EXPERIENCED, f"{iri}/page/{page}", at, context=context)
        score, status = None, "in_progress"
        if seen == PAGES:
            right = sum(rng.random() < 0.8 for _q in range(QUESTIONS))
            for q in range(1, QUESTIONS + 1):
                at += timedelta(minutes=1)
                self._add(name, Verb.ANSWERED, f"{iri}/interaction/q{q}", at, context=context,
                          result={"success": q <= right})
            score = right / QUESTIONS
            passed = score >= 0.8
            self._add(name, Verb.PASSED if passed else Verb.FAILED, f"{iri}/quiz", at,
                      context=context, result={"score": {"scaled": score}, "success": passed})
            if passed:
                self._add(name, Verb.COMPLETED, iri, at, context=context)
                status = "passed"
                self.done.setdefault(user_id, set()).add(module.id)
            else:
                status = "failed"
        self.progress.append({
            "user_id": user_id, "module_id": module.id, "registration": context["registration"],
            "module_version_id": module.current_version_id, "status": status,
            "best_score": score, "quiz_passed": status == "passed",
            "attempts": 0 if score is None else 1,
            "time_spent_seconds": int((at - start).total_seconds()),
            "pages_seen": list(range(1, seen + 1)), "last_page": seen, "started_at": start,
            "last_activity_at": at, "completed_at": at if status == "passed" else None})
        return at

    def learner(self, user_id: int, name: str, modules: list[Module], budget: int) -> None:
        rng, before = self.rng, len(self.statements)
        at = NOW - timedelta(days=rng.randint(1, 365), minutes=rng.randint(0, 600))
        for module in rng.sample(modules, rng.randint(14, 26)):
            at = min(self.module(user_id, name, module, at), NOW - timedelta(minutes=1))
            at = min(at + timedelta(hours=rng.randint(1, 200)), NOW - timedelta(minutes=30))
        for module in rng.sample(modules, 5):
            self.plan.append({"user_id": user_id, "module_id": module.id, "added_at": at})
        while len(self.statements) - before < budget:
            moment = NOW - timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1400))
            kind, slug = ("wiki", f"seite-{rng.randint(1, 60)}") if rng.random() < 0.7 else (
                "seminar", f"seminar-{rng.randint(1, 25)}")
            self._add(name, Verb.READ if kind == "wiki" else Verb.PLAYED,
                      f"{BASE}/xapi/activities/{kind}/{slug}", moment)
            self.uses[(kind, slug, moment.date())] += 1


def _flush_statements(statements: list[dict], stored_days: Counter) -> None:
    authority = {"objectType": "Agent", "account": {"homePage": BASE, "name": "lernraum"}}
    for start in range(0, len(statements), BATCH):
        stored = storage.now_ms()
        stored_days[stored.date()] += len(statements[start:start + BATCH])
        prepared = storage.prepare(statements[start:start + BATCH], authority=authority,
                                   version="1.0.3", stored=stored)
        storage.insert_statements(prepared, stored)
        db.session.commit()


def _certificates(sim: Simulation, courses: list[Course]) -> tuple[list[dict], list[dict]]:
    course_rows, certificates = [], []
    for user_id, done in sim.done.items():
        for course in courses:
            members = {entry.module_id for entry in course.entries}
            count = len(done & members)
            if not count:
                continue
            complete = count == len(members)
            course_rows.append({"user_id": user_id, "course_id": course.id,
                                "status": "completed" if complete else "in_progress",
                                "modules_completed": count, "started_at": NOW - timedelta(
                                    days=300), "last_activity_at": NOW - timedelta(days=2),
                                "completed_at": NOW - timedelta(days=2) if complete else None})
            if complete:
                certificates.append({
                    "user_id": user_id, "subject_kind": "course", "subject_id": course.id,
                    "generation": 1, "code": uuid.uuid4().hex[:16].upper(),
                    "template": "kurs", "learner_name": f"Person {user_id}", "title": course.title,
                    "snapshot": {}, "completed_at": NOW - timedelta(days=2),
                    "issued_at": NOW - timedelta(days=2), "status": "valid",
                    "render_state": "pending", "render_attempts": 0})
    return course_rows, certificates


def build(learners: int, statements: int) -> dict:
    """The whole data set; returns the logins of the timed users."""
    rng = random.Random(2026)
    modules, courses = _catalogue(rng)
    people, logins = _people(learners)
    sim = Simulation(rng)
    started, loaded = time.perf_counter(), 0
    for index, (user_id, name, _organisation) in enumerate(people):
        produced = loaded + len(sim.statements)
        sim.learner(user_id, name, modules, (statements - produced) // (len(people) - index))
        if len(sim.statements) >= BATCH * 4 or index == len(people) - 1:
            _flush_statements(sim.statements, sim.stored)
            loaded += len(sim.statements)
            sim.statements = []
            print(f"  {loaded:,} Statements geladen ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr)
    db.session.execute(insert(ModuleProgress), sim.progress)
    db.session.execute(insert(PlanEntry), sim.plan)
    db.session.execute(insert(ActivityDay), [{"actor_name": n, "day": d, "statements": c}
                                             for (n, d), c in sim.days.items()])
    weeks, latest = Counter(), {}
    for (name, day), number in sim.days.items():
        weeks[(name, monday(day))] += number
        latest[name] = max(latest.get(name, day), day)
    db.session.execute(insert(ActivityWeek), [{"actor_name": n, "week": w, "statements": c}
                                              for (n, w), c in weeks.items()])
    db.session.execute(insert(LastActivity), [{"actor_name": n, "day": d}
                                              for n, d in latest.items()])
    db.session.execute(insert(StatementDay), [{"day": d, "statements": c}
                                              for d, c in sim.stored.items()])
    db.session.execute(insert(ResourceDay), [{"kind": k, "slug": s, "day": d, "uses": c}
                                             for (k, s, d), c in sim.uses.items()])
    course_rows, certificates = _certificates(sim, courses)
    db.session.execute(insert(CourseProgress), course_rows)
    if certificates:
        db.session.execute(insert(Certificate), certificates)
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    logins["statements"], logins["progress_rows"] = loaded, len(sim.progress)
    logins["largest_course"] = courses[0].id
    logins["module"] = modules[0].id
    return logins


def _timed(client, url: str, rounds: int) -> tuple[float, float, int]:
    wall, cpu, size = [], [], 0
    for _round in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.data)
    return statistics.median(wall), statistics.median(cpu), size


def _client(app, email: str):
    client = app.test_client()
    response = client.post("/anmelden", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="400 learners, 200,000 statements")
    parser.add_argument("--database", help="database URL (default: a scratch SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch SQLite file")
    args = parser.parse_args()
    learners, statements = (400, 200_000) if args.quick else (2000, 1_000_000)
    url, kind = _database_url(args.database)
    app = create_app({"TESTING": True, "SECRET_KEY": "benchmark-secret-key-0123456789-abcdef",
                      "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "BASE_URL": BASE, "SERVER_NAME": "lernraum.bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        facts = build(learners, statements)
        build_seconds = time.perf_counter() - started
    coordinator, network = _client(app, facts["coordinator"]), _client(app, facts["network"])
    rounds = 5 if args.quick else 15
    timings = [
        ("overview", coordinator, "/koordination/fortschritt", rounds),
        ("matrix", coordinator, "/koordination/matrix", rounds),
        ("matrix_course_filtered", coordinator,
         f"/koordination/matrix?kurs={facts['largest_course']}&status=done&sort=fortschritt",
         rounds),
        ("funnels", coordinator, "/koordination/module", rounds),
        ("funnel_one_module", coordinator, f"/koordination/module/{facts['module']}", rounds),
        ("network_monitoring", network, "/netzwerk/monitoring", rounds),
        ("matrix_xlsx_export", coordinator, "/koordination/export/lernmatrix.xlsx",
         max(3, rounds // 3)),
    ]
    figures = {"database": kind, "learners": learners, "organisations": ORGANISATIONS,
               "largest_organisation": LARGEST, "modules": MODULES,
               "statements": facts["statements"], "progress_rows": facts["progress_rows"],
               "build_seconds": round(build_seconds, 1)}
    print(f"{kind}: {learners:,} Lernende in {ORGANISATIONS} Organisationen, {MODULES} Module, "
          f"{facts['statements']:,} Statements, {facts['progress_rows']:,} Lernstände "
          f"(aufgebaut in {build_seconds:.0f} s); Median der Serverzeit:")
    for name, client, page, count in timings:
        _timed(client, page, 1)  # warm up templates and caches
        wall, cpu, size = _timed(client, page, count)
        target = EXPORT_TARGET_MS if name.endswith("export") else PAGE_TARGET_MS
        figures[f"{name}_median_ms"] = round(wall, 1)
        figures[f"{name}_cpu_median_ms"] = round(cpu, 1)
        mark = "ok" if wall < target else "ÜBER ZIEL"
        print(f"  {name:24s} {wall:8.1f} ms (CPU {cpu:7.1f} ms, {size / 1024:6.0f} KiB, "
              f"Ziel < {target} ms)  {mark}")
    if kind == "sqlite" and not args.keep:
        shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
