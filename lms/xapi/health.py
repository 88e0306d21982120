"""Data health of the LRS: rejected statement writes counted per day and reason, for the
network's monitoring.

A rejection costs one upsert of a counter row, written in its own short transaction after
the failed request rolled back; it never changes the LRS's answer.
"""

import logging
import re
from datetime import UTC, date, datetime

from flask import request
from sqlalchemy import String, Text, UniqueConstraint, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.xapi.models import LrsClient

log = logging.getLogger(__name__)

_INDEX = re.compile(r"\[\d+\]")
_REASON_LENGTH = 120


class XapiRejection(db.Model):
    """How often statement writes were refused on one day with one status and reason."""

    __tablename__ = "xapi_rejection"
    __table_args__ = (UniqueConstraint("day", "status", "reason", name="uq_xapi_rejection_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    status: Mapped[int]
    reason: Mapped[str] = mapped_column(String(_REASON_LENGTH))
    count: Mapped[int] = mapped_column(default=0)
    last_message: Mapped[str] = mapped_column(Text, default="")
    last_client: Mapped[str] = mapped_column(String(120), default="")
    last_at: Mapped[datetime]


def reason_of(message: str) -> str:
    """The part of an error message that names the problem, without list positions:
    ``statements[3].actor: …`` becomes ``statements[].actor``."""
    head = message.split(":", 1)[0] if ":" in message else message
    return _INDEX.sub("[]", head).strip()[:_REASON_LENGTH] or "?"


def _upsert(values: dict):
    dialect = db.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(XapiRejection).values(**values, count=1)
    return statement.on_conflict_do_update(
        index_elements=["day", "status", "reason"],
        set_={"count": XapiRejection.count + 1, "last_message": statement.excluded.last_message,
              "last_client": statement.excluded.last_client,
              "last_at": statement.excluded.last_at},
    )


def note_rejection(status: int, message: str, client: str = "") -> None:
    """Count one refused statement write; failures here are logged, never raised."""
    now = datetime.now(UTC)
    try:
        db.session.execute(_upsert({
            "day": now.date(), "status": status, "reason": reason_of(message),
            "last_message": message[:1000], "last_client": client[:120], "last_at": now}))
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("Abgelehntes Statement konnte nicht gezählt werden")


def rejections_since(day: date) -> list[XapiRejection]:
    """Rejection counters from ``day`` on, newest day first, most frequent first."""
    return list(db.session.scalars(
        select(XapiRejection).where(XapiRejection.day >= day)
        .order_by(XapiRejection.day.desc(), XapiRejection.count.desc())))


def _client_label() -> str:
    """Who sent the refused request: the LRS client's name, or the kind of credentials."""
    auth = request.authorization
    key = (auth.username or "") if auth else ""
    if not key:
        return "ohne Anmeldung"
    if key.startswith("launch-"):
        return "Start-Zugang eines Inhaltspakets"
    name = db.session.scalar(select(LrsClient.name).where(LrsClient.key == key))
    return name or "unbekannter Zugang"


def note_statement_rejection(status: int, message: str) -> None:
    """Count the current request's refusal if it tried to write statements (PUT or POST)."""
    if request.endpoint != "xapi.statements":
        return
    method = (request.args.get("method") or request.method).upper()
    if method not in ("PUT", "POST"):
        return
    note_rejection(status, message, _client_label())
