"""Online-Seminare: the archive of the network's seminars with summaries and recordings."""

from flask import Blueprint, Flask

from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item

bp = Blueprint("seminars", __name__, url_prefix="/seminare")


def init_app(app: Flask) -> None:
    """Show the archive in the main menu."""
    register_nav_item(app, NavItem(N_("Seminare"), "seminars.list_seminars", order=40,
                                   endpoint_prefix="seminars."))


from lms.seminars import routes  # noqa: E402,F401  (routes attach themselves to bp)
