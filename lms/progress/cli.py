"""``flask --app app lms rebuild-progress``: recompute the progress rows from statements."""

import click
from flask import Flask

from lms.cli import lms_cli
from lms.progress.services import rebuild_progress


@click.command("rebuild-progress")
def rebuild_progress_command() -> None:
    """Delete and recompute every ModuleProgress and CourseProgress row from the LRS."""
    count = rebuild_progress()
    click.echo(f"Lernstände aus {count} Statements neu berechnet.")


def register_commands(app: Flask) -> None:
    """Add ``rebuild-progress`` to ``flask lms``."""
    if "rebuild-progress" not in lms_cli.commands:
        lms_cli.add_command(rebuild_progress_command)
