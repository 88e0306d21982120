"""The statement rules the LRS enforces for cmi5 sessions; a refused batch stores nothing."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.xapi import launches
from lms.xapi.models import XapiStatement

HOME = "http://lernraum.test"
ME = {"objectType": "Agent", "account": {"homePage": HOME, "name": "lernende-a"}}
AU = HOME + "/xapi/activities/module/kurs/au/0123456789abcdef"
PUBLISHER = "https://beispiel.de/au/1"
ADL = "http://adlnet.gov/expapi/verbs/"
CMI5 = "https://w3id.org/xapi/cmi5/"


class Au:
    """A fetched cmi5 session and a builder for its statements."""

    def __init__(self, client, *, mode="Normal", mastery=None, registration=None):
        self.client = client
        self.registration = registration or str(uuid.uuid4())
        self.session, token = launches.open_session(
            ME, self.registration, AU, user_id=None, launch_mode=mode, mastery_score=mastery,
            publisher_id=PUBLISHER)
        db.session.commit()
        self.session_id = self.session.session_id
        body = client.post(f"/xapi/cmi5/fetch/{token}").get_json()
        self.headers = {"Authorization": "Basic " + body["auth-token"],
                        "X-Experience-API-Version": "1.0.3"}
        client.get("/xapi/agents/profile", headers=self.headers, query_string={
            "agent": json.dumps(ME), "profileId": "cmi5LearnerPreferences"})

    def statement(self, verb, *, defined=True, move_on=False, result=None, session=None,
                  grouping=True, extensions=None, object_id=AU, timestamp=True):
        category = ([{"id": CMI5 + "context/categories/cmi5"}] if defined else []) + (
            [{"id": CMI5 + "context/categories/moveon"}] if move_on else [])
        context = {"registration": self.registration,
                   "contextActivities": {"category": category} if category else {},
                   "extensions": {CMI5 + "context/extensions/sessionid":
                                  session or self.session_id, **(extensions or {})}}
        if grouping:
            context["contextActivities"]["grouping"] = [{"id": PUBLISHER}]
        statement = {"id": str(uuid.uuid4()), "actor": ME,
                     "verb": {"id": verb if "/" in verb else ADL + verb},
                     "object": {"objectType": "Activity", "id": object_id}, "context": context}
        if timestamp:
            statement["timestamp"] = datetime.now(UTC).isoformat()
        if result is not None:
            statement["result"] = result
        return statement

    def post(self, *statements):
        return self.client.post("/xapi/statements", headers=self.headers,
                                json=list(statements))


COMPLETED = {"completion": True, "duration": "PT1M"}
PASSED = {"success": True, "duration": "PT1M", "score": {"scaled": 0.9}}
FAILED = {"success": False, "duration": "PT1M", "score": {"scaled": 0.2}}


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(XapiStatement))


@pytest.fixture
def au(client):
    return Au(client)


def test_a_whole_session_in_order_is_stored(au):
    response = au.post(au.statement("initialized"),
                       au.statement("experienced", defined=False),
                       au.statement("completed", move_on=True, result=COMPLETED),
                       au.statement("passed", move_on=True, result=PASSED),
                       au.statement("terminated", result={"duration": "PT2M"}))

    assert response.status_code == 200, response.get_json()
    assert stored() == 5


@pytest.mark.parametrize("build, rule", [
    (lambda au: [au.statement("experienced", defined=False)], "9.3.2"),
    (lambda au: [au.statement("initialized", session=str(uuid.uuid4()))], "9.6.3.1"),
    (lambda au: [au.statement("initialized", grouping=False)], "9.6.2.3"),
    (lambda au: [au.statement("initialized", timestamp=False)], "9.7"),
    (lambda au: [au.statement("initialized", object_id="https://beispiel.de/anders")], "9.4"),
    (lambda au: [au.statement("initialized"), au.statement("initialized")], "9.3"),
    (lambda au: [au.statement("initialized"), au.statement("experienced")], "9.3"),
    (lambda au: [au.statement("initialized"), au.statement("completed", result={
        "completion": True, "duration": "PT1M"})], "9.6.2.2"),
    (lambda au: [au.statement("initialized"), au.statement("completed", move_on=True,
                                                           result={"duration": "PT1M"})],
     "9.5.3"),
    (lambda au: [au.statement("initialized"), au.statement("completed", move_on=True,
                                                           result={"completion": True})],
     "9.5.4.1"),
    (lambda au: [au.statement("initialized"), au.statement("passed", move_on=True, result={
        **PASSED, "success": False})], "9.5.2"),
    (lambda au: [au.statement("initialized"), au.statement("failed", move_on=True, result={
        **FAILED, "success": True})], "9.5.2"),
    (lambda au: [au.statement("initialized", result={"score": {"scaled": 1}})], "9.5.1"),
    (lambda au: [au.statement("initialized"), au.statement("passed", move_on=True, result={
        **PASSED, "score": {"raw": 9, "max": 10}})], "9.5.1"),
    (lambda au: [au.statement("initialized"), au.statement("passed", move_on=True,
                                                           result=PASSED),
                 au.statement("failed", move_on=True, result=FAILED)], "9.3"),
    (lambda au: [au.statement("initialized"), au.statement("experienced", defined=False,
                                                           move_on=True)], "9.6.2.2"),
    (lambda au: [au.statement("initialized"), au.statement("terminated", result={
        "duration": "PT1M"}), au.statement("experienced", defined=False)], "9.3.8"),
    (lambda au: [au.statement("initialized"), au.statement("terminated")], "9.5.4.1"),
], ids=["first-not-initialized", "wrong-session", "no-publisher-grouping", "no-timestamp",
        "object-not-the-au", "initialized-twice", "unknown-defined-verb", "no-moveon-category",
        "completed-without-completion", "completed-without-duration", "passed-not-success",
        "failed-success", "score-on-initialized", "raw-without-min", "passed-and-failed",
        "moveon-on-allowed", "after-terminated", "terminated-without-duration"])
def test_breaking_a_cmi5_rule_is_refused_and_stores_nothing(au, build, rule):
    response = au.post(*build(au))

    assert response.status_code == 403
    assert response.get_json()["message"].startswith(f"cmi5 {rule}")
    assert stored() == 0


def test_statements_wait_until_the_au_read_the_learner_preferences(client):
    session, token = launches.open_session(
        ME, str(uuid.uuid4()), AU, user_id=None, launch_mode="Normal", mastery_score=None,
        publisher_id=PUBLISHER)
    db.session.commit()
    body = client.post(f"/xapi/cmi5/fetch/{token}").get_json()
    headers = {"Authorization": "Basic " + body["auth-token"], "X-Experience-API-Version": "1.0.3"}
    au = Au.__new__(Au)
    au.client, au.registration, au.session, au.session_id, au.headers = (
        client, session.registration, session, session.session_id, headers)

    refused = au.post(au.statement("initialized"))

    assert refused.status_code == 403
    assert refused.get_json()["message"].startswith("cmi5 11.0")
    assert stored() == 0


def test_no_judgement_in_browse_or_review(client):
    for mode in ("Browse", "Review"):
        au = Au(client, mode=mode)
        assert au.post(au.statement("initialized")).status_code == 200
        response = au.post(au.statement("completed", move_on=True, result=COMPLETED))
        assert response.status_code == 403
        assert f"in {mode} mode" in response.get_json()["message"]


def test_mastery_score_decides_passed_and_failed(client):
    au = Au(client, mastery=0.8)
    mastery = {CMI5 + "context/extensions/masteryscore": 0.8}
    au.post(au.statement("initialized"))

    low = au.post(au.statement("passed", move_on=True, extensions=mastery,
                               result={**PASSED, "score": {"scaled": 0.5}}))
    missing = au.post(au.statement("passed", move_on=True, result=PASSED))
    right = au.post(au.statement("passed", move_on=True, extensions=mastery, result=PASSED))

    assert (low.status_code, missing.status_code, right.status_code) == (403, 403, 200)


def test_completed_only_once_per_registration_across_sessions(client):
    first = Au(client)
    first.post(first.statement("initialized"),
               first.statement("completed", move_on=True, result=COMPLETED),
               first.statement("terminated", result={"duration": "PT1M"}))
    second = Au(client, registration=first.registration)
    second.post(second.statement("initialized"))

    response = second.post(second.statement("completed", move_on=True, result=COMPLETED))

    assert response.status_code == 403
    assert "once per registration" in response.get_json()["message"]


def test_after_terminated_the_token_works_a_little_longer_for_state_then_stops(au):
    au.post(au.statement("initialized"), au.statement("terminated", result={
        "duration": "PT1M"}))
    db.session.refresh(au.session)

    assert au.session.terminated_at is not None
    assert (au.session.expires_at - au.session.terminated_at).total_seconds() == 60


def test_launch_data_cannot_be_changed_by_the_au(au):
    query = {"activityId": AU, "agent": '{"objectType":"Agent","account":{"homePage":'
             f'"{HOME}","name":"lernende-a"}}}}', "stateId": "LMS.LaunchData",
             "registration": au.registration}

    response = au.client.put("/xapi/activities/state", query_string=query,
                             headers=au.headers, json={"launchMode": "Normal"})

    assert response.status_code == 403
    assert au.client.delete("/xapi/activities/state", query_string={
        k: v for k, v in query.items() if k != "stateId"}, headers=au.headers).status_code == 403


def test_a_timestamp_not_in_utc_is_refused(au):
    statement = au.statement("initialized")
    statement["timestamp"] = "2026-12-08T10:00:00+01:00"

    response = au.post(statement)

    assert response.status_code == 403
    assert "UTC" in response.get_json()["message"]


def test_a_statement_without_an_id_is_refused(au):
    statement = au.statement("initialized")
    del statement["id"]

    response = au.post(statement)

    assert response.status_code == 403
    assert response.get_json()["message"].startswith("cmi5 9.1")


def test_lrs_answers_are_never_cached_by_the_browser(au):
    response = au.client.get("/xapi/statements", headers=au.headers, query_string={
        "agent": json.dumps(ME), "registration": au.registration})

    assert response.headers["Cache-Control"] == "no-store"
