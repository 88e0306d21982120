"""Fixtures shared by the whole suite: one app per session, a clean database per test.

The suite runs on SQLite by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set.
"""

import contextvars
import os
from collections.abc import Callable
from itertools import count
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient
from sqlalchemy import text

from lms import create_app
from lms.accounts import services as accounts
from lms.accounts.models import Organisation, User
from lms.core import jobs
from lms.core.permissions import Role
from lms.extensions import db, limiter

PASSWORD = "Sonnenblume-im-Rathaus-7"
ENGLISH_PO = Path(__file__).resolve().parents[1] / "lms/translations/en/LC_MESSAGES/messages.po"


def compile_translations() -> None:
    """Compile the English .po as ``make translations`` does, if the .mo is missing or older.

    Flask-Babel keeps a catalogue once loaded, so this runs before the app serves anything.
    """
    mo = ENGLISH_PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < ENGLISH_PO.stat().st_mtime:
        with ENGLISH_PO.open("rb") as source, mo.open("wb") as target:
            write_mo(target, read_po(source))


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a server would: its own app context, ``g``
    and database session, never the test's own (Flask would otherwise reuse it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._own_context = contextvars.Context()
        self._inside = False

    def open(self, *args, **kwargs):
        if self._inside:  # a redirect being followed: already in our own context
            return super().open(*args, **kwargs)
        self._inside = True
        try:
            return self._own_context.run(super().open, *args, **kwargs)
        finally:
            self._inside = False

    def __exit__(self, *exc_info):
        return self._own_context.run(super().__exit__, *exc_info)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The app under test, with its schema created once for the session."""
    compile_translations()
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "WTF_CSRF_ENABLED": False,
            "MAIL_FOLDER": str(instance / "mail"),
            "PACKAGE_STORAGE": str(instance / "packages"),
            "MEDIA_STORAGE": str(instance / "media"),
            "SERVER_NAME": "lernraum.test",
            "BASE_URL": "http://lernraum.test",
            "CONTENT_BASE_URL": "http://inhalte.lernraum.test",
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _empty_all_tables() -> None:
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def _clean_state(app, tmp_path):
    """Every test starts with empty tables, fresh rate limits, mail folder and job queue, and
    no package files."""
    app.config["MAIL_FOLDER"] = str(tmp_path / "mail")
    app.config["PACKAGE_STORAGE"] = str(tmp_path / "packages")
    with app.app_context():
        limiter.reset()
        jobs.queue(app).flush()  # no retry scheduled by an earlier test
        app.extensions.pop("lms_forward_targets", None)  # nor its forwarding targets
        yield
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()


_sequence = count(1)


@pytest.fixture
def make_organisation(app) -> Callable[..., Organisation]:
    """Builder for organisations; every call gets a unique name and AGS."""

    def build(**fields) -> Organisation:
        n = next(_sequence)
        return accounts.save_organisation(
            None,
            name=fields.get("name", f"Gemeinde Beispiel {n}"),
            kind=fields.get("kind", "gemeinde"),
            state_code=fields.get("state_code", "03"),
            ags=fields.get("ags", f"03{n:06d}"),
        )

    return build


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    """Builder for confirmed users with the shared test password."""

    def build(*, roles=(), organisation=None, confirmed=True, **fields) -> User:
        n = next(_sequence)
        user = accounts.create_user(
            email=fields.get("email", f"person{n}@beispiel.de"),
            name=fields.get("name", f"Person {n}"),
            password=fields.get("password", PASSWORD),
            organisation_id=organisation.id if organisation else None,
            roles={Role(role) for role in roles},
            confirmed=confirmed,
        )
        db.session.commit()
        return user

    return build


@pytest.fixture
def login(client):
    """Log ``user`` in through the real login form."""

    def do_login(user: User, password: str = PASSWORD):
        response = client.post("/anmelden", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login

