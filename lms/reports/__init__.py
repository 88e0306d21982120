"""Reports: coordinators review the learning progress of their own organisation's learners."""

from flask import Blueprint, Flask

from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.core.permissions import Role
from lms.reports import display

bp = Blueprint("reports", __name__)


def init_app(app: Flask) -> None:
    """The coordinators' menu entry and the display filters of the report pages."""
    register_nav_item(app, NavItem(N_("Lernfortschritt"), "reports.overview", order=70,
                                   endpoint_prefix="reports.", roles=(Role.COORDINATOR,)))
    display.register_filters(app)


from lms.reports import routes  # noqa: E402,F401  (routes attach themselves to bp)
