"""The confirmations of an account deletion."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from lms.accounts.forms import REQUIRED
from lms.accounts.passwords import MAX_LENGTH as PASSWORD_MAX


class DeleteOwnAccountForm(FlaskForm):
    """The learner confirms with their password and a tick."""

    password = PasswordField(_l("Ihr Passwort"),
                             validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    understood = BooleanField(
        _l("Ich habe verstanden, dass mein Konto endgültig gelöscht wird."),
        validators=[DataRequired(_l("Bitte bestätigen Sie, dass Sie das verstanden haben."))])
    submit = SubmitField(_l("Mein Konto endgültig löschen"))


class AdminDeleteAccountForm(FlaskForm):
    """An admin deletes an account on request, and decides about names on certificates."""

    keep_certificate_names = BooleanField(
        _l("Namen auf den Nachweisen behalten"),
        description=_l("Nur wenn die Person es wünscht oder eine Aufbewahrungspflicht besteht. "
                       "Sonst bleiben Nachweise prüfbar, zeigen aber keinen Namen mehr."))
    understood = BooleanField(
        _l("Die Person hat die Löschung verlangt; ich lösche das Konto endgültig."),
        validators=[DataRequired(_l("Bitte bestätigen Sie die Löschung."))])
    submit = SubmitField(_l("Konto endgültig löschen"))
