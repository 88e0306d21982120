"""Joining or moving to an organisation is a request its coordinator (or an admin) confirms."""

import pytest
from sqlalchemy import select

from lms.accounts.membership import MembershipRequest, latest_request_of
from lms.audit.models import AuditEntry
from lms.core.mail import stored_mails
from lms.extensions import db
from tests.conftest import PASSWORD

REPORT = "/koordination/fortschritt"


@pytest.fixture
def network(make_organisation, make_user):
    """Two organisations with a coordinator each, and a person in the first one."""
    north, south = make_organisation(name="Stadt Nordstadt"), make_organisation(name="Südheim")
    return {
        "north": north, "south": south,
        "north_coordinator": make_user(roles=["coordinator"], organisation=north,
                                       name="Nora Nord"),
        "south_coordinator": make_user(roles=["coordinator"], organisation=south,
                                       name="Sigrid Süd"),
        "person": make_user(organisation=north, name="Paula Pendel"),
    }


def _as(app, user):
    client = app.test_client()
    assert client.post("/anmelden", data={"email": user.email,
                                          "password": PASSWORD}).status_code == 302
    return client


def _ask(app, person, organisation):
    return _as(app, person).post("/konto/organisation", data={"organisation": organisation.id})


def test_asking_to_move_keeps_the_person_where_they_are(app, network):
    response = _ask(app, network["person"], network["south"])

    assert response.status_code == 302
    db.session.refresh(network["person"])
    assert network["person"].organisation_id == network["north"].id
    assert latest_request_of(network["person"].id).status == "open"


def test_until_confirmed_the_person_is_in_no_report_of_that_organisation(app, network):
    _ask(app, network["person"], network["south"])
    coordinator = _as(app, network["south_coordinator"])

    assert "Paula Pendel" not in coordinator.get(REPORT).get_data(as_text=True)
    assert "Paula Pendel" not in coordinator.get(f"{REPORT}.csv").get_data(as_text=True)

    request = latest_request_of(network["person"].id)
    coordinator.post(f"/koordination/anfragen/{request.id}/bestaetigen")

    assert "Paula Pendel" in coordinator.get(REPORT).get_data(as_text=True)


def test_coordinators_see_the_open_requests_of_their_own_organisation_only(app, network):
    _ask(app, network["person"], network["south"])

    south = _as(app, network["south_coordinator"]).get("/koordination/anfragen")
    north = _as(app, network["north_coordinator"]).get("/koordination/anfragen")

    assert "Paula Pendel" in south.get_data(as_text=True)
    assert "Paula Pendel" not in north.get_data(as_text=True)


def test_confirming_moves_the_person_logs_it_and_tells_them(app, network):
    _ask(app, network["person"], network["south"])
    request = latest_request_of(network["person"].id)

    _as(app, network["south_coordinator"]).post(
        f"/koordination/anfragen/{request.id}/bestaetigen")

    db.session.refresh(network["person"])
    assert network["person"].organisation_id == network["south"].id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.approved"))
    assert entry.actor_name == "Sigrid Süd" and entry.target_label == "Paula Pendel"
    assert entry.details == {"organisation": "Südheim", "before": "Stadt Nordstadt"}
    mail = stored_mails()[0]
    assert mail.recipient == network["person"].email and "bestätigt" in mail.body


def test_a_coordinator_of_another_organisation_cannot_decide(app, network):
    _ask(app, network["person"], network["south"])
    request = latest_request_of(network["person"].id)

    response = _as(app, network["north_coordinator"]).post(
        f"/koordination/anfragen/{request.id}/bestaetigen")

    assert response.status_code == 404
    db.session.refresh(request)
    assert request.status == "open"


def test_refusing_leaves_everything_and_the_person_sees_it(app, network):
    person = _as(app, network["person"])
    person.post("/konto/organisation", data={"organisation": network["south"].id})
    assert "wartet seit" in person.get("/konto").get_data(as_text=True)
    request = latest_request_of(network["person"].id)

    _as(app, network["south_coordinator"]).post(f"/koordination/anfragen/{request.id}/ablehnen")

    db.session.refresh(network["person"])
    assert network["person"].organisation_id == network["north"].id
    assert "abgelehnt" in person.get("/konto").get_data(as_text=True)


def test_admins_decide_any_request(app, network, make_user):
    _ask(app, network["person"], network["south"])
    request = latest_request_of(network["person"].id)
    admin = _as(app, make_user(roles=["admin"]))
    assert "Paula Pendel" in admin.get("/koordination/anfragen").get_data(as_text=True)

    admin.post(f"/koordination/anfragen/{request.id}/bestaetigen")

    db.session.refresh(network["person"])
    assert network["person"].organisation_id == network["south"].id


def test_a_new_request_replaces_the_open_one(app, network, make_organisation):
    third = make_organisation(name="Drittdorf")
    _ask(app, network["person"], network["south"])

    _ask(app, network["person"], third)

    statuses = {r.organisation_id: r.status for r in db.session.scalars(select(MembershipRequest))}
    assert statuses == {network["south"].id: "withdrawn", third.id: "open"}


def test_the_person_can_withdraw_a_request(app, network):
    person = _as(app, network["person"])
    person.post("/konto/organisation", data={"organisation": network["south"].id})

    person.post("/konto/organisation/zurueckziehen")

    assert latest_request_of(network["person"].id).status == "withdrawn"
    assert "Paula Pendel" not in _as(app, network["south_coordinator"]).get(
        "/koordination/anfragen").get_data(as_text=True)


def test_leaving_needs_no_confirmation(app, network):
    _as(app, network["person"]).post("/konto/organisation/verlassen")

    db.session.refresh(network["person"])
    assert network["person"].organisation_id is None


def test_coordinators_change_organisation_only_through_the_administration(app, network):
    coordinator = _as(app, network["north_coordinator"])

    asked = coordinator.post("/konto/organisation", data={"organisation": network["south"].id})
    coordinator.post("/konto/organisation/verlassen")

    assert asked.status_code == 422
    assert "über die Administration" in asked.get_data(as_text=True)
    db.session.refresh(network["north_coordinator"])
    assert network["north_coordinator"].organisation_id == network["north"].id
    assert latest_request_of(network["north_coordinator"].id) is None


def test_asking_for_the_own_organisation_or_none_is_refused(app, network):
    person = _as(app, network["person"])

    same = person.post("/konto/organisation", data={"organisation": network["north"].id})
    nothing = person.post("/konto/organisation", data={"organisation": "0"})
    unknown = person.post("/konto/organisation", data={"organisation": "999999"})

    assert {same.status_code, nothing.status_code, unknown.status_code} == {422}
    assert db.session.scalars(select(MembershipRequest)).all() == []


def test_the_coordinators_are_told_of_a_new_request(app, network):
    _ask(app, network["person"], network["south"])

    mails = stored_mails()
    assert [mail.recipient for mail in mails] == [network["south_coordinator"].email]
    assert "Paula Pendel" in mails[0].body and "/koordination/anfragen" in mails[0].body


def test_a_registration_request_reaches_the_coordinators_once_the_address_is_confirmed(
    app, client, network
):
    client.post("/registrieren", data={
        "name": "Neu Ling", "email": "neu@beispiel.de", "organisation": network["south"].id,
        "password": PASSWORD, "password_repeat": PASSWORD})
    coordinator = _as(app, network["south_coordinator"])
    assert "Neu Ling" not in coordinator.get("/koordination/anfragen").get_data(as_text=True)
    assert [m.recipient for m in stored_mails()] == ["neu@beispiel.de"]

    link = stored_mails()[0].body.split("http://lernraum.test")[1].split()[0]
    client.get(link)

    assert "Neu Ling" in coordinator.get("/koordination/anfragen").get_data(as_text=True)
    assert network["south_coordinator"].email in [m.recipient for m in stored_mails()]
