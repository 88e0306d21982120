"""Learning days: counters per learner and day and per learner and week, and each learner's
latest day, kept up to date with each stored statement.

"Active" in every report means: at least one statement with the learner as actor (by its
``timestamp``, UTC day) in the period — modules, wiki, seminars and packages alike.
"""

from collections import Counter
from datetime import date

from flask import current_app
from sqlalchemy import delete, func, update
from sqlalchemy.dialects import postgresql, sqlite

from lms.core.counters import add_counts
from lms.extensions import db
from lms.reports.models import ActivityDay, ActivityWeek, LastActivity
from lms.reports.periods import monday
from lms.xapi.formats import parse_timestamp
from lms.xapi.services import query_statements

REBUILD_BATCH = 1000


def _day_and_actor(statement: dict, home_page: str) -> tuple[str, date] | None:
    account = (statement.get("actor") or {}).get("account") or {}
    if str(account.get("homePage", "")).rstrip("/") != home_page or not account.get("name"):
        return None
    moment = parse_timestamp(statement.get("timestamp") or statement["stored"], "timestamp",
                             "1.0.3")
    return str(account["name"])[:64], moment.date()


def count_days(statements: list[dict]) -> Counter:
    """Statements per ``(actor_name, day)`` among the statements by our learners' accounts."""
    home_page = current_app.config["BASE_URL"].rstrip("/")
    found = (_day_and_actor(statement, home_page) for statement in statements)
    return Counter(key for key in found if key)


def add_days(counts: Counter) -> None:
    """Add ``counts`` (``(actor_name, day) -> statements``) to the day and week counters and
    move each learner's latest day forward (three upserts; no commit)."""
    if not counts:
        return
    add_counts(ActivityDay, ("actor_name", "day"), "statements", counts)
    weeks: Counter = Counter()
    latest: dict[str, date] = {}
    for (name, day), number in counts.items():
        weeks[(name, monday(day))] += number
        latest[name] = max(latest.get(name, day), day)
    add_counts(ActivityWeek, ("actor_name", "week"), "statements", weeks)
    _move_latest(latest)


def _move_latest(latest: dict[str, date]) -> None:
    postgres = db.engine.dialect.name == "postgresql"
    insert = postgresql.insert if postgres else sqlite.insert
    statement = insert(LastActivity).values([{"actor_name": name, "day": day}
                                             for name, day in sorted(latest.items())])
    later = (func.greatest if postgres else func.max)(LastActivity.day, statement.excluded.day)
    db.session.execute(statement.on_conflict_do_update(index_elements=["actor_name"],
                                                       set_={"day": later}))


def rename_actor(old_name: str, new_name: str) -> None:
    """Move a learner's counters to a new account name (after pseudonymisation; no commit)."""
    for model in (ActivityDay, ActivityWeek, LastActivity):
        db.session.execute(update(model).where(model.actor_name == old_name)
                           .values(actor_name=new_name))


def rebuild_activity() -> int:
    """Recompute every counter from the stored statements; returns how many were read."""
    for model in (ActivityDay, ActivityWeek, LastActivity):
        db.session.execute(delete(model))
    statements, more = query_statements(ascending=True, limit=REBUILD_BATCH)
    total = 0
    while True:
        add_days(count_days(statements))
        total += len(statements)
        if not more:
            break
        statements, more = query_statements(more=more)
    db.session.commit()
    return total
