"""Background jobs for admins: failed jobs with their errors, retry; the worker command."""

from flask import Blueprint, Flask

from lms.cli import lms_cli
from lms.core import jobs
from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.jobs import cli, models, services  # noqa: F401

bp = Blueprint("jobs", __name__)


def init_app(app: Flask) -> None:
    """Keep failures of every job run, add the admin page and ``lms worker``."""
    jobs.register_failure_hook(app, services.record_run)
    register_nav_item(app, NavItem(N_("Hintergrundaufträge"), "jobs.admin_list", order=70,
                                   endpoint_prefix="jobs."), menu="admin")
    if "worker" not in lms_cli.commands:
        lms_cli.add_command(cli.worker_command)


from lms.jobs import routes  # noqa: E402,F401  (routes attach themselves to bp)
