"""Forms of the forwarding admin pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

NO_FILTER = 0


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else NO_FILTER


class TargetForm(FlaskForm):
    """Add an external LRS that statements are forwarded to."""

    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Bitte geben Sie einen Namen ein.")), Length(max=120)],
        description=_l("Z. B. „LRS des Landes“ oder „Auswertung Netzwerk“."))
    endpoint = StringField(_l("Adresse des LRS"), validators=[
        DataRequired(_l("Bitte geben Sie die Adresse des LRS an.")), Length(max=500)],
        description=_l("Die xAPI-Adresse, z. B. https://lrs.example.org/xapi/"))
    username = StringField(_l("Schlüssel (Benutzername)"), validators=[Length(max=200)])
    password = PasswordField(_l("Geheimnis (Passwort)"), validators=[Length(max=500)],
                             description=_l("Wird verschlüsselt gespeichert."))
    xapi_version = RadioField(_l("xAPI-Version des LRS"), default="1.0.3", choices=[
        SelectChoice("1.0.3", "1.0.3"), SelectChoice("2.0.0", "2.0.0")])
    activity_prefix = StringField(_l("Nur Aktivitäten, deren Adresse so beginnt"), validators=[
        Optional(), Length(max=600)],
        description=_l("Leer lassen für alle Statements. Z. B. die Adresse eines Kurses."))
    organisation = SelectField(_l("Nur Lernende dieser Organisation"), coerce=_optional_int)
    submit = SubmitField(_l("Ziel anlegen"))

    def set_organisation_choices(self, choices: list[tuple[int, str]]) -> None:
        self.organisation.choices = [SelectChoice(NO_FILTER, _l("alle"))] + [
            SelectChoice(value, label) for value, label in choices]


class ActionForm(FlaskForm):
    """A button with CSRF protection (pause, resume, send now)."""

    submit = SubmitField(_l("Bestätigen"))
