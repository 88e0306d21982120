"""One search over modules, module pages, wiki pages and seminars, in the databases' own
full-text engines (SQLite FTS5, PostgreSQL with the German configuration).

Features below it never need it; features that own findable content feed it through
``services.index_document`` in the same transaction as every edit and sync, and register a
``reindex`` function for ``flask lms reindex-search``.
"""

from flask import Blueprint, Flask
from sqlalchemy import event

from lms.cli import lms_cli, register_seeder
from lms.search.engine import engine_for
from lms.search.models import SearchDocument

bp = Blueprint("search", __name__, url_prefix="/suche")


@event.listens_for(SearchDocument.__table__, "after_create")
def _install_engine(target, connection, **_):
    """``create_all`` (tests, fresh installs) creates the engine's index with the table."""
    engine_for(connection.dialect.name).install(connection)


@event.listens_for(SearchDocument.__table__, "before_drop")
def _uninstall_engine(target, connection, **_):
    engine_for(connection.dialect.name).uninstall(connection)


def init_app(app: Flask) -> None:
    """The ``lms reindex-search`` command; ``lms init`` rebuilds the index too."""
    if "reindex-search" not in lms_cli.commands:
        lms_cli.add_command(cli.reindex_command)
    register_seeder(app, "Suchindex", cli.seed_index)


from lms.search import cli, routes  # noqa: E402,F401  (routes attach themselves to bp)
