"""Counting stored statements for the monitoring: per stored day, and the uses of wiki pages
(``read``) and seminar recordings (``played``) per day; rebuilt by ``lms rebuild-usage``."""

from collections import Counter

from flask import current_app
from sqlalchemy import delete

from lms import signals
from lms.core.counters import add_counts
from lms.core.vocabulary import Verb, activity_iri
from lms.extensions import db
from lms.monitoring.models import ResourceDay, StatementDay
from lms.xapi.formats import parse_timestamp
from lms.xapi.services import query_statements

USES = {"wiki": Verb.READ, "seminar": Verb.PLAYED}
"""Which verb counts as a use of each kind of resource."""


def _moment(statement: dict, key: str):
    return parse_timestamp(statement.get(key) or statement["stored"], key, "1.0.3")


def count(statements: list[dict], base_url: str) -> tuple[Counter, Counter]:
    """Statements per stored day; uses per (kind, slug, day of the statement's timestamp)."""
    days, uses = Counter(), Counter()
    prefixes = {kind: activity_iri(base_url, kind) + "/" for kind in USES}
    for statement in statements:
        days[(_moment(statement, "stored").date(),)] += 1
        iri = (statement.get("object") or {}).get("id", "")
        verb = (statement.get("verb") or {}).get("id")
        for kind, prefix in prefixes.items():
            slug = iri[len(prefix):]
            if iri.startswith(prefix) and verb == USES[kind] and slug and "/" not in slug:
                uses[(kind, slug[:100], _moment(statement, "timestamp").date())] += 1
    return days, uses


def add(days: Counter, uses: Counter) -> None:
    """Add counts to the counter tables (no commit)."""
    add_counts(StatementDay, ("day",), "statements", days)
    add_counts(ResourceDay, ("kind", "slug", "day"), "uses", uses)


def on_statements_stored(sender, statements: list[dict], **extra) -> None:
    """Count the new statements in the storing transaction (no commit)."""
    add(*count(statements, current_app.config["BASE_URL"]))


def rebuild_usage(batch: int = 100) -> int:
    """Recount both tables from every stored statement; returns how many were read."""
    db.session.execute(delete(StatementDay))
    db.session.execute(delete(ResourceDay))
    base_url, total = current_app.config["BASE_URL"], 0
    statements, more = query_statements(ascending=True, limit=batch)
    while True:
        add(*count(statements, base_url))
        total += len(statements)
        if not more:
            break
        statements, more = query_statements(more=more)
    db.session.commit()
    return total


def connect() -> None:
    """Listen to ``statement_stored``."""
    signals.statement_stored.connect(on_statements_stored)
