"""Catalogue: modules, courses, topics, search, and the personal learning plan."""

from flask import Blueprint, Flask

from lms.catalog import assignments, models  # noqa: F401  (register the tables)
from lms.catalog.search import list_values
from lms.catalog.vocabulary import format_label, level_label, target_group_label
from lms.core.home import HomePanel, register_home_panel
from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.progress.models import STATUS_LABELS
from lms.search.services import register_source

bp = Blueprint("catalog", __name__)


def init_app(app: Flask) -> None:
    """Menu entries, the start-page panel and the label helpers of the catalogue."""
    register_nav_item(
        app,
        NavItem(N_("Katalog"), "catalog.show_catalog", order=20, endpoint_prefix="catalog.show_"),
    )
    register_nav_item(
        app, NavItem(N_("Mein Lernplan"), "catalog.view_plan", order=25, login_required=True)
    )
    register_home_panel(
        app, HomePanel("catalog/_home_panel.html", routes.home_panel_context, order=20)
    )
    app.jinja_env.globals.update(
        target_group_label=target_group_label,
        level_label=level_label,
        format_label=format_label,
        player_url=routes.player_url,
        optional_url=routes.optional_url,
        STATUS_LABELS=STATUS_LABELS,
    )
    app.jinja_env.filters["key_values"] = list_values
    indexing.listen()
    register_source(app, "modul", indexing.reindex_modules)


from lms.catalog import indexing, routes  # noqa: E402  (routes attach themselves to bp)
