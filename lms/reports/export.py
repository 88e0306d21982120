"""The learner x module export as CSV for German Excel: UTF-8 with BOM, ``;``, German dates."""

import csv
import io
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.certificates.issuing import LOCAL_ZONE
from lms.progress.models import STATUS_LABELS
from lms.reports.services import ExportRow

HEADERS = (
    _l("Name"), _l("E-Mail"), _l("Modul"), _l("Status"), _l("Bester Punktwert (%)"),
    _l("Testversuche"), _l("Lernzeit (Minuten)"), _l("Begonnen am"), _l("Letzte Aktivität am"),
    _l("Abgeschlossen am"),
)


def _date(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(LOCAL_ZONE).strftime("%d.%m.%Y")


def _cell(text: str) -> str:
    """Text that Excel would run as a formula gets a leading apostrophe (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: float | int | None) -> str:
    return "" if value is None else str(round(value))


def to_csv(rows: list[ExportRow]) -> bytes:
    """The rows as CSV bytes that German Excel opens with umlauts and columns intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(header) for header in HEADERS])
    for row in rows:
        writer.writerow([
            _cell(row.name), _cell(row.email), _cell(row.module),
            _(STATUS_LABELS.get(row.status, row.status)),
            _number(None if row.best_score is None else 100 * row.best_score),
            _number(row.attempts), _number(None if row.seconds is None else row.seconds / 60),
            _date(row.started_at), _date(row.last_activity_at), _date(row.completed_at),
        ])
    return buffer.getvalue().encode("utf-8-sig")
