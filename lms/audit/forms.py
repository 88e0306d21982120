"""The filter form of the audit log (sent by GET, so no CSRF token)."""

from datetime import datetime, time, timedelta

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SearchField, SelectChoice, SelectField, SubmitField
from wtforms.validators import Length, Optional

from lms.audit.services import action_label

DATE_MESSAGE = _l("Bitte geben Sie ein Datum an, z. B. 2026-03-31.")


class DayField(DateField):
    """A date in ISO form (what ``<input type=date>`` sends), with a German message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(DATE_MESSAGE)) from error


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    aktion = SelectField(_l("Was"), validators=[Optional()])
    person = SearchField(_l("Wer (Name)"), validators=[Optional(), Length(max=120)])
    ziel = SearchField(_l("Betrifft (Name oder Nummer)"), validators=[Optional(), Length(max=200)])
    von = DayField(_l("Von"), validators=[Optional()], render_kw={"autocomplete": "off"})
    bis = DayField(_l("Bis einschließlich"), validators=[Optional()],
                   render_kw={"autocomplete": "off"})
    submit = SubmitField(_l("Filtern"))

    def set_action_choices(self, actions: list[str]) -> None:
        self.aktion.choices = [SelectChoice("", _l("alles"))] + [
            SelectChoice(action, _l(action_label(action))) for action in actions]

    def filters(self) -> dict:
        """The service's filter arguments; local days become times in the UI's time zone."""
        zone = get_timezone()
        return {
            "action": self.aktion.data or "",
            "person": self.person.data or "",
            "target": self.ziel.data or "",
            "since": datetime.combine(self.von.data, time.min, zone) if self.von.data else None,
            "before": (datetime.combine(self.bis.data + timedelta(days=1), time.min, zone)
                       if self.bis.data else None),
        }

    def arguments(self) -> dict:
        """The filters as query arguments, for the pagination links."""
        return {name: value for name, value in (
            ("aktion", self.aktion.data), ("person", self.person.data),
            ("ziel", self.ziel.data), ("von", self.von.raw_data[0] if self.von.raw_data else ""),
            ("bis", self.bis.raw_data[0] if self.bis.raw_data else "")) if value}
