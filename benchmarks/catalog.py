"""Catalogue and learning-plan pages with 200 modules and 2,000 learners loaded.

Usage: .venv/bin/python benchmarks/catalog.py [--quick]

Builds a scratch SQLite database: 200 published modules (5 pages each, realistic JSON
size), one course of 8 modules, 2,000 learners with 10 progress rows and 5 plan entries
each. Then measures the server time of each page through the WSGI test client (request
parsing, session, queries, template rendering; no network), for a visitor and for a
learner with 20 modules started; CPU time is printed too, as wall-clock time swells on a
machine busy with other work. Prints readable figures and ends with one JSON line of
the same figures. Target: median < 30 ms per page.
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms import create_app  # noqa: E402
from lms.accounts import services as accounts  # noqa: E402
from lms.accounts.models import User  # noqa: E402
from lms.catalog.models import Course, CourseModule, Module, ModuleVersion, PlanEntry  # noqa: E402
from lms.core.models import utcnow  # noqa: E402
from lms.core.topics import TOPICS  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.progress.models import ModuleProgress  # noqa: E402

TARGET_MS = 30
PASSWORD = "Sonnenblume-im-Rathaus-7"
MODULES, LEARNERS = 200, 2000


def _modules(rng: random.Random) -> list[Module]:
    modules = []
    for n in range(MODULES):
        topic = rng.choice(TOPICS).slug
        module = Module(slug=f"modul-{n:03d}")
        db.session.add(module)
        db.session.flush()
        pages = [
            {
                "position": p,
                "file": f"pages/{p:02d}.md",
                "title": f"Seite {p}",
                "segments": [{"kind": "text", "html": "<p>Inhalt der Lernseite.</p>" * 120}],
            }
            for p in range(1, 6)
        ]
        manifest = {
            "topics": [topic],
            "target_groups": ["verwaltung", "politik"],
            "objectives": [f"Sie können Aufgabe {k} in Ihrer Kommune lösen." for k in range(4)],
            "completion": {"pages": "all", "quiz": True},
            "quiz": {"pass_threshold": 0.8, "max_attempts": 3},
        }
        version = ModuleVersion(
            module_id=module.id,
            version="1.0.0",
            title=f"Modul {n:03d}: {topic}",
            summary="Wie Kommunen den demografischen Wandel vor Ort gestalten. " * 2,
            level=rng.choice(["einstieg", "vertiefung", "expertise"]),
            minutes=rng.choice([30, 45, 60, 75]),
            content_hash=f"{n}",
            manifest=manifest,
            content={"pages": pages, "quiz": None},
        )
        db.session.add(version)
        db.session.flush()
        module.current_version = version
        modules.append(module)
    return modules


def _learners(rng: random.Random, modules: list[Module]) -> User:
    now = utcnow()
    db.session.execute(
        User.__table__.insert(),
        [
            {
                "email": f"person{i}@beispiel.de",
                "name": f"Person {i}",
                "password_hash": "-",
                "xapi_name": f"{i:032x}",
                "active": True,
                "locale": "de",
                "created_at": now,
            }
            for i in range(LEARNERS)
        ],
    )
    ids = list(db.session.scalars(db.select(User.id)))
    progress, plans = [], []
    for user_id in ids:
        for module in rng.sample(modules, 10):
            progress.append(_progress_row(user_id, module, rng, now))
        plans += [
            {"user_id": user_id, "module_id": m.id, "added_at": now} for m in rng.sample(modules, 5)
        ]
    learner = accounts.create_user(
        email="bench@beispiel.de",
        name="Bench",
        password=PASSWORD,
        organisation_id=None,
        roles=set(),
        confirmed=True,
    )
    db.session.flush()
    progress += [_progress_row(learner.id, module, rng, now) for module in modules[:20]]
    plans += [{"user_id": learner.id, "module_id": m.id, "added_at": now} for m in modules[:10]]
    db.session.execute(ModuleProgress.__table__.insert(), progress)
    db.session.execute(PlanEntry.__table__.insert(), plans)
    return learner


def _progress_row(user_id: int, module: Module, rng: random.Random, now) -> dict:
    return {
        "user_id": user_id,
        "module_id": module.id,
        "module_version_id": module.current_version_id,
        "registration": f"{user_id:08d}-0000-4000-8000-{module.id:012d}",
        "status": rng.choice(["in_progress", "passed", "completed", "failed"]),
        "attempts": 1,
        "time_spent_seconds": 600,
        "pages_seen": [1, 2, 3],
        "last_page": 3,
        "started_at": now,
        "last_activity_at": now - timedelta(minutes=rng.randint(1, 50_000)),
        "best_score": 0.7,
        "quiz_passed": False,
    }


def _medians_ms(client, url: str, rounds: int) -> tuple[float, float]:
    """Median wall-clock and CPU time of ``rounds`` requests (CPU time resists machine load)."""
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (under a minute)")
    rounds = 20 if parser.parse_args().quick else 100

    workdir = Path(tempfile.mkdtemp(prefix="lernraum-bench-catalog-"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "benchmark-secret-key-0123456789-abcdef",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
            "WTF_CSRF_ENABLED": False,
        }
    )
    rng = random.Random(2026)
    with app.app_context():
        db.create_all()
        modules = _modules(rng)
        course = Course(
            slug="demografie-vor-ort",
            version="1.0.0",
            title="Demografischen Wandel vor Ort gestalten",
            electives_needed=3,
        )
        course.entries = [
            CourseModule(module_id=m.id, required=i < 2, position=i)
            for i, m in enumerate(modules[:8])
        ]
        db.session.add(course)
        _learners(rng, modules)
        db.session.commit()

    visitor, learner = app.test_client(), app.test_client()
    learner.post("/anmelden", data={"email": "bench@beispiel.de", "password": PASSWORD})
    pages = [
        ("catalogue_visitor", visitor, "/module"),
        ("catalogue_learner", learner, "/module"),
        ("catalogue_filtered", learner, "/module?thema=wohnen&niveau=einstieg"),
        ("catalogue_search", learner, "/module?q=kommune+wohnen"),
        ("catalogue_page_5", learner, "/module?seite=5"),
        ("module_page", learner, "/module/modul-005"),
        ("course_page", learner, "/kurse/demografie-vor-ort"),
        ("learning_plan", learner, "/lernplan"),
        ("start_page", learner, "/"),
    ]
    figures = {"modules": MODULES, "learners": LEARNERS, "rounds": rounds, "target_ms": TARGET_MS}
    print(
        f"{MODULES} Module, {LEARNERS} Lernende, {rounds} Aufrufe je Seite (Median der Serverzeit):"
    )
    for name, client, url in pages:
        _medians_ms(client, url, 3)  # warm up templates and caches
        wall, cpu = _medians_ms(client, url, rounds)
        figures[f"{name}_median_ms"], figures[f"{name}_cpu_median_ms"] = (
            round(wall, 2),
            round(cpu, 2),
        )
        mark = "ok" if wall < TARGET_MS else "ÜBER ZIEL"
        print(f"  {url:40s} {wall:7.2f} ms (CPU {cpu:6.2f} ms)  {mark}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
