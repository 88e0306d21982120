"""``flask --app app lms sync-modules [PATH]``: load modules and courses from files."""

import sys

import click
from flask import Flask, current_app

from lms.cli import lms_cli, register_seeder
from lms.packages.importing import sync_modules


@click.command("sync-modules")
@click.argument("path", required=False, type=click.Path(file_okay=False))
def sync_modules_command(path: str | None) -> None:
    """Validate and load every module and course; print each problem as file:line: message."""
    modules_path = path or current_app.config["MODULES_PATH"]
    report = sync_modules(modules_path)
    for error in report.errors:
        click.echo(str(error))
    for label, slugs in (
        ("neu", report.created),
        ("aktualisiert", report.updated),
        ("übersprungen", report.skipped),
    ):
        if slugs:
            click.echo(f"{label}: {', '.join(slugs)}")
    click.echo(report.summary())
    if report.errors:
        sys.exit(1)


def register_commands(app: Flask) -> None:
    """Add the sync command to ``flask lms`` and let ``flask lms init`` run the sync."""
    if "sync-modules" not in lms_cli.commands:
        lms_cli.add_command(sync_modules_command)
    register_seeder(app, "Module", lambda: sync_modules(app.config["MODULES_PATH"]).summary())
