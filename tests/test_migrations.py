"""The Alembic migrations build exactly the schema the models describe, on each database."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lms import create_app
from lms.extensions import db
from lms.search.engine import is_engine_table


def _fresh_database_url(tmp_path) -> str:
    """An empty database of the kind the suite runs on."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'migrations.db'}"
    url = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def migrated_app(tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "migration-test-secret-key-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": _fresh_database_url(tmp_path),
    })
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        yield app
        db.session.remove()
        db.engine.dispose()


def _models_only(name, type_, parent_names) -> bool:
    """The search engine's own index tables are not models (see lms.search.engine)."""
    return not (type_ == "table" and is_engine_table(name))


def test_migrations_match_the_models(migrated_app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _models_only})
        differences = compare_metadata(context, db.metadata)

    assert differences == [], "neue Migration nötig: flask --app app db migrate -m '…'"


def test_migrations_can_be_rolled_back_to_an_empty_database(migrated_app):
    downgrade(directory=migrated_app.extensions["migrate"].directory, revision="base")

    with db.engine.connect() as connection:
        tables = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
    assert tables == set()


def test_migrations_install_the_search_engine(migrated_app):
    with db.engine.connect() as connection:
        tables = set(db.inspect(connection).get_table_names())
    assert "search_fts" in tables
