"""The in-process API: record, query, void, atomic batches, the signal, State documents."""

import pytest
from sqlalchemy import func, select

from lms import signals
from lms.extensions import db
from lms.xapi import services
from lms.xapi.models import XapiStatement

from .conftest import ACTIVITY, ACTOR, VERB


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(XapiStatement))


def test_record_assigns_id_stored_authority_and_version(app, make_statement):
    [statement_id] = services.record_statements([make_statement()])

    stored = services.get_statement(statement_id)
    assert stored["stored"] and stored["timestamp"] and stored["version"] == "1.0.0"
    assert stored["authority"]["account"] == {"homePage": "http://lernraum.test",
                                              "name": "lernraum"}


def test_invalid_statement_in_batch_stores_nothing(app, make_statement):
    with pytest.raises(services.StatementError, match=r"statements\[1\]\.verb"):
        services.record_statements([make_statement(), make_statement(verb={"display": {}})])

    assert _count() == 0


def test_conflicting_id_raises_and_identical_id_is_accepted(app, make_statement):
    statement = make_statement(id="4a1c6a2e-30a9-4b0f-9a3c-3e8f1a0b5c7d")
    services.record_statements([statement])

    assert services.record_statements([statement]) == [statement["id"]]
    with pytest.raises(services.StatementConflict):
        services.record_statements([{**statement, "result": {"success": False}}])
    assert _count() == 1


def test_signal_receives_stored_statements_inside_the_transaction(app, make_statement):
    seen = []

    def receiver(sender, statements):
        seen.extend(statements)
        assert db.session().in_transaction()

    with signals.statement_stored.connected_to(receiver):
        services.record_statements([make_statement()])

    assert len(seen) == 1 and "stored" in seen[0] and "authority" in seen[0]


def test_query_filters_by_agent_verb_and_activity(app, make_statement):
    other = {"mbox": "mailto:andere@beispiel.de"}
    services.record_statements([make_statement(), make_statement(actor=other)])

    found, more = services.query_statements(agent=ACTOR, verb=VERB, activity=ACTIVITY)

    assert [s["actor"]["mbox"] for s in found] == [ACTOR["mbox"]] and more is None


def test_related_activities_find_context_activities(app, make_statement):
    course = "http://lernraum.test/xapi/activities/course/demografie"
    services.record_statements([make_statement(
        context={"contextActivities": {"parent": [{"id": course}]}})])

    assert services.query_statements(activity=course)[0] == []
    assert len(services.query_statements(activity=course, related_activities=True)[0]) == 1


def test_related_agents_find_instructor(app, make_statement):
    teacher = {"mbox": "mailto:lehrkraft@beispiel.de"}
    services.record_statements([make_statement(context={"instructor": teacher})])

    assert services.query_statements(agent=teacher)[0] == []
    assert len(services.query_statements(agent=teacher, related_agents=True)[0]) == 1


def test_voided_statement_leaves_lists_and_voiding_statement_matches_its_filters(
        app, make_statement):
    [target] = services.record_statements([make_statement()])
    services.record_statements([make_statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target})])

    found, _ = services.query_statements(activity=ACTIVITY)
    assert [s["verb"]["id"] for s in found] == ["http://adlnet.gov/expapi/verbs/voided"]
    assert services.get_statement(target) is None
    assert services.get_statement(target, voided=True)["id"] == target


def test_more_paging_is_stable_while_new_statements_arrive(app, make_statement):
    first_ids = services.record_statements([make_statement() for _ in range(5)])
    page, more = services.query_statements(limit=2)
    services.record_statements([make_statement() for _ in range(3)])

    seen = [s["id"] for s in page]
    while more:
        page, more = services.query_statements(more=more)
        seen.extend(s["id"] for s in page)

    assert sorted(seen) == sorted(first_ids) and len(seen) == len(set(seen))


def test_ascending_returns_oldest_first(app, make_statement):
    ids = services.record_statements([make_statement() for _ in range(3)])

    found, _ = services.query_statements(ascending=True)

    assert [s["id"] for s in found] == ids


def test_state_round_trip(app):
    services.put_state(ACTIVITY, ACTOR, "resume", {"seite": 3})

    assert services.get_state(ACTIVITY, ACTOR, "resume") == {"seite": 3}
    services.delete_state(ACTIVITY, ACTOR, "resume")
    assert services.get_state(ACTIVITY, ACTOR, "resume") is None


def test_statement_ref_chain_matches_the_target_filters(app, make_statement):
    [target] = services.record_statements([make_statement()])
    ref = {"objectType": "StatementRef", "id": target}
    other_verb = {"id": "http://adlnet.gov/expapi/verbs/commented"}
    [first] = services.record_statements([make_statement(verb=other_verb, object=ref)])
    [second] = services.record_statements([make_statement(
        verb=other_verb, object={"objectType": "StatementRef", "id": first})])

    found, _ = services.query_statements(verb=VERB)

    assert {s["id"] for s in found} == {target, first, second}
