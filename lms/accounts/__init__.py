"""Accounts: registration, login, profile, password reset; organisations and roles."""

from flask import Blueprint, Flask
from flask_babel import gettext

from lms.accounts.models import User
from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.extensions import db, login_manager

bp = Blueprint("accounts", __name__)


def _load_user(user_id: str) -> User | None:
    """The session's user; a deactivated or deleted account ends its open sessions."""
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


def init_app(app: Flask) -> None:
    """Wire Flask-Login to the user table, with messages in the interface language."""
    login_manager.user_loader(_load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = N_("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    register_nav_item(app, NavItem(N_("Einladungen"), "accounts.invite_people", order=15,
                                   endpoint_prefix="accounts.invite"), menu="admin")


from lms.accounts import invitation_routes, routes  # noqa: E402,F401  (routes attach to bp)
