"""Demografie-Wiki: guides, methods and practice examples, edited by authors with revisions."""

from flask import Blueprint, Flask

from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.resources.registry import ResourceKind, register_kind
from lms.search.services import register_source
from lms.wiki.models import SIZE_CLASSES

bp = Blueprint("wiki", __name__, url_prefix="/wiki")


def init_app(app: Flask) -> None:
    """Menu entry; wiki pages become a kind of resource (sync, links, related lists)."""
    register_nav_item(
        app, NavItem(N_("Wiki"), "wiki.list_pages", order=30, endpoint_prefix="wiki.")
    )
    register_kind(app, ResourceKind(
        link="wiki", folder="wiki", endpoint="wiki.show_page", sync=loader.sync_wiki,
        titles=services.page_titles, on_topics=services.pages_on_topics, order=20,
    ))
    register_source(app, "wiki", services.reindex_pages)
    app.jinja_env.globals["size_label"] = lambda key: SIZE_CLASSES.get(key, key)


from lms.wiki import (  # noqa: E402,F401  (routes attach themselves to bp)
    loader,
    routes,
    routes_history,
    routes_proposals,
    services,
)
