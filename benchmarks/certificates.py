"""Certificate rendering speed: one certificate at a time, and 100 in a row through the queue.

Usage: .venv/bin/python benchmarks/certificates.py [--quick]

"single": a fresh certificate rendered on its own (the on-demand download path), repeated;
"batch": 100 issued certificates rendered in a row by ``render_due`` (the background and
``lms render-certificates`` path), including storing each PDF in the database.
Prints readable figures and ends with one JSON line of the same figures. Target: median < 400 ms.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms import create_app  # noqa: E402
from lms.accounts.models import User  # noqa: E402
from lms.certificates import rendering, services  # noqa: E402
from lms.certificates.codes import generate_code  # noqa: E402
from lms.certificates.issuing import issue  # noqa: E402
from lms.certificates.models import SubjectKind  # noqa: E402
from lms.core.models import utcnow  # noqa: E402
from lms.extensions import db  # noqa: E402

TARGET_MS = 400


def _snapshot(n: int) -> dict:
    modules = [{"title": f"Modul {i}: Demografischer Wandel vor Ort",
                "completed_on": f"2026-11-2{i}", "hours": 1.5} for i in range(1, 6)]
    return {"learner_name": f"Teilnehmerin Nummer {n} Müller-Lüdenscheidt",
            "title": "Demografischen Wandel in der Kommune gestalten", "summary": "",
            "modules": modules, "total_hours": 7.5, "completed_on": "2026-11-24",
            "issued_on": "2026-11-25", "network": "Zukunftsraum Demografie"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (under a minute)")
    args = parser.parse_args()
    singles, batch_size = (15, 30) if args.quick else (40, 100)

    workdir = Path(tempfile.mkdtemp(prefix="lernraum-bench-certs-"))
    app = create_app({"TESTING": True, "SECRET_KEY": "benchmark-secret-key-0123456789-abcdef",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
                      "BASE_URL": "https://lernraum.example.de"})
    with app.app_context():
        db.create_all()
        template = rendering.load_template(services.templates_root(), "kurs")

        start = time.perf_counter()
        rendering.render_pdf(template, _snapshot(0), generate_code(), "https://x/nachweis/1")
        cold_ms = (time.perf_counter() - start) * 1000

        single_ms = []
        for n in range(1, singles + 1):
            code = generate_code()
            start = time.perf_counter()
            rendering.render_pdf(template, _snapshot(n), code, services.verify_url(code))
            single_ms.append((time.perf_counter() - start) * 1000)

        user = User(email="bench@beispiel.de", name="Bench", password_hash="x")
        db.session.add(user)
        db.session.commit()
        for n in range(batch_size):
            issue(user, SubjectKind.COURSE, n + 1, "kurs", _snapshot(n), utcnow())
        db.session.commit()
        per_certificate = []
        batch_start = time.perf_counter()
        for certificate_id in services.due_for_rendering():
            start = time.perf_counter()
            assert services.render_certificate(certificate_id)
            per_certificate.append((time.perf_counter() - start) * 1000)
        batch_total_s = time.perf_counter() - batch_start

    figures = {
        "cold_first_render_ms": round(cold_ms, 1),
        "single_median_ms": round(statistics.median(single_ms), 1),
        "single_p90_ms": round(sorted(single_ms)[int(len(single_ms) * 0.9) - 1], 1),
        "batch_size": batch_size,
        "batch_total_s": round(batch_total_s, 2),
        "batch_median_ms": round(statistics.median(per_certificate), 1),
        "batch_p90_ms": round(sorted(per_certificate)[int(len(per_certificate) * 0.9) - 1], 1),
        "target_ms": TARGET_MS,
    }
    print("Nachweise rendern (Vorlage „kurs“, 5 Module, WeasyPrint, PDF/A-3a getaggt)")
    print(f"  erster Aufruf (kalt, Schriften laden): {figures['cold_first_render_ms']:8.1f} ms")
    print(f"  einzeln, Median über {singles}:            {figures['single_median_ms']:8.1f} ms"
          f"  (p90 {figures['single_p90_ms']} ms)")
    print(f"  {batch_size} in Folge inkl. Speichern:        {figures['batch_total_s']:8.2f} s"
          f"  (Median {figures['batch_median_ms']} ms, p90 {figures['batch_p90_ms']} ms)")
    worst = max(figures["single_median_ms"], figures["batch_median_ms"])
    verdict = "erreicht" if worst < TARGET_MS else "verfehlt"
    print(f"  Ziel Median < {TARGET_MS} ms: {verdict}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
