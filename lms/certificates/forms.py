"""Forms: public code check, admin search, revocation and re-issue confirmations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from lms.certificates.models import STATUS_LABELS


class VerifyForm(FlaskForm):
    """The code field of the public check page; sent by GET, so no CSRF token."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Prüfcode"),
        validators=[DataRequired(_l("Bitte geben Sie einen Prüfcode ein.")), Length(max=60)],
        description=_l("16 Zeichen, z. B. ABCD-EFGH-JKMN-PQRS. Groß- und Kleinschreibung, "
                       "Leerzeichen und Bindestriche spielen keine Rolle."),
    )
    submit = SubmitField(_l("Nachweis prüfen"))


class CertificateSearchForm(FlaskForm):
    """Search and status filter of the certificate lists (GET)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suche"), validators=[Optional(), Length(max=100)],
                    description=_l("Name, E-Mail-Adresse, Titel oder Prüfcode."))
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("alle")),
                 *(SelectChoice(value, _l(label)) for value, label in STATUS_LABELS.items()),
                 SelectChoice("vorbereitung", _l("PDF in Vorbereitung"))],
        validators=[Optional()],
    )


class RevokeForm(FlaskForm):
    """Confirms a revocation; the reason is stored and shown to admins."""

    reason = TextAreaField(
        _l("Grund des Widerrufs"),
        validators=[DataRequired(_l("Bitte geben Sie einen Grund für den Widerruf an.")),
                    Length(max=1000, message=_l("Bitte fassen Sie sich kürzer (höchstens 1000 "
                                                "Zeichen)."))],
        description=_l("Wird intern gespeichert; die öffentliche Prüfseite zeigt nur das Datum."),
    )
    submit = SubmitField(_l("Nachweis widerrufen"))


class ReissueForm(FlaskForm):
    """Confirms a re-issue with the learner's corrected name."""

    submit = SubmitField(_l("Neu ausstellen"))


class RenderForm(FlaskForm):
    """Asks for an immediate render attempt of a pending or failed PDF (CSRF only)."""
