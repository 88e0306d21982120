"""The crawl of the whole site, once for the crawl tests: the demo site is built, crawled as
everyone, compared with the database before, and removed again; its figures end the run."""

import pytest

from lms.extensions import db, limiter
from tests.conftest import _empty_all_tables
from tests.crawler.run import CrawlResult, crawl_site

REPORT: list[str] = []
"""Lines printed at the end of the test run (figures and the slowest responses)."""


@pytest.fixture(scope="module")
def crawl(app) -> CrawlResult:
    """Build the demo site, crawl it as every role, and compare the database before and after."""
    with app.app_context():
        try:
            result = crawl_site(app)
            REPORT[:] = result.summary()
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
