"""Every row of every table, before and after a crawl, and what changed in between."""

from dataclasses import dataclass, field

from sqlalchemy import select

from lms.extensions import db

Rows = dict[tuple, dict]


@dataclass
class TableChange:
    """Rows of one table that a crawl added, removed or changed (before, after)."""

    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def snapshot() -> dict[str, Rows]:
    """All rows of all tables by primary key, read in a fresh transaction."""
    db.session.rollback()
    tables = {}
    for table in db.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        rows = db.session.execute(select(table)).mappings()
        tables[table.name] = {tuple(row[c.name] for c in keys): dict(row) for row in rows}
    db.session.rollback()
    return tables


def changes(before: dict[str, Rows], after: dict[str, Rows]) -> dict[str, TableChange]:
    """What changed, per table; tables without a change are left out."""
    found = {}
    for name, old in before.items():
        new = after[name]
        change = TableChange(
            added=[new[key] for key in new.keys() - old.keys()],
            removed=[old[key] for key in old.keys() - new.keys()],
            changed=[(old[key], new[key]) for key in old.keys() & new.keys()
                     if old[key] != new[key]],
        )
        if change:
            found[name] = change
    return found


def changed_columns(before: dict, after: dict) -> set[str]:
    """Names of the columns whose value differs between two versions of a row."""
    return {name for name in before if before[name] != after[name]}
