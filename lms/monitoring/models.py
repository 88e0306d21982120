"""Counters of the network's monitoring, kept up to date with each stored statement so the
monitoring page never scans the statements: statements per day, uses of wiki pages and
seminar recordings per day."""

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class StatementDay(db.Model):
    """Statements the LRS stored on one UTC day (by ``stored``), from every sender."""

    __tablename__ = "monitoring_statement_day"

    day: Mapped[date] = mapped_column(primary_key=True)
    statements: Mapped[int] = mapped_column(default=0)


class ResourceDay(db.Model):
    """How often a wiki page was read or a seminar recording played on one day."""

    __tablename__ = "monitoring_resource_day"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # wiki | seminar
    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    uses: Mapped[int] = mapped_column(default=0)
