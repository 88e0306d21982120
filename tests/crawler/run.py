"""One crawl of the demo site as everyone, with its figures: used by the test fixture and by
``benchmarks/crawl.py``."""

import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from time import perf_counter, process_time

from flask import Flask
from sqlalchemy import event

from lms.extensions import db, limiter
from tests.crawler.crawler import Crawler
from tests.crawler.site import CRAWLS, build_site
from tests.crawler.snapshot import TableChange, changes, snapshot

SEED = 17
"""Seed of the sampled pairs of form changes: the same pairs in every run."""

WRITE = re.compile(r'^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)',
                   re.IGNORECASE)


@dataclass(frozen=True)
class Write:
    """One INSERT, UPDATE or DELETE a crawled request sent to the database."""

    role: str
    url: str
    verb: str
    table: str

    def __str__(self) -> str:
        return f"[{self.role}] {self.url}: {self.verb} {self.table}"


@contextmanager
def _write_log(crawler: Crawler):
    """Collect the writes of each request the crawler makes, with its role and URL."""
    writes: list[Write] = []

    def written(connection, cursor, statement, parameters, context, executemany):
        match = WRITE.match(statement)
        if match and crawler.current:
            writes.append(Write(*crawler.current, match[1].split()[0].upper(), match[2]))

    event.listen(db.engine, "before_cursor_execute", written)
    try:
        yield writes
    finally:
        event.remove(db.engine, "before_cursor_execute", written)


@dataclass
class CrawlResult:
    """The crawler with its findings and visits, and what the crawl changed in the database."""

    database: str
    crawler: Crawler
    changes: dict[str, TableChange]
    writes: list[Write]
    seconds: float
    cpu_seconds: float
    endpoints: set[str]

    def figures(self) -> dict:
        """Pages (requests other than assets), form submissions and time, per crawl and all."""
        visits = self.crawler.visits
        pages = Counter(v.role for v in visits if not v.asset)
        forms = Counter(v.role for v in visits if v.via_form)
        return {
            "database": self.database, "seconds": round(self.seconds, 1),
            "cpu_seconds": round(self.cpu_seconds, 1), "pages": sum(pages.values()),
            "requests": len(visits), "form_submissions": sum(forms.values()),
            "forms": len(self.crawler.forms), "endpoints": len(self.endpoints),
            "findings": len(self.crawler.findings),
            "by_crawl": {name: {"pages": pages[name], "form_submissions": forms[name]}
                         for name in CRAWLS},
        }

    def summary(self) -> list[str]:
        """The figures and the slowest ten responses as readable lines."""
        f = self.figures()
        lines = [f"Crawl in {f['seconds']} s, CPU {f['cpu_seconds']} s ({f['database']}): "
                 f"{f['pages']} Seiten × Rollen, {f['requests']} Anfragen, "
                 f"{f['form_submissions']} Formular- und Filterkombinationen, {f['forms']} "
                 f"Formulare, {f['endpoints']} Endpunkte, {f['findings']} Befunde"]
        lines += [f"  {name}: {n['pages']} Seiten, davon {n['form_submissions']} "
                  f"Formularabsendungen" for name, n in f["by_crawl"].items()]
        lines.append("Langsamste zehn Antworten:")
        for visit in sorted(self.crawler.visits, key=lambda v: v.seconds, reverse=True)[:10]:
            url = visit.url if len(visit.url) <= 100 else f"{visit.url[:99]}…"
            lines.append(f"  {visit.seconds * 1000:7.0f} ms  {visit.status}  [{visit.role}] "
                         f"{url}")
        return lines


def crawl_site(app: Flask) -> CrawlResult:
    """Build the demo site in the (empty) database, crawl it as everyone, compare the rows
    before and after; call inside an app context."""
    site = build_site(app)
    before = snapshot()
    crawler = Crawler(app, origin=app.config["SERVER_NAME"], seed=SEED)
    started, cpu_started = perf_counter(), process_time()
    with _write_log(crawler) as writes:
        for name in CRAWLS:
            limiter.reset()  # every crawl is another person at another computer
            crawler.crawl(name, site.clients[name])
    seconds, cpu_seconds = perf_counter() - started, process_time() - cpu_started
    reached = {v.endpoint for v in crawler.visits if v.endpoint and v.status < 400}
    return CrawlResult(db.engine.dialect.name, crawler, changes(before, snapshot()), writes,
                       seconds, cpu_seconds, reached)
