"""Coordinators assign modules and courses; learners see them on their plan; reports show
assigned, overdue and done; a reminder goes out before the due date."""

import re
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from lms.assignments import services
from lms.catalog.assignments import Assignment
from lms.catalog.models import PlanEntry
from lms.core import jobs
from lms.core.mail import stored_mails
from lms.core.models import utcnow
from lms.extensions import db
from lms.privacy.models import DataAccess
from lms.progress.models import Status
from lms.reports import matrix
from lms.reports.services import Scope
from tests.reports.builders import record_progress_row

TODAY = utcnow().date()


def _subject(module):
    return services.subject_for(f"m{module.id}")


def test_assigning_to_everyone_puts_the_module_on_each_plan(client, login, network):
    login(network.coordinator)

    response = client.post("/koordination/zuweisungen", data={
        "subject": f"m{network.mobilitaet.id}", "audience": "all",
        "due_on": (TODAY + timedelta(days=14)).isoformat()})

    assert response.status_code == 302
    assigned = db.session.scalars(select(Assignment)).all()
    assert {a.user_id for a in assigned} == {network.anna.id, network.bernd.id, network.clara.id}
    plans = set(db.session.execute(select(PlanEntry.user_id, PlanEntry.module_id)).all())
    assert (network.clara.id, network.mobilitaet.id) in plans


def test_learner_sees_the_assignment_on_the_plan(client, login, network):
    services.assign(acting=network.coordinator, organisation=network.north,
                    subject=_subject(network.mobilitaet), user_ids=[network.clara.id],
                    due_on=TODAY + timedelta(days=5))
    login(network.clara)

    html = client.get("/lernplan").get_data(as_text=True)

    due = (TODAY + timedelta(days=5)).strftime("%d.%m.%Y")
    assert f"Zugewiesen, fällig am {due}" in html


def test_a_course_assignment_covers_its_modules_in_the_matrix(network):
    services.assign(acting=network.coordinator, organisation=network.north,
                    subject=services.subject_for(f"k{network.course.id}"),
                    user_ids=[network.bernd.id], due_on=None)

    page = matrix.matrix_page(Scope(network.north), matrix.MatrixFilters(status="assigned"),
                              1, 25)

    assert [row.name for row in page.rows] == ["Bernd Böhm"]
    assert all(cell.assigned for cell in page.rows[0].cells)


def test_totals_show_assigned_done_and_overdue(network):
    north = network.north
    for learner, due in ((network.anna, TODAY - timedelta(days=1)),
                         (network.bernd, TODAY - timedelta(days=1)),
                         (network.clara, TODAY + timedelta(days=3))):
        db.session.add(Assignment(user_id=learner.id, subject_kind="module",
                                  subject_id=network.grundlagen.id, organisation_id=north.id,
                                  due_on=due))
    db.session.commit()

    totals = services.totals(Scope(north), TODAY)

    # Anna passed Grundlagen (done), Bernd failed it (overdue), Clara's is due later (open).
    assert (totals.assigned, totals.done, totals.overdue, totals.open) == (3, 1, 1, 2)
    overdue = matrix.matrix_page(Scope(north), matrix.MatrixFilters(status="overdue"), 1, 25)
    assert [row.name for row in overdue.rows] == ["Bernd Böhm"]


def test_a_due_date_in_the_past_is_refused(client, login, network):
    login(network.coordinator)

    response = client.post("/koordination/zuweisungen", data={
        "subject": f"m{network.mobilitaet.id}", "audience": "all",
        "due_on": (TODAY - timedelta(days=1)).isoformat()})

    assert response.status_code == 400
    assert "Fälligkeitsdatum liegt in der Vergangenheit" in response.get_data(as_text=True)
    assert db.session.scalars(select(Assignment)).all() == []


@pytest.mark.parametrize("data", [
    {"subject": "m999999", "audience": "all"},
    {"subject": "", "audience": "all"},
    {"subject": "x", "audience": "chosen"},
])
def test_bad_input_gets_a_message_and_stores_nothing(client, login, network, data):
    login(network.coordinator)

    response = client.post("/koordination/zuweisungen", data=data)

    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert db.session.scalars(select(Assignment)).all() == []


def test_reassigning_changes_the_due_date_once(network):
    subject = _subject(network.mobilitaet)
    first = services.assign(acting=network.coordinator, organisation=network.north,
                            subject=subject, user_ids=[network.anna.id], due_on=None)
    again = services.assign(acting=network.coordinator, organisation=network.north,
                            subject=subject, user_ids=[network.anna.id],
                            due_on=TODAY + timedelta(days=9))

    assert (first.created, again.created, again.updated) == (1, 0, 1)
    assert db.session.scalars(select(Assignment)).one().due_on == TODAY + timedelta(days=9)


def test_reminder_goes_out_once_for_open_assignments_due_soon(app, network):
    subject = _subject(network.mobilitaet)
    services.assign(acting=network.coordinator, organisation=network.north, subject=subject,
                    user_ids=[network.anna.id, network.clara.id], due_on=TODAY + timedelta(days=2))
    services.assign(acting=network.coordinator, organisation=network.north,
                    subject=_subject(network.grundlagen), user_ids=[network.bernd.id],
                    due_on=TODAY + timedelta(days=20))
    record_progress_row(network.clara, network.mobilitaet, Status.COMPLETED)

    assert services.send_reminders(TODAY) == 1  # Clara is done, Bernd's is not due yet
    assert services.send_reminders(TODAY) == 0  # once only
    [mail] = stored_mails()
    assert mail.recipient == "anna@nordstadt.de"
    assert "Mobilität im ländlichen Raum" in mail.subject
    assert re.search(r"fällig ist es am \d\d\.\d\d\.\d{4}", mail.body)


def test_reminder_command(app, network):
    services.assign(acting=network.coordinator, organisation=network.north,
                    subject=_subject(network.mobilitaet), user_ids=[network.anna.id],
                    due_on=TODAY)

    result = app.test_cli_runner().invoke(args=["lms", "send-reminders", "--days", "0"])

    assert result.exit_code == 0 and "1 Erinnerungen verschickt." in result.output


def test_withdrawing_keeps_the_plan(client, login, network):
    services.assign(acting=network.coordinator, organisation=network.north,
                    subject=_subject(network.mobilitaet), user_ids=[network.clara.id],
                    due_on=None)
    assignment = db.session.scalars(select(Assignment)).one()
    login(network.coordinator)

    response = client.post(f"/koordination/zuweisungen/{assignment.id}/zuruecknehmen")

    assert response.status_code == 302
    assert db.session.scalars(select(Assignment)).all() == []
    assert db.session.scalars(select(PlanEntry)).all()


def test_the_list_exports_with_states_and_is_logged(client, login, network):
    db.session.add(Assignment(user_id=network.bernd.id, subject_kind="module",
                              subject_id=network.grundlagen.id,
                              organisation_id=network.north.id,
                              due_on=TODAY - timedelta(days=1)))
    db.session.commit()
    login(network.coordinator)

    body = client.get("/koordination/export/zuweisungen.csv").get_data().decode("utf-8-sig")

    assert body.splitlines()[1] == (
        "Bernd Böhm;bernd@nordstadt.de;Grundlagen des demografischen Wandels;"
        f"{(TODAY - timedelta(days=1)).strftime('%d.%m.%Y')};überfällig")
    assert [a.subject_id for a in db.session.scalars(select(DataAccess))] == [network.bernd.id]


def test_the_worker_sends_the_reminders_every_morning_with_a_link_to_the_plan(app, network):
    services.assign(acting=network.coordinator, organisation=network.north,
                    subject=_subject(network.mobilitaet), user_ids=[network.anna.id],
                    due_on=TODAY + timedelta(days=1))
    db.session.commit()
    [periodic] = [task for task in jobs.queue(app)._registry.periodic_tasks
                  if task.name == "assignments.remind"]
    assert periodic.validate_datetime(datetime(2026, 12, 8, 6, 15))
    task = app.extensions["lms_job_tasks"]["assignments.remind"]
    errors = []

    def worker():  # a thread of its own: no request or app context, as in the worker process
        try:
            task.func()
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()

    assert errors == []
    [mail] = stored_mails()
    assert "http://lernraum.test/lernplan" in mail.body
