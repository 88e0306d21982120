"""``flask --app app lms send-seminar-reminders``: the day-before reminders (run daily)."""

import click
from flask import current_app

from lms.core.jobs import outside_request
from lms.seminars import mails, services


@click.command("send-seminar-reminders")
@click.option("--heute", "today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="So tun, als wäre heute dieses Datum (JJJJ-MM-TT).")
def send_reminders_command(today) -> None:
    """Remind everyone with a place in tomorrow's seminars (each person once)."""
    with outside_request(current_app):
        sent = mails.send_reminders(today.date() if today else services.today())
    click.echo(f"{sent} Erinnerungen verschickt.")
