"""The runtime endpoint: what a session starts with, commits checked again on the server,
resume and new attempts across sessions, the token's scope, CORS, refusals."""

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lms.extensions import db
from lms.scorm.models import ScormAttempt, ScormSession
from lms.xapi.services import query_statements
from tests.scorm.adapter import CONTENT_ORIGIN, launch


def attempts_of(user):
    db.session.expire_all()
    return list(db.session.scalars(select(ScormAttempt).where(ScormAttempt.user_id == user.id)
                                   .order_by(ScormAttempt.id)))


def test_the_player_frames_the_adapter_on_the_content_origin(client, learner, scorm12):
    adapter = launch(client, scorm12, "intro")

    assert adapter.url.startswith(CONTENT_ORIGIN + "/laufzeit/scorm.html#t=")
    assert "Inhaltsverzeichnis" in adapter.html and "Vertiefung" in adapter.html
    assert 'aria-current="page">Einführung' in adapter.html


def test_the_session_starts_with_the_learner_and_the_manifest_facts(client, learner, scorm12):
    state = launch(client, scorm12, "intro").start()

    assert state["version"] == "1.2"
    assert state["values"]["cmi.core.student_id"] == learner.xapi_name
    assert state["values"]["cmi.core.student_name"] == learner.name
    assert state["values"]["cmi.core.entry"] == "ab-initio"
    assert state["values"]["cmi.launch_data"] == "modus=kurz"
    assert state["sco_url"].startswith(CONTENT_ORIGIN + "/p/") and \
        state["sco_url"].endswith("/intro.html")
    assert state["model"]["elements"]["cmi.suspend_data"]["max"] == 4096
    assert state["navigation"]["continue"] == "true"


def test_mastery_score_reaches_the_sco(client, learner, scorm12):
    state = launch(client, scorm12, "quiz").start()

    assert state["values"]["cmi.student_data.mastery_score"] == "80"


def test_suspend_and_resume_across_sessions(client, learner, scorm12):
    first = launch(client, scorm12, "intro")
    first.start()
    first.commit(["cmi.core.lesson_status", "incomplete"], initialize=True)
    first.commit(["cmi.core.lesson_location", "seite-3"], ["cmi.suspend_data", "a" * 4096],
                 ["cmi.core.exit", "suspend"], ["cmi.core.session_time", "0000:02:30"],
                 finish=True)

    second = launch(client, scorm12, "intro")
    values = second.start()["values"]

    assert values["cmi.core.entry"] == "resume"
    assert values["cmi.core.lesson_location"] == "seite-3"
    assert values["cmi.suspend_data"] == "a" * 4096
    assert values["cmi.core.total_time"] == "0000:02:30.00"
    assert "cmi.core.exit" not in values and "cmi.core.session_time" not in values
    assert [a.number for a in attempts_of(learner)] == [1]


def test_total_time_adds_up_over_sessions(client, learner, scorm2004):
    for seconds in ("PT1M30S", "PT2M"):
        adapter = launch(client, scorm2004, "sco_1")
        adapter.start()
        adapter.commit(["cmi.exit", "suspend"], ["cmi.session_time", seconds], initialize=True,
                       finish=True)

    assert launch(client, scorm2004, "sco_1").start()["values"]["cmi.total_time"] == \
        "PT0H3M30S"


def test_a_finished_scorm_12_attempt_starts_afresh(client, learner, scorm12):
    first = launch(client, scorm12, "intro")
    first.start()
    first.commit(["cmi.core.lesson_location", "5"], ["cmi.core.lesson_status", "completed"],
                 initialize=True, finish=True)

    values = launch(client, scorm12, "intro").start()["values"]

    assert values["cmi.core.entry"] == "ab-initio"
    assert "cmi.core.lesson_location" not in values
    assert [(a.number, a.ended_at is not None) for a in attempts_of(learner)] == [
        (1, True), (2, False)]


def test_the_module_page_offers_to_start_again_once_every_sco_is_done(client, learner, scorm2004):
    page = f"/lernen/{scorm2004.slug}/einheiten"
    session = launch(client, scorm2004, "sco_1")
    session.start()
    session.commit(["cmi.exit", "suspend"], initialize=True, finish=True)
    assert '>Fortsetzen</button>' in client.get(page).text

    session = launch(client, scorm2004, "sco_1")
    session.start()
    session.commit(["cmi.completion_status", "completed"], ["cmi.exit", "normal"],
                   initialize=True, finish=True)

    html = client.get(page).text
    assert '>Erneut starten</button>' in html and '>Fortsetzen</button>' not in html


def test_an_unfinished_scorm_12_attempt_continues_without_suspend(client, learner, scorm12):
    first = launch(client, scorm12, "intro")
    first.start()
    first.commit(["cmi.core.lesson_status", "incomplete"], ["cmi.core.lesson_location", "2"],
                 initialize=True, finish=True)

    values = launch(client, scorm12, "intro").start()["values"]

    assert values["cmi.core.entry"] == ""
    assert values["cmi.core.lesson_location"] == "2"


def test_scorm_2004_exit_normal_ends_the_attempt(client, learner, scorm2004):
    first = launch(client, scorm2004, "sco_1")
    first.start()
    first.commit(["cmi.location", "7"], ["cmi.exit", "normal"], initialize=True, finish=True)

    values = launch(client, scorm2004, "sco_1").start()["values"]

    assert values["cmi.entry"] == "ab-initio"
    assert "cmi.location" not in values
    assert [a.number for a in attempts_of(learner)] == [1, 2]


def test_a_sco_that_never_set_its_status_is_completed_at_finish(client, learner, scorm12):
    adapter = launch(client, scorm12, "intro")
    adapter.start()
    adapter.commit(initialize=True, finish=True)

    assert attempts_of(learner)[0].completion_status == "completed"


def test_with_a_mastery_score_the_lms_decides_passed_or_failed(client, learner, scorm12):
    adapter = launch(client, scorm12, "quiz")
    adapter.start()
    adapter.commit(["cmi.core.lesson_status", "completed"], ["cmi.core.score.raw", "75"],
                   initialize=True, finish=True)

    assert attempts_of(learner)[0].success_status == "failed"


def test_the_server_checks_every_value_again_and_stores_nothing_on_refusal(
        client, learner, scorm12):
    adapter = launch(client, scorm12, "intro")
    adapter.start()
    adapter.commit(["cmi.core.lesson_location", "1"], initialize=True)
    stored = query_statements(registration=attempts_of(learner)[0].registration)[0]

    response = adapter.commit(["cmi.core.lesson_location", "2"],
                              ["cmi.suspend_data", "x" * 4097], expect=400)

    body = response.get_json()
    assert body["code"] == "405" and body["element"] == "cmi.suspend_data"
    assert "abgelehnt" in body["error"]
    assert attempts_of(learner)[0].cmi_values["cmi.core.lesson_location"] == "1"
    assert len(query_statements(registration=attempts_of(learner)[0].registration)[0]) == \
        len(stored)


def test_read_only_values_cannot_be_committed(client, learner, scorm2004):
    adapter = launch(client, scorm2004, "sco_1")
    adapter.start()

    response = adapter.commit(["cmi.learner_id", "jemand-anders"], expect=400)

    assert response.get_json()["code"] == "404"


def test_a_repeated_request_is_applied_once(client, learner, scorm2004):
    adapter = launch(client, scorm2004, "sco_1")
    adapter.start()
    body = {"token": adapter.token, "sequence": 5, "initialize": True,
            "set": [["cmi.interactions.0.id", "q1"]]}
    for _ in range(2):
        assert adapter.post("commit", body).status_code == 200

    assert attempts_of(learner)[0].counts == {"cmi.interactions": 1}


def test_nothing_is_stored_after_terminate(client, learner, scorm2004):
    adapter = launch(client, scorm2004, "sco_1")
    adapter.start()
    adapter.commit(initialize=True, finish=True)

    response = adapter.commit(["cmi.location", "9"], expect=409)

    assert response.get_json()["code"] == "143"
    assert "beendet" in response.get_json()["error"]


def test_an_unknown_or_expired_token_gets_nothing(client, learner, scorm12):
    adapter = launch(client, scorm12, "intro")
    assert adapter.post("start", {"token": "x" * 43}).status_code == 403
    session = db.session.scalar(select(ScormSession))
    session.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()

    response = adapter.post("start", {"token": adapter.token})

    assert response.status_code == 403
    assert "abgelaufen" in response.get_json()["error"]


def test_a_token_reaches_only_its_own_attempt(client, app, make_user, login, scorm12):
    first_learner = make_user()
    login(first_learner)
    first = launch(client, scorm12, "intro")
    first.start()
    first.commit(["cmi.core.lesson_location", "mine"], initialize=True)
    other = make_user()
    with app.test_client() as second_client:
        second_client.post("/anmelden", data={"email": other.email,
                                              "password": "Sonnenblume-im-Rathaus-7"})
        theirs = launch(second_client, scorm12, "intro")
        assert "cmi.core.lesson_location" not in theirs.start()["values"]
        theirs.commit(["cmi.core.lesson_location", "theirs"], initialize=True)

    assert first.start()["values"]["cmi.core.lesson_location"] == "mine"
    assert attempts_of(other)[0].cmi_values["cmi.core.lesson_location"] == "theirs"


def test_answers_are_readable_by_the_content_origin_only(client, learner, scorm12):
    adapter = launch(client, scorm12, "intro")

    response = adapter.post("start", {"token": adapter.token})
    refused = adapter.post("start", {"token": adapter.token}, origin="https://fremd.example")

    assert response.headers["Access-Control-Allow-Origin"] == CONTENT_ORIGIN
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert refused.status_code == 403


def test_bad_requests_get_german_4xx_answers(client, learner, scorm12):
    adapter = launch(client, scorm12, "intro")

    cases = [(adapter.post("commit", "kein json"), 400, "kein gültiges JSON"),
             (adapter.post("commit", "[1, 2]"), 400, "kein JSON-Objekt"),
             (adapter.post("commit", {"token": adapter.token, "set": "x"}), 400, "Paaren"),
             (adapter.post("commit", {"token": adapter.token, "sequence": -1}), 400, "Nummer"),
             (adapter.post("commit", "x" * (2 * 1024 * 1024 + 1)), 413, "zu groß")]

    for response, status, text in cases:
        assert response.status_code == status
        assert text in response.get_json()["error"]


def test_a_session_left_open_ends_as_suspended_at_the_next_launch(client, learner, scorm2004,
                                                                   statements_of):
    first = launch(client, scorm2004, "sco_1")
    first.start()
    first.commit(["cmi.location", "4"], initialize=True)

    values = launch(client, scorm2004, "sco_1").start()["values"]

    verbs = [s["verb"]["id"].rsplit("/", 1)[1]
             for s in statements_of(attempts_of(learner)[0].registration)]
    assert verbs == ["launched", "initialized", "suspended", "launched"]
    assert values["cmi.entry"] == "resume" and values["cmi.location"] == "4"


def test_the_content_origin_serves_the_adapter_with_the_platform_written_in(client, app):
    page = client.get("/laufzeit/scorm.html", base_url=CONTENT_ORIGIN)
    script = client.get("/laufzeit/api.js", base_url=CONTENT_ORIGIN)

    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'data-runtime="http://lernraum.test/scorm/laufzeit"' in page.text
    assert 'data-platform="http://lernraum.test"' in page.text
    assert "Set-Cookie" not in page.headers
    assert "frame-ancestors 'self' http://lernraum.test" in \
        page.headers["Content-Security-Policy"]
    assert script.mimetype == "text/javascript" and "API_1484_11" in script.text
    assert client.get("/laufzeit/geheim.py", base_url=CONTENT_ORIGIN).status_code == 404
    assert client.get("/laufzeit/scorm.html").status_code == 404


def test_the_adapter_page_never_gets_the_session_cookie(client, learner, scorm12):
    response = client.get("/laufzeit/scorm.html", base_url=CONTENT_ORIGIN)

    assert response.request.headers.get("Cookie") is None
    assert json.dumps(dict(response.headers)).find("session") == -1
