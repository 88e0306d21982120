"""Time buckets of report charts (UTC days, ISO weeks from Monday, months) in SQL and Python,
the same on SQLite and PostgreSQL."""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import String, cast, func
from sqlalchemy.sql.elements import ColumnElement

from lms.extensions import db

MONTH, WEEK, DAY = "month", "week", "day"


def bucket(column, unit: str, *, is_date: bool = False) -> ColumnElement:
    """The bucket of a timestamp (or date) column as text: ``2026-11``, ``2026-11-16`` (the
    Monday of its week) or ``2026-11-20``."""
    if db.engine.dialect.name == "postgresql":
        moment = func.timezone("UTC", column) if not is_date else cast(column, db.DateTime)
        if unit == WEEK:
            moment = func.date_trunc("week", moment)
        return func.to_char(moment, "YYYY-MM" if unit == MONTH else "YYYY-MM-DD")
    text = func.substr(cast(column, String), 1, 10)
    if unit == MONTH:
        return func.substr(text, 1, 7)
    if unit == WEEK:
        return func.date(text, "weekday 0", "-6 days")
    return text


def monday(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def last_months(today: date, count: int) -> list[str]:
    """The keys of the ``count`` months up to ``today``'s, oldest first (``2026-11``)."""
    year, month = today.year, today.month
    keys = []
    for _step in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]


def last_weeks(today: date, count: int) -> list[str]:
    """The keys (Mondays) of the ``count`` weeks up to ``today``'s, oldest first."""
    start = monday(today)
    return [(start - timedelta(weeks=n)).isoformat() for n in range(count - 1, -1, -1)]


def last_days(today: date, count: int) -> list[str]:
    """The ``count`` days up to ``today``, oldest first."""
    return [(today - timedelta(days=n)).isoformat() for n in range(count - 1, -1, -1)]


def label(key: str, unit: str) -> str:
    """A label of a bucket key in the interface language: ``Nov. 2026``, ``KW 47``, ``20.11.``."""
    if unit == MONTH:
        year, month = key.split("-")
        return format_date(date(int(year), int(month), 1), "MMM yyyy")
    day = date.fromisoformat(key)
    if unit == WEEK:
        return _("KW %(number)s", number=day.isocalendar().week)
    return format_date(day, "dd.MM.")
