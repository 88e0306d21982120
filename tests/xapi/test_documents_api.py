"""State, Activity Profile and Agent Profile over HTTP: ETags, preconditions, merge, lists."""

import json
from urllib.parse import urlencode

import pytest

from .conftest import ACTIVITY, ACTOR

STATE = "/activities/state?" + urlencode({"activityId": ACTIVITY, "agent": json.dumps(ACTOR),
                                          "stateId": "fortschritt"})
PROFILE = "/activities/profile?" + urlencode({"activityId": ACTIVITY, "profileId": "p"})


def test_state_put_get_keeps_content_type_and_etag(lrs):
    assert lrs.put(STATE, data=b"seite=3", content_type="text/plain").status_code == 204

    response = lrs.get(STATE)

    assert response.data == b"seite=3" and response.mimetype == "text/plain"
    assert response.headers["ETag"].startswith('"')


def test_post_merges_json_objects(lrs):
    lrs.post(STATE, json={"seite": 3})
    lrs.post(STATE, json={"punkte": 7})

    assert lrs.get(STATE).get_json() == {"seite": 3, "punkte": 7}


def test_post_merge_into_non_json_is_400(lrs):
    lrs.put(STATE, data=b"text", content_type="text/plain")

    assert lrs.post(STATE, json={"a": 1}).status_code == 400


def test_if_match_with_wrong_etag_is_412_and_changes_nothing(lrs):
    lrs.put(PROFILE, json={"v": 1}, headers={"If-None-Match": "*"})

    response = lrs.put(PROFILE, json={"v": 2}, headers={"If-Match": '"falsch"'})

    assert response.status_code == 412 and lrs.get(PROFILE).get_json() == {"v": 1}


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_put_over_existing_profile_without_precondition_is_409(lrs, version):
    lrs.put(PROFILE, json={"v": 1}, headers={"If-None-Match": "*"}, version=version)

    assert lrs.put(PROFILE, json={"v": 2}, version=version).status_code == 409


def test_put_with_matching_etag_replaces(lrs):
    lrs.put(PROFILE, json={"v": 1}, headers={"If-None-Match": "*"})
    etag = lrs.get(PROFILE).headers["ETag"]

    assert lrs.put(PROFILE, json={"v": 2}, headers={"If-Match": etag}).status_code == 204
    assert lrs.get(PROFILE).get_json() == {"v": 2}


def test_id_list_and_delete_all_states(lrs):
    base = "/activities/state?" + urlencode({"activityId": ACTIVITY, "agent": json.dumps(ACTOR)})
    lrs.put(base + "&stateId=a", json={})
    lrs.put(base + "&stateId=b", json={})

    assert sorted(lrs.get(base).get_json()) == ["a", "b"]
    assert lrs.delete(base).status_code == 204
    assert lrs.get(base).get_json() == []


def test_agent_profile_and_agents_resource(lrs):
    url = "/agents/profile?" + urlencode({"agent": json.dumps(ACTOR), "profileId": "vorlieben"})
    lrs.put(url, json={"sprache": "de"}, headers={"If-None-Match": "*"})

    person = lrs.get("/agents?" + urlencode({"agent": json.dumps(ACTOR)})).get_json()

    assert lrs.get(url).get_json() == {"sprache": "de"}
    assert person["objectType"] == "Person" and person["mbox"] == [ACTOR["mbox"]]


def test_activities_resource_returns_merged_definition(lrs, make_statement):
    lrs.post("/statements", json=make_statement(object={
        "id": ACTIVITY, "definition": {"name": {"de-DE": "Mobilität"}}}))
    lrs.post("/statements", json=make_statement(object={
        "id": ACTIVITY, "definition": {"name": {"en-US": "Mobility"}}}))

    activity = lrs.get("/activities?" + urlencode({"activityId": ACTIVITY})).get_json()

    assert activity["definition"]["name"] == {"de-DE": "Mobilität", "en-US": "Mobility"}


def test_missing_agent_parameter_is_400(lrs):
    response = lrs.get("/activities/state?" + urlencode({"activityId": ACTIVITY}))

    assert response.status_code == 400 and "agent" in response.get_json()["message"]
