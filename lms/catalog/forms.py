"""Forms of the catalogue: the filter form (GET, no CSRF) and the learning-plan buttons."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SearchField, SelectChoice, SelectField, SubmitField
from wtforms.validators import Length, Optional

from lms.catalog.queries import CatalogFilters
from lms.catalog.vocabulary import DURATIONS, FORMATS, LEVELS, TARGET_GROUPS
from lms.core.topics import TOPICS

INVALID_CHOICE = _l("Diesen Wert gibt es nicht. Bitte wählen Sie einen Eintrag aus der Liste.")


def _filter(label, any_label, choices) -> SelectField:
    """A select whose first option means "any"; labels are German msgids, translated lazily."""
    options = [SelectChoice("", any_label)] + [
        SelectChoice(value, _l(text)) for value, text in choices
    ]
    return SelectField(label, choices=options, default="", invalid_choice_message=INVALID_CHOICE)


class CatalogFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Suche"),
        description=_l("Titel, Beschreibung und Lernziele"),
        validators=[
            Optional(),
            Length(max=100, message=_l("Bitte höchstens 100 Zeichen eingeben.")),
        ],
    )
    thema = _filter(_l("Thema"), _l("Alle Themen"), [(topic.slug, topic.title) for topic in TOPICS])
    zielgruppe = _filter(_l("Zielgruppe"), _l("Alle Zielgruppen"), TARGET_GROUPS.items())
    dauer = _filter(
        _l("Dauer"), _l("Jede Dauer"), [(duration.slug, duration.label) for duration in DURATIONS]
    )
    niveau = _filter(_l("Niveau"), _l("Alle Niveaus"), LEVELS.items())
    format = _filter(_l("Format"), _l("Alle Formate"), FORMATS.items())
    submit = SubmitField(_l("Filtern"))

    def filters(self) -> CatalogFilters:
        """The valid filters; a field with an error counts as "any"."""

        def value(field) -> str:
            return "" if field.errors else (field.data or "")

        return CatalogFilters(
            q=value(self.q).strip(),
            topic=value(self.thema),
            target_group=value(self.zielgruppe),
            duration=value(self.dauer),
            level=value(self.niveau),
            kind=value(self.format),
        )

    def url_args(self) -> dict[str, str]:
        """The valid, non-empty filter values, for links that keep the filters (pagination)."""
        names = ("q", "thema", "zielgruppe", "dauer", "niveau", "format")
        return {
            name: self[name].data for name in names if self[name].data and not self[name].errors
        }


class PlanForm(FlaskForm):
    """Adds a module to or removes it from the plan; ``next`` says where to go back to."""

    next = HiddenField(validators=[Length(max=500)])
