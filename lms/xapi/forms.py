"""Forms of the LRS admin pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

SCOPE_LABELS = [
    SelectChoice("read", _l("Lesen (Statements, Dokumente, Aktivitäten, Personen abrufen)")),
    SelectChoice("write", _l("Schreiben (Statements und Dokumente speichern)")),
    SelectChoice("statements-only", _l("Nur die Statement-Schnittstelle (keine Dokumente)")),
]
SCOPE_NAMES = {"read": _l("Lesen"), "write": _l("Schreiben"),
               "statements-only": _l("nur Statements")}
"""How a client's stored scopes read in lists: ``read,write`` is „Lesen, Schreiben“."""


def scope_names(scopes: str | list[str]) -> str:
    items = scopes.split(",") if isinstance(scopes, str) else scopes
    return ", ".join(str(SCOPE_NAMES.get(item, item)) for item in items if item)


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (rendered as a fieldset by the form macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ClientForm(FlaskForm):
    """Create an LRS client."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Bitte geben Sie einen Namen ein.")),
                                Length(max=120)],
        description=_l("Woran Sie den Zugang erkennen, z. B. das Werkzeug oder der Anbieter."))
    scopes = MultiCheckboxField(
        _l("Berechtigungen"), choices=SCOPE_LABELS, default=["read", "write"],
        validators=[DataRequired(_l("Bitte wählen Sie mindestens eine Berechtigung."))])
    xapi_version = RadioField(
        _l("xAPI-Version bei fehlender Versionsangabe"), default="2.0.0",
        choices=[SelectChoice("2.0.0", "2.0.0"), SelectChoice("1.0.3", "1.0.3")],
        description=_l("Anfragen nennen ihre Version selbst; diese gilt nur für Fehlermeldungen "
                       "an Anfragen ohne Versionsangabe."))
    submit = SubmitField(_l("Zugang anlegen"))


class ConfirmForm(FlaskForm):
    """A button with CSRF protection for actions that change state."""

    submit = SubmitField(_l("Bestätigen"))
