"""Inserts on the statement write path, handed to the database driver as plain tuples.

A batch of 100 statements writes about a thousand rows. Through SQLAlchemy's per-row
parameter processing that cost more than the database work itself, and psycopg parses a
long multi-row VALUES text anew on every call. So: SQLite gets one ``executemany``, or one
multi-row ``VALUES … RETURNING`` per 1,000 rows where the new rows' columns are needed;
PostgreSQL one ``INSERT … SELECT FROM unnest(arrays)`` with a binary array parameter per
column. Values arrive ready for the driver (see :func:`driver_timestamp`).
"""

from datetime import datetime
from functools import cache

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect

MAX_ROWS = 1000
"""Rows per SQLite statement (it allows 32,766 parameters per statement)."""


def driver_timestamp(connection: Connection, table: Table, column: str, moment: datetime):
    """``moment`` as the driver expects it for ``table.column`` (a string on SQLite)."""
    dialect = connection.dialect
    process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return process(moment) if process else moment


def insert(connection: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple],
           *, skip_conflicts: bool = False, returning: tuple[str, ...] = ()) -> list[tuple]:
    """Insert ``rows`` (tuples in ``columns`` order); the ``returning`` values of new rows.

    With ``skip_conflicts`` rows that would violate a unique key are left out silently.
    """
    if not rows:
        return []
    tail = (" ON CONFLICT DO NOTHING" if skip_conflicts else "") + (
        " RETURNING " + ", ".join(returning) if returning else "")
    if connection.dialect.name == "postgresql":
        sql = _unnest_sql(connection.dialect, table, columns, tail)
        with connection.connection.cursor() as cursor:
            cursor.execute(sql, [list(values) for values in zip(*rows, strict=True)])
            return cursor.fetchall() if returning else []
    if not returning:
        connection.exec_driver_sql(_values_sql(table, columns, 1, tail), rows)
        return []
    found = []
    for start in range(0, len(rows), MAX_ROWS):
        chunk = rows[start : start + MAX_ROWS]
        sql = _values_sql(table, columns, len(chunk), tail)
        result = connection.exec_driver_sql(sql, tuple(value for row in chunk for value in row))
        found.extend(result.all())
    return found


@cache
def _values_sql(table: Table, columns: tuple[str, ...], rows: int, tail: str) -> str:
    row = "(" + ", ".join(["?"] * len(columns)) + ")"
    return (f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES "
            + ", ".join([row] * rows) + tail)


@cache
def _unnest_sql(dialect: Dialect, table: Table, columns: tuple[str, ...], tail: str) -> str:
    arrays = ", ".join(f"%b::{table.c[name].type.compile(dialect)}[]"
                       for name in columns)
    return (f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"SELECT * FROM unnest({arrays}){tail}")
