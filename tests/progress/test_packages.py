"""Package modules count like native ones: course completion, certificates' signals, and a
rebuild from statements gives the same rows."""

import re

import pytest
from sqlalchemy import select

from lms.catalog.models import Module
from lms.extensions import db
from lms.packages.importing import sync_modules
from lms.progress.models import CourseProgress, ModuleProgress
from lms.progress.services import rebuild_progress
from tests.conftest import PASSWORD
from tests.packages.builders import COURSE_ID, au, block, cmi5_zip, tincan_zip
from tests.packages.runtime import ContentSession, import_package
from tests.packages.sample import write_course, write_module

COLUMNS = ("user_id", "module_id", "module_version_id", "registration", "status", "best_score",
           "quiz_passed", "attempts", "pages_seen", "last_page", "units", "started_at",
           "completed_at")


def snapshot():
    db.session.expire_all()
    modules = sorted(tuple(str(getattr(row, c)) for c in COLUMNS)
                     for row in db.session.scalars(select(ModuleProgress)))
    courses = sorted((row.user_id, row.course_id, row.status, row.modules_completed,
                      row.completed_at) for row in db.session.scalars(select(CourseProgress)))
    return modules, courses


def browser_of(app, user):
    browser = app.test_client()
    response = browser.post("/anmelden", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def launch(browser, module, position=1) -> ContentSession:
    key = module.current_version.content["units"][position - 1]["key"]
    response = browser.post(f"/lernen/{module.slug}/einheit/{key}", data={})
    if response.status_code == 303:
        return ContentSession(browser, response.headers["Location"])
    html = response.get_data(as_text=True)
    url = re.search(r'<iframe[^>]* src="([^"]+)"', html)[1].replace("&amp;", "&")
    return ContentSession(browser, url)


@pytest.fixture
def cmi5_module(app):
    import_package(cmi5_zip(block(COURSE_ID + "/b", au(COURSE_ID + "/au/1"),
                                  au(COURSE_ID + "/au/2", attributes='moveOn="Passed"'))))
    return db.session.scalar(select(Module).where(Module.kind == "cmi5"))


@pytest.fixture
def xapi_module(app):
    import_package(tincan_zip())
    return db.session.scalar(select(Module).where(Module.kind == "xapi"))


def test_a_course_of_a_package_and_a_native_module_completes(app, tmp_path, make_user,
                                                            cmi5_module, xapi_module,
                                                            completions):
    folder = tmp_path / "modules"
    write_module(folder, "nativ", quiz=False)
    write_course(folder, "gemischt", [cmi5_module.slug], [xapi_module.slug, "nativ"], 1)
    assert not sync_modules(folder).errors
    learner = make_user()
    browser = browser_of(app, learner)

    first = launch(browser, cmi5_module, 1).start()
    first.initialized(), first.completed(), first.terminated()
    second = launch(browser, cmi5_module, 2).start()
    second.initialized(), second.passed(), second.terminated()
    assert [kind for kind, *_ in completions] == ["module"]
    package = launch(browser, xapi_module)
    package.send("completed", defined=False)

    assert [kind for kind, *_ in completions] == ["module", "module", "course"]
    course = db.session.scalar(select(CourseProgress))
    assert course.status == "completed" and course.modules_completed == 2


def test_rebuild_gives_the_same_rows_for_package_modules(app, make_user, cmi5_module,
                                                         xapi_module):
    learners = [make_user(), make_user()]
    for number, learner in enumerate(learners):
        browser = browser_of(app, learner)
        session = launch(browser, cmi5_module, 1).start()
        session.initialized(), session.completed(), session.terminated()
        if number == 0:
            again = launch(browser, cmi5_module, 2).start()
            again.initialized(), again.failed(0.2)
            third = launch(browser, cmi5_module, 2).start()
            third.initialized(), third.passed(0.7), third.terminated()
        package = launch(browser, xapi_module)
        package.send("attempted", defined=False)
        if number == 1:
            package.send("passed", defined=False, result={"success": True,
                                                          "score": {"scaled": 0.6}})
    live = snapshot()
    assert [row[4] for row in live[0]].count("passed") == 2

    rebuild_progress()

    assert snapshot() == live


def test_a_preview_never_counts_as_progress(app, make_user, cmi5_module):
    author = make_user(roles=["author"])
    browser = browser_of(app, author)
    version = cmi5_module.current_version
    key = version.content["units"][0]["key"]

    response = browser.post(f"/vorschau/{version.id}/einheit/{key}", data={})
    html = response.get_data(as_text=True)
    session = ContentSession(browser, re.search(r'src="([^"]+)"', html.split("<iframe")[1])[1]
                             .replace("&amp;", "&")).start()
    session.initialized(), session.completed(), session.terminated()

    assert "/xapi/activities/preview/" in session.activity_id
    assert db.session.scalar(select(ModuleProgress)) is None
    verbs = {s["verb"]["id"].rsplit("/", 1)[1] for s in _statements(session.registration)}
    assert verbs == {"launched", "initialized", "completed", "terminated"}


def _statements(registration):
    from lms.xapi.services import query_statements

    return query_statements(registration=registration)[0]
