"""Forms: public code check, admin search, revocation and re-issue confirmations."""

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
        "Prüfcode", validators=[DataRequired("Bitte geben Sie einen Prüfcode ein."),
                                Length(max=60)],
        description="16 Zeichen, z. B. ABCD-EFGH-JKMN-PQRS. Groß- und Kleinschreibung, "
                    "Leerzeichen und Bindestriche spielen keine Rolle.",
    )
    submit = SubmitField("Nachweis prüfen")


class CertificateSearchForm(FlaskForm):
    """Search and status filter of the certificate lists (GET)."""

    class Meta:
        csrf = False

    q = SearchField("Suche", validators=[Optional(), Length(max=100)],
                    description="Name, E-Mail-Adresse, Titel oder Prüfcode.")
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "alle"),
                 *(SelectChoice(value, label) for value, label in STATUS_LABELS.items()),
                 SelectChoice("vorbereitung", "PDF in Vorbereitung")],
        validators=[Optional()],
    )


class RevokeForm(FlaskForm):
    """Confirms a revocation; the reason is stored and shown to admins."""

    reason = TextAreaField(
        "Grund des Widerrufs",
        validators=[DataRequired("Bitte geben Sie einen Grund für den Widerruf an."),
                    Length(max=1000, message="Bitte fassen Sie sich kürzer (höchstens 1000 "
                                                 "Zeichen).")],
        description="Wird intern gespeichert; die öffentliche Prüfseite zeigt nur das Datum.",
    )
    submit = SubmitField("Nachweis widerrufen")


class ReissueForm(FlaskForm):
    """Confirms a re-issue with the learner's corrected name."""

    submit = SubmitField("Neu ausstellen")


class RenderForm(FlaskForm):
    """Asks for an immediate render attempt of a pending or failed PDF (CSRF only)."""
