"""Error pages in plain language (German first) instead of a server's stack trace."""

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, InternalServerError

from lms.core.i18n import N_

MESSAGES = {
    400: (
        N_("Ungültige Anfrage"),
        N_("Die Anfrage konnte nicht verarbeitet werden. Bitte prüfen Sie Ihre Eingaben."),
    ),
    403: (N_("Kein Zugriff"), N_("Für diese Seite fehlen Ihnen die nötigen Rechte.")),
    404: (
        N_("Seite nicht gefunden"),
        N_("Diese Seite gibt es nicht (mehr). Vielleicht hilft die Suche im Katalog."),
    ),
    405: (N_("Nicht erlaubt"), N_("Diese Aktion ist hier nicht möglich.")),
    413: (
        N_("Zu groß"),
        N_(
            "Was Sie gesendet haben, ist größer, als diese Seite annimmt. Es wurde nichts "
            "gespeichert; bitte kürzen Sie Ihre Eingaben oder wählen Sie eine kleinere Datei."
        ),
    ),
    429: (
        N_("Zu viele Versuche"),
        N_("Bitte warten Sie einen Moment und versuchen Sie es dann erneut."),
    ),
    500: (
        N_("Fehler auf unserer Seite"),
        N_(
            "Etwas ist schiefgegangen. Es wurde nichts verändert; "
            "bitte versuchen Sie es später erneut."
        ),
    ),
}
"""Title and explanation of each error page, in German; translated when the page is shown."""


class FieldError(ValueError):
    """Bad input a feature refuses, with a German ``message`` for people and the name of the
    form ``field`` it belongs to (None: the form as a whole). Features subclass it."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class Explained:
    """Mixed into an HTTP error whose description is a message for people (German, translated):
    the error page shows it instead of the standard explanation of the status."""


def wants_json() -> bool:
    """True for API clients (the LRS) that should get JSON errors, not HTML pages."""
    return request.path.startswith("/xapi") or request.accept_mimetypes.best == "application/json"


def _handle(error: HTTPException):
    code = error.code or 500
    if code in MESSAGES:
        title, message = (gettext(text) for text in MESSAGES[code])
        if isinstance(error, Explained):
            message = error.description
    else:
        title, message = error.name, error.description
    if wants_json():
        return jsonify(error=title, message=error.description or message), code
    return render_template("core/error.html", code=code, title=title, message=message), code


def _handle_unexpected(error: Exception):
    """The German 500 page; the exception goes to the log with its traceback (a handler for
    ``Exception`` takes over from Flask's own logging of it)."""
    current_app.log_exception((type(error), error, error.__traceback__))
    return _handle(InternalServerError(original_exception=error))


def register_error_handlers(app: Flask) -> None:
    """Attach the German error pages for every HTTP error and for unexpected exceptions."""
    app.register_error_handler(HTTPException, _handle)
    if not app.testing:
        app.register_error_handler(Exception, _handle_unexpected)
