"""Rebuilding the projection from the stored statements gives exactly the live rows."""

from sqlalchemy import select

from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.progress.models import CourseProgress, ModuleProgress, Status
from lms.xapi.services import query_statements, record_statements
from tests.conftest import PASSWORD
from tests.packages.sample import QUIZ_RIGHT, QUIZ_WRONG

MODULE_COLUMNS = (
    "user_id",
    "module_id",
    "module_version_id",
    "registration",
    "status",
    "best_score",
    "quiz_passed",
    "attempts",
    "time_spent_seconds",
    "pages_seen",
    "last_page",
    "started_at",
    "last_activity_at",
    "completed_at",
)
COURSE_COLUMNS = (
    "user_id",
    "course_id",
    "status",
    "modules_completed",
    "started_at",
    "last_activity_at",
    "completed_at",
)


def _snapshot() -> tuple[list, list]:
    db.session.expire_all()
    modules = sorted(
        tuple(getattr(row, c) for c in MODULE_COLUMNS)
        for row in db.session.scalars(select(ModuleProgress))
    )
    courses = sorted(
        tuple(getattr(row, c) for c in COURSE_COLUMNS)
        for row in db.session.scalars(select(CourseProgress))
    )
    return modules, courses


def _journeys(app, make_user) -> None:
    first, second = make_user(), make_user()
    for user, steps in ((first, "full"), (second, "partial")):
        browser = app.test_client()
        browser.post("/anmelden", data={"email": user.email, "password": PASSWORD})
        browser.get("/lernen/mit-test")
        browser.get("/lernen/mit-test/seite/1")
        browser.post("/lernen/mit-test/seite/1/antwort/einfach", data={"einfach": "o1"})
        if steps == "partial":
            continue
        browser.get("/lernen/mit-test/seite/2")
        for answers in (QUIZ_WRONG, QUIZ_RIGHT):
            browser.post(browser.post("/lernen/mit-test/test").location, data=answers)
        for slug in ("ohne-test", "wahl-zwei"):
            browser.get(f"/lernen/{slug}")
            browser.get(f"/lernen/{slug}/seite/1")
            browser.get(f"/lernen/{slug}/seite/2")


def test_rebuild_equals_the_live_projection(app, modules, make_user):
    _journeys(app, make_user)
    live = _snapshot()
    assert len(live[0]) == 4 and len(live[1]) == 2
    result = app.test_cli_runner().invoke(args=["lms", "rebuild-progress"])
    assert result.exit_code == 0 and "Lernstände aus" in result.output
    assert _snapshot() == live


def test_rebuild_sends_no_completion_signals(app, modules, make_user, completions):
    _journeys(app, make_user)
    sent = len(completions)
    assert sent == 4  # three modules and the course, for the first learner
    app.test_cli_runner().invoke(args=["lms", "rebuild-progress"])
    assert len(completions) == sent


def test_rebuild_restores_deleted_rows(app, modules, make_user):
    _journeys(app, make_user)
    live = _snapshot()
    db.session.execute(ModuleProgress.__table__.delete())
    db.session.commit()
    app.test_cli_runner().invoke(args=["lms", "rebuild-progress"])
    assert _snapshot() == live


def _void(statement_ids: list[str]) -> None:
    record_statements(
        [
            {
                "actor": {
                    "objectType": "Agent",
                    "account": {"homePage": "https://verwaltung.example", "name": "admin"},
                },
                "verb": {"id": Verb.VOIDED, "display": {"de-DE": "für ungültig erklärt"}},
                "object": {"objectType": "StatementRef", "id": statement_id},
            }
            for statement_id in statement_ids
        ]
    )


def test_voided_statements_stop_counting_at_once_and_in_a_rebuild(app, client, modules, learner):
    for page in ("", "/seite/1", "/seite/2"):
        client.get(f"/lernen/ohne-test{page}")
    row = db.session.scalar(select(ModuleProgress))
    assert row.status == Status.COMPLETED
    found, _ = query_statements(registration=row.registration, ascending=True)
    targets = [
        s["id"]
        for s in found
        if s["verb"]["id"] == Verb.COMPLETED or s["object"]["id"].endswith("/page/2")
    ]
    _void(targets)
    db.session.expire_all()
    row = db.session.scalar(select(ModuleProgress))
    assert row.status == Status.IN_PROGRESS and row.pages_seen == [1] and row.completed_at is None
    live = _snapshot()
    app.test_cli_runner().invoke(args=["lms", "rebuild-progress"])
    assert _snapshot() == live
