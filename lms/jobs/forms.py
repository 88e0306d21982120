"""Forms of the jobs admin page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class RetryForm(FlaskForm):
    """Run a failed job again (a button with CSRF protection)."""

    submit = SubmitField(_l("Erneut versuchen"))
