"""Package import, launch and file serving, on SQLite (default) or PostgreSQL.

Usage: .venv/bin/python benchmarks/packages.py [--quick] [--database URL]
       (or set PACKAGES_BENCH_DATABASE_URL)

Builds its own cmi5 package of about 50 MB before the clock starts (45 MB of media that does
not compress, 5 MB of HTML, scripts and images in 1,171 files), then, in-process through the
app (no sockets, so the figures are the server's own):
1. imports it through the same service as the upload form and ``import-package``
   (every check, unpacking with CRC checks, storing the version): best of 3;
2. times launches of an ``OwnWindow`` AU by a logged-in learner: the POST that abandons the
   open session, opens a new cmi5 session with its one-time fetch code, writes
   LMS.LaunchData, the learner preferences and ``launched``, and answers the 303 redirect;
3. times GETs of a package file from the content origin (a 12 KB HTML page, and a 256 KB
   range of the video).
4. the SCORM run time (benchmarks/scorm_runtime.py): a commit with suspend_data at its
   limit and 50 interactions, and a launch with resume (player page, then the adapter's
   start), for SCORM 1.2 and 2004 against 2,000 learners' suspended attempts.
``--quick`` imports once, launches 30 times, serves 200 files, times 20 SCORM runs.
Prints readable figures and ends with one JSON line of the same figures.
Targets: import < 3 s, launch < 50 ms median, file serving < 10 ms median, SCORM commit and
launch with resume < 30 ms median.
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
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scorm_runtime import measure as measure_scorm  # noqa: E402
from sqlalchemy import delete, select, update  # noqa: E402

from lms import create_app  # noqa: E402
from lms.accounts import services as accounts  # noqa: E402
from lms.catalog.models import Module, ModuleVersion  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.packages import services  # noqa: E402
from lms.packages.models import Package  # noqa: E402

SECRET = "benchmark-secret-key-0123456789abcdefghijklmnop"
BASE = "http://lernraum.bench"
CONTENT = "http://inhalte.lernraum.bench"
PASSWORD = "Benchmark-Passwort-2026"
NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
COURSE = "https://beispiel.de/kurse/benchmark"


def course_xml(aus: int = 10) -> bytes:
    """A course structure with ``aus`` AUs in one block; the first starts in its own window."""
    own = ' launchMethod="OwnWindow"'
    units = "".join(
        f'<au id="{COURSE}/au/{n}" moveOn="CompletedOrPassed" masteryScore="0.8"'
        f'{own if n == 0 else ""}>'
        f'<title><langstring lang="de">Einheit {n}</langstring></title>'
        f'<description><langstring lang="de">Teil {n}</langstring></description>'
        f"<url>kapitel-{n}/index.html?teil={n}</url></au>" for n in range(aus))
    return (f'<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="{NS}">'
            f'<course id="{COURSE}"><title><langstring lang="de">Benchmarkkurs</langstring>'
            f'</title><description><langstring lang="de">50 MB</langstring></description>'
            f'</course><block id="{COURSE}/block"><title><langstring lang="de">Block'
            f'</langstring></title><description><langstring lang="de">B</langstring>'
            f"</description>{units}</block></courseStructure>").encode()


def build_package(path: Path) -> int:
    """The ~50 MB zip; returns its size in bytes."""
    rng = random.Random(3)
    page = ("<!doctype html><html lang='de'><title>Kapitel</title><main>"
            + "<p>Demografischer Wandel vor Ort gestalten.</p>" * 250 + "</main></html>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cmi5.xml", course_xml())
        for n in range(10):
            archive.writestr(f"kapitel-{n}/index.html", page)
            archive.writestr(f"kapitel-{n}/video.mp4", rng.randbytes(4 * 1024 * 1024 + 512 * 1024),
                             compress_type=zipfile.ZIP_STORED)
            for m in range(58):
                archive.writestr(f"kapitel-{n}/js/modul-{m}.js",
                                 f"// Teil {n}.{m}\n" + rng.randbytes(8 * 1024).hex())
                archive.writestr(f"kapitel-{n}/bilder/bild-{m}.png", rng.randbytes(1024))
    return path.stat().st_size


def make_app(database: str | None, instance: Path):
    app = create_app({
        "TESTING": False, "SECRET_KEY": SECRET, "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": database or f"sqlite:///{instance / 'bench.db'}",
        "BASE_URL": BASE, "CONTENT_BASE_URL": CONTENT, "SERVER_NAME": "lernraum.bench",
        "PACKAGE_STORAGE": str(instance / "packages"), "MAIL_FOLDER": str(instance / "mail"),
        "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def time_import(app, package: Path, rounds: int) -> list[float]:
    """Seconds per import of the package as a new module (each round a clean module)."""
    figures = []
    for _ in range(rounds):
        with app.app_context():
            with package.open("rb") as stream:
                start = time.perf_counter()
                report = services.import_upload(stream, package.name, publish=True)
                figures.append(time.perf_counter() - start)
            assert report.stored, [str(e) for e in report.errors]
            if len(figures) < rounds:
                key = db.session.scalar(select(Package.storage_key))
                db.session.execute(delete(Package))
                db.session.execute(update(Module).values(current_version_id=None))
                db.session.execute(delete(ModuleVersion))
                db.session.execute(delete(Module))
                db.session.commit()
                shutil.rmtree(Path(app.config["PACKAGE_STORAGE"]) / key)
    return figures


def learner_client(app):
    with app.app_context():
        user = accounts.create_user(email="lernende@beispiel.de", name="Lea", password=PASSWORD,
                                    organisation_id=None, roles=set(), confirmed=True)
        db.session.commit()
    client = app.test_client()
    response = client.post("/anmelden", data={"email": "lernende@beispiel.de",
                                               "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client, user


def time_launches(app, client, count: int) -> list[float]:
    with app.app_context():
        module = db.session.scalar(select(Module))
        slug = module.slug
        key = module.current_version.content["units"][0]["key"]
    figures = []
    for _ in range(count + 3):
        start = time.perf_counter()
        response = client.post(f"/lernen/{slug}/einheit/{key}", data={"modus": "Normal"})
        figures.append(time.perf_counter() - start)
        assert response.status_code == 303, response.status_code
        assert "fetch=" in response.headers["Location"]
    return figures[3:]


def time_files(app, client, count: int) -> tuple[list[float], list[float]]:
    with app.app_context():
        folder = db.session.scalar(select(Package.storage_key))
    page, video = f"{CONTENT}/p/{folder}/kapitel-3/index.html", \
        f"{CONTENT}/p/{folder}/kapitel-3/video.mp4"
    pages, ranges = [], []
    for n in range(count + 5):
        for url, headers, figures in ((page, {}, pages),
                                      (video, {"Range": "bytes=262144-524287"}, ranges)):
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            data = response.get_data()
            response.close()
            elapsed = time.perf_counter() - start
            assert response.status_code in (200, 206) and data
            if n >= 5:
                figures.append(elapsed)
    return pages, ranges


def ms(values: list[float]) -> str:
    return f"{1000 * statistics.median(values):.1f} ms median, p95 " \
           f"{1000 * sorted(values)[int(0.95 * (len(values) - 1))]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--database", default=os.environ.get("PACKAGES_BENCH_DATABASE_URL"))
    args = parser.parse_args()
    if args.database and args.database.startswith("postgresql://"):
        args.database = "postgresql+psycopg://" + args.database.removeprefix("postgresql://")
    instance = Path(tempfile.mkdtemp(prefix="lernraum-bench-packages-"))
    try:
        package = instance / "benchmark-kurs.zip"
        size = build_package(package)
        app = make_app(args.database, instance)
        imports = time_import(app, package, 1 if args.quick else 3)
        client, _ = learner_client(app)
        launches = time_launches(app, client, 30 if args.quick else 200)
        pages, ranges = time_files(app, client, 200 if args.quick else 1000)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    figures = {
        "package_mb": round(size / 1024 / 1024, 1),
        "import_s_best": round(min(imports), 2),
        "launch_ms_median": round(1000 * statistics.median(launches), 1),
        "file_ms_median": round(1000 * statistics.median(pages), 2),
        "range_ms_median": round(1000 * statistics.median(ranges), 2),
        "database": "postgresql" if args.database else "sqlite",
    }
    print(f"package: {figures['package_mb']} MB zip (cmi5, 10 AUs, 1,181 files)")
    print(f"import (check, unpack, store): best {min(imports):.2f} s of {len(imports)} "
          f"(target < 3 s)")
    print(f"launch with minted credentials (303): {ms(launches)} (target < 50 ms median)")
    print(f"package file 12 KB: {ms(pages)} (target < 10 ms median)")
    print(f"video range 256 KB: {ms(ranges)}")
    scorm_lines, scorm_figures = measure_scorm(args.quick, args.database)
    print("\n".join(scorm_lines))
    figures.update(scorm_figures)
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(f"machine load average: {figures['load_average_1min']} ({os.cpu_count()} cores)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
