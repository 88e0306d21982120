"""Report figures on a small network: scoped to one organisation, right counts and averages."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from lms.extensions import db
from lms.progress.models import Status
from lms.reports import services
from lms.reports.services import Filters, Scope
from tests.reports.builders import DAY


def _figures(scope):
    return {f.title: f for f in services.module_figures(scope, services.modules())}


def _names(scope, filters: Filters | None = None):
    query = services.learner_table(scope, filters or Filters())
    return [row.name for row in db.session.execute(query)]


def test_coordinator_scope_is_their_organisation_whatever_they_ask_for(network):
    scope = services.scope_for(network.coordinator, organisation_id=network.south.id)

    assert scope == Scope(network.north)


def test_admin_sees_everyone_or_the_organisation_chosen(network, make_user):
    admin = make_user(roles=["admin"])

    assert services.scope_for(admin).everyone
    assert services.scope_for(admin, network.south.id) == Scope(network.south)


def test_coordinator_without_organisation_sees_nobody(network, orphan_coordinator):
    scope = services.scope_for(orphan_coordinator)

    assert services.learner_count(scope) == 0
    assert _names(scope) == []
    assert services.export_rows(scope, Filters()) == []


def test_learners_are_the_members_without_coordinating_role(network):
    assert services.learner_count(Scope(network.north)) == 3
    assert services.learner_count(Scope(network.south)) == 1


def test_module_figures_count_only_the_organisations_learners(network):
    figures = _figures(Scope(network.north))

    grundlagen = figures["Grundlagen des demografischen Wandels"]
    assert (grundlagen.started, grundlagen.in_progress, grundlagen.done, grundlagen.failed) == (
        2, 0, 1, 1)
    assert grundlagen.average_seconds == pytest.approx(1200)
    assert grundlagen.average_score == pytest.approx(0.65)
    mobility = figures["Mobilität im ländlichen Raum"]
    assert (mobility.started, mobility.in_progress, mobility.done) == (1, 1, 0)
    assert mobility.average_score is None


def test_module_without_activity_is_listed_with_zeros(network, make_organisation):
    figures = _figures(Scope(make_organisation()))

    assert [f.started for f in figures.values()] == [0, 0]


def test_course_figures(network, record_course):
    record_course(network.anna, network.course, Status.IN_PROGRESS)
    record_course(network.sven, network.course, Status.COMPLETED)

    [north] = services.course_figures(Scope(network.north), services.courses())
    [everyone] = services.course_figures(Scope(None, everyone=True), services.courses())

    assert (north.started, north.in_progress, north.done) == (1, 1, 0)
    assert (everyone.started, everyone.in_progress, everyone.done) == (2, 1, 1)


def test_learner_totals(network, record_course, issue_certificate):
    record_course(network.anna, network.course, Status.COMPLETED)
    issue_certificate(network.anna, network.course)

    rows = {row.name: row for row in db.session.execute(
        services.learner_table(Scope(network.north), Filters()))}

    anna = rows["Anna Ahrens"]
    assert (anna.modules_started, anna.modules_done, anna.courses_done, anna.certificates) == (
        2, 1, 1, 1)
    assert anna.seconds == 2100
    assert anna.last_activity_at == DAY + timedelta(days=3)
    clara = rows["Clara Claußen"]
    assert (clara.modules_started, clara.seconds, clara.last_activity_at) == (0, 0, None)


def test_sorted_by_last_activity_newest_first_never_active_last(network):
    north = Scope(network.north)

    assert _names(north) == ["Anna Ahrens", "Bernd Böhm", "Clara Claußen"]
    assert _names(north, Filters(sort="aktivitaet-alt")) == [
        "Bernd Böhm", "Anna Ahrens", "Clara Claußen"]


@pytest.mark.parametrize(("status", "expected"), [
    ("", ["Anna Ahrens", "Bernd Böhm"]),
    ("done", ["Anna Ahrens"]),
    ("failed", ["Bernd Böhm"]),
    ("in_progress", []),
    ("not_started", ["Clara Claußen"]),
])
def test_status_filter_on_one_module(network, status, expected):
    filters = Filters(module_id=network.grundlagen.id, status=status)

    assert _names(Scope(network.north), filters) == expected


def test_status_filter_without_module_means_any_module(network):
    assert _names(Scope(network.north), Filters(status="in_progress")) == ["Anna Ahrens"]
    assert _names(Scope(network.north), Filters(status="not_started")) == ["Clara Claußen"]


def test_course_filter(network, record_course):
    record_course(network.bernd, network.course, Status.IN_PROGRESS)

    assert _names(Scope(network.north), Filters(course_id=network.course.id)) == ["Bernd Böhm"]
    assert _names(Scope(network.north), Filters(course_id=network.course.id,
                                                status="not_started")) == [
        "Anna Ahrens", "Clara Claußen"]


def test_search_by_name_or_email_stays_in_scope(network):
    assert _names(Scope(network.north), Filters(search="böhm")) == ["Bernd Böhm"]
    assert _names(Scope(network.north), Filters(search="CLARA@")) == ["Clara Claußen"]
    assert _names(Scope(network.north), Filters(search="Sven")) == []


def test_export_rows_are_learner_by_module_in_scope(network):
    rows = services.export_rows(Scope(network.north), Filters())

    assert [(r.name, r.module, r.status) for r in rows] == [
        ("Anna Ahrens", "Grundlagen des demografischen Wandels", Status.PASSED),
        ("Anna Ahrens", "Mobilität im ländlichen Raum", Status.IN_PROGRESS),
        ("Bernd Böhm", "Grundlagen des demografischen Wandels", Status.FAILED),
        ("Clara Claußen", "", Status.NOT_STARTED),
    ]


def test_export_rows_follow_the_module_filter(network):
    rows = services.export_rows(Scope(network.north), Filters(module_id=network.mobilitaet.id,
                                                              status="in_progress"))

    assert [(r.name, r.module) for r in rows] == [("Anna Ahrens", "Mobilität im ländlichen Raum")]


def test_learner_report_is_none_outside_the_scope(network):
    assert services.learner_report(Scope(network.north), network.sven.id) is None
    assert services.learner_report(Scope(network.north), network.coordinator.id) is None
    report = services.learner_report(Scope(network.north), network.anna.id)
    assert [title for title, _row in report.modules] == [
        "Mobilität im ländlichen Raum", "Grundlagen des demografischen Wandels"]


def _queries_for_overview(scope) -> int:
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        module_list, course_list = services.modules(), services.courses()
        services.module_figures(scope, module_list)
        services.course_figures(scope, course_list)
        services.learner_count(scope)
        page = services.learner_page(scope, Filters(), 1, 25)
        [row.name for row in page.items]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_overview_queries_do_not_grow_with_the_number_of_learners(network, make_user,
                                                                  record_progress):
    few = _queries_for_overview(Scope(network.north))
    for _ in range(12):
        learner = make_user(organisation=network.north)
        record_progress(learner, network.grundlagen, Status.PASSED, score=0.8)
        record_progress(learner, network.mobilitaet)

    many = _queries_for_overview(Scope(network.north))

    # modules, courses, module figures, course figures, learner count, page count, page rows,
    # and reloading the organisation that the commits above expired
    assert few == many == 8
