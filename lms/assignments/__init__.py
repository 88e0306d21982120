"""Assignments: coordinators ask learners of their organisation to do a module or course by a
date; learners see them on their plan; a reminder goes out before the due date."""

from flask import Blueprint, Flask

from lms.cli import lms_cli

bp = Blueprint("assignments", __name__)


def init_app(app: Flask) -> None:
    """Offer ``lms send-reminders`` (run it daily, e.g. from cron or the job queue) and the
    export of the list."""
    exports.register_table()
    if "send-reminders" not in lms_cli.commands:
        lms_cli.add_command(cli.send_reminders_command)


from lms.assignments import cli, exports, routes  # noqa: E402,F401  (routes attach to bp)
