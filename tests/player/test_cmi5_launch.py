"""cmi5 launch exactly as the specification says: URL parameters, fetch, LaunchData, the
statements the LMS writes, sessions, modes, and progress from moveOn."""

import json
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from lms.catalog.models import Module
from lms.extensions import db
from lms.xapi.services import get_agent_profile
from tests.packages.builders import COURSE_ID, au, block, cmi5_zip
from tests.packages.runtime import ContentSession, import_package

SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"
AU1, AU2 = COURSE_ID + "/au/1", COURSE_ID + "/au/2"
BLOCK = COURSE_ID + "/block/1"


@pytest.fixture
def course(app):
    """A published cmi5 course: a block with AU 1 (CompletedAndPassed, mastery 0.8) and AU 2."""
    data = cmi5_zip(
        block(BLOCK, au(AU1, "au/index.html?teil=1",
                        attributes='moveOn="CompletedAndPassed" masteryScore="0.8"',
                        extra="<launchParameters> Modus=Prüfung </launchParameters>"
                              "<entitlementKey>abc-123</entitlementKey>")),
        au(AU2, "au/index.html", attributes='moveOn="Completed" launchMethod="OwnWindow"'))
    import_package(data)
    return db.session.scalar(select(Module).where(Module.kind == "cmi5"))


def unit_key(module, publisher_id):
    units = module.current_version.content["units"]
    return next(unit["key"] for unit in units if unit["publisher_id"] == publisher_id)


def launch(client, module, publisher_id, mode="Normal"):
    """Press the unit's start button; returns the launch URL (from the frame or redirect)."""
    response = client.post(f"/lernen/{module.slug}/einheit/{unit_key(module, publisher_id)}",
                           data={"modus": mode})
    if response.status_code == 303:
        return response.headers["Location"]
    assert response.status_code == 200, response.get_data(as_text=True)
    return re.search(r'<iframe[^>]* src="([^"]+)"', response.get_data(as_text=True))[1] \
        .replace("&amp;", "&")


def test_launch_url_carries_the_five_parameters_and_the_units_own_query(client, learner,
                                                                        course):
    url = launch(client, course, AU1)
    session = ContentSession(client, url)

    parts = urlsplit(url)
    assert parts.netloc == "inhalte.lernraum.test"
    assert parts.path.endswith("/au/index.html")
    assert session.params["teil"] == "1"
    assert session.params["endpoint"] == "http://lernraum.test/xapi/"
    assert urlsplit(session.params["fetch"]).path.startswith("/xapi/cmi5/fetch/")
    assert session.actor == {"objectType": "Agent", "account": {
        "homePage": "http://lernraum.test", "name": learner.xapi_name}}
    assert re.fullmatch(r"[0-9a-f-]{36}", session.registration)
    assert session.activity_id == (f"http://lernraum.test/xapi/activities/module/{course.slug}"
                                   f"/au/{unit_key(course, AU1)}")
    assert session.activity_id != AU1


def test_fetch_url_gives_the_token_once_then_error_1(client, learner, course):
    session = ContentSession(client, launch(client, course, AU1))

    first, second = session.fetch(), session.fetch()

    assert first.status_code == 200 and first.mimetype == "application/json"
    assert set(first.get_json()) == {"auth-token"}
    assert second.status_code == 200
    assert second.get_json()["error-code"] == "1"
    assert client.get(urlsplit(session.params["fetch"]).path).status_code == 405
    assert client.post("/xapi/cmi5/fetch/falsch").get_json()["error-code"] == "2"


def test_launch_data_and_learner_preferences_are_ready_before_launch(client, learner, course):
    session = ContentSession(client, launch(client, course, AU1)).start()

    data = session.launch_data
    assert data["launchMode"] == "Normal"
    assert data["moveOn"] == "CompletedAndPassed"
    assert data["masteryScore"] == 0.8
    assert data["launchParameters"] == "Modus=Prüfung"
    assert data["entitlementKey"] == {"courseStructure": "abc-123"}
    assert data["returnURL"] == f"http://lernraum.test/lernen/{course.slug}/zurueck"
    template = data["contextTemplate"]
    assert template["contextActivities"]["grouping"] == [{"id": AU1}]
    session_id = template["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"]
    assert re.fullmatch(r"[0-9a-f-]{36}", session_id)
    assert get_agent_profile(session.actor, "cmi5LearnerPreferences") == {
        "languagePreference": "de-DE", "audioPreference": "on"}


def test_launched_statement_has_the_launch_facts(client, learner, course, statements_of):
    session = ContentSession(client, launch(client, course, AU1)).start()

    launched = [s for s in statements_of(session.registration) if s["verb"]["id"] == LAUNCHED]
    assert len(launched) == 1
    context = launched[0]["context"]
    extensions = context["extensions"]
    assert launched[0]["object"]["id"] == session.activity_id
    assert {"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"} in \
        context["contextActivities"]["category"]
    assert context["contextActivities"]["grouping"] == [{"id": AU1}]
    cmi5 = "https://w3id.org/xapi/cmi5/context/extensions/"
    assert extensions[cmi5 + "launchmode"] == "Normal"
    assert extensions[cmi5 + "moveon"] == "CompletedAndPassed"
    assert extensions[cmi5 + "masteryscore"] == 0.8
    assert extensions[cmi5 + "launchparameters"] == "Modus=Prüfung"
    assert extensions[cmi5 + "launchurl"].endswith("/au/index.html?teil=1")
    assert extensions[cmi5 + "sessionid"] == session.launch_data["contextTemplate"][
        "extensions"][cmi5 + "sessionid"]


def test_completing_the_course_writes_satisfied_for_block_and_course(
        client, learner, course, statements_of, progress_of):
    session = ContentSession(client, launch(client, course, AU1)).start()
    assert session.initialized().status_code == 200
    assert session.completed().status_code == 200
    assert session.passed(0.9).status_code == 200
    assert session.terminated().status_code == 200
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in statements_of(session.registration)]
    assert verbs == ["launched", "initialized", "completed", "passed", "satisfied", "terminated"]
    block_satisfied = statements_of(session.registration)[4]
    assert block_satisfied["object"]["definition"]["type"] == \
        "https://w3id.org/xapi/cmi5/activitytype/block"
    assert block_satisfied["context"]["contextActivities"]["grouping"] == [{"id": BLOCK}]
    assert progress_of(learner, course).status == "in_progress"

    second = ContentSession(client, launch(client, course, AU2)).start()
    second.initialized()
    second.completed()
    second.terminated()

    satisfied = [s for s in statements_of(session.registration) if s["verb"]["id"] == SATISFIED]
    assert [s["object"]["definition"]["type"].rsplit("/", 1)[1] for s in satisfied] == [
        "block", "course"]
    assert satisfied[1]["object"]["id"] == f"http://lernraum.test/xapi/activities/module/" \
                                           f"{course.slug}"
    row = progress_of(learner, course)
    assert row.status == "passed"
    assert row.best_score == 0.9
    assert row.pages_seen == [1, 2]


def test_own_window_unit_redirects_and_returns_to_the_module(client, learner, course):
    response = client.post(f"/lernen/{course.slug}/einheit/{unit_key(course, AU2)}",
                           data={"modus": "Normal"})

    assert response.status_code == 303
    assert response.headers["Location"].startswith("http://inhalte.lernraum.test/p/")
    back = client.get(f"/lernen/{course.slug}/zurueck")
    assert f'href="/lernen/{course.slug}/einheiten"' in back.get_data(as_text=True)


def test_relaunch_abandons_the_open_session(client, learner, course, statements_of):
    first = ContentSession(client, launch(client, course, AU1)).start()
    first.initialized()

    second = ContentSession(client, launch(client, course, AU1)).start()

    assert second.registration == first.registration
    abandoned = [s for s in statements_of(first.registration) if s["verb"]["id"] == ABANDONED]
    assert len(abandoned) == 1
    assert abandoned[0]["result"]["duration"].startswith("PT")
    old_session = first.launch_data["contextTemplate"]["extensions"][
        "https://w3id.org/xapi/cmi5/context/extensions/sessionid"]
    assert abandoned[0]["context"]["extensions"][
        "https://w3id.org/xapi/cmi5/context/extensions/sessionid"] == old_session
    assert first.send("experienced", defined=False).status_code == 401
    assert second.initialized().status_code == 200


def test_browse_mode_refuses_judgement(client, learner, course):
    session = ContentSession(client, launch(client, course, AU1, mode="Browse")).start()

    assert session.launch_data["launchMode"] == "Browse"
    assert session.initialized().status_code == 200
    response = session.completed()
    assert response.status_code == 403
    assert "Browse" in response.get_json()["message"]


def test_review_mode_is_offered_after_satisfaction_and_refuses_judgement(client, learner,
                                                                         course):
    session = ContentSession(client, launch(client, course, AU2)).start()
    session.initialized(), session.completed(), session.terminated()
    html = client.get(f"/lernen/{course.slug}/einheiten").get_data(as_text=True)
    assert html.count("Rückblick (ohne Wertung)") == 1
    assert html.count("Umschauen (ohne Wertung)") == 1

    review = ContentSession(client, launch(client, course, AU2, mode="Review")).start()

    assert review.launch_data["launchMode"] == "Review"
    assert review.initialized().status_code == 200
    assert review.passed().status_code == 403


def test_an_author_waives_a_unit_for_a_learner(client, app, learner, make_user, course,
                                               statements_of, progress_of):
    first = ContentSession(client, launch(client, course, AU1)).start()
    first.initialized(), first.terminated()
    runner = app.test_cli_runner()

    result = runner.invoke(args=["lms", "waive-unit", learner.email, course.slug, "1",
                                 "--reason", "Tested Out"])
    again = runner.invoke(args=["lms", "waive-unit", learner.email, course.slug, "1"])

    assert result.exit_code == 0 and "Erlassen." in result.output
    assert "War schon erlassen." in again.output
    found = statements_of(first.registration)
    waived = [s for s in found if s["verb"]["id"].endswith("/waived")]
    assert len(waived) == 1
    assert waived[0]["result"] == {"success": True, "completion": True, "extensions": {
        "https://w3id.org/xapi/cmi5/result/extensions/reason": "Tested Out"}}
    assert {"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"} in \
        waived[0]["context"]["contextActivities"]["category"]
    satisfied = found[found.index(waived[0]) + 1]
    assert satisfied["verb"]["id"].endswith("/satisfied")
    session_key = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
    assert satisfied["context"]["extensions"][session_key] == \
        waived[0]["context"]["extensions"][session_key]
    assert progress_of(learner, course).units[unit_key(course, AU1)] == {"waived": True}


def test_not_applicable_course_is_satisfied_at_registration(client, learner, statements_of,
                                                            progress_of):
    import_package(cmi5_zip(block(BLOCK, au(AU1, attributes='moveOn="NotApplicable"'))))
    module = db.session.scalar(select(Module).where(Module.kind == "cmi5"))

    session = ContentSession(client, launch(client, module, AU1))

    verbs = [(s["verb"]["id"].rsplit("/", 1)[1],
              s["object"].get("definition", {}).get("type", "").rsplit("/", 1)[-1])
             for s in statements_of(session.registration)]
    assert verbs == [("satisfied", "block"), ("satisfied", "course"), ("launched", "")]
    assert progress_of(learner, module).status == "completed"


def test_module_page_lists_units_in_their_blocks(client, learner, course):
    html = client.get(f"/lernen/{course.slug}").get_data(as_text=True)

    assert client.get(f"/lernen/{course.slug}").status_code == 302
    html = client.get(f"/lernen/{course.slug}/einheiten").get_data(as_text=True)
    assert '<h2 class="unit-block__title">Block</h2>' in html
    assert html.count('class="unit"') == 2
    assert "Umschauen (ohne Wertung)" in html
    assert json.dumps("x")  # the page renders without the learner having started


def test_module_and_preview_pages_let_launch_forms_lead_to_the_content_origin(client, learner,
                                                                               course):
    """Browsers apply form-action to the redirect of an OwnWindow launch, too."""
    policy = client.get(f"/lernen/{course.slug}/einheiten").headers["Content-Security-Policy"]

    assert "form-action 'self' http://inhalte.lernraum.test" in policy
    assert "frame-src 'self' http://inhalte.lernraum.test" in policy
