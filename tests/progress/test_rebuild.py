"""Rebuilding the projection from the stored statements gives exactly the live rows."""

from sqlalchemy import select

from lms.extensions import db
from lms.progress.models import CourseProgress, ModuleProgress
from tests.conftest import PASSWORD
from tests.packages.sample import QUIZ_RIGHT, QUIZ_WRONG

MODULE_COLUMNS = ("user_id", "module_id", "module_version_id", "registration", "status", "best_score",
                  "quiz_passed", "attempts", "time_spent_seconds", "pages_seen", "last_page",
                  "started_at", "last_activity_at", "completed_at")
COURSE_COLUMNS = ("user_id", "course_id", "status", "modules_completed", "started_at",
                  "last_activity_at", "completed_at")


def _snapshot() -> tuple[list, list]:
    db.session.expire_all()
    modules = sorted(tuple(getattr(row, c) for c in MODULE_COLUMNS)
                     for row in db.session.scalars(select(ModuleProgress)))
    courses = sorted(tuple(getattr(row, c) for c in COURSE_COLUMNS)
                     for row in db.session.scalars(select(CourseProgress)))
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
