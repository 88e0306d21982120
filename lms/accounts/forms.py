"""Forms for registration, login, passwords, profile and the admin pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lms.accounts.ags import STATES
from lms.accounts.models import ORGANISATION_KIND_LABELS, Organisation
from lms.accounts.passwords import MAX_LENGTH as PASSWORD_MAX
from lms.core.permissions import ROLE_LABELS, Role

REQUIRED = _l("Bitte füllen Sie dieses Feld aus.")
EMAIL = _l("Bitte geben Sie eine gültige E-Mail-Adresse an.")
NO_ORGANISATION = 0


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _organisation_value(value):
    """The id a select option stands for; also takes the ``Organisation`` a form's ``obj``
    hands in for the field ``organisation`` (it wins over a keyword default in WTForms)."""
    if isinstance(value, Organisation):
        return value.id
    return int(value) if value not in (None, "", "None") else NO_ORGANISATION


class OrganisationSelectMixin:
    """Adds the organisation picker whose choices the view fills in."""

    organisation = SelectField(
        _l("Organisation"),
        coerce=_organisation_value,
        description=_l("Ihre Kommune oder Einrichtung im Netzwerk."),
    )

    def set_organisation_choices(self, choices: list[tuple[int, str]]) -> None:
        self.organisation.choices = [SelectChoice(NO_ORGANISATION, _l("keine"))] + [
            SelectChoice(value, label) for value, label in choices
        ]

    @property
    def organisation_id(self) -> int | None:
        return self.organisation.data or None


class RegisterForm(OrganisationSelectMixin, FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-Mail-Adresse"),
        filters=[_strip],
        validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
        description=_l("Mindestens 10 Zeichen; am besten ein Satz, den Sie sich merken können."),
        render_kw={"autocomplete": "new-password"},
    )
    password_repeat = PasswordField(
        _l("Passwort wiederholen"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=PASSWORD_MAX),
            EqualTo("password", _l("Die Passwörter stimmen nicht überein.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Konto anlegen"))


class LoginForm(FlaskForm):
    # No format check here: a login only looks an address up (the first admin may use .local).
    email = EmailField(
        _l("E-Mail-Adresse"),
        filters=[_strip],
        validators=[DataRequired(REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Angemeldet bleiben"))
    submit = SubmitField(_l("Anmelden"))


class EmailOnlyForm(FlaskForm):
    email = EmailField(
        _l("E-Mail-Adresse"),
        filters=[_strip],
        validators=[DataRequired(REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    submit = SubmitField(_l("Link senden"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Neues Passwort"),
        validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
        description=_l("Mindestens 10 Zeichen."),
        render_kw={"autocomplete": "new-password"},
    )
    password_repeat = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=PASSWORD_MAX),
            EqualTo("password", _l("Die Passwörter stimmen nicht überein.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Passwort speichern"))


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(
        _l("Aktuelles Passwort"),
        validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        description=_l("So erscheint Ihr Name auf Ihren Nachweisen."),
        render_kw={"autocomplete": "name"},
    )
    locale = SelectField(
        _l("Sprache"),
        choices=[
            SelectChoice("de", "Deutsch"),
            SelectChoice("en", "English", render_kw={"lang": "en"}),
        ],
    )
    submit = SubmitField(_l("Profil speichern"))


class MembershipForm(FlaskForm):
    """Ask to join or move to an organisation; a coordinator of it confirms."""

    organisation = SelectField(
        _l("Organisation"),
        coerce=_organisation_value,
        validators=[DataRequired(_l("Bitte wählen Sie eine Organisation."))],
        description=_l("Eine Koordinatorin oder ein Koordinator der Organisation bestätigt "
                       "Ihre Anfrage. Bis dahin ändert sich nichts."),
    )
    submit = SubmitField(_l("Anfrage senden"))

    def set_organisation_choices(self, choices: list[tuple[int, str]], current: int | None):
        self.organisation.choices = [SelectChoice(NO_ORGANISATION, _l("Bitte wählen …"))] + [
            SelectChoice(value, label) for value, label in choices if value != current
        ]


class ChangeEmailForm(FlaskForm):
    """A new address, confirmed by a link sent to it, and the password as proof."""

    email = EmailField(
        _l("Neue E-Mail-Adresse"),
        filters=[_strip],
        validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)],
        description=_l("Wir schicken einen Link an die neue Adresse. Erst wenn Sie ihn öffnen, "
                       "gilt sie; bis dahin melden Sie sich mit der bisherigen an."),
        render_kw={"autocomplete": "email"},
    )
    current_password = PasswordField(
        _l("Aktuelles Passwort"),
        validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Link senden"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Suche nach Name oder E-Mail"), validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("Suchen"))


class AdminUserForm(OrganisationSelectMixin, FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    roles = MultiCheckboxField(
        _l("Rollen"),
        choices=[
            SelectChoice(str(role), _l(ROLE_LABELS[role])) for role in Role if role != Role.LEARNER
        ],
        description=_l(
            "Alle Konten sind auch Lernende. Koordination gilt für die Organisation des Kontos."
        ),
    )
    submit = SubmitField(_l("Speichern"))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(
        _l("Art"),
        choices=[
            SelectChoice(str(kind), _l(label)) for kind, label in ORGANISATION_KIND_LABELS.items()
        ],
    )
    state_code = SelectField(
        _l("Bundesland"), choices=[SelectChoice(code, name) for code, name in STATES.items()]
    )
    ags = StringField(
        _l("Amtlicher Gemeindeschlüssel (AGS)"),
        validators=[Optional(), Length(max=8)],
        description=_l(
            "8 Ziffern, z. B. 03241001. Die ersten beiden Ziffern stehen für das Bundesland."
        ),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    submit = SubmitField(_l("Speichern"))


class ConfirmForm(FlaskForm):
    """An empty form: a button with CSRF protection for actions that change state."""

    submit = SubmitField(_l("Bestätigen"))
