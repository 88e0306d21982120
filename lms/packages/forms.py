"""Forms of the packages feature: uploading a module package."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField


class UploadForm(FlaskForm):
    """One zip file with a module (``module.toml``, ``pages/*.md``, optional ``quiz.md``)."""

    package = FileField(
        _l("Modulpaket (ZIP-Datei)"),
        validators=[
            FileRequired(_l("Bitte wählen Sie eine ZIP-Datei aus.")),
            FileAllowed(["zip"], _l("Nur ZIP-Dateien (.zip) sind möglich.")),
        ],
        description=_l("Höchstens 50 MB. Alles wird geprüft, bevor etwas gespeichert wird."),
        render_kw={"accept": ".zip,application/zip"},
    )
    submit = SubmitField(_l("Hochladen und prüfen"))
