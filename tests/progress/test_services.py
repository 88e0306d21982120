"""What other features read: progress per module, and what is done or missing in a course."""

from sqlalchemy import select

from lms.catalog.models import Course
from lms.extensions import db
from lms.progress import services
from tests.packages.sample import QUIZ_RIGHT


def _course() -> Course:
    return db.session.scalar(select(Course).where(Course.slug == "kurs"))


def test_module_progress_for_lists_started_modules(client, modules, learner):
    client.get("/lernen/ohne-test")
    rows = services.module_progress_for(learner.id)
    assert list(rows) == [modules["ohne-test"].id]


def test_course_status_of_a_newcomer_lists_everything_as_missing(modules, make_user):
    status = services.course_status(make_user().id, _course())
    assert [m.slug for m in status.required_missing] == ["mit-test"]
    assert status.electives_missing == 1 and not status.completed and status.row is None


def test_course_status_after_an_elective(client, modules, learner):
    for page in ("", "/seite/1", "/seite/2"):
        client.get(f"/lernen/wahl-zwei{page}")
    status = services.course_status(learner.id, _course())
    assert [m.slug for m in status.electives_done] == ["wahl-zwei"]
    assert status.electives_missing == 0
    assert [m.slug for m in status.required_missing] == ["mit-test"]


def test_course_status_completed(client, modules, learner):
    for slug in ("mit-test", "ohne-test"):
        for page in ("", "/seite/1", "/seite/2"):
            client.get(f"/lernen/{slug}{page}")
    client.post(client.post("/lernen/mit-test/test").location, data=QUIZ_RIGHT)
    status = services.course_status(learner.id, _course())
    assert status.completed and status.row.completed_at is not None


def test_missing_for_module_in_words(client, modules, learner):
    client.get("/lernen/mit-test")
    client.get("/lernen/mit-test/seite/1")
    row = services.progress_of(learner.id, modules["mit-test"].id)
    assert services.missing_for_module(row) == ["Seite 2 ansehen", "Abschlusstest bestehen"]
