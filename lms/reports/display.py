"""How report figures appear: learning time as h:mm, scores as whole percent, German dates,
charts as inline SVG."""

from datetime import date, datetime

from flask import Flask
from flask_babel import gettext as _

from lms.certificates.issuing import LOCAL_ZONE
from lms.progress.models import STATUS_LABELS
from lms.reports import charts


def hours_minutes(seconds: float | int | None) -> str:
    """``1:05`` for 3,900 seconds; ``0:00`` for nothing."""
    minutes = round((seconds or 0) / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def percent(score: float | None) -> str:
    """``85 %`` for 0.85; empty for no score."""
    return "" if score is None else f"{round(100 * score)} %"


def report_date(value: date | datetime | None) -> str:
    """``20.11.2026`` for a day or a moment (in German local time); empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_ZONE)
    return value.strftime("%d.%m.%Y")


def report_moment(value: datetime | None) -> str:
    """``20.11.2026, 09:05`` in German local time; empty for None."""
    if value is None:
        return ""
    return value.astimezone(LOCAL_ZONE).strftime("%d.%m.%Y, %H:%M")


CELL_MARKS = {"not_started": "○", "in_progress": "◐", "completed": "●", "passed": "✔",
              "failed": "✘"}
"""A symbol per status in the matrix, so a status reads without its colour too."""


def status_labels() -> dict[str, str]:
    """Every status label in the interface language, looked up once per page or export
    (a thousand matrix cells would otherwise translate a thousand times)."""
    return {str(status): _(label) for status, label in STATUS_LABELS.items()}


def register_filters(app: Flask) -> None:
    """Make the report filters available to templates."""
    app.jinja_env.globals["CELL_MARKS"] = CELL_MARKS
    app.add_template_filter(hours_minutes, "hours_minutes")
    app.add_template_filter(percent, "percent")
    app.add_template_filter(report_date, "report_date")
    app.add_template_filter(report_moment, "report_moment")
    app.add_template_filter(charts.columns, "svg_columns")
    app.add_template_filter(charts.bars, "svg_bars")
