"""Privacy (GDPR): learners see and download their data and can delete their account;
access by coordinators and admins to a learner's data is logged and shown to both."""

from flask import Blueprint, Flask

from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.privacy import models  # noqa: F401  (register the tables)

bp = Blueprint("privacy", __name__)


def init_app(app: Flask) -> None:
    """The admins' menu entry for the access log."""
    register_nav_item(app, NavItem(N_("Datenzugriffe"), "privacy.admin_accesses", order=80,
                                   endpoint_prefix="privacy.admin_"), menu="admin")


from lms.privacy import routes  # noqa: E402,F401  (routes attach themselves to bp)
