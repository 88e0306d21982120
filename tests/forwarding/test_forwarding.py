"""Forwarding to a second, independent Lernraum LRS running in its own process.

The target is stopped, statements are stored here, the target is started again: every
statement arrives exactly once, in order, and a voided one is voided there too.
"""

import uuid

import pytest
from sqlalchemy import func, select

from lms.core import jobs
from lms.extensions import db
from lms.forwarding import services
from lms.forwarding.models import ForwardOutbox, ForwardTarget
from lms.jobs.models import JobFailure
from lms.xapi.services import record_statements
from tests.lrs_process import LrsProcess, scratch_database

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def statement(n: int, activity: str = "http://lernraum.test/xapi/activities/page/1",
              learner: str = "lernende-1") -> dict:
    return {"id": str(uuid.uuid4()),
            "actor": {"account": {"homePage": "http://lernraum.test", "name": learner}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"id": f"{activity}?n={n}"}}


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """The second LRS (its own database and process), shared by this module's tests."""
    folder = tmp_path_factory.mktemp("remote")
    lrs = LrsProcess(scratch_database(folder, "remote"), folder, workers=1)
    lrs.start()
    yield lrs
    lrs.kill()


@pytest.fixture
def target(remote):
    remote.empty()
    return services.create_target(name="Landes-LRS", endpoint=remote.endpoint,
                                  username=remote.key, password=remote.secret)


def _backlog(target) -> int:
    return db.session.scalar(select(func.count()).select_from(ForwardOutbox)
                             .where(ForwardOutbox.target_id == target.id))


def test_statements_are_forwarded_after_they_are_stored(remote, target):
    sent = [statement(n) for n in range(5)]
    record_statements(sent)  # the queue runs the drain at once in tests
    assert sorted(remote.stored_ids()) == sorted(s["id"] for s in sent)
    assert _backlog(target) == 0
    db.session.expire_all()
    assert db.session.get(ForwardTarget, target.id).forwarded == 5


def test_a_stopped_target_gets_everything_exactly_once_when_it_is_back(app, remote, target):
    remote.stop()
    try:
        first, second = [statement(n) for n in range(150)], [statement(n) for n in range(7)]
        record_statements(first)
        record_statements(second)
        assert _backlog(target) == 157
        db.session.expire_all()
        stored_target = db.session.get(ForwardTarget, target.id)
        assert "nicht erreichbar" in stored_target.last_error
        failure = db.session.scalars(select(JobFailure)).first()
        assert failure.job == "forwarding.drain" and not failure.final
    finally:
        remote.start()
    jobs.run_scheduled(app)  # the retries, without waiting for their delays
    stored = remote.query("SELECT statement_id FROM xapi_statement ORDER BY seq")
    assert [row[0] for row in stored] == [s["id"] for s in first + second]  # in order, once
    assert _backlog(target) == 0
    db.session.expire_all()
    assert db.session.get(ForwardTarget, target.id).last_error is None


def test_a_voided_statement_is_voided_at_the_target_too(remote, target):
    original = statement(1)
    record_statements([original])
    voiding = {"actor": original["actor"], "verb": {"id": VOIDED},
               "object": {"objectType": "StatementRef", "id": original["id"]}}
    [voiding_id] = record_statements([voiding])
    assert remote.request("GET", f"/xapi/statements?statementId={original['id']}")[0] == 404
    status, found = remote.request("GET",
                                   f"/xapi/statements?voidedStatementId={original['id']}")
    assert status == 200 and found["id"] == original["id"]
    assert remote.request("GET", f"/xapi/statements?statementId={voiding_id}")[0] == 200


def test_a_statement_the_target_refuses_is_kept_aside_and_the_rest_arrive(remote):
    target = services.create_target(name="Altes LRS", endpoint=remote.endpoint,
                                    username=remote.key, password=remote.secret,
                                    xapi_version="1.0.3")
    remote.empty()
    good = statement(1)
    two_only = {**statement(2), "context": {"contextAgents": [{
        "objectType": "contextAgent", "agent": {"mbox": "mailto:leitung@beispiel.de"}}]}}
    record_statements([two_only], version="2.0.0")
    record_statements([good])
    assert remote.stored_ids() == [good["id"]]
    assert _backlog(target) == 0
    [rejection] = services.rejections(target.id)
    assert rejection.statement_id == two_only["id"] and "HTTP 400" in rejection.answer


def test_filters_by_activity_and_organisation(make_user, make_organisation):
    organisation = make_organisation()
    member = make_user(organisation=organisation)
    by_activity = services.create_target(name="Kurs", endpoint="http://127.0.0.1:9/xapi/",
                                         activity_prefix="http://lernraum.test/kurs-a")
    by_organisation = services.create_target(name="Kommune", endpoint="http://127.0.0.1:9/x/",
                                             organisation_id=organisation.id)
    services.set_active(by_activity, True)
    in_course = statement(1, activity="http://lernraum.test/kurs-a/seite")
    of_member = statement(2, learner=member.xapi_name)
    record_statements([in_course, of_member, statement(3)])
    rows = db.session.execute(select(ForwardOutbox.target_id, ForwardOutbox.statement_id)
                              .order_by(ForwardOutbox.id)).all()
    assert [tuple(row) for row in rows] == [(by_activity.id, in_course["id"]),
                                            (by_organisation.id, of_member["id"])]


def test_a_paused_target_collects_nothing(remote, target):
    services.set_active(target, False)
    record_statements([statement(1)])
    assert _backlog(target) == 0 and remote.stored_ids() == []


@pytest.mark.parametrize("endpoint", ["", "lrs.example.org", "ftp://lrs.example.org/"])
def test_a_target_without_a_usable_address_is_refused(endpoint):
    with pytest.raises(services.ForwardingError, match="Adresse"):
        services.create_target(name="Ziel", endpoint=endpoint)
    assert services.all_targets() == []


def test_the_password_is_stored_encrypted(app):
    target = services.create_target(name="Ziel", endpoint="https://lrs.example.org/xapi/",
                                    username="k", password="streng-geheim")
    assert "streng-geheim" not in target.password_sealed
    assert services.unseal(target.password_sealed) == "streng-geheim"


def test_admins_add_a_target_and_see_backlog_and_error(client, make_user, login):
    login(make_user(roles=["admin"]))
    response = client.post("/admin/weiterleitung", data={
        "name": "Landes-LRS", "endpoint": "http://127.0.0.1:9/xapi/", "username": "k",
        "password": "g", "xapi_version": "2.0.0", "activity_prefix": "", "organisation": "0"},
        follow_redirects=True)
    assert "Neue Statements werden jetzt an Landes-LRS weitergeleitet." in response.get_data(
        as_text=True)
    record_statements([statement(1)])  # port 9 answers nobody: the drain fails
    page = client.get("/admin/weiterleitung").get_data(as_text=True)
    assert "Landes-LRS" in page and "nicht erreichbar" in page
    [target] = services.all_targets()
    assert _backlog(target) == 1 and target.xapi_version == "2.0.0"
    assert client.post(f"/admin/weiterleitung/{target.id}/pausieren").status_code == 302
    db.session.expire_all()
    assert db.session.get(ForwardTarget, target.id).active is False


def test_a_bad_address_in_the_form_gets_a_german_message_and_stores_nothing(client, make_user,
                                                                            login):
    login(make_user(roles=["admin"]))
    response = client.post("/admin/weiterleitung", data={
        "name": "Ziel", "endpoint": "lrs.example.org", "xapi_version": "1.0.3",
        "organisation": "0"})
    assert response.status_code == 200
    assert "mit http:// oder https://" in response.get_data(as_text=True)
    assert services.all_targets() == []


def test_learners_cannot_manage_forwarding(client, make_user, login):
    target = services.create_target(name="Ziel", endpoint="https://lrs.example.org/xapi/")
    login(make_user())
    assert client.get("/admin/weiterleitung").status_code == 403
    assert client.post(f"/admin/weiterleitung/{target.id}/pausieren").status_code == 403
    assert db.session.get(ForwardTarget, target.id).active is True
