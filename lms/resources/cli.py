"""``flask --app app lms sync-content [PATH]`` and the seeder that ``lms init`` runs."""

import click
from flask import current_app

from lms.resources.loader import sync_content


def seed_content() -> str:
    """Load ``CONTENT_PATH`` and summarise the result in one line."""
    report = sync_content(current_app.config["CONTENT_PATH"])
    hint = " – Einzelheiten: flask --app app lms sync-content" if report.errors else ""
    return report.summary() + hint


@click.command("sync-content")
@click.argument("path", required=False, type=click.Path(file_okay=False))
def sync_content_command(path: str | None) -> None:
    """Load wiki pages and seminars from PATH (default: CONTENT_PATH) and print the report."""
    report = sync_content(path or current_app.config["CONTENT_PATH"])
    for line in report.lines():
        click.echo(line)
    if report.errors:
        raise SystemExit(1)
