"""Forms of the Demografie-Wiki: filter, edit a page, confirm deletion."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.accounts.ags import STATES
from lms.accounts.forms import MultiCheckboxField
from lms.core.topics import TOPICS
from lms.wiki.models import KIND_LABELS, SIZE_CLASSES

REQUIRED = _l("Bitte füllen Sie dieses Feld aus.")
TOPIC_CHOICES = [SelectChoice(topic.slug, _l(topic.title)) for topic in TOPICS]
KIND_CHOICES = [SelectChoice(kind, _l(label)) for kind, label in KIND_LABELS.items()]
SIZE_CHOICES = [SelectChoice(key, _l(label)) for key, label in SIZE_CLASSES.items()]
STATE_CHOICES = [SelectChoice(name, name) for name in STATES.values()]


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
    land = SelectField(_l("Land"), choices=[SelectChoice("", _l("alle Länder")), *STATE_CHOICES])
    groesse = SelectField(_l("Größenklasse"),
                          choices=[SelectChoice("", _l("alle Größen")), *SIZE_CHOICES])
    kommune = SelectField(_l("Kommune"), choices=[])
    zeitraum = SelectField(_l("Zeitraum"), choices=[])
    rolle = SelectField(_l("Ansprechpartner (Rolle)"), choices=[])

    def set_values(self, values: dict[str, list[str]]) -> None:
        """Offer the municipalities, periods and roles that Praxisbeispiele have."""
        for name, field_name, empty in (("municipality", "kommune", _l("alle Kommunen")),
                                        ("period", "zeitraum", _l("alle Zeiträume")),
                                        ("contact_role", "rolle", _l("alle Rollen"))):
            getattr(self, field_name).choices = [
                SelectChoice("", empty), *(SelectChoice(v, v) for v in values.get(name, []))]

    def practice_filters(self) -> dict[str, str]:
        """The chosen Praxisbeispiel filters as model field names (only valid values)."""
        chosen = {"state": self.land.data, "size_class": self.groesse.data,
                  "municipality": self.kommune.data, "period": self.zeitraum.data,
                  "contact_role": self.rolle.data}
        allowed = {name: {choice[0] for choice in getattr(self, field).iter_choices()}
                   for name, field in (("state", "land"), ("size_class", "groesse"),
                                       ("municipality", "kommune"), ("period", "zeitraum"),
                                       ("contact_role", "rolle"))}
        return {name: value for name, value in chosen.items()
                if value and value in allowed[name]}


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
    state = SelectField(_l("Land"), choices=[SelectChoice("", "–"), *STATE_CHOICES])
    organisation_id = SelectField(
        _l("Organisation im Netzwerk"), coerce=_optional_int, choices=[], validate_choice=False,
        description=_l("Ist die Kommune Mitglied, verknüpfen Sie sie mit ihrer Organisation."))
    size_class = SelectField(_l("Größenklasse"), choices=[SelectChoice("", "–"), *SIZE_CHOICES],
                             validate_choice=False)
    period = StringField(_l("Zeitraum"), filters=[_strip], validators=[Length(max=100)],
                         description=_l("z. B. „2021 bis 2023“ oder „seit 2019“."))
    contact_role = StringField(
        _l("Ansprechpartner (Rolle)"), filters=[_strip], validators=[Length(max=200)],
        description=_l("Eine Rolle, kein Name, z. B. „Seniorenbeauftragte der Stadt“."))
    results = TextAreaField(_l("Ergebnisse"), filters=[_strip], validators=[Length(max=5000)],
                            render_kw={"rows": 4})
    transferable = TextAreaField(_l("Was andere übernehmen können"), filters=[_strip],
                                 validators=[Length(max=5000)], render_kw={"rows": 4})
    image = FileField(_l("Bild (optional)"),
                      description=_l("PNG, JPEG oder WebP. Bitte nur eigene Bilder oder Bilder "
                                     "mit Nutzungsrecht."))
    image_alt = StringField(
        _l("Alternativtext des Bildes"), filters=[_strip], validators=[Length(max=300)],
        description=_l("Was zeigt das Bild? Ein Satz für Menschen, die es nicht sehen."))
    remove_image = BooleanField(_l("Bild entfernen"))
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
            "organisation_id": self.organisation_id.data or None,
            "size_class": self.size_class.data or "",
            "period": self.period.data or "",
            "contact_role": self.contact_role.data or "",
            "results": (self.results.data or "").replace("\r\n", "\n"),
            "transferable": (self.transferable.data or "").replace("\r\n", "\n"),
            "image_alt": self.image_alt.data or "",
        }

    def fill_from(self, page, revision=None) -> None:
        """Pre-fill from a page, or from an older revision of it (every field it kept)."""
        source = revision or page
        self.title.data = source.title
        self.summary.data = source.summary
        self.body.data = source.body
        extra = dict(revision.fields or {}) if revision is not None else {}
        for name in ("kind", "topics", "municipality", "state", "organisation_id", "size_class",
                     "period", "contact_role", "results", "transferable", "image_alt"):
            getattr(self, name).data = extra.get(name, getattr(page, name))
        self.topics.data = list(self.topics.data or [])


class WikiEditForm(WikiPageForm):
    """Editing an existing page: the change note is required."""

    note = StringField(_l("Änderungsnotiz"), filters=[_strip],
                       validators=[DataRequired(_l("Bitte beschreiben Sie kurz Ihre Änderung.")),
                                   Length(max=300)],
                       description=_l("Was haben Sie geändert und warum? Erscheint in der "
                                   "Versionsgeschichte."))


class ProposalForm(FlaskForm):
    """A learner's proposed change: the new text and why."""

    title = StringField(_l("Titel"), filters=[_strip],
                        validators=[DataRequired(REQUIRED), Length(max=200)])
    summary = TextAreaField(_l("Kurzfassung"), filters=[_strip],
                            validators=[DataRequired(REQUIRED), Length(max=1000)],
                            render_kw={"rows": 3})
    body = TextAreaField(_l("Text (Markdown)"),
                         validators=[DataRequired(REQUIRED), Length(max=200_000)],
                         render_kw={"rows": 22})
    note = StringField(_l("Was schlagen Sie vor und warum?"), filters=[_strip],
                       validators=[DataRequired(_l("Bitte beschreiben Sie kurz Ihren Vorschlag.")),
                                   Length(max=300)])
    base_revision = HiddenField(filters=[_optional_int], validators=[Optional()])
    submit = SubmitField(_l("Vorschlag einreichen"))


class DecisionForm(FlaskForm):
    """An author's answer to a proposal."""

    decision_note = StringField(_l("Nachricht an die vorschlagende Person (optional)"),
                                filters=[_strip], validators=[Optional(), Length(max=300)])
    accept = SubmitField(_l("Vorschlag übernehmen"))
    decline = SubmitField(_l("Vorschlag ablehnen"))
