"""Player: delivers native modules page by page, scores answers, runs the final test, and
launches the units of package modules (xAPI, cmi5) with the protocol of their kind."""

from flask import Blueprint, Flask

from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.player import cli, models  # noqa: F401  (register the tables)
from lms.player.rendering import (
    fill_in_html,
    inline_markdown,
    is_inline,
    module_markdown,
    prompt_html,
    resolve_link,
)
from lms.player.scoring import item_ids, match_targets, shuffled

bp = Blueprint("player", __name__)


def init_app(app: Flask) -> None:
    """Template helpers for module Markdown and the notebook menu entry."""
    app.jinja_env.filters.update(module_markdown=module_markdown, inline_markdown=inline_markdown)
    app.jinja_env.globals.update(
        fill_in_html=fill_in_html,
        is_inline=is_inline,
        internal_link=resolve_link,
        prompt_html=prompt_html,
        item_ids=item_ids,
        match_targets=match_targets,
        shuffled=shuffled,
    )
    register_nav_item(app, NavItem(N_("Notizbuch"), "player.show_notebook", order=27))
    cli.register_commands()


from lms.player import (  # noqa: E402,F401  (routes attach themselves to bp)
    notebook_routes,
    package_routes,
    routes,
)
