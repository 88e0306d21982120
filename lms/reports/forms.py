"""The filter form of the progress overview (sent by GET, shared by table and CSV export)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField
from wtforms.validators import Length, Optional

STATUS_CHOICES = [
    SelectChoice("", _l("alle")),
    SelectChoice("not_started", _l("nicht begonnen")),
    SelectChoice("in_progress", _l("in Bearbeitung")),
    SelectChoice("done", _l("abgeschlossen oder bestanden")),
    SelectChoice("failed", _l("nicht bestanden")),
]
SORT_CHOICES = [
    SelectChoice("aktivitaet", _l("Neueste Aktivität zuerst")),
    SelectChoice("aktivitaet-alt", _l("Älteste Aktivität zuerst")),
    SelectChoice("name", _l("Name")),
]


class ProgressFilterForm(FlaskForm):
    """Organisation (admins only), module or course, status, name search and sort order."""

    class Meta:
        csrf = False

    organisation = SelectField(_l("Organisation"), choices=[], validate_choice=False)
    subject = SelectField(_l("Modul oder Kurs"), choices=[], validate_choice=False)
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validate_choice=False,
                         description=_l("Bezieht sich auf das gewählte Modul oder den Kurs, "
                                        "sonst auf irgendein Modul."))
    q = SearchField(_l("Name oder E-Mail"), validators=[Optional(), Length(max=100)])
    sort = SelectField(_l("Sortierung"), choices=SORT_CHOICES, validate_choice=False)

    def fill_choices(self, organisations, modules, courses) -> None:
        """Offer the organisations (admins), modules and courses that exist."""
        self.organisation.choices = [SelectChoice("", _l("Alle Organisationen"))] + [
            SelectChoice(str(o.id), o.name) for o in organisations]
        module_group, course_group = str(_l("Module")), str(_l("Kurse"))
        self.subject.choices = [
            SelectChoice("", _l("Alle Module und Kurse")),
            *(SelectChoice(f"m{module_id}", title, optgroup=module_group)
              for module_id, title in modules),
            *(SelectChoice(f"k{course_id}", title, optgroup=course_group)
              for course_id, title in courses),
        ]
