"""Forms of the seminar archive: filter, edit a record, confirm deletion."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from lms.accounts.forms import MultiCheckboxField
from lms.core.topics import TOPICS
from lms.seminars.models import FORMAT_LABELS

REQUIRED = _l("Bitte füllen Sie dieses Feld aus.")
CHAPTER_LINE = re.compile(r"^((?:\d{1,2}:)?\d{1,2}:\d{2})\s+(.+)$")
TOPIC_CHOICES = [SelectChoice(topic.slug, _l(topic.title)) for topic in TOPICS]
FORMAT_CHOICES = [SelectChoice(key, _l(label)) for key, label in FORMAT_LABELS.items()]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def lines_of(text: str | None) -> list[str]:
    """The non-empty lines of a textarea."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_chapters(text: str | None) -> list[dict[str, str]]:
    """Chapters from lines like ``00:12 Impuls``; raises ValueError naming the bad line."""
    chapters = []
    for line in lines_of(text):
        match = CHAPTER_LINE.match(line)
        if not match:
            raise ValueError(f"„{line}“: Bitte schreiben Sie je Zeile eine Zeit und einen Titel, "
                             "z. B. „00:12 Impuls“.")
        chapters.append({"at": match[1], "title": match[2].strip()})
    return chapters


def chapters_text(chapters: list[dict]) -> str:
    """Chapters as textarea lines."""
    return "\n".join(f"{chapter['at']} {chapter['title']}" for chapter in chapters or [])


class SeminarFilterForm(FlaskForm):
    """Search and filter the archive (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suchbegriff"), filters=[_strip], validators=[Optional(), Length(max=100)])
    thema = SelectField(_l("Thema"), choices=[SelectChoice("", _l("alle Themen")), *TOPIC_CHOICES],
                        validators=[Optional()])
    jahr = SelectField(_l("Jahr"), choices=[SelectChoice("", _l("alle Jahre"))],
                       validators=[Optional()])

    def set_years(self, years: list[int]) -> None:
        self.jahr.choices = [SelectChoice("", _l("alle Jahre")),
                             *(SelectChoice(str(year), str(year)) for year in years)]


class SeminarForm(FlaskForm):
    """Create or edit a seminar record."""

    slug = StringField(
        _l("Kurzbezeichnung für die Adresse"), filters=[_strip],
        validators=[DataRequired(REQUIRED), Length(max=100)],
        description=_l("Kleinbuchstaben, Ziffern und Bindestriche, z. B. mobilitaet-2026-02. "
                    "Sie lässt sich später nicht ändern."),
    )
    title = StringField(_l("Titel"), filters=[_strip], validators=[DataRequired(REQUIRED),
                                                                Length(max=200)])
    held_on = DateField(_l("Datum des Seminars"), validators=[DataRequired(
        "Bitte geben Sie das Datum des Seminars an.")])
    duration_minutes = IntegerField(
        _l("Dauer in Minuten"), default=60,
        validators=[InputRequired(_l("Bitte geben Sie die Dauer in Minuten an.")),
                    NumberRange(1, 1440, _l("Bitte eine Dauer zwischen 1 und 1440 Minuten."))],
    )
    speakers = TextAreaField(_l("Mitwirkende"), validators=[Length(max=5000)],
                             description=_l("Eine Person oder Rolle pro Zeile."),
                             render_kw={"rows": 3})
    topics = MultiCheckboxField(_l("Themen"), choices=TOPIC_CHOICES)
    summary = TextAreaField(_l("Kurzfassung"), filters=[_strip],
                            validators=[DataRequired(REQUIRED), Length(max=1000)],
                            description=_l("Zwei, drei Sätze, worum es ging."),
                            render_kw={"rows": 3})
    takeaways = TextAreaField(_l("Kernaussagen"), validators=[Length(max=5000)],
                              description=_l("Eine Kernaussage pro Zeile."),
                              render_kw={"rows": 5})
    chapters = TextAreaField(
        _l("Kapitel der Aufzeichnung"), validators=[Length(max=5000)],
        description=_l("Eine Zeile je Kapitel: Zeit (Stunden:Minuten) und Titel, "
                       "z. B. „00:12 Impuls“."),
        render_kw={"rows": 5},
    )
    description = TextAreaField(_l("Ausführlicher Bericht (Markdown)"), render_kw={"rows": 12},
                                validators=[Length(max=100_000)],
                                description=_l("Überschriften mit ###, Links auf das Wiki mit "
                                            "[Text](wiki:kurzbezeichnung)."))
    recording_url = URLField(_l("Adresse der Aufzeichnung"), filters=[_strip],
                             validators=[Optional(), Length(max=500)],
                             description=_l("Link auf die Netzwerkplattform; leer, wenn es keine "
                                         "öffentliche Aufzeichnung gibt."))
    slides_url = URLField(_l("Adresse der Folien"), filters=[_strip],
                          validators=[Optional(), Length(max=500)])
    transcript = TextAreaField(
        _l("Mitschrift oder Protokoll (Markdown)"), render_kw={"rows": 10},
        validators=[Length(max=200_000)],
        description=_l("Der gesprochene Text oder ein ausführliches Protokoll; wird neben der "
                       "Aufzeichnung angezeigt und durchsucht."))
    related_wiki = TextAreaField(_l("Passende Wiki-Seiten"), render_kw={"rows": 2},
                                 validators=[Length(max=2000)],
                                 description=_l("Kurzbezeichnungen, eine pro Zeile."))
    related_modules = TextAreaField(_l("Passende Module"), render_kw={"rows": 2},
                                    validators=[Length(max=2000)],
                                    description=_l("Kurzbezeichnungen, eine pro Zeile."))
    start_time = TimeField(_l("Beginn (Uhrzeit)"), validators=[Optional()],
                           description=_l("Für angekündigte Seminare, z. B. 18:00."))
    event_format = SelectField(_l("Format"), choices=FORMAT_CHOICES, default="online")
    online_url = URLField(
        _l("Zugangslink (nur für Angemeldete sichtbar)"), filters=[_strip],
        validators=[Optional(), Length(max=500)],
        description=_l("Der Link zum Videoraum; nur angemeldete Teilnehmende sehen ihn."))
    location = StringField(_l("Ort (bei Präsenz)"), filters=[_strip],
                           validators=[Optional(), Length(max=300)])
    capacity = IntegerField(
        _l("Plätze"), validators=[Optional(), NumberRange(1, 10000, _l(
            "Bitte eine Zahl zwischen 1 und 10000 – oder leer für unbegrenzt."))],
        description=_l("Leer lassen, wenn die Teilnehmerzahl nicht begrenzt ist."))
    note = StringField(_l("Änderungsnotiz"), filters=[_strip],
                       validators=[Optional(), Length(max=300)],
                       description=_l("Was haben Sie geändert? (optional)"))
    base_version = HiddenField(validators=[Length(max=40)])
    submit = SubmitField(_l("Speichern"))

    def validate_chapters(self, field) -> None:
        try:
            parse_chapters(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def fields_for_service(self) -> dict:
        """The record's fields as the service expects them."""
        return {
            "title": self.title.data or "",
            "held_on": self.held_on.data,
            "duration_minutes": self.duration_minutes.data,
            "speakers": lines_of(self.speakers.data),
            "topics": list(self.topics.data or []),
            "summary": self.summary.data or "",
            "takeaways": lines_of(self.takeaways.data),
            "chapters": parse_chapters(self.chapters.data),
            "description": (self.description.data or "").strip(),
            "recording_url": self.recording_url.data or "",
            "slides_url": self.slides_url.data or "",
            "transcript": (self.transcript.data or "").replace("\r\n", "\n").strip(),
            "related_wiki": lines_of(self.related_wiki.data),
            "related_modules": lines_of(self.related_modules.data),
            "start_time": self.start_time.data,
            "event_format": self.event_format.data or "online",
            "online_url": self.online_url.data or "",
            "location": self.location.data or "",
            "capacity": self.capacity.data,
        }

    def fill_from(self, seminar) -> None:
        """Pre-fill the form from a stored record (GET only)."""
        self.title.data = seminar.title
        self.held_on.data = seminar.held_on
        self.duration_minutes.data = seminar.duration_minutes
        self.speakers.data = "\n".join(seminar.speakers or [])
        self.topics.data = list(seminar.topics or [])
        self.summary.data = seminar.summary
        self.takeaways.data = "\n".join(seminar.takeaways or [])
        self.chapters.data = chapters_text(seminar.chapters)
        self.description.data = seminar.description
        self.recording_url.data = seminar.recording_url
        self.slides_url.data = seminar.slides_url
        self.transcript.data = seminar.transcript
        self.related_wiki.data = "\n".join(seminar.related_wiki or [])
        self.related_modules.data = "\n".join(seminar.related_modules or [])
        self.start_time.data = seminar.start_time
        self.event_format.data = seminar.event_format
        self.online_url.data = seminar.online_url
        self.location.data = seminar.location
        self.capacity.data = seminar.capacity
        self.base_version.data = seminar.updated_at.isoformat()


class MediaForm(FlaskForm):
    """Upload or replace one file of a seminar: the video, captions (one language) or slides."""

    role = SelectField(_l("Was laden Sie hoch?"), choices=[
        SelectChoice("video", _l("Video der Aufzeichnung (WebM oder MP4)")),
        SelectChoice("captions", _l("Untertitel (WebVTT)")),
        SelectChoice("slides", _l("Folien (PDF)"))])
    file = FileField(_l("Datei"))
    lang = StringField(_l("Sprache der Untertitel"), default="de", filters=[_strip],
                       validators=[Optional(), Length(max=2, message=_l(
                           "Die Sprache besteht aus zwei Buchstaben, z. B. de."))],
                       description=_l("Zwei Buchstaben, z. B. de oder en."))
    label = StringField(_l("Bezeichnung der Untertitel"), default="Deutsch", filters=[_strip],
                        validators=[Optional(), Length(max=40, message=_l(
                            "Bitte höchstens 40 Zeichen."))])
    submit = SubmitField(_l("Hochladen"))


class RemoveMediaForm(FlaskForm):
    """Remove one file (``target`` is video, slides or captions:<lang>)."""

    target = HiddenField(validators=[Length(max=60)])
    submit = SubmitField(_l("Entfernen"))
