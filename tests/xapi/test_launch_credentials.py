"""Launch credentials act for one learner in one registration: they cannot write as, read, or
bring in anyone else, and they stop working when they expire."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.xapi import launches, services
from lms.xapi.models import LaunchCredential, XapiDocument, XapiStatement

HOME = "http://lernraum.test"
ME = {"objectType": "Agent", "account": {"homePage": HOME, "name": "lernende-a"}}
OTHER = {"objectType": "Agent", "account": {"homePage": HOME, "name": "lernende-b"}}
ACTIVITY = "https://beispiel.de/pakete/golf"
VERB = {"id": "http://adlnet.gov/expapi/verbs/experienced"}


@pytest.fixture
def registration():
    return str(uuid.uuid4())


@pytest.fixture
def creds(app, registration):
    login = launches.mint_credentials(ME, registration, ACTIVITY, user_id=None)
    db.session.commit()
    return {"Authorization": login.authorization, "X-Experience-API-Version": "1.0.3"}


def statement(registration, **fields):
    base = {"id": str(uuid.uuid4()), "actor": ME, "verb": VERB,
            "object": {"objectType": "Activity", "id": ACTIVITY},
            "context": {"registration": registration}}
    base.update(fields)
    return base


def stored_count() -> int:
    return db.session.scalar(select(func.count()).select_from(XapiStatement))


def post(client, creds, body):
    return client.post("/xapi/statements", headers=creds, json=body)


def test_own_statement_in_the_registration_is_stored_with_lernraums_authority(
        client, creds, registration):
    claimed = {"objectType": "Agent", "mbox": "mailto:chefin@beispiel.de"}
    response = post(client, creds, statement(registration, authority=claimed))

    assert response.status_code == 200
    stored = services.get_statement(response.get_json()[0])
    assert stored["authority"]["account"]["name"] == "lernraum"


@pytest.mark.parametrize("change", [
    {"actor": OTHER},
    {"actor": {**ME, "objectType": "Group", "member": [OTHER]}},
    {"actor": {"objectType": "Group", "account": ME["account"]}},
    {"object": OTHER},
    {"object": {"objectType": "Group", "member": [OTHER]}},
    {"context": {"instructor": OTHER}},
    {"context": {"team": {"objectType": "Group", "member": [ME, OTHER]}}},
    {"object": {"objectType": "SubStatement", "actor": OTHER, "verb": VERB,
                "object": {"objectType": "Activity", "id": ACTIVITY}}},
    {"object": {"objectType": "SubStatement", "actor": ME, "verb": VERB,
                "object": {"objectType": "Activity", "id": ACTIVITY},
                "context": {"instructor": OTHER}}},
], ids=["other-actor", "group-actor", "group-with-my-account", "agent-object", "group-object",
        "instructor", "team", "substatement-actor", "substatement-instructor"])
def test_statements_that_bring_in_other_people_are_refused(client, creds, registration,
                                                           change):
    body = statement(registration, **change)
    if "context" in change:
        body["context"] = {"registration": registration, **change["context"]}

    response = post(client, creds, body)

    assert response.status_code == 403
    assert stored_count() == 0


def test_context_agents_of_xapi_2_are_refused(client, creds, registration):
    headers = {**creds, "X-Experience-API-Version": "2.0.0"}
    body = statement(registration, context={"registration": registration,
                                            "contextAgents": [{"objectType": "contextAgent",
                                                               "agent": OTHER}]})

    assert client.post("/xapi/statements", headers=headers, json=body).status_code == 403
    assert stored_count() == 0


def test_a_statement_ref_only_to_the_learners_own_statements(client, creds, registration):
    foreign = services.record_statements([{**statement(registration), "actor": OTHER}])[0]
    own = post(client, creds, statement(registration)).get_json()[0]
    before = stored_count()

    refused = post(client, creds, statement(registration, object={
        "objectType": "StatementRef", "id": foreign}))
    allowed = post(client, creds, statement(registration, object={
        "objectType": "StatementRef", "id": own}))

    assert refused.status_code == 403
    assert allowed.status_code == 200
    assert stored_count() == before + 1


def test_voiding_is_not_allowed(client, creds, registration):
    own = post(client, creds, statement(registration)).get_json()[0]

    response = post(client, creds, statement(registration, verb={
        "id": "http://adlnet.gov/expapi/verbs/voided"}, object={
        "objectType": "StatementRef", "id": own}))

    assert response.status_code == 403
    assert services.get_statement(own) is not None


def test_other_registration_and_a_batch_with_one_bad_statement_store_nothing(
        client, creds, registration):
    response = post(client, creds, [statement(registration),
                                    statement(str(uuid.uuid4()))])

    assert response.status_code == 403
    assert stored_count() == 0


def test_reading_statements_only_of_the_learner_in_the_registration(client, creds,
                                                                    registration):
    post(client, creds, statement(registration))
    services.record_statements([{**statement(registration), "actor": OTHER}])
    own = {"agent": json.dumps(ME), "registration": registration}

    allowed = client.get("/xapi/statements", headers=creds, query_string=own)
    unfiltered = client.get("/xapi/statements", headers=creds)
    other = client.get("/xapi/statements", headers=creds,
                       query_string={"agent": json.dumps(OTHER), "registration": registration})
    elsewhere = client.get("/xapi/statements", headers=creds, query_string={
        "agent": json.dumps(ME), "registration": str(uuid.uuid4())})

    assert allowed.status_code == 200
    assert [s["actor"] for s in allowed.get_json()["statements"]] == [ME]
    assert (unfiltered.status_code, other.status_code, elsewhere.status_code) == (403, 403, 403)


def test_a_forged_more_token_is_refused(client, creds, registration):
    from lms.xapi.queries import encode_more

    token = encode_more({"agent": OTHER, "registration": registration, "verb": None,
                         "activity": None, "related_activities": False,
                         "related_agents": False, "limit": 0, "ascending": False,
                         "format": "exact", "since": None, "until": None},
                        ("2020-01-01T00:00:00.000Z", 0))

    response = client.get("/xapi/statements", headers=creds, query_string={"more": token})

    assert response.status_code == 403


def test_someone_elses_statement_by_id_is_not_found(client, creds, registration):
    foreign = services.record_statements([{**statement(registration), "actor": OTHER}])[0]

    response = client.get("/xapi/statements", headers=creds,
                          query_string={"statementId": foreign})

    assert response.status_code == 404


def _state(client, creds, *, agent=ME, registration=None, method="get", body=None):
    query = {"activityId": ACTIVITY, "agent": json.dumps(agent), "stateId": "bookmark"}
    if registration:
        query["registration"] = registration
    return getattr(client, method)("/xapi/activities/state", headers=creds, query_string=query,
                                   json=body)


def test_state_only_of_the_learner_in_the_registration(client, creds, registration):
    assert _state(client, creds, registration=registration, method="put",
                  body={"seite": 3}).status_code == 204
    assert _state(client, creds, registration=registration).get_json() == {"seite": 3}

    assert _state(client, creds, agent=OTHER, registration=registration).status_code == 403
    assert _state(client, creds, registration=str(uuid.uuid4())).status_code == 403
    assert _state(client, creds, method="put", body={"x": 1}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(XapiDocument)) == 1


def test_profiles_are_read_only_and_only_the_learners(client, creds):
    profile = {"agent": json.dumps(ME), "profileId": "cmi5LearnerPreferences"}

    assert client.get("/xapi/agents/profile", headers=creds,
                      query_string=profile).status_code == 404
    assert client.put("/xapi/agents/profile", headers=creds, query_string=profile,
                      json={"languagePreference": "en"}).status_code == 403
    assert client.get("/xapi/agents/profile", headers=creds, query_string={
        "agent": json.dumps(OTHER), "profileId": "x"}).status_code == 403
    assert client.put("/xapi/activities/profile", headers=creds, query_string={
        "activityId": ACTIVITY, "profileId": "x"}, json={}).status_code == 403


def test_expired_credentials_stop_working(client, creds, registration):
    credential = db.session.scalar(select(LaunchCredential))
    credential.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()

    response = post(client, creds, statement(registration))

    assert response.status_code == 401
    assert stored_count() == 0


def test_wrong_secret_is_refused(client, creds, registration):
    key = db.session.scalar(select(LaunchCredential.key))
    from tests.xapi.conftest import basic

    response = post(client, {**creds, "Authorization": basic(key, "falsch")},
                    statement(registration))

    assert response.status_code == 401


def test_a_cmi5_session_works_only_after_fetch(client, registration):
    session, token = launches.open_session(
        ME, registration, ACTIVITY, user_id=None, launch_mode="Normal", mastery_score=None,
        publisher_id="https://beispiel.de/au")
    db.session.commit()
    from tests.xapi.conftest import basic

    before = post(client, {"Authorization": basic(session.key, ""),
                           "X-Experience-API-Version": "1.0.3"}, statement(registration))
    body = client.post(f"/xapi/cmi5/fetch/{token}").get_json()

    assert before.status_code == 401
    assert "auth-token" in body
