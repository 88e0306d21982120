"""Forms of the packages feature: uploading a package, publishing and unpublishing."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField


class UploadForm(FlaskForm):
    """One zip file of any kind (native, xAPI, cmi5), or a cmi5 course structure XML."""

    package = FileField(
        _l("Paket (ZIP-Datei oder cmi5-Kursstruktur als XML)"),
        validators=[
            FileRequired(_l("Bitte wählen Sie eine ZIP- oder XML-Datei aus.")),
            FileAllowed(["zip", "xml"], _l("Nur ZIP-Dateien (.zip) oder eine cmi5-Kursstruktur "
                                           "(.xml) sind möglich.")),
        ],
        description=_l("Lernraum-Modul (module.toml), xAPI-Paket (tincan.xml), cmi5-Kurs "
                       "(cmi5.xml) oder SCORM-Paket (imsmanifest.xml). Alles wird geprüft, bevor "
                       "etwas gespeichert wird; danach sehen Sie eine Vorschau und "
                       "veröffentlichen."),
        render_kw={"accept": ".zip,.xml,application/zip,text/xml"},
    )
    submit = SubmitField(_l("Hochladen und prüfen"))


class ActionForm(FlaskForm):
    """A button that changes a module (publish, discard, unpublish): CSRF only."""
