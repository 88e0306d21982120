"""What a SCO reports becomes statements following the ADL xAPI SCORM profile, and the
projector turns them into module progress (docs/scorm.md, "Lernfortschritt")."""

import pytest
from sqlalchemy import select

from lms.catalog.models import Course, CourseModule
from lms.extensions import db
from lms.progress.models import CourseProgress, ModuleProgress, Status
from lms.progress.services import rebuild_progress
from lms.scorm.reporting import score_of
from lms.xapi.services import query_statements
from tests.scorm.adapter import Adapter, launch, unit_key

ADL = "http://adlnet.gov/expapi/verbs/"
PROFILE = "https://w3id.org/xapi/scorm"


def verbs(statements):
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]


def registration_of(user, module):
    db.session.expire_all()
    return db.session.scalar(select(ModuleProgress.registration).where(
        ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id))


def sco_iri(module, publisher_id):
    return (f"http://lernraum.test/xapi/activities/module/{module.slug}/sco/"
            f"{unit_key(module, publisher_id)}")


def test_a_session_reads_as_initialized_completed_terminated(client, learner, scorm12,
                                                             statements_of):
    adapter = launch(client, scorm12, "intro")
    adapter.start()
    adapter.commit(["cmi.core.lesson_status", "incomplete"], initialize=True)
    adapter.commit(["cmi.core.lesson_status", "completed"],
                   ["cmi.core.session_time", "0000:05:00"], finish=True)

    found = statements_of(registration_of(learner, scorm12))

    assert verbs(found) == ["launched", "initialized", "completed", "terminated"]
    initialized, terminated = found[1], found[3]
    assert initialized["object"]["id"] == sco_iri(scorm12, "intro")
    assert initialized["object"]["definition"]["type"] == \
        "http://adlnet.gov/expapi/activities/lesson"
    context = initialized["context"]
    assert context["registration"] == registration_of(learner, scorm12)
    assert context["revision"] == "1"
    assert context["contextActivities"]["category"][0]["id"] == PROFILE
    assert context["contextActivities"]["parent"][0]["id"] == \
        f"http://lernraum.test/xapi/activities/module/{scorm12.slug}"
    attempt = context["contextActivities"]["grouping"][0]
    assert attempt["id"].startswith(sco_iri(scorm12, "intro") + "?attemptId=")
    assert attempt["definition"]["type"] == "http://adlnet.gov/expapi/activities/attempt"
    assert terminated["result"] == {"completion": True, "duration": "PT0H5M0S"}
    assert terminated["actor"]["account"]["name"] == learner.xapi_name


def test_suspend_and_resume_are_reported(client, learner, scorm2004, statements_of):
    first = launch(client, scorm2004, "sco_1")
    first.start()
    first.commit(["cmi.exit", "suspend"], ["cmi.session_time", "PT30S"], initialize=True,
                 finish=True)
    second = launch(client, scorm2004, "sco_1")
    second.start()
    second.commit(initialize=True)

    found = statements_of(registration_of(learner, scorm2004))

    assert verbs(found) == ["launched", "initialized", "suspended", "launched", "resumed"]
    assert found[2]["result"]["duration"] == "PT0H0M30S"
    groupings = {s["context"]["contextActivities"]["grouping"][0]["id"] for s in found}
    assert len(groupings) == 1  # the same attempt throughout


def test_status_and_score_of_scorm_2004(client, learner, scorm2004, statements_of):
    adapter = launch(client, scorm2004, "sco_1")
    adapter.start()
    adapter.commit(["cmi.score.raw", "17"], ["cmi.score.min", "0"], ["cmi.score.max", "20"],
                   ["cmi.score.scaled", "0.85"], ["cmi.success_status", "passed"],
                   ["cmi.completion_status", "completed"], initialize=True, finish=True)

    found = statements_of(registration_of(learner, scorm2004))

    assert verbs(found) == ["launched", "initialized", "completed", "passed", "scored",
                            "terminated"]
    score = {"scaled": 0.85, "raw": 17.0, "min": 0.0, "max": 20.0}
    assert found[3]["result"] == {"success": True, "score": score}
    assert found[4]["result"] == {"score": score}
    assert found[5]["result"]["success"] is True and found[5]["result"]["completion"] is True


def test_a_failed_scorm_12_test_with_mastery_score(client, learner, scorm12, statements_of):
    adapter = launch(client, scorm12, "quiz")
    adapter.start()
    adapter.commit(["cmi.core.score.raw", "40"], initialize=True, finish=True)

    found = statements_of(registration_of(learner, scorm12))

    assert verbs(found)[-3:] == ["failed", "scored", "terminated"]
    assert found[-3]["result"] == {"success": False, "score": {"scaled": 0.4, "raw": 40.0}}


def test_interactions_become_cmi_interaction_activities(client, learner, scorm12,
                                                        statements_of):
    adapter = launch(client, scorm12, "quiz")
    adapter.start()
    adapter.commit(["cmi.interactions.0.id", "frage_1"], ["cmi.interactions.0.type", "choice"],
                   ["cmi.interactions.0.correct_responses.0.pattern", "a,c"],
                   ["cmi.interactions.0.student_response", "a,b"],
                   ["cmi.interactions.0.result", "wrong"],
                   ["cmi.interactions.0.latency", "0000:00:12"],
                   ["cmi.interactions.1.id", "frage_2"],
                   ["cmi.interactions.1.type", "true-false"],
                   ["cmi.interactions.1.student_response", "t"],
                   ["cmi.interactions.1.result", "correct"], initialize=True)

    answers = [s for s in statements_of(registration_of(learner, scorm12))
               if s["verb"]["id"] == ADL + "responded"]

    assert len(answers) == 2
    first = answers[0]
    assert first["object"]["id"] == sco_iri(scorm12, "quiz") + "/interaction/frage_1"
    assert first["object"]["definition"] == {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "interactionType": "choice", "correctResponsesPattern": ["a[,]c"]}
    assert first["result"] == {"response": "a[,]b", "success": False, "duration": "PT0H0M12S"}
    assert first["context"]["contextActivities"]["parent"][0]["id"] == sco_iri(scorm12, "quiz")
    assert answers[1]["result"]["response"] == "true"
    assert answers[1]["result"]["success"] is True


def test_an_interaction_is_reported_once_until_it_changes(client, learner, scorm2004,
                                                          statements_of):
    adapter = launch(client, scorm2004, "sco_1")
    adapter.start()
    adapter.commit(["cmi.interactions.0.id", "urn:f:1"], ["cmi.interactions.0.type", "numeric"],
                   ["cmi.interactions.0.learner_response", "3"], initialize=True)
    adapter.commit(["cmi.location", "2"])
    adapter.commit(["cmi.interactions.0.learner_response", "4"])

    answers = [s for s in statements_of(registration_of(learner, scorm2004))
               if s["verb"]["id"] == ADL + "responded"]
    assert [a["result"]["response"] for a in answers] == ["3", "4"]


def test_objectives_are_reported_below_their_sco(client, learner, scorm2004, statements_of):
    adapter = launch(client, scorm2004, "sco_1")
    adapter.start()
    adapter.commit(["cmi.objectives.0.id", "ziel-1"], ["cmi.objectives.0.success_status",
                                                       "passed"], initialize=True)

    found = statements_of(registration_of(learner, scorm2004))[-1]

    assert found["verb"]["id"] == ADL + "passed"
    assert found["object"]["id"] == sco_iri(scorm2004, "sco_1") + "/objective/ziel-1"
    assert found["object"]["definition"]["type"] == \
        "http://adlnet.gov/expapi/activities/objective"


@pytest.mark.parametrize("raw, low, high, scaled, expected", [
    ("85", None, None, None, {"scaled": 0.85, "raw": 85.0}),
    ("17", "0", "20", None, {"scaled": 0.85, "raw": 17.0, "min": 0.0, "max": 20.0}),
    ("25", "0", "20", None, {"scaled": 1.0}),
    (None, None, None, "-0.5", {"scaled": -0.5}),
    (None, None, None, None, None),
])
def test_scores_follow_the_profile(raw, low, high, scaled, expected):
    assert score_of(raw, low, high, scaled) == expected


def test_every_sco_done_completes_the_module_and_the_course(client, learner, scorm12,
                                                           progress_of):
    course = Course(slug="beteiligung", version="1", title="Beteiligung", summary="",
                    electives_needed=0)
    course.entries = [CourseModule(module_id=scorm12.id, required=True, position=0)]
    db.session.add(course)
    db.session.commit()
    for publisher_id, extra in (("intro", []), ("vertiefung", []),
                                ("quiz", [["cmi.core.score.raw", "90"]])):
        adapter = launch(client, scorm12, publisher_id)
        adapter.start()
        adapter.commit(*extra, initialize=True, finish=True)

    row = progress_of(learner, scorm12)
    assert row.status == Status.PASSED
    assert row.best_score == 0.9
    assert sorted(row.pages_seen) == [1, 2, 3]
    course_row = db.session.scalar(select(CourseProgress).where(
        CourseProgress.user_id == learner.id))
    assert course_row.status == Status.COMPLETED


def test_a_failed_test_leaves_the_module_failed_until_passed(client, learner, scorm12,
                                                            progress_of):
    for publisher_id in ("intro", "vertiefung"):
        adapter = launch(client, scorm12, publisher_id)
        adapter.start()
        adapter.commit(initialize=True, finish=True)
    adapter = launch(client, scorm12, "quiz")
    adapter.start()
    adapter.commit(["cmi.core.score.raw", "30"], initialize=True, finish=True)
    assert progress_of(learner, scorm12).status == Status.FAILED

    adapter = launch(client, scorm12, "quiz")
    adapter.start()
    adapter.commit(["cmi.core.score.raw", "95"], initialize=True, finish=True)

    assert progress_of(learner, scorm12).status == Status.PASSED


def test_rebuilding_progress_gives_the_same_rows(client, learner, scorm12, progress_of):
    for publisher_id in ("intro", "vertiefung"):
        adapter = launch(client, scorm12, publisher_id)
        adapter.start()
        adapter.commit(initialize=True, finish=True)
    before = progress_of(learner, scorm12)
    snapshot = (before.status, before.pages_seen, before.units, before.registration)

    rebuild_progress()

    after = progress_of(learner, scorm12)
    assert (after.status, after.pages_seen, after.units, after.registration) == snapshot


def test_an_authors_preview_never_counts(client, make_user, login, scorm12, progress_of):
    author = make_user(roles=("author",))
    login(author)
    version = scorm12.current_version
    key = unit_key(scorm12, "intro")
    response = client.post(f"/vorschau/{version.id}/einheit/{key}", data={"nav": "choice"})
    adapter = Adapter(client, response.get_data(as_text=True))
    adapter.start()
    adapter.commit(["cmi.core.lesson_status", "passed"], initialize=True, finish=True)

    assert progress_of(author, scorm12) is None
    found, _ = query_statements(verb=ADL + "passed")
    assert found[0]["object"]["id"].startswith(
        f"http://lernraum.test/xapi/activities/preview/{version.id}/sco/")
