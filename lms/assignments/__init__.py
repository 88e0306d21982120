"""Assignments: coordinators ask learners of their organisation to do a module or course by a
date; learners see them on their plan; a reminder goes out before the due date."""

from flask import Blueprint, Flask

from lms.cli import lms_cli
from lms.core.i18n import N_
from lms.core.jobs import register_periodic_job

bp = Blueprint("assignments", __name__)


def init_app(app: Flask) -> None:
    """Send the reminders every morning from the worker (``lms send-reminders`` does the same
    by hand) and offer the export of the list."""
    exports.register_table()
    if "send-reminders" not in lms_cli.commands:
        lms_cli.add_command(cli.send_reminders_command)
    register_periodic_job(app, "assignments.remind", services.send_reminders,
                          label=N_("Erinnerungen an fällige Zuweisungen versenden"),
                          minute="15", hour="6")


from lms.assignments import cli, exports, routes, services  # noqa: E402,F401
