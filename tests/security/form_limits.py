"""Every text field of every form and its length limit, as the README's table lists them."""

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

UNBOUNDED = {
    # (form, field): why a length limit would be wrong; the value is bounded otherwise
    ("WikiPageForm", "base_revision"): "an int filter reads it; anything else is an error",
    ("WikiEditForm", "base_revision"): "an int filter reads it; anything else is an error",
    ("ProposalForm", "base_revision"): "an int filter reads it; anything else is an error",
}


HIDDEN_LABELS = {
    "next": "Rücksprungadresse (verborgen)",
    "base_version": "Stand beim Öffnen (verborgen)",
    "confirmed": "Liste aus der Vorschau (verborgen)",
    "target": "zu entfernende Datei (verborgen)",
}
"""Hidden fields have no label; the README names them like this."""


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def lms_forms() -> list[type[FlaskForm]]:
    """Every form class of the app (the app must be created, so every feature is imported)."""
    forms = {cls for cls in _subclasses(FlaskForm) if cls.__module__.startswith("lms.")}
    return sorted(forms, key=lambda cls: cls.__name__)


def _validators(field: UnboundField) -> list:
    return list(field.kwargs.get("validators") or (field.args[1] if len(field.args) > 1 else []))


def _label(field: UnboundField, name: str) -> str:
    label = field.kwargs.get("label") or (field.args[0] if field.args else None)
    return str(label) if label else HIDDEN_LABELS.get(name, name)


def text_fields(form: type[FlaskForm]) -> list[tuple[str, str, int | None]]:
    """(name, German label, max length or None) of the form's text fields, in form order."""
    fields = [(name, getattr(form, name, None)) for name in dir(form)]
    found = []
    for name, field in sorted((item for item in fields if isinstance(item[1], UnboundField)),
                              key=lambda item: item[1].creation_counter):
        if issubclass(field.field_class, StringField):
            limits = [v.max for v in _validators(field) if isinstance(v, Length) and v.max > 0]
            found.append((name, _label(field, name), min(limits) if limits else None))
    return found


def number(value: int) -> str:
    """A whole number as the README writes it: thousands separated by a space."""
    return f"{value:,}".replace(",", " ")


def readme_row(form: type[FlaskForm]) -> str | None:
    """The README table row of a form with text fields; None for forms without any."""
    fields = [(label, limit) for name, label, limit in text_fields(form)
              if (form.__name__, name) not in UNBOUNDED]
    if not fields:
        return None
    listed = " · ".join(f"{label} {number(limit)}" for label, limit in fields)
    return f"| Formular `{form.__name__}` | {listed} Zeichen | Meldung am Feld |"
