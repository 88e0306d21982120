"""``flask --app app lms rebuild-activity``: recount the learning days from the statements."""

import click

from lms.reports.activity import rebuild_activity


@click.command("rebuild-activity")
def rebuild_activity_command() -> None:
    """Delete and recount every learner's statements per day from the LRS."""
    count = rebuild_activity()
    click.echo(f"Lerntage aus {count} Statements neu gezählt.")
