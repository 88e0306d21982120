"""Search with 5,000 wiki pages and 500 seminars with transcripts, on SQLite and PostgreSQL.

Usage: .venv/bin/python benchmarks/search.py [--quick] [--postgres URL]

Builds a scratch database (SQLite in a temporary folder; with ``--postgres`` also the
given PostgreSQL database, which is emptied first): 5,000 wiki pages of about 400 words and
500 seminars with transcripts of about 3,000 words, their text drawn from the distinct words
of the shipped wiki pages and seminars; one in ten page titles carries one of the searched
words. Then measures the median and 95th percentile of 200
searches (inflected words, one to three per query) through the search service and through
the search page (WSGI test client, template included), and the index update after an
edit (re-indexing one page, and the whole save with revision and commit). Prints readable
figures and ends with one JSON line of the same figures. Targets: median search < 50 ms,
index update < 20 ms.
"""

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms import create_app  # noqa: E402
from lms.accounts import services as accounts  # noqa: E402
from lms.core.topics import TOPICS  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.search import services as search  # noqa: E402
from lms.seminars import services as seminars  # noqa: E402
from lms.seminars.models import Seminar  # noqa: E402
from lms.wiki import services as wiki  # noqa: E402
from lms.wiki.models import WikiPage  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEARCH_TARGET_MS, UPDATE_TARGET_MS = 50, 20
QUERIES = 200
INFLECTED = ["Bürgerbusse", "Dorfläden", "Pflegenetzwerke", "Zukunftswerkstätten",
             "Mehrgenerationenhäuser", "Jugendparlamente", "Seniorenbefragungen",
             "Quartiersmanager", "Ehrenamtlichen", "Beteiligungsverfahren"]


def _vocabulary() -> list[str]:
    """The distinct words of the shipped pages and seminars, each once.

    Drawing from the distinct words (not from the running text) gives 5,000 pages a long
    tail of words, as a real wiki has; drawn from the running text of 26 files, every page
    would repeat the same few hundred topic words and each query would match most pages.
    """
    text = " ".join(path.read_text(encoding="utf-8") for folder in ("wiki", "seminars")
                    for path in sorted((ROOT / "content" / folder).glob("*.*")))
    return sorted(set(re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", text)))


def _text(rng: random.Random, words: list[str], count: int) -> str:
    sentences, picked = [], rng.choices(words, k=count)
    for start in range(0, count, 12):
        sentences.append(" ".join(picked[start:start + 12]).capitalize() + ".")
    return " ".join(sentences)


def _fill(pages: int, seminar_count: int, rng: random.Random) -> None:
    words = _vocabulary()
    topics = [topic.slug for topic in TOPICS]
    for n in range(pages):
        special = INFLECTED[n % len(INFLECTED)].rstrip("en").rstrip("e")
        page = WikiPage(slug=f"seite-{n:05d}", title=f"{rng.choice(words)} {special} {n}",
                        kind="leitfaden", topics=[rng.choice(topics)],
                        summary=_text(rng, words, 25), body=_text(rng, words, 400))
        db.session.add(page)
        wiki.index_page(page)
        if n % 500 == 499:
            db.session.commit()
    for n in range(seminar_count):
        seminar = Seminar(slug=f"seminar-{n:04d}", title=f"Seminar {rng.choice(words)} {n}",
                          held_on=date(2024 + n % 3, 1 + n % 12, 1 + n % 28),
                          topics=[rng.choice(topics)], summary=_text(rng, words, 30),
                          description=_text(rng, words, 300),
                          transcript=_text(rng, words, 3000))
        db.session.add(seminar)
        seminars.index_seminar(seminar)
        if n % 100 == 99:
            db.session.commit()
    db.session.commit()


def _timed(function, *args, **kwargs) -> float:
    start = time.perf_counter()
    function(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def _figures(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 2)}


def _measure(app, rng: random.Random) -> dict:
    queries = [" ".join(rng.sample(INFLECTED, rng.choice([1, 1, 2, 3]))) for _ in range(QUERIES)]
    for query in queries[:10]:
        search.search(query)  # warm caches and connections
    service = [_timed(search.search, query) for query in queries]
    filtered = [_timed(search.search, query, kind="wiki", page=2) for query in queries[:50]]
    client = app.test_client()
    pages = [_timed(client.get, "/suche/", query_string={"q": query}) for query in queries[:100]]
    author = accounts.create_user(email="autorin@bench.de", name="Autorin",
                                  password="Sonnenblume-im-Rathaus-7", confirmed=True)
    db.session.commit()
    updates, saves = [], []
    for n in range(50):
        page = db.session.scalar(db.select(WikiPage).where(WikiPage.slug == f"seite-{n:05d}"))
        page.body = page.body + f" Ergänzung {n}: Bürgerbusse und Dorfläden."
        updates.append(_timed(wiki.index_page, page))
        db.session.commit()
        fields = {name: getattr(page, name) for name in wiki.CONTENT_FIELDS}
        fields["body"] += " Noch ein Satz."
        start = time.perf_counter()
        wiki.save_page(page, slug=page.slug, fields=fields, user_id=author.id, note="Bench")
        db.session.commit()
        saves.append((time.perf_counter() - start) * 1000)
    return {"search": _figures(service), "search_kind_page_2": _figures(filtered),
            "search_page_http": _figures(pages), "index_update": _figures(updates),
            "save_with_index_and_commit": _figures(saves)}


def run(url: str, name: str, pages: int, seminar_count: int) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                      "SECRET_KEY": "benchmark-secret-key-long-enough-0123456789",
                      "SERVER_NAME": "lernraum.bench", "BASE_URL": "http://lernraum.bench"})
    rng = random.Random(14)
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = time.perf_counter()
        _fill(pages, seminar_count, rng)
        built = time.perf_counter() - start
        figures = _measure(app, rng)
        figures["build_s"] = round(built, 1)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    ok = (figures["search"]["median_ms"] < SEARCH_TARGET_MS
          and figures["index_update"]["median_ms"] < UPDATE_TARGET_MS)
    print(f"{name}: {pages} Wiki-Seiten, {seminar_count} Seminare (Aufbau {built:.0f} s)")
    for label, values in figures.items():
        if isinstance(values, dict):
            print(f"  {label:28} Median {values['median_ms']:7.2f} ms   "
                  f"95 % {values['p95_ms']:7.2f} ms")
    print(f"  Ziel (Suche < {SEARCH_TARGET_MS} ms, Index < {UPDATE_TARGET_MS} ms): "
          f"{'erreicht' if ok else 'VERFEHLT'}")
    return {**figures, "ok": ok}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 Seiten, 50 Seminare")
    parser.add_argument("--postgres", help="PostgreSQL-URL einer leeren Benchmark-Datenbank")
    parser.add_argument("--no-sqlite", action="store_true", help="nur PostgreSQL messen")
    args = parser.parse_args()
    pages, seminar_count = (500, 50) if args.quick else (5000, 500)
    results = {}
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            results["sqlite"] = run(f"sqlite:///{folder}/search.db", "SQLite", pages,
                                    seminar_count)
    if args.postgres:
        url = args.postgres.replace("postgresql://", "postgresql+psycopg://", 1)
        results["postgresql"] = run(url, "PostgreSQL", pages, seminar_count)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
