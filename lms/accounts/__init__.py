"""Accounts: registration, login, profile, password reset; organisations and roles."""

from flask import Blueprint, Flask
from flask_babel import gettext

from lms.accounts import sessions
from lms.core.i18n import N_
from lms.extensions import login_manager

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    """Wire Flask-Login to the user table, with messages in the interface language."""
    login_manager.user_loader(sessions.load)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = N_("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"


from lms.accounts import routes  # noqa: E402,F401  (routes attach themselves to bp)
