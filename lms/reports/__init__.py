"""Reports: coordinators review the learning progress of their own organisation's learners."""

from flask import Blueprint, Flask

from lms.cli import lms_cli
from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.core.permissions import Role
from lms.reports import display, export_tables, models, receivers  # noqa: F401  (tables)

bp = Blueprint("reports", __name__)


def init_app(app: Flask) -> None:
    """The coordinators' menu entry, display filters, learning-day counters, exports."""
    register_nav_item(app, NavItem(N_("Lernfortschritt"), "reports.overview", order=70,
                                   endpoint_prefix="reports.", roles=(Role.COORDINATOR,)))
    display.register_filters(app)
    receivers.connect()
    export_tables.register_tables()
    if app.config.get("REPORT_EXPORTS_INLINE"):
        app.extensions["lms_export_runner"] = exports.run_inline
    if "rebuild-activity" not in lms_cli.commands:
        lms_cli.add_command(cli.rebuild_activity_command)


from lms.reports import (  # noqa: E402,F401  (routes attach themselves to bp)
    cli,
    exports,
    routes,
    routes_exports,
    routes_tables,
)
