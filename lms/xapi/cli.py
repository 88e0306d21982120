"""``flask --app app lms create-lrs-client NAME``: credentials for tools that talk to the LRS."""

import click

from lms.xapi import services
from lms.xapi.formats import StatementError


@click.command("create-lrs-client")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, type=click.Choice(services.SCOPES),
              help="Berechtigung (mehrfach möglich; Vorgabe: read und write).")
@click.option("--xapi-version", default="2.0.0", type=click.Choice(services.VERSIONS),
              help="Version, mit der Anfragen ohne X-Experience-API-Version beantwortet werden.")
def create_lrs_client_command(name: str, scopes: tuple[str, ...], xapi_version: str) -> None:
    """Create an LRS client and print its key and secret (the secret is shown only now)."""
    try:
        client, secret = services.create_client(name, scopes or ("read", "write"), xapi_version)
    except StatementError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"# LRS-Client {client.name!r} (Berechtigungen: {client.scopes})")
    click.echo(f"LRS_KEY={client.key}")
    click.echo(f"LRS_SECRET={secret}")
