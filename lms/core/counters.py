"""Counter tables: add to per-key counts with one upsert, the same on SQLite and PostgreSQL."""

from sqlalchemy.dialects import postgresql, sqlite

from lms.extensions import db


def add_counts(model, keys: tuple[str, ...], column: str, counts: dict[tuple, int]) -> None:
    """Add ``counts`` (key tuple in ``keys`` order -> amount) to ``model.column``, inserting
    rows that do not exist yet; one statement, no commit."""
    if not counts:
        return
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = insert(model).values([{**dict(zip(keys, key, strict=True)), column: amount}
                                      for key, amount in sorted(counts.items())])
    db.session.execute(statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={column: getattr(model, column) + getattr(statement.excluded, column)}))
