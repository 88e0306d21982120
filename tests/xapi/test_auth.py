"""Who may do what: 401 without credentials, 403 for wrong scopes, launch credentials."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.xapi import services
from lms.xapi.models import LaunchCredential, XapiDocument, XapiStatement

from .conftest import ACTIVITY, ACTOR, basic

STATE = "/xapi/activities/state?" + urlencode(
    {"activityId": ACTIVITY, "agent": json.dumps(ACTOR), "stateId": "s"})


def _stored() -> int:
    return db.session.scalar(select(func.count()).select_from(XapiStatement))


def _documents() -> int:
    return db.session.scalar(select(func.count()).select_from(XapiDocument))


def test_no_credentials_is_401_and_stores_nothing(client, make_statement):
    response = client.post("/xapi/statements", json=make_statement(),
                           headers={"X-Experience-API-Version": "2.0.0"})

    assert response.status_code == 401 and "WWW-Authenticate" in response.headers
    assert _stored() == 0


def test_wrong_secret_is_401(client, make_statement, lrs_auth):
    headers = lrs_auth()
    headers["Authorization"] = headers["Authorization"][:-4] + "AAA="

    assert client.get("/xapi/statements", headers=headers).status_code == 401


def test_revoked_client_is_401(client, app):
    lrs_client, secret = services.create_client("Alt")
    services.set_client_active(lrs_client, False)
    headers = {"Authorization": basic(lrs_client.key, secret), "X-Experience-API-Version": "2.0.0"}

    assert client.get("/xapi/statements", headers=headers).status_code == 401


@pytest.mark.parametrize(("scopes", "method", "path", "status"), [
    (("read",), "POST", "/xapi/statements", 403),
    (("read",), "GET", "/xapi/statements", 200),
    (("write",), "GET", "/xapi/statements", 403),
    (("write",), "POST", "/xapi/statements", 200),
    (("read", "write", "statements-only"), "PUT", STATE, 403),
    (("read", "write", "statements-only"), "POST", "/xapi/statements", 200),
    (("read", "write"), "PUT", STATE, 204),
])
def test_scope_table(client, lrs_auth, make_statement, scopes, method, path, status):
    body = make_statement() if path.endswith("statements") else {"a": 1}

    response = client.open(path, method=method, json=body, headers=lrs_auth(*scopes))

    assert response.status_code == status
    if status == 403:
        assert _stored() == 0 and _documents() == 0


@pytest.fixture
def launch(app, make_user):
    user = make_user()
    registration = str(uuid.uuid4())
    login = services.mint_launch_credentials(user, registration, ACTIVITY, ttl_minutes=5)
    agent = {"objectType": "Agent",
             "account": {"homePage": "http://lernraum.test", "name": user.xapi_name}}
    headers = {"Authorization": login.authorization, "X-Experience-API-Version": "1.0.3"}
    return headers, agent, registration


def test_launch_credentials_write_own_statement(client, launch, make_statement):
    headers, agent, registration = launch
    statement = make_statement(actor=agent, context={"registration": registration})

    assert client.post("/xapi/statements", json=statement, headers=headers).status_code == 200


@pytest.mark.parametrize("change", ["actor", "registration"])
def test_launch_credentials_refuse_other_learner_or_registration(
        client, launch, make_statement, change):
    headers, agent, registration = launch
    statement = make_statement(actor=agent, context={"registration": registration})
    if change == "actor":
        statement["actor"] = ACTOR
    else:
        statement["context"]["registration"] = str(uuid.uuid4())

    assert client.post("/xapi/statements", json=statement, headers=headers).status_code == 403
    assert _stored() == 0


def test_launch_credentials_cannot_read_statements_without_their_filters(client, launch):
    headers, _, _ = launch

    assert client.get("/xapi/statements", headers=headers).status_code == 403


def test_launch_credentials_use_own_state_only(client, launch):
    headers, agent, registration = launch
    own = "/xapi/activities/state?" + urlencode(
        {"activityId": ACTIVITY, "agent": json.dumps(agent), "stateId": "s",
         "registration": registration})

    assert client.put(own, json={"seite": 1}, headers=headers).status_code == 204
    assert client.put(STATE, json={"seite": 1}, headers=headers).status_code == 403


def test_expired_launch_credentials_are_401(client, launch):
    headers, _, _ = launch
    credential = db.session.scalar(select(LaunchCredential))
    credential.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()

    assert client.get(STATE, headers=headers).status_code == 401
