"""How certificate values appear on web pages: German dates, hours, grouped codes."""

from datetime import date, datetime

from flask import Flask

from lms.certificates.codes import format_code
from lms.certificates.issuing import LOCAL_ZONE
from lms.certificates.rendering import german_hours


def cert_date(moment: datetime | None) -> str:
    """``25.11.2026`` in German local time; empty for None."""
    if moment is None:
        return ""
    return moment.astimezone(LOCAL_ZONE).strftime("%d.%m.%Y")


def cert_iso_date(text: str) -> str:
    """An ISO date from a snapshot as ``25.11.2026``."""
    return date.fromisoformat(text).strftime("%d.%m.%Y")


def register_filters(app: Flask) -> None:
    """Make the certificate filters available to templates."""
    app.add_template_filter(cert_date, "cert_date")
    app.add_template_filter(cert_iso_date, "cert_iso_date")
    app.add_template_filter(format_code, "cert_code")
    app.add_template_filter(german_hours, "cert_hours")
