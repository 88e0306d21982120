"""What every feature's forms share: showing a service's error where it belongs."""

from flask import flash
from flask_wtf import FlaskForm


def show_error(form: FlaskForm, field_name: str | None, message: str) -> None:
    """Show ``message`` next to the field it concerns, or as a flash message if it has none."""
    field = getattr(form, field_name, None) if field_name else None
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        flash(message, "error")
