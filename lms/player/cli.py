"""``flask --app app lms waive-unit EMAIL MODULE POSITION``: waive a cmi5 unit for a learner."""

import sys

import click
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.cli import lms_cli
from lms.extensions import db
from lms.packages.kinds.cmi5.statements import WAIVE_REASONS
from lms.player import launching


@click.command("waive-unit")
@click.argument("email")
@click.argument("module")
@click.argument("position", type=int)
@click.option("--reason", type=click.Choice(WAIVE_REASONS), default="Administrative",
              show_default=True, help="cmi5-Grund des Erlasses.")
def waive_unit_command(email: str, module: str, position: int, reason: str) -> None:
    """Waive unit POSITION (1, 2 …) of cmi5 module MODULE for the person with EMAIL."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    found = launching.package_module(module)
    if user is None or found is None:
        click.echo("Unbekannte Person oder unbekanntes cmi5-Modul.", err=True)
        sys.exit(1)
    units = launching.place_of(user, found).version.content.get("units", [])
    unit = next((u for u in units if u["position"] == position), None)
    try:
        done = launching.waive_unit(user, found, unit["key"] if unit else "", reason)
    except launching.LaunchError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo("Erlassen." if done else "War schon erlassen.")


def register_commands() -> None:
    if "waive-unit" not in lms_cli.commands:
        lms_cli.add_command(waive_unit_command)
