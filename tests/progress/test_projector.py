"""Statements become progress rows: completion rules, time, courses, signals exactly once."""

from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from lms.catalog.models import Course
from lms.core.models import utcnow
from lms.extensions import db
from lms.player import tracking
from lms.progress.models import CourseProgress, ModuleProgress, Status
from lms.progress.projector import parse_duration
from lms.xapi.services import record_statements
from tests.packages.sample import QUIZ_RIGHT, QUIZ_WRONG


def _row(user, module) -> ModuleProgress | None:
    db.session.expire_all()
    return db.session.scalar(
        select(ModuleProgress).where(
            ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id
        )
    )


def _visit_all(client, slug: str) -> None:
    client.get(f"/lernen/{slug}")
    client.get(f"/lernen/{slug}/seite/1")
    client.get(f"/lernen/{slug}/seite/2")


def _take_quiz(client, slug: str, answers: dict) -> None:
    url = client.post(f"/lernen/{slug}/test").location
    client.post(url, data=answers)


def test_module_without_quiz_completes_when_all_pages_are_seen(
    client, modules, learner, completions
):
    client.get("/lernen/ohne-test")
    client.get("/lernen/ohne-test/seite/1")
    assert _row(learner, modules["ohne-test"]).status == Status.IN_PROGRESS
    client.get("/lernen/ohne-test/seite/2")
    row = _row(learner, modules["ohne-test"])
    assert row.status == Status.COMPLETED and row.completed_at is not None
    assert ("module", learner.id, modules["ohne-test"].id) in completions


def test_module_completed_is_signalled_once(client, modules, learner, completions):
    _visit_all(client, "ohne-test")
    client.get("/lernen/ohne-test/seite/1")
    client.get("/lernen/ohne-test/seite/2")
    assert completions.count(("module", learner.id, modules["ohne-test"].id)) == 1


def test_quiz_module_needs_the_passed_test_as_well(client, modules, learner, completions):
    _visit_all(client, "mit-test")
    assert _row(learner, modules["mit-test"]).status == Status.IN_PROGRESS
    _take_quiz(client, "mit-test", QUIZ_WRONG)
    assert _row(learner, modules["mit-test"]).status == Status.FAILED
    assert not completions
    _take_quiz(client, "mit-test", QUIZ_RIGHT)
    row = _row(learner, modules["mit-test"])
    assert row.status == Status.PASSED and row.best_score == 1.0 and row.attempts == 2
    assert completions == [("module", learner.id, modules["mit-test"].id)]


def test_quiz_passed_before_the_last_page_completes_on_that_page(client, modules, learner):
    client.get("/lernen/mit-test")
    client.get("/lernen/mit-test/seite/1")
    _take_quiz(client, "mit-test", QUIZ_RIGHT)
    row = _row(learner, modules["mit-test"])
    assert row.status == Status.IN_PROGRESS and row.quiz_passed
    client.get("/lernen/mit-test/seite/2")
    assert _row(learner, modules["mit-test"]).status == Status.PASSED


def test_course_completes_with_required_and_enough_electives_once(
    client, modules, learner, completions
):
    course = db.session.scalar(select(Course).where(Course.slug == "kurs"))
    _visit_all(client, "ohne-test")
    course_row = db.session.scalar(select(CourseProgress))
    assert course_row.status == Status.IN_PROGRESS and course_row.modules_completed == 1
    _visit_all(client, "mit-test")
    _take_quiz(client, "mit-test", QUIZ_RIGHT)
    db.session.expire_all()
    course_row = db.session.scalar(select(CourseProgress))
    assert course_row.status == Status.COMPLETED and course_row.modules_completed == 2
    _visit_all(client, "wahl-zwei")
    assert completions.count(("course", learner.id, course.id)) == 1


def _track(user, module, registration="00000000-0000-4000-8000-000000000001"):
    version = module.current_version
    return tracking.Track(
        current_app.config["BASE_URL"],
        user.xapi_name,
        module.slug,
        version.title,
        version.version,
        registration,
    )


def _at(statement: dict, moment) -> dict:
    statement["timestamp"] = moment.isoformat()
    return statement


def test_time_counts_gaps_within_a_session_but_not_long_breaks(modules, make_user):
    user = make_user()
    track = _track(user, modules["ohne-test"])
    start = utcnow() - timedelta(hours=3)
    statements = [_at(s, start) for s in tracking.launched(track)]
    statements.append(_at(tracking.experienced(track, 1, "Eins"), start + timedelta(minutes=5)))
    statements.append(_at(tracking.experienced(track, 2, "Zwei"), start + timedelta(hours=2)))
    record_statements(statements)
    row = _row(user, modules["ohne-test"])
    assert row.time_spent_seconds == 300
    assert row.last_activity_at == start + timedelta(hours=2)


def test_result_duration_counts_as_time(modules, make_user):
    user = make_user()
    track = _track(user, modules["ohne-test"])
    statement = tracking.experienced(track, 1, "Eins")
    statement["result"] = {"duration": "PT1M30S"}
    record_statements(tracking.launched(track) + [statement])
    assert _row(user, modules["ohne-test"]).time_spent_seconds == 90


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("PT1H2M3S", 3723), ("P1DT1S", 86401), ("PT0.5S", 0), ("PT2.5M", 150), ("", 0), ("unsinn", 0)],
)
def test_durations_are_read(value, seconds):
    assert parse_duration(value) == seconds


def test_statements_about_other_platforms_or_unknown_modules_are_ignored(modules, make_user):
    user = make_user()
    foreign = tracking.Track(
        "https://anderes-lms.example",
        user.xapi_name,
        "ohne-test",
        "x",
        "1.0.0",
        "00000000-0000-4000-8000-000000000002",
    )
    unknown = tracking.Track(
        current_app.config["BASE_URL"],
        user.xapi_name,
        "gibt-es-nicht",
        "x",
        "1.0.0",
        "00000000-0000-4000-8000-000000000003",
    )
    record_statements(tracking.launched(foreign) + tracking.launched(unknown))
    assert db.session.scalar(select(ModuleProgress)) is None
