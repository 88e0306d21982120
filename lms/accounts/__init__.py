"""Accounts: registration, login, profile, password reset; organisations and roles."""

from flask import Blueprint, Flask
from flask_babel import gettext

from lms.accounts import sessions
from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.core.permissions import Role
from lms.extensions import login_manager

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    """Wire Flask-Login to the login sessions (messages in the interface language) and
    show coordinators their membership requests in the menu."""
    login_manager.user_loader(sessions.load)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = N_("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    register_nav_item(app, NavItem(N_("Anfragen"), "accounts.list_membership_requests",
                                   order=75, roles=(Role.COORDINATOR,)))
    register_nav_item(app, NavItem(N_("Einladungen"), "accounts.invite_people", order=15,
                                   endpoint_prefix="accounts.invite"), menu="admin")


from lms.accounts import invitation_routes, membership_routes, routes  # noqa: E402,F401
