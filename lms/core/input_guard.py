"""Refuses request input no database column can hold: the NUL character (U+0000).

PostgreSQL text columns cannot store it, so a NUL in a path, query parameter or form field
would otherwise end in a server error on the production database. Such a request gets a
400 page before any view runs. The LRS checks its own input (``lms.xapi``): it answers
with the xAPI error body.
"""

from flask import Flask, request

from lms.core.errors import RefusedInput
from lms.core.i18n import N_

NUL = "\x00"
EXPLANATION = N_(
    "Ihre Eingabe enthält ein unsichtbares Steuerzeichen (NUL), das Lernraum nicht speichern "
    "kann. Es wurde nichts gespeichert; bitte geben Sie den Text erneut ein."
)
OWN_CHECKS = ("xapi",)
"""Blueprints that refuse NUL themselves, in their own error format."""


def _contains_nul() -> bool:
    if NUL in request.path:
        return True
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if NUL in key or NUL in value:
                return True
    return any(NUL in (upload.filename or "") for upload in request.files.values())


def _refuse_nul():
    if request.blueprint in OWN_CHECKS:
        return None
    if _contains_nul():
        raise RefusedInput(EXPLANATION)
    return None


def register_input_guard(app: Flask) -> None:
    """Check every request for NUL characters before the views see it."""
    app.before_request(_refuse_nul)
