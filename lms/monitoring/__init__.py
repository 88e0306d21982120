"""Network monitoring: how the network's offer is used, for admins and the network office
(role ``network``); groups of fewer than five people appear only merged."""

import click
from flask import Blueprint, Flask

from lms.cli import lms_cli
from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.core.permissions import Role
from lms.monitoring import counting, models  # noqa: F401  (register the tables)

bp = Blueprint("monitoring", __name__)


def init_app(app: Flask) -> None:
    """The menu entry for the network office and admins; the counters; ``lms rebuild-usage``."""
    register_nav_item(app, NavItem(N_("Monitoring"), "monitoring.show_monitoring", order=75,
                                   endpoint_prefix="monitoring.", roles=(Role.NETWORK,)))
    counting.connect()
    if "rebuild-usage" not in lms_cli.commands:
        lms_cli.add_command(rebuild_usage_command)


@click.command("rebuild-usage")
def rebuild_usage_command() -> None:
    """Recount statements per day and the uses of wiki pages and seminars from the LRS."""
    total = counting.rebuild_usage()
    click.echo(f"Nutzung aus {total} Statements neu gezählt.")


from lms.monitoring import routes  # noqa: E402,F401  (routes attach themselves to bp)
