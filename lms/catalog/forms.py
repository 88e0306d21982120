"""Forms of the catalogue: the filter form (GET, no CSRF) and the learning-plan buttons."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SearchField, SelectField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from lms.catalog.queries import CatalogFilters
from lms.catalog.vocabulary import DURATIONS, FORMATS, LEVELS, TARGET_GROUPS
from lms.core.topics import TOPICS


class ChoiceFilterField(SelectField):
    """A select whose first option means "any"; unknown values get a German error."""

    def pre_validate(self, form) -> None:
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError("Diesen Wert gibt es nicht. Bitte wählen Sie einen Eintrag aus der Liste.")


class CatalogFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField("Suche", description="Titel, Beschreibung und Lernziele",
                    validators=[Optional(), Length(max=100, message="Bitte höchstens 100 Zeichen eingeben.")])
    thema = ChoiceFilterField("Thema", choices=[("", "Alle Themen")] + [(t.slug, t.title) for t in TOPICS],
                              default="")
    zielgruppe = ChoiceFilterField("Zielgruppe", choices=[("", "Alle Zielgruppen"), *TARGET_GROUPS.items()],
                                   default="")
    dauer = ChoiceFilterField("Dauer", choices=[("", "Jede Dauer")] + [(d.slug, d.label) for d in DURATIONS],
                              default="")
    niveau = ChoiceFilterField("Niveau", choices=[("", "Alle Niveaus"), *LEVELS.items()], default="")
    format = ChoiceFilterField("Format", choices=[("", "Alle Formate"), *FORMATS.items()], default="")
    submit = SubmitField("Filtern")

    def filters(self) -> CatalogFilters:
        """The valid filters; a field with an error counts as "any"."""

        def value(field) -> str:
            return "" if field.errors else (field.data or "")

        return CatalogFilters(
            q=value(self.q).strip(), topic=value(self.thema), target_group=value(self.zielgruppe),
            duration=value(self.dauer), level=value(self.niveau), kind=value(self.format),
        )

    def url_args(self) -> dict[str, str]:
        """The valid, non-empty filter values, for links that keep the filters (pagination)."""
        names = ("q", "thema", "zielgruppe", "dauer", "niveau", "format")
        return {name: self[name].data for name in names if self[name].data and not self[name].errors}


class PlanForm(FlaskForm):
    """Adds a module to or removes it from the plan; ``next`` says where to go back to."""

    next = HiddenField()
