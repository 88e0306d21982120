"""``flask --app app lms render-certificates``: render pending and failed certificate PDFs."""

import click

from lms.certificates import services
from lms.cli import lms_cli


@lms_cli.command("render-certificates")
@click.option("--sofort", "ignore_backoff", is_flag=True,
              help="Auch fehlgeschlagene Nachweise sofort erneut versuchen (ohne Wartezeit).")
def render_certificates_command(ignore_backoff: bool) -> None:
    """Render every certificate PDF that is pending or due for another attempt."""
    rendered, failed = services.render_due(ignore_backoff=ignore_backoff)
    click.echo(f"{rendered} PDF-Nachweise erstellt, {failed} fehlgeschlagen.")
    if failed:
        raise SystemExit(1)
