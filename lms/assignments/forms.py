"""The form a coordinator assigns a module or course with."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField, SubmitField
from wtforms.validators import DataRequired, Optional

from lms.accounts.forms import MultiCheckboxField


class AssignForm(FlaskForm):
    """What to assign, to whom (everyone or chosen people), and until when."""

    subject = SelectField(_l("Was soll bearbeitet werden?"), choices=[],
                          validators=[DataRequired(_l("Bitte wählen Sie ein Modul oder einen "
                                                      "Kurs."))])
    audience = RadioField(_l("Für wen?"), default="chosen", choices=[
        SelectChoice("all", _l("alle Lernenden der Organisation")),
        SelectChoice("chosen", _l("ausgewählte Personen")),
    ])
    people = MultiCheckboxField(_l("Personen"), choices=[], coerce=int, validate_choice=False)
    due_on = DateField(_l("Fällig am (freiwillig)"), validators=[Optional()],
                       description=_l("Drei Tage vorher erinnert Lernraum per E-Mail."))
    submit = SubmitField(_l("Zuweisen"))

    def fill_choices(self, subjects, people) -> None:
        """Offer courses and modules (grouped) and the organisation's learners."""
        self.subject.choices = [SelectChoice("", _l("Bitte wählen"))] + [
            SelectChoice(s.key, s.title, optgroup=str(_l("Kurse") if s.kind == "course"
                                                       else _l("Module")))
            for s in subjects]
        self.people.choices = [(user_id, f"{name} ({email})") for user_id, name, email in people]
