"""The search form (GET, no CSRF): words, kind and topic."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from lms.core.i18n import N_
from lms.core.topics import TOPICS

KIND_LABELS = {
    "modul": N_("Module"),
    "modulseite": N_("Modulseiten"),
    "wiki": N_("Wiki-Seiten"),
    "seminar": N_("Online-Seminare"),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SearchForm(FlaskForm):
    """What to search for; the kind and topic narrow the results."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suchbegriff"), filters=[_strip], validators=[Optional(), Length(max=200)])
    art = SelectField(_l("Art"), validators=[Optional()], choices=[
        SelectChoice("", _l("alle Arten")),
        *(SelectChoice(kind, _l(label)) for kind, label in KIND_LABELS.items())])
    thema = SelectField(_l("Thema"), validators=[Optional()], choices=[
        SelectChoice("", _l("alle Themen")),
        *(SelectChoice(topic.slug, _l(topic.title)) for topic in TOPICS)])
