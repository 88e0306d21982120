"""``flask --app app lms send-reminders``: mail learners whose assignments are due soon."""

import click
from flask import current_app

from lms.assignments.services import REMINDER_DAYS, send_reminders
from lms.core.jobs import outside_request


@click.command("send-reminders")
@click.option("--days", default=REMINDER_DAYS, show_default=True,
              help="Erinnern, wenn die Fälligkeit so viele Tage oder weniger entfernt ist.")
def send_reminders_command(days: int) -> None:
    """Send each learner one reminder per assignment that is due within ``--days`` days."""
    with outside_request(current_app):
        count = send_reminders(days_ahead=days)
    click.echo(f"{count} Erinnerungen verschickt.")
