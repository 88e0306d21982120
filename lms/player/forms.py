"""Forms of the player: CSRF for dynamic element forms, and the notebook editor."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from lms.player.notebook import MAX_TEXT


class CsrfForm(FlaskForm):
    """Checks only the CSRF token; the element fields are read by the scoring service."""


class NoteForm(FlaskForm):
    """Edit a notebook entry."""

    text = TextAreaField(
        _l("Ihre Notiz"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie etwas oder lassen Sie den Eintrag, wie er ist.")),
            # Length fills in %(max)d itself.
            Length(max=MAX_TEXT, message=_l("Höchstens %(max)d Zeichen.")),
        ],
    )
