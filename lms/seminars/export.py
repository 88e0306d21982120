"""The registrants of a seminar as CSV (German Excel: semicolons, BOM, no formulas)."""

import csv
import io

from lms.seminars.models import REGISTERED, SeminarRegistration
from lms.seminars.services import LOCAL_ZONE

HEADERS = ("Name", "E-Mail", "Organisation", "Status", "Angemeldet am", "Teilgenommen")


def _cell(text: str) -> str:
    """Text that Excel would run as a formula gets a leading apostrophe (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def registrants_csv(entries: list[SeminarRegistration]) -> bytes:
    """One line per registered or waiting person."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for entry in entries:
        user = entry.user
        writer.writerow([
            _cell(user.name), _cell(user.email),
            _cell(user.organisation.name if user.organisation else ""),
            "angemeldet" if entry.status == REGISTERED else "Warteliste",
            entry.queued_at.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M"),
            "ja" if entry.attended_at else "",
        ])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
