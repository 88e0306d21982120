"""Forms for inviting people (one, or a CSV list with preview) and accepting an invitation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from lms.accounts.forms import EMAIL, REQUIRED
from lms.accounts.passwords import MAX_LENGTH as PASSWORD_MAX
from lms.core.permissions import ROLE_LABELS, Role

INVITE_ROLES = (Role.LEARNER, Role.COORDINATOR, Role.AUTHOR, Role.NETWORK)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class InviteForm(FlaskForm):
    """One person by e-mail address and name (admins also choose a role)."""

    email = EmailField(_l("E-Mail-Adresse"), filters=[_strip], validators=[
        DataRequired(REQUIRED), Email(EMAIL), Length(max=254)])
    name = StringField(_l("Name"), filters=[_strip],
                       validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField(_l("Rolle"), default=str(Role.LEARNER), choices=[
        SelectChoice(str(role), _l(ROLE_LABELS[role])) for role in INVITE_ROLES])
    submit = SubmitField(_l("Einladung senden"))


LIST_MAX = 100_000
"""A pasted list of people: about 1 000 lines."""


class InviteListForm(FlaskForm):
    """A CSV list, uploaded or pasted; the preview sends the text back in ``confirmed``."""

    people_file = FileField(_l("CSV-Datei"), description=_l(
        "Eine Zeile je Person: E-Mail-Adresse; Name; Rolle (freiwillig). Trennzeichen "
        "Semikolon oder Komma, UTF-8; eine Kopfzeile wird erkannt."))
    people_list = TextAreaField(_l("… oder Liste hier einfügen"),
                                validators=[Optional(), Length(max=LIST_MAX)],
                                render_kw={"rows": 6})
    confirmed = HiddenField(validators=[Length(max=LIST_MAX)])
    preview = SubmitField(_l("Vorschau anzeigen"))
    send = SubmitField(_l("Einladungen senden"))


class AcceptInvitationForm(FlaskForm):
    """The invited person's name and new password."""

    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=120)],
                       render_kw={"autocomplete": "name"})
    password = PasswordField(_l("Passwort"),
                             validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
                             description=_l("Mindestens 10 Zeichen; am besten ein Satz, den "
                                            "Sie sich merken können."),
                             render_kw={"autocomplete": "new-password"})
    password_repeat = PasswordField(
        _l("Passwort wiederholen"),
        validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX),
                    EqualTo("password", _l("Die Passwörter stimmen nicht überein."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Konto anlegen"))
