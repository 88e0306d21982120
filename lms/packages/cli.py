"""``flask lms sync-modules [PATH]`` and ``flask lms import-package FILE [--publish]``."""

import sys
from pathlib import Path

import click
from flask import Flask, current_app

from lms.cli import lms_cli, register_seeder
from lms.packages.importing import sync_modules
from lms.packages.services import UploadReport, import_upload
from lms.progress.rules import unit_title


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


def _print_found(report: UploadReport) -> None:
    click.echo(f"Format: {report.kind_label} (verwendet: {report.manifest})")
    if report.ignored_manifests:
        click.echo("Ebenfalls im Archiv, aber nachrangig: " + ", ".join(report.ignored_manifests))
    if report.title:
        click.echo(f"Titel: {report.title}")
    for unit in report.units:
        parts = [f"moveOn {unit['move_on']}", f"Start {unit['url']}"]
        if unit.get("mastery_score") is not None:
            parts.append(f"masteryScore {unit['mastery_score']}")
        if unit.get("launch_method"):
            parts.append(unit["launch_method"])
        click.echo(f"  Einheit {unit['position']}: {unit_title(unit)} ({', '.join(parts)})")
    for warning in report.warnings:
        click.echo(f"Hinweis: {warning}")


@click.command("import-package")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--publish", is_flag=True, help="Gleich veröffentlichen statt als Entwurf.")
def import_package_command(file: str, publish: bool) -> None:
    """Import a package (zip or cmi5 XML): print what was found; exit 1 when refused."""
    path = Path(file)
    with path.open("rb") as stream:
        report = import_upload(stream, path.name, publish=publish)
    if report.kind:
        _print_found(report)
    for error in report.errors:
        click.echo(f"Fehler: {error}", err=True)
    if not report.stored:
        click.echo("Das Paket wurde nicht übernommen; es wurde nichts gespeichert.", err=True)
        sys.exit(1)
    state = "veröffentlicht" if report.published else "Entwurf (noch nicht im Katalog)"
    click.echo(f"Modul {report.slug}, Version {report.version}: {report.outcome}, {state}.")


def register_commands(app: Flask) -> None:
    """Add the commands to ``flask lms`` and let ``flask lms init`` run the sync."""
    for command in (sync_modules_command, import_package_command):
        if command.name not in lms_cli.commands:
            lms_cli.add_command(command)
    register_seeder(app, "Module", lambda: sync_modules(app.config["MODULES_PATH"]).summary())

