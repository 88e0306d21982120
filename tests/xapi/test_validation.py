"""Statement validation: valid statements pass, each kind of invalid one names its property."""

import pytest

from lms.xapi.formats import StatementError
from lms.xapi.storage import now_ms, prepare
from lms.xapi.validation import validate_statement

AGENT = {"mbox": "mailto:a@beispiel.de"}
BASE = {"actor": AGENT, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "http://beispiel.de/aktivitaet/1"}}


def with_(**fields):
    return {**BASE, **fields}


VALID = [
    BASE,
    with_(id="b4d8a5b2-7c1e-4f0e-9a55-1f2e3d4c5b6a"),
    with_(actor={"objectType": "Group", "member": [AGENT]}),
    with_(actor={"objectType": "Group", "account": {"homePage": "http://x.de", "name": "g"}}),
    with_(actor={"account": {"homePage": "http://lernraum.test", "name": "abc123"}}),
    with_(actor={"mbox_sha1sum": "a" * 40}),
    with_(actor={"openid": "http://openid.beispiel.de/a"}),
    with_(object={"objectType": "StatementRef", "id": "b4d8a5b2-7c1e-4f0e-9a55-1f2e3d4c5b6a"}),
    with_(object={"objectType": "SubStatement", "actor": AGENT, "verb": BASE["verb"],
                  "object": BASE["object"]}),
    with_(object={"id": "http://x.de/q", "definition": {
        "interactionType": "choice", "correctResponsesPattern": ["a"],
        "choices": [{"id": "a", "description": {"de": "A"}}, {"id": "b"}]}}),
    with_(result={"score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}, "success": True,
                  "completion": True, "duration": "PT1H2M3.45S", "response": "a"}),
    with_(context={"registration": "b4d8a5b2-7c1e-4f0e-9a55-1f2e3d4c5b6a",
                   "contextActivities": {"parent": {"id": "http://x.de/kurs"}},
                   "language": "de-DE", "platform": "Lernraum"}),
    with_(timestamp="2025-03-01T10:00:00.123+01:00"),
    with_(version="1.0.3"),
]

INVALID = [
    ({**BASE, "foo": 1}, "statement.foo"),
    ({"verb": BASE["verb"], "object": BASE["object"]}, "statement.actor"),
    (with_(id="not-a-uuid"), "statement.id"),
    (with_(actor={"mbox": "a@beispiel.de"}), "statement.actor.mbox"),
    (with_(actor={"mbox": "mailto:a@b.de", "openid": "http://x.de"}), "statement.actor"),
    (with_(actor={"objectType": "Group"}), "statement.actor.member"),
    (with_(actor={"account": {"homePage": "kein iri", "name": "x"}}),
     "statement.actor.account.homePage"),
    (with_(verb={"id": "completed"}), "statement.verb.id"),
    (with_(verb={"id": "http://x.de/v", "display": {"not a tag!": "x"}}), "statement.verb.display"),
    (with_(object={"objectType": "StatementRef", "id": "1"}), "statement.object.id"),
    (with_(object={"objectType": "SubStatement", "actor": AGENT, "verb": BASE["verb"],
                   "object": BASE["object"], "id": "b4d8a5b2-7c1e-4f0e-9a55-1f2e3d4c5b6a"}),
     "statement.object.id"),
    (with_(result={"score": {"scaled": 1.5}}), "statement.result.score.scaled"),
    (with_(result={"score": {"raw": 11, "min": 0, "max": 10}}), "statement.result.score.raw"),
    (with_(result={"success": "true"}), "statement.result.success"),
    (with_(result={"duration": "90 Minuten"}), "statement.result.duration"),
    (with_(timestamp="2025-03-01"), "statement.timestamp"),
    (with_(timestamp="2025-03-01T10:00:00-00:00"), "statement.timestamp"),
    (with_(context={"registration": "x"}), "statement.context.registration"),
    (with_(object={"objectType": "Agent", **AGENT}, context={"platform": "x"}),
     "statement.context.platform"),
    (with_(object={"id": "http://x.de/q", "definition": {"interactionType": "true-false",
                                                         "choices": []}}),
     "statement.object.definition.choices"),
    (with_(verb={"id": "http://adlnet.gov/expapi/verbs/voided"}), "statement.object"),
    (with_(attachments=[{"usageType": "http://x.de/u", "display": {"de": "x"}}]),
     "statement.attachments[0].contentType"),
    (with_(version="3.0.0"), "statement.version"),
]


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
@pytest.mark.parametrize("statement", VALID)
def test_valid_statements_pass(statement, version):
    validate_statement(statement, version)


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
@pytest.mark.parametrize(("statement", "path"), INVALID)
def test_invalid_statement_names_the_property(statement, path, version):
    with pytest.raises(StatementError) as error:
        validate_statement(statement, version)
    assert str(error.value).startswith(path)


CONTEXT_AGENTS = with_(context={"contextAgents": [
    {"objectType": "contextAgent", "agent": AGENT, "relevantTypes": ["http://x.de/t"]}]})


def test_context_agents_are_valid_in_2_0():
    validate_statement(CONTEXT_AGENTS, "2.0.0")


def test_context_agents_are_forbidden_in_1_0_3():
    with pytest.raises(StatementError, match="statement.context.contextAgents"):
        validate_statement(CONTEXT_AGENTS, "1.0.3")


def test_version_2_0_is_rejected_by_1_0_3():
    with pytest.raises(StatementError, match="statement.version"):
        validate_statement(with_(version="2.0.0"), "1.0.3")


def test_timestamp_with_offset_is_converted_in_2_0(app):
    prepared = prepare([with_(timestamp="2025-03-01T10:00:00+01:00")], authority=AGENT,
                       version="2.0.0", stored=now_ms())
    assert prepared[0]["timestamp"] == "2025-03-01T09:00:00.000Z"
