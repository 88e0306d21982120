"""The crawl of the whole site, once for this folder: the demo site is built, crawled as every
role, compared with the database before, and removed again; its figures end the test run."""

from collections import Counter
from dataclasses import dataclass
from time import perf_counter

import pytest

from lms.extensions import db, limiter
from tests.conftest import _empty_all_tables
from tests.crawler.crawler import Crawler
from tests.crawler.site import CRAWLS, build_site
from tests.crawler.snapshot import TableChange, changes, snapshot

SEED = 17
"""Seed of the sampled pairs of form changes: the same pairs in every run."""

REPORT: list[str] = []
"""Lines printed at the end of the test run (figures and the slowest responses)."""


@dataclass
class CrawlResult:
    """The crawler with its findings and visits, and what the crawl changed in the database."""

    crawler: Crawler
    changes: dict[str, TableChange]
    seconds: float
    endpoints: set[str]


def _summary(result: CrawlResult) -> list[str]:
    visits = result.crawler.visits
    pages = Counter(v.role for v in visits if not v.asset)
    forms = Counter(v.role for v in visits if v.via_form)
    lines = [f"Crawl in {result.seconds:.1f} s ({db.engine.dialect.name}): "
             f"{sum(pages.values())} Seiten × Rollen, {len(visits)} Anfragen, "
             f"{sum(forms.values())} Formular- und Filterkombinationen, "
             f"{len(result.crawler.forms)} Formulare, {len(result.endpoints)} Endpunkte, "
             f"{len(result.crawler.findings)} Befunde"]
    lines += [f"  {role}: {pages[role]} Seiten, davon {forms[role]} Formularabsendungen"
              for role in CRAWLS]
    lines.append("Langsamste zehn Antworten:")
    for visit in sorted(visits, key=lambda v: v.seconds, reverse=True)[:10]:
        lines.append(f"  {visit.seconds * 1000:7.0f} ms  {visit.status}  [{visit.role}] "
                     f"{visit.url}")
    return lines


@pytest.fixture(scope="module")
def crawl(app) -> CrawlResult:
    """Build the demo site, crawl it as every role, and compare the database before and after."""
    with app.app_context():
        try:
            site = build_site(app)
            before = snapshot()
            crawler = Crawler(app, origin=app.config["SERVER_NAME"], seed=SEED)
            started = perf_counter()
            for name in CRAWLS:
                limiter.reset()  # every crawl is another person at another computer
                crawler.crawl(name, site.clients[name])
            seconds = perf_counter() - started
            result = CrawlResult(crawler, changes(before, snapshot()), seconds,
                                 {v.endpoint for v in crawler.visits
                                  if v.endpoint and v.status < 400})
            REPORT[:] = _summary(result)
        finally:
            db.session.rollback()
            _empty_all_tables()
            limiter.reset()
            db.session.remove()
    return result


def pytest_terminal_summary(terminalreporter):
    """Print the crawl's figures and slowest responses after the test run."""
    if REPORT:
        terminalreporter.section("Crawler")
        for line in REPORT:
            terminalreporter.write_line(line)
