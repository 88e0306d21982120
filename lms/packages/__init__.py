"""Packages: read, validate and import module packages (native folders and zips; later
xAPI, cmi5) into the catalogue: ``flask lms sync-modules`` and the authors' upload page."""

from flask import Blueprint, Flask

from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.core.permissions import Role
from lms.packages import cli

bp = Blueprint("packages", __name__, url_prefix="/autorenbereich")


def init_app(app: Flask) -> None:
    """Menu entry for authors (and admins): the module upload; ``flask lms sync-modules``."""
    cli.register_commands(app)
    register_nav_item(
        app,
        NavItem(N_("Module hochladen"), "packages.manage_modules", order=45,
                endpoint_prefix="packages.", roles=(Role.AUTHOR,)),
    )


from lms.packages import routes  # noqa: E402,F401  (routes attach themselves to bp)
