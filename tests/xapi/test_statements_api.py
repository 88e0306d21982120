"""The Statement resource over HTTP: PUT/POST/GET, versions, conflicts, attachments, paging."""

import hashlib
import json

import pytest

from .conftest import ACTOR, new_id


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_post_then_get_by_id_answers_in_the_client_version(lrs, make_statement, version):
    response = lrs.post("/statements", json=make_statement(), version=version)
    [statement_id] = response.get_json()

    fetched = lrs.get(f"/statements?statementId={statement_id}", version=version)

    assert response.status_code == 200 and fetched.status_code == 200
    assert fetched.headers["X-Experience-API-Version"] == version
    assert fetched.headers["X-Experience-API-Consistent-Through"]
    assert fetched.headers["Last-Modified"]
    assert fetched.get_json()["id"] == statement_id


def test_put_stores_under_the_given_id_and_conflict_is_409(lrs, make_statement):
    statement_id = new_id()

    assert lrs.put(f"/statements?statementId={statement_id}",
                   json=make_statement()).status_code == 204
    assert lrs.put(f"/statements?statementId={statement_id}",
                   json=make_statement()).status_code == 204
    conflict = lrs.put(f"/statements?statementId={statement_id}",
                       json=make_statement(result={"success": True}))
    assert conflict.status_code == 409


def test_missing_version_header_is_400(lrs, make_statement):
    response = lrs.post("/statements", json=make_statement(),
                        headers={"X-Experience-API-Version": ""})

    assert response.status_code == 400


def test_invalid_statement_is_400_naming_the_property_and_batch_stores_nothing(
        lrs, make_statement):
    response = lrs.post("/statements", json=[make_statement(),
                                             make_statement(result={"score": {"scaled": 7}})])

    assert response.status_code == 400
    assert "statements[1].result.score.scaled" in response.get_json()["message"]
    assert lrs.get("/statements").get_json()["statements"] == []


def test_context_agents_rejected_for_1_0_3_and_accepted_for_2_0(lrs, make_statement):
    statement = make_statement(context={"contextAgents": [
        {"objectType": "contextAgent", "agent": ACTOR}]})

    assert lrs.post("/statements", json=statement, version="1.0.3").status_code == 400
    assert lrs.post("/statements", json=statement, version="2.0.0").status_code == 200


def test_filters_and_more_link(lrs, make_statement):
    for _ in range(3):
        lrs.post("/statements", json=make_statement())

    page = lrs.get("/statements?limit=2&agent=" + json.dumps(ACTOR)).get_json()
    rest = lrs.get(page["more"].removeprefix("/xapi")).get_json()

    assert len(page["statements"]) == 2 and len(rest["statements"]) == 1 and rest["more"] == ""


def test_unknown_parameter_is_400(lrs):
    assert lrs.get("/statements?colour=blue").status_code == 400


def test_voided_statement_only_by_voided_statement_id(lrs, make_statement):
    [target] = lrs.post("/statements", json=make_statement()).get_json()
    lrs.post("/statements", json=make_statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target}))

    assert lrs.get(f"/statements?statementId={target}").status_code == 404
    assert lrs.get(f"/statements?voidedStatementId={target}").status_code == 200


def _multipart(statement: dict, content: bytes, boundary="grenze") -> bytes:
    sha2 = hashlib.sha256(content).hexdigest()
    return (f"--{boundary}\r\nContent-Type: application/json\r\n\r\n{json.dumps(statement)}\r\n"
            f"--{boundary}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n").encode() + content + \
        f"\r\n--{boundary}--\r\n".encode()


def _with_attachment(make_statement, content: bytes) -> dict:
    return make_statement(attachments=[{
        "usageType": "http://id.tincanapi.com/attachment/supporting_media",
        "display": {"de": "Notiz"}, "contentType": "text/plain", "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest()}])


def test_attachment_round_trip(lrs, make_statement):
    content = b"Protokoll der Zukunftswerkstatt"
    body = _multipart(_with_attachment(make_statement, content), content)

    posted = lrs.post("/statements", data=body,
                      headers={"Content-Type": 'multipart/mixed; boundary="grenze"'})
    [statement_id] = posted.get_json()
    fetched = lrs.get(f"/statements?statementId={statement_id}&attachments=true")

    assert posted.status_code == 200
    assert fetched.mimetype == "multipart/mixed" and content in fetched.data


def test_attachment_without_its_content_is_400(lrs, make_statement):
    response = lrs.post("/statements", json=_with_attachment(make_statement, b"fehlt"))

    assert response.status_code == 400


def test_alternate_syntax_put_works_for_1_0_3_only(lrs, make_statement):
    form = {"statementId": new_id(), "content": json.dumps(make_statement()),
            "X-Experience-API-Version": "1.0.3"}
    response = lrs.post("/statements?method=PUT", data=form,
                        headers={"X-Experience-API-Version": ""})
    assert response.status_code == 204
    form.update(statementId=new_id(), **{"X-Experience-API-Version": "2.0.0"})
    assert lrs.post("/statements?method=PUT", data=form).status_code == 400


def test_cors_preflight_needs_no_credentials(client):
    response = client.options("/xapi/statements", headers={"Origin": "https://inhalte.test"})

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]


def test_about_lists_both_versions_without_auth(client):
    assert client.get("/xapi/about").get_json()["version"] == ["1.0.3", "2.0.0"]
