"""How report figures appear: learning time as h:mm, scores as whole percent."""

from flask import Flask


def hours_minutes(seconds: float | int | None) -> str:
    """``1:05`` for 3,900 seconds; ``0:00`` for nothing."""
    minutes = round((seconds or 0) / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def percent(score: float | None) -> str:
    """``85 %`` for 0.85; empty for no score."""
    return "" if score is None else f"{round(100 * score)} %"


def register_filters(app: Flask) -> None:
    """Make the report filters available to templates."""
    app.add_template_filter(hours_minutes, "hours_minutes")
    app.add_template_filter(percent, "percent")
