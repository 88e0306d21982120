"""The site crawl of the test suite (tests/crawler) as a benchmark: pages × roles visited,
form and filter combinations submitted, total and CPU time, the slowest responses.

Usage: .venv/bin/python benchmarks/crawl.py [--database postgresql://…/EMPTY_DATABASE]

Builds the demo site with one account per role in a scratch SQLite database (or in the given
database, which must be an empty one of your own: the tables are created and dropped), crawls
it as everyone exactly as the test does, and prints the figures and any findings; the last
line holds the same figures as JSON. CPU time is the crawler's and the app's (not the
database server's); wall-clock time swells on a machine busy with other work. Target: the
whole crawl within 120 s on a 2-core machine.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms import create_app  # noqa: E402
from lms.extensions import db  # noqa: E402
from tests.conftest import IsolatedClient, compile_translations  # noqa: E402
from tests.crawler.run import crawl_site  # noqa: E402

TARGET_SECONDS = 120


def _app(database: str, scratch: Path):
    if database.startswith("postgresql://"):
        database = "postgresql+psycopg://" + database.removeprefix("postgresql://")
    app = create_app({
        "TESTING": True, "SECRET_KEY": "benchmark-secret-key-that-is-long-enough-0123",
        "SQLALCHEMY_DATABASE_URI": database, "WTF_CSRF_ENABLED": False,
        "MAIL_FOLDER": str(scratch / "mail"), "PACKAGE_STORAGE": str(scratch / "packages"),
        "SERVER_NAME": "lernraum.test", "BASE_URL": "http://lernraum.test",
    })
    app.test_client_class = IsolatedClient
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an empty database of your own (default: SQLite)")
    args = parser.parse_args()
    compile_translations()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        app = _app(args.database or f"sqlite:///{scratch / 'crawl.db'}", scratch)
        with app.app_context():
            db.create_all()
            try:
                result = crawl_site(app)
            finally:
                db.session.remove()
                db.drop_all()
                db.engine.dispose()
    for line in result.summary():
        print(line)
    for finding in result.crawler.findings:
        print(finding)
    figures = {**result.figures(), "target_seconds": TARGET_SECONDS}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
