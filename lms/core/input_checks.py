"""Request input every feature may hand to the database as it is: no NUL characters.

PostgreSQL refuses text containing NUL in the middle of a query (a server error), SQLite
stores it silently. No address, query argument or form field of Lernraum has a use for one,
so a request carrying one is answered 400 before any view runs.
"""

from itertools import chain

from flask import Flask, request
from flask_babel import gettext
from werkzeug.exceptions import BadRequest

from lms.core.errors import Explained

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
"""Bodies whose fields are checked; uploaded files and JSON documents are read by their
features (the LRS validates statements itself)."""


class NulCharacterRefused(Explained, BadRequest):
    """A request with a NUL character in its address, query or form fields."""


def _texts():
    yield request.path
    form = request.form.items(multi=True) if request.mimetype in FORM_TYPES else ()
    for name, value in chain(request.args.items(multi=True), form):
        yield name
        yield value


def _refuse_nul_characters() -> None:
    if any("\x00" in text for text in _texts()):
        raise NulCharacterRefused(gettext(
            "Die Anfrage enthält ein unzulässiges Steuerzeichen (NUL). Bitte entfernen Sie es "
            "aus Ihrer Eingabe."))


def register_input_checks(app: Flask) -> None:
    """Refuse requests with NUL characters in their address, query or form fields."""
    app.before_request(_refuse_nul_characters)
