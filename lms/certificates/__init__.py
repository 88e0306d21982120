"""Certificates: issue on completion, render PDFs, list, revoke, re-issue, verify publicly."""

from flask import Blueprint, Flask

from lms.certificates import cli, display, jobs, models, receivers, services  # noqa: F401
from lms.cli import register_seeder
from lms.core.home import HomePanel, register_home_panel
from lms.core.i18n import N_
from lms.core.jobs import register_periodic_job
from lms.core.navigation import NavItem, register_nav_item

bp = Blueprint("certificates", __name__)


def init_app(app: Flask) -> None:
    """Connect the completion signals, menu entries, ``lms init``'s retry step, the sweep."""
    receivers.connect()
    display.register_filters(app)
    register_nav_item(app, NavItem(N_("Meine Nachweise"), "certificates.list_mine", order=60,
                                   endpoint_prefix="certificates.list_mine",
                                   login_required=True))
    register_nav_item(app, NavItem(N_("Nachweise"), "certificates.admin_list", order=40,
                                   endpoint_prefix="certificates.admin_"), menu="admin")
    register_seeder(app, "Nachweise", services.render_due_report)
    register_periodic_job(app, "certificates.sweep_due", jobs.sweep_due,
                          label=N_("Fällige PDF-Nachweise einreihen"), minute="*/10")
    register_home_panel(app, HomePanel("certificates/_home_panel.html",
                                       routes.home_panel_context, order=60))


from lms.certificates import routes  # noqa: E402,F401  (routes attach themselves to bp)
