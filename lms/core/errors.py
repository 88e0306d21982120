"""Error pages in plain German instead of a server's stack trace."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: (
        "Ungültige Anfrage",
        "Die Anfrage konnte nicht verarbeitet werden. Bitte prüfen Sie Ihre Eingaben.",
    ),
    403: ("Kein Zugriff", "Für diese Seite fehlen Ihnen die nötigen Rechte."),
    404: (
        "Seite nicht gefunden",
        "Diese Seite gibt es nicht (mehr). Vielleicht hilft die Suche im Katalog.",
    ),
    405: ("Nicht erlaubt", "Diese Aktion ist hier nicht möglich."),
    413: ("Datei zu groß", "Die hochgeladene Datei überschreitet die erlaubte Größe."),
    429: ("Zu viele Versuche", "Bitte warten Sie einen Moment und versuchen Sie es dann erneut."),
    500: (
        "Fehler auf unserer Seite",
        "Etwas ist schiefgegangen. Es wurde nichts verändert; "
        "bitte versuchen Sie es später erneut.",
    ),
}


def wants_json() -> bool:
    """True for API clients (the LRS) that should get JSON errors, not HTML pages."""
    return request.path.startswith("/xapi") or request.accept_mimetypes.best == "application/json"


def _handle(error: HTTPException):
    code = error.code or 500
    title, message = MESSAGES.get(code, (error.name, error.description))
    if wants_json():
        return jsonify(error=title, message=error.description or message), code
    return render_template("core/error.html", code=code, title=title, message=message), code


def _handle_unexpected(error: Exception):
    return _handle(InternalServerError(original_exception=error))


def register_error_handlers(app: Flask) -> None:
    """Attach the German error pages for every HTTP error and for unexpected exceptions."""
    app.register_error_handler(HTTPException, _handle)
    if not app.testing:
        app.register_error_handler(Exception, _handle_unexpected)
