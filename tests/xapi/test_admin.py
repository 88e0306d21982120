"""Admins manage LRS clients in the admin pages and on the command line."""

from sqlalchemy import select

from lms.extensions import db
from lms.xapi.models import LrsClient


def test_learner_cannot_open_client_admin(client, make_user, login):
    login(make_user())

    assert client.get("/xapi/verwaltung/zugaenge").status_code == 403


def test_admin_creates_client_and_sees_secret_once(client, make_user, login):
    login(make_user(roles=["admin"]))

    response = client.post("/xapi/verwaltung/zugaenge",
                           data={"name": "Autorenwerkzeug", "scopes": ["read", "write"],
                                 "xapi_version": "2.0.0"})

    lrs_client = db.session.scalar(select(LrsClient))
    assert response.status_code == 200 and lrs_client.key in response.get_data(as_text=True)
    assert "Geheimnis" in response.get_data(as_text=True)
    listing = client.get("/xapi/verwaltung/zugaenge").get_data(as_text=True)
    assert lrs_client.key in listing
    for page in (response.get_data(as_text=True), listing,
                 client.get("/admin/protokoll/").get_data(as_text=True)):
        assert "Lesen, Schreiben" in page and "read, write" not in page


def test_client_without_name_is_rejected_with_message(client, make_user, login):
    login(make_user(roles=["admin"]))

    response = client.post("/xapi/verwaltung/zugaenge",
                           data={"name": "", "scopes": ["read"], "xapi_version": "2.0.0"})

    assert "Bitte geben Sie einen Namen ein." in response.get_data(as_text=True)
    assert db.session.scalar(select(LrsClient)) is None


def test_admin_revokes_client(client, make_user, login):
    login(make_user(roles=["admin"]))
    client.post("/xapi/verwaltung/zugaenge",
                data={"name": "Alt", "scopes": ["read"], "xapi_version": "2.0.0"})
    lrs_client = db.session.scalar(select(LrsClient))

    client.post(f"/xapi/verwaltung/zugaenge/{lrs_client.id}/aktiv")

    db.session.refresh(lrs_client)
    assert lrs_client.active is False


def test_cli_prints_key_and_secret(app):
    result = app.test_cli_runner().invoke(
        args=["lms", "create-lrs-client", "Konformität", "--scope", "read"])

    lines = dict(line.split("=", 1) for line in result.output.splitlines() if "=" in line)
    assert result.exit_code == 0 and set(lines) >= {"LRS_KEY", "LRS_SECRET"}
    assert db.session.scalar(select(LrsClient)).scopes == "read"
