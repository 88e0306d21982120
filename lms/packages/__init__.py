"""Packages: read, validate and import module packages — native modules, xAPI (tincan.xml)
and cmi5 (cmi5.xml) — into the catalogue as drafts, preview and publish them, and serve their
files from the content origin: ``flask lms sync-modules``, ``flask lms import-package`` and
the authors' upload page."""

from flask import Blueprint, Flask

from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.core.permissions import Role
from lms.packages import cli, models  # noqa: F401  (register the tables)
from lms.packages.archive import file_size
from lms.packages.content_origin import serve_content_origin
from lms.packages.kinds.base import MOVE_ON_LABELS
from lms.packages.kinds.cmi5 import satisfaction
from lms.packages.xmlread import pick_text
from lms.progress.rules import unit_title

bp = Blueprint("packages", __name__, url_prefix="/autorenbereich")


def init_app(app: Flask) -> None:
    """Menu entry for authors (and admins), the commands, template helpers, content origin."""
    cli.register_commands(app)
    register_nav_item(
        app,
        NavItem(N_("Module hochladen"), "packages.manage_modules", order=45,
                endpoint_prefix="packages.", roles=(Role.AUTHOR,)),
    )
    app.jinja_env.globals.update(
        unit_title=unit_title, pick_text=pick_text, file_size=file_size,
        move_on_label=lambda value: MOVE_ON_LABELS.get(value, value))
    serve_content_origin(app)
    satisfaction.connect()


from lms.packages import routes  # noqa: E402,F401  (routes attach themselves to bp)
