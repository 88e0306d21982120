"""The audit log: admins' and coordinators' changes are recorded; admins read and filter it."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from lms import signals
from lms.audit import services as audit
from lms.audit.models import AuditEntry
from lms.extensions import db

LOG = "/admin/protokoll/"


@pytest.fixture
def admin(make_user, login):
    user = make_user(roles=["admin"], name="Ada Admin")
    login(user)
    return user


def _entries(action: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def _edit(client, user, **changes):
    data = {"name": user.name, "organisation": str(user.organisation_id or 0),
            "roles": [str(role) for role in user.roles if role != "learner"]} | changes
    return client.post(f"/admin/nutzer/{user.id}", data=data)


def test_a_role_change_is_recorded_with_who_when_and_what(client, admin, make_user,
                                                           make_organisation):
    person = make_user(name="Rita Rolle", organisation=make_organisation())

    _edit(client, person, roles=["coordinator", "author"])

    [entry] = _entries("user.roles")
    assert (entry.actor_id, entry.actor_name) == (admin.id, "Ada Admin")
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "user", str(person.id), "Rita Rolle")
    assert entry.details == {"before": [], "after": ["Autorin/Autor", "Koordination"]}
    assert (datetime.now(UTC) - entry.created_at).total_seconds() < 60


def test_organisation_and_name_changes_are_recorded(client, admin, make_user, make_organisation):
    old, new = make_organisation(name="Altdorf"), make_organisation(name="Neustadt")
    person = make_user(name="Olaf Ort", organisation=old)

    _edit(client, person, name="Olaf Ortmann", organisation=str(new.id))

    assert [e.details for e in _entries("user.organisation")] == [
        {"before": "Altdorf", "after": "Neustadt"}]
    assert [e.details for e in _entries("user.name")] == [
        {"before": "Olaf Ort", "after": "Olaf Ortmann"}]


def test_saving_unchanged_records_nothing(client, admin, make_user, make_organisation):
    person = make_user(organisation=make_organisation(), roles=["author"])

    _edit(client, person)

    assert _entries() == []


def test_a_refused_change_records_nothing(client, admin, make_user):
    person = make_user()

    _edit(client, person, name="Neuer Name", roles=["coordinator"])  # no organisation

    assert _entries() == []


def test_deactivation_and_reactivation_are_recorded(client, admin, make_user):
    person = make_user(name="Dora Deaktiv")

    client.post(f"/admin/nutzer/{person.id}/aktiv")
    client.post(f"/admin/nutzer/{person.id}/aktiv")

    assert [e.action for e in _entries()] == ["user.deactivated", "user.reactivated"]


def test_organisations_created_and_changed_are_recorded(client, admin):
    client.post("/admin/organisationen/neu", data={
        "name": "Gemeinde Protokollheim", "kind": "gemeinde", "state_code": "03", "ags": ""})
    [created] = _entries("organisation.created")
    client.post(f"/admin/organisationen/{created.target_id}", data={
        "name": "Gemeinde Protokollheim", "kind": "stadt", "state_code": "03", "ags": ""})

    [changed] = _entries("organisation.changed")
    assert changed.details["before"]["kind"] == "gemeinde"
    assert changed.details["after"]["kind"] == "stadt"


def test_lrs_clients_created_and_locked_are_recorded(client, admin):
    client.post("/xapi/verwaltung/zugaenge", data={"name": "Autorenwerkzeug",
                                                   "scopes": ["read", "write"],
                                                   "xapi_version": "2.0.0"})
    [created] = _entries("lrs_client.created")
    client.post(f"/xapi/verwaltung/zugaenge/{created.target_id}/aktiv")

    assert created.actor_name == "Ada Admin" and created.target_label == "Autorenwerkzeug"
    assert len(created.details["key"]) == 32 and created.details["scopes"] == ["read", "write"]
    assert [e.action for e in _entries()] == ["lrs_client.created", "lrs_client.locked"]


def test_any_feature_can_record_through_the_signal(app, make_user):
    author = make_user(name="Paul Publik")

    signals.audit_event.send(None, action="module.published", actor=author,
                             target_type="module", target_id=7, target_label="Mobilität",
                             details={"version": "1.2"})
    db.session.commit()

    [entry] = _entries()
    assert (entry.action, entry.actor_name, entry.target_label) == (
        "module.published", "Paul Publik", "Mobilität")


def test_the_command_line_is_recorded_as_such(app, make_organisation):
    make_organisation(ags="03241001")
    result = app.test_cli_runner().invoke(
        args=["lms", "create-user", "skript@beispiel.de", "--name", "Skript Konto",
              "--role", "coordinator", "--organisation", "03241001"],
        input="Ein-langes-Passwort-fuer-Automaten-1\n")

    assert result.exit_code == 0, result.output
    [entry] = _entries("user.created")
    assert entry.actor_id is None and entry.details == {"roles": ["coordinator"]}


def _fill_log(count: int, **fields) -> None:
    for n in range(count):
        audit.record(fields.get("action", "user.roles"), target_type="user", target_id=n,
                     target_label=fields.get("label", f"Person {n}"))
    db.session.commit()


def test_admins_read_the_log_newest_first(client, admin, make_user):
    person = make_user(name="Nina Neu")
    client.post(f"/admin/nutzer/{person.id}/aktiv")

    page = client.get(LOG).get_data(as_text=True)

    assert "Konto deaktiviert" in page and "Nina Neu" in page and "Ada Admin" in page


def test_the_log_is_paginated(client, admin):
    _fill_log(60)

    first = client.get(LOG).get_data(as_text=True)
    second = client.get(f"{LOG}?seite=2").get_data(as_text=True)

    assert "Person 59 " in first and "Person 9 " not in first
    assert "Person 9 " in second and "Seite 2 von 2" in second


def test_the_log_filters_by_action_person_target_and_time(client, admin):
    _fill_log(3, action="user.roles", label="Rolf")
    audit.record("certificate.revoked", actor=admin, target_type="certificate", target_id=1,
                 target_label="Kurs – Clara")
    db.session.commit()

    by_action = client.get(LOG, query_string={"aktion": "certificate.revoked"})
    by_person = client.get(LOG, query_string={"person": "ada"})
    by_target = client.get(LOG, query_string={"ziel": "clara"})
    today = datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()  # the UI's days
    by_day = client.get(LOG, query_string={"von": today, "bis": today})
    before = client.get(LOG, query_string={"bis": "2020-01-01"})

    for response in (by_action, by_person, by_target):
        text = response.get_data(as_text=True)
        assert "Kurs – Clara" in text and "Rolf" not in text
    assert "Rolf" in by_day.get_data(as_text=True)
    assert "Keine Einträge passen" in before.get_data(as_text=True)


def test_a_broken_filter_gets_a_message_not_an_error(client, admin):
    _fill_log(1)

    response = client.get(LOG, query_string={"von": "31.02.gestern", "aktion": "<script>"})

    assert response.status_code == 200
    assert "Bitte geben Sie ein Datum an" in response.get_data(as_text=True)


def test_details_read_in_words_not_as_stored_codes(client, admin, app, make_organisation):
    client.post("/admin/organisationen/neu", data={
        "name": "Gemeinde Protokollheim", "kind": "gemeinde", "state_code": "03",
        "ags": "03241020"})
    make_organisation(ags="03241001")
    app.test_cli_runner().invoke(
        args=["lms", "create-user", "skript@beispiel.de", "--name", "Skript Konto",
              "--role", "author", "--organisation", "03241001"],
        input="Ein-langes-Passwort-fuer-Automaten-1\n")

    page = client.get(LOG).get_data(as_text=True)

    assert "Name: Gemeinde Protokollheim; Art: Gemeinde; Bundesland: Niedersachsen; " \
           "AGS: 03241020" in page
    assert "Autorin/Autor" in page
    assert "state_code" not in page and "roles:" not in page and "author" not in page
