"""Demografie-Wiki: guides, methods and practice examples, edited by authors with revisions."""

from flask import Blueprint, Flask

from lms.cli import lms_cli, register_seeder
from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item

bp = Blueprint("wiki", __name__, url_prefix="/wiki")


def init_app(app: Flask) -> None:
    """Menu entry, ``lms init`` seeder and the ``lms sync-content`` command."""
    register_nav_item(
        app, NavItem(N_("Wiki"), "wiki.list_pages", order=30, endpoint_prefix="wiki.")
    )
    register_seeder(app, "Wiki und Seminare", cli.seed_content)
    lms_cli.add_command(cli.sync_content_command)


from lms.wiki import cli, routes  # noqa: E402,F401  (routes attach themselves to bp)
