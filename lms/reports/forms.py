"""The filter form of the progress overview (sent by GET, shared by table and CSV export)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SearchField, SelectChoice, SelectField
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


MATRIX_STATUS_CHOICES = [
    SelectChoice("", _l("alle")),
    SelectChoice("not_started", _l("nichts begonnen")),
    SelectChoice("in_progress", _l("in Bearbeitung")),
    SelectChoice("done", _l("abgeschlossen oder bestanden")),
    SelectChoice("failed", _l("nicht bestanden")),
    SelectChoice("assigned", _l("zugewiesen")),
    SelectChoice("overdue", _l("überfällig")),
]
MATRIX_SORT_CHOICES = [
    SelectChoice("name", _l("Name")),
    SelectChoice("aktivitaet", _l("Neueste Aktivität zuerst")),
    SelectChoice("aktivitaet-alt", _l("Älteste Aktivität zuerst")),
    SelectChoice("fortschritt", _l("Meiste Module abgeschlossen")),
]


class MatrixFilterForm(FlaskForm):
    """The matrix's columns (course, topic, module) and rows (status, dates, name, order)."""

    class Meta:
        csrf = False

    organisation = SelectField(_l("Organisation"), choices=[], validate_choice=False)
    kurs = SelectField(_l("Kurs"), choices=[], validate_choice=False)
    thema = SelectField(_l("Thema"), choices=[], validate_choice=False)
    modul = SelectField(_l("Modul"), choices=[], validate_choice=False,
                        description=_l("Der Status bezieht sich auf dieses Modul, sonst auf "
                                       "irgendein Modul der Auswahl."))
    status = SelectField(_l("Status"), choices=MATRIX_STATUS_CHOICES, validate_choice=False)
    von = DateField(_l("Letzte Aktivität ab"), validators=[Optional()])
    bis = DateField(_l("Letzte Aktivität bis"), validators=[Optional()])
    q = SearchField(_l("Name oder E-Mail"), validators=[Optional(), Length(max=100)])
    sort = SelectField(_l("Sortierung"), choices=MATRIX_SORT_CHOICES, validate_choice=False)

    def fill_choices(self, organisations, modules, courses, topics) -> None:
        """Offer the organisations (admins), courses, topics and modules that exist."""
        self.organisation.choices = [SelectChoice("", _l("Alle Organisationen"))] + [
            SelectChoice(str(o.id), o.name) for o in organisations]
        self.kurs.choices = [SelectChoice("", _l("alle Kurse"))] + [
            SelectChoice(str(course_id), title) for course_id, title in courses]
        self.thema.choices = [SelectChoice("", _l("alle Themen"))] + [
            SelectChoice(topic.slug, _l(topic.title)) for topic in topics]
        self.modul.choices = [SelectChoice("", _l("alle Module der Auswahl"))] + [
            SelectChoice(str(module_id), title) for module_id, title in modules]
