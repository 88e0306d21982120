"""``flask --app app lms ...``: set up the database, create users, load shipped content."""

import sys
from collections.abc import Callable

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from lms.accounts import services as accounts
from lms.audit.services import record as audit
from lms.core import backup
from lms.core.permissions import Role
from lms.extensions import db

lms_cli = AppGroup("lms", help="Lernraum verwalten.")

Seeder = Callable[[], str]
"""Loads shipped content idempotently and returns a one-line German report."""


def register_seeder(app: Flask, name: str, seeder: Seeder) -> None:
    """Let ``lms init`` run ``seeder`` after the schema is up to date."""
    app.extensions.setdefault("lms_seeders", {})[name] = seeder


def register(app: Flask) -> None:
    """Attach the ``lms`` command group to ``app``."""
    app.cli.add_command(lms_cli)


@lms_cli.command("init")
def init_command() -> None:
    """Apply migrations, create the first admin, load shipped modules and content."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("Datenbank ist auf dem neuesten Stand.")
    login = accounts.ensure_first_admin(current_app.config["FIRST_ADMIN_EMAIL"])
    if login:
        email, password = login
        click.echo("")
        click.echo("Erstes Administrationskonto angelegt (wird nur jetzt angezeigt):")
        click.echo(f"  E-Mail:   {email}")
        click.echo(f"  Passwort: {password}")
        click.echo("")
    for name, seeder in current_app.extensions.get("lms_seeders", {}).items():
        click.echo(f"{name}: {seeder()}")


@lms_cli.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="Anzeigename.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice([r.value for r in Role]),
    help="Rolle (mehrfach möglich).",
)
@click.option("--organisation", "ags", help="AGS der Organisation.")
def create_user_command(email: str, name: str, roles: tuple[str, ...], ags: str | None) -> None:
    """Create a confirmed user; the password is read from standard input."""
    password = sys.stdin.readline().rstrip("\n")
    organisation_id = None
    if ags:
        organisation = accounts.organisation_by_ags(ags)
        if organisation is None:
            raise click.ClickException(f"Keine Organisation mit dem Gemeindeschlüssel {ags}.")
        organisation_id = organisation.id
    try:
        user = accounts.create_user(
            email=email,
            name=name,
            password=password,
            organisation_id=organisation_id,
            roles={Role(role) for role in roles},
            confirmed=True,
        )
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    audit("user.created", target_type="user", target_id=user.id, target_label=user.name,
          organisation_id=organisation_id, details={"roles": sorted(roles)})
    db.session.commit()
    click.echo(f"Konto {user.email} angelegt (Rollen: {', '.join(sorted(user.roles))}).")


@lms_cli.command("backup")
@click.argument("folder", type=click.Path(file_okay=False))
def backup_command(folder: str) -> None:
    """Write a consistent backup (database and instance files) while the app runs."""
    try:
        summary = backup.create_backup(folder)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    counts = ", ".join(f"{name}: {count}" for name, count in summary.counts.items())
    click.echo(f"Sicherung in {summary.folder}: {counts}; {summary.files} Dateien.")


@lms_cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--ueberschreiben", "overwrite", is_flag=True,
              help="Vorhandene Daten dieser Instanz ersetzen.")
def restore_command(folder: str, overwrite: bool) -> None:
    """Restore a backup into this instance (stop the app and worker first)."""
    try:
        summary = backup.restore_backup(folder, overwrite=overwrite)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    counts = ", ".join(f"{name}: {count}" for name, count in summary.counts.items())
    click.echo(f"Wiederhergestellt aus {summary.folder}: {counts}; {summary.files} Dateien.")
