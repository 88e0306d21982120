"""The ``flask lms`` commands: init on an empty database, and create-user for scripts."""

import re

import pytest
from sqlalchemy import inspect

from lms import create_app
from lms.accounts.models import User
from lms.core.permissions import Role
from lms.extensions import db


@pytest.fixture
def fresh_app(tmp_path):
    """An app on its own empty SQLite file, as after a fresh clone (its context pushed,
    because the CLI runs in whatever app context is already active)."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "another-test-secret-key-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}",
            "MODULES_PATH": str(tmp_path / "no-modules"),
            "CONTENT_PATH": str(tmp_path / "no-content"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        yield app


def test_init_migrates_and_prints_first_admin_once(fresh_app):
    runner = fresh_app.test_cli_runner()

    first = runner.invoke(args=["lms", "init"])
    second = runner.invoke(args=["lms", "init"])

    assert first.exit_code == 0, first.output
    assert "Passwort:" in first.output and "Passwort:" not in second.output
    assert "user" in inspect(db.engine).get_table_names()


def test_first_admin_can_log_in_with_printed_password(fresh_app):
    output = fresh_app.test_cli_runner().invoke(args=["lms", "init"]).output
    email = re.search(r"E-Mail:\s+(\S+)", output)[1]
    password = re.search(r"Passwort:\s+(\S+)", output)[1]

    response = fresh_app.test_client().post(
        "/anmelden", data={"email": email, "password": password}
    )

    assert response.status_code == 302


def test_create_user_reads_password_from_stdin(app, make_organisation):
    organisation = make_organisation(ags="03241001")

    result = app.test_cli_runner().invoke(
        args=[
            "lms",
            "create-user",
            "koordination@musterhausen.de",
            "--name",
            "Kim Koordination",
            "--role",
            "coordinator",
            "--organisation",
            "03241001",
        ],
        input="Ein-sicheres-Passwort-42\n",
    )

    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="koordination@musterhausen.de").one()
    assert user.has_role(Role.COORDINATOR) and user.organisation_id == organisation.id
    assert user.email_confirmed_at is not None


def test_create_user_with_weak_password_fails_and_stores_nothing(app):
    result = app.test_cli_runner().invoke(
        args=["lms", "create-user", "x@beispiel.de", "--name", "X"], input="kurz\n"
    )

    assert result.exit_code != 0
    assert "mindestens 10 Zeichen" in result.output
    assert db.session.query(User).count() == 0


def test_create_user_with_unknown_organisation_fails(app):
    result = app.test_cli_runner().invoke(
        args=["lms", "create-user", "x@beispiel.de", "--name", "X", "--organisation", "09999999"],
        input="Ein-sicheres-Passwort-42\n",
    )

    assert result.exit_code != 0
    assert "Keine Organisation" in result.output
