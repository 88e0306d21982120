"""Forms of the Demografie-Wiki: filter, edit a page, confirm deletion."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SearchField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.accounts.ags import STATES
from lms.accounts.forms import MultiCheckboxField
from lms.core.topics import TOPICS
from lms.wiki.models import KIND_LABELS

REQUIRED = _l("Bitte füllen Sie dieses Feld aus.")
TOPIC_CHOICES = [SelectChoice(topic.slug, _l(topic.title)) for topic in TOPICS]
KIND_CHOICES = [SelectChoice(kind, _l(label)) for kind, label in KIND_LABELS.items()]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_int(value):
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None


class WikiFilterForm(FlaskForm):
    """Search and filter the wiki (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suchbegriff"), filters=[_strip], validators=[Length(max=100)])
    art = SelectField(_l("Art"), choices=[SelectChoice("", _l("alle Arten")), *KIND_CHOICES])
    thema = SelectField(_l("Thema"), choices=[SelectChoice("", _l("alle Themen")), *TOPIC_CHOICES])


class WikiPageForm(FlaskForm):
    """Create or edit a page; ``preview`` shows the result without saving."""

    slug = StringField(
        _l("Kurzbezeichnung für die Adresse"), filters=[_strip],
        validators=[DataRequired(REQUIRED), Length(max=100)],
        description=_l("Kleinbuchstaben, Ziffern und Bindestriche, z. B. buergerbus-gruenden. "
                    "Sie lässt sich später nicht ändern."),
    )
    title = StringField(_l("Titel"), filters=[_strip],
                        validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(_l("Art der Seite"), choices=KIND_CHOICES,
                       description=_l("Leitfaden: Schritt für Schritt. Methode: ein Werkzeug oder "
                                   "Verfahren. Praxisbeispiel: was eine Kommune gemacht hat."))
    topics = MultiCheckboxField(_l("Themen"), choices=TOPIC_CHOICES)
    summary = TextAreaField(_l("Kurzfassung"), filters=[_strip],
                            validators=[DataRequired(REQUIRED), Length(max=1000)],
                            description=_l("Ein, zwei Sätze für die Übersicht und die Suche."),
                            render_kw={"rows": 3})
    body = TextAreaField(
        _l("Text (Markdown)"), validators=[DataRequired(REQUIRED), Length(max=200_000)],
        render_kw={"rows": 22},
        description=_l("Abschnitte mit ## Überschrift, Listen mit - oder 1. Links: "
                    "[Text](wiki:kurzbezeichnung), [Text](seminar:kurzbezeichnung), "
                    "[Text](modul:kurzbezeichnung)."),
    )
    municipality = StringField(_l("Kommune"), filters=[_strip], validators=[Length(max=200)])
    state = SelectField(_l("Land"), choices=[SelectChoice("", "–"),
                                         *(SelectChoice(name, name) for name in STATES.values())])
    note = StringField(_l("Änderungsnotiz"), filters=[_strip], validators=[Length(max=300)],
                       description=_l("Was haben Sie geändert und warum? Erscheint in der "
                                   "Versionsgeschichte."))
    base_revision = HiddenField(filters=[_optional_int], validators=[Optional()])
    preview = SubmitField(_l("Vorschau"))
    submit = SubmitField(_l("Speichern"))

    def fields_for_service(self) -> dict:
        """The page's fields as the service expects them."""
        return {
            "title": self.title.data or "",
            "kind": self.kind.data,
            "topics": list(self.topics.data or []),
            "summary": self.summary.data or "",
            "body": (self.body.data or "").replace("\r\n", "\n"),
            "municipality": self.municipality.data or "",
            "state": self.state.data or "",
        }

    def fill_from(self, page, revision=None) -> None:
        """Pre-fill from a page, optionally with title, summary and body of an older revision."""
        source = revision or page
        self.title.data = source.title
        self.summary.data = source.summary
        self.body.data = source.body
        self.kind.data = page.kind
        self.topics.data = list(page.topics or [])
        self.municipality.data = page.municipality
        self.state.data = page.state


class WikiEditForm(WikiPageForm):
    """Editing an existing page: the change note is required."""

    note = StringField(_l("Änderungsnotiz"), filters=[_strip],
                       validators=[DataRequired(_l("Bitte beschreiben Sie kurz Ihre Änderung.")),
                                   Length(max=300)],
                       description=_l("Was haben Sie geändert und warum? Erscheint in der "
                                   "Versionsgeschichte."))
