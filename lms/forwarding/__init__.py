"""Forwarding every stored statement to external LRSs through an outbox and the job queue."""

from flask import Blueprint, Flask

from lms.core.i18n import N_
from lms.core.jobs import register_periodic_job
from lms.core.navigation import NavItem, register_nav_item
from lms.forwarding import jobs, models, receivers  # noqa: F401  (tables, jobs)

bp = Blueprint("forwarding", __name__)


def init_app(app: Flask) -> None:
    """Fill the outbox from stored statements; sweep backlogs; the admin page."""
    receivers.connect()
    register_periodic_job(app, "forwarding.sweep", jobs.sweep,
                          label=N_("Weiterleitung: wartende Statements einreihen"), minute="*/5")
    register_nav_item(app, NavItem(N_("Weiterleitung"), "forwarding.admin_list", order=65,
                                   endpoint_prefix="forwarding."), menu="admin")


from lms.forwarding import routes  # noqa: E402,F401  (routes attach themselves to bp)
