"""A learner works through a SCORM 1.2 package in Chromium: launch from the table of
contents, answer, leave (suspend), come back (resume where they were), pass, move on with
"Weiter"; statements and progress as documented; axe on the module page and the player.
And leaving the page some other way: what the SCO set goes out by beacon."""

import time

from playwright.sync_api import expect
from sqlalchemy import select

from lms.extensions import db
from lms.progress.models import ModuleProgress
from lms.scorm.models import ScormAttempt
from lms.xapi.services import query_statements
from tests.e2e.steps import log_in
from tests.packages.runtime import import_package
from tests.packages.scorm_builders import item, resource, scorm_zip

QUIZ = b"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Quiz</title>
<script>
var api = null, finished = false;
function findAPI(win) {
  var tries = 0;
  while (!win.API && win.parent && win.parent !== win && tries < 7) { tries++; win = win.parent; }
  return win.API || null;
}
function show(text) { document.getElementById("stand").textContent = text; }
function finish() {
  if (finished) { return; }
  finished = true;
  api.LMSSetValue("cmi.core.session_time", "0000:00:42");
  if (api.LMSGetValue("cmi.core.lesson_status") !== "passed") {
    api.LMSSetValue("cmi.core.exit", "suspend");
  }
  api.LMSFinish("");
}
window.addEventListener("load", function () {
  api = findAPI(window);
  api.LMSInitialize("");
  var place = api.LMSGetValue("cmi.core.lesson_location");
  show(api.LMSGetValue("cmi.core.entry") === "resume" ? "Weiter bei " + place : "Neu begonnen");
  if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  }
});
window.addEventListener("unload", finish);
function answer(choice) {
  var n = api.LMSGetValue("cmi.interactions._count");
  api.LMSSetValue("cmi.interactions." + n + ".id", "frage_" + n);
  api.LMSSetValue("cmi.interactions." + n + ".type", "choice");
  api.LMSSetValue("cmi.interactions." + n + ".student_response", choice);
  api.LMSSetValue("cmi.interactions." + n + ".result", choice === "b" ? "correct" : "wrong");
  api.LMSSetValue("cmi.core.lesson_location", "frage-" + (parseInt(n, 10) + 2));
  api.LMSSetValue("cmi.suspend_data", "antworten=" + (parseInt(n, 10) + 1));
  api.LMSCommit("");
  show("Antwort gespeichert");
}
function remember() {
  api.LMSSetValue("cmi.core.lesson_location", "gemerkt");
  show("Gemerkt");
}
function pass() {
  api.LMSSetValue("cmi.core.score.raw", "90");
  api.LMSSetValue("cmi.core.lesson_status", "passed");
  api.LMSCommit("");
  show("Bestanden");
}
</script></head><body><main><h1>Quiz</h1><p id="stand" role="status"></p>
<button type="button" onclick="answer('a')">Antwort A</button>
<button type="button" onclick="answer('b')">Antwort B</button>
<button type="button" onclick="pass()">Abgeben</button>
<button type="button" onclick="remember()">Merken</button></main></body></html>"""

INTRO = b"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Intro</title>
<script>
var api = null;
window.addEventListener("load", function () {
  var win = window;
  while (!win.API && win.parent !== win) { win = win.parent; }
  api = win.API; api.LMSInitialize("");
});
window.addEventListener("unload", function () { api.LMSFinish(""); });
</script></head><body><main><h1>Einstieg</h1><p>Willkommen.</p></main></body></html>"""


def _package() -> bytes:
    chapter = item("kapitel", "Beteiligung verstehen", None,
                   item("intro", "Einstieg", "res_intro"),
                   item("quiz", "Quiz", "res_quiz",
                        extra="<adlcp:masteryscore>80</adlcp:masteryscore>"))
    return scorm_zip(chapter, item("schluss", "Ausblick", "res_intro"),
                     resources=(resource("res_intro", "intro.html"),
                                resource("res_quiz", "quiz.html")),
                     pages=(), files={"intro.html": INTRO, "quiz.html": QUIZ},
                     title="Bürgerbeteiligung digital")


def _sco(page, name: str):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        frame = next((f for f in page.frames if f.url.endswith(name)), None)
        if frame is not None:
            return frame
        page.wait_for_timeout(100)
    raise AssertionError(f"{name} wurde nicht geladen")


def _verbs(registration: str) -> list[str]:
    db.session.expire_all()
    found, _ = query_statements(registration=registration, ascending=True)
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in found]


def _wait_for(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("Der erwartete Stand wurde nicht erreicht.")


def test_learner_answers_suspends_resumes_passes_and_moves_on(page, make_user,
                                                             assert_accessible):
    report = import_package(_package())
    learner = make_user(name="Erika Muster")
    log_in(page, learner)

    page.goto(f"/lernen/{report.slug}/einheiten")
    expect(page.get_by_role("heading", name="Inhaltsverzeichnis")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Quiz").click()

    quiz = _sco(page, "quiz.html")
    expect(quiz.get_by_role("status")).to_have_text("Neu begonnen")
    expect(page.get_by_role("navigation", name="Inhaltsverzeichnis")).to_contain_text("Einstieg")
    assert_accessible(page)
    quiz.get_by_role("button", name="Antwort A").click()
    expect(quiz.get_by_role("status")).to_have_text("Antwort gespeichert")
    page.get_by_role("link", name="Verlassen").click()
    page.get_by_role("button", name="Fortsetzen").wait_for()

    attempt = lambda: db.session.scalar(select(ScormAttempt).where(  # noqa: E731
        ScormAttempt.user_id == learner.id, ScormAttempt.unit_key == report.units[1]["key"]))
    _wait_for(lambda: attempt() is not None and attempt().suspended)
    assert attempt().cmi_values["cmi.suspend_data"] == "antworten=1"
    assert attempt().total_seconds == 42

    page.get_by_role("button", name="Fortsetzen").click()
    quiz = _sco(page, "quiz.html")
    expect(quiz.get_by_role("status")).to_have_text("Weiter bei frage-2")
    quiz.get_by_role("button", name="Antwort B").click()
    quiz.get_by_role("button", name="Abgeben").click()
    expect(quiz.get_by_role("status")).to_have_text("Bestanden")
    page.get_by_role("button", name="Weiter").click()
    _sco(page, "intro.html")
    expect(page.locator(".scorm-player__title")).to_contain_text("Ausblick")

    registration = db.session.scalar(select(ModuleProgress.registration).where(
        ModuleProgress.user_id == learner.id))
    _wait_for(lambda: _verbs(registration).count("initialized") == 2)
    assert _verbs(registration) == [
        "launched", "initialized", "responded", "suspended", "launched", "resumed",
        "responded", "passed", "scored", "terminated", "launched", "initialized"]
    row = db.session.scalar(select(ModuleProgress).where(ModuleProgress.user_id == learner.id))
    assert row.units[report.units[1]["key"]] == {"passed": True}
    assert row.best_score == 0.9
    assert row.status == "in_progress"


def test_leaving_the_page_without_the_player_saves_by_beacon(page, make_user):
    report = import_package(_package())
    learner = make_user()
    log_in(page, learner)
    page.goto(f"/lernen/{report.slug}/einheiten")
    page.get_by_role("button", name="Quiz").click()
    quiz = _sco(page, "quiz.html")
    quiz.get_by_role("button", name="Merken").click()
    expect(quiz.get_by_role("status")).to_have_text("Gemerkt")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Katalog").click()

    attempt = lambda: db.session.scalar(select(ScormAttempt).where(  # noqa: E731
        ScormAttempt.user_id == learner.id))
    _wait_for(lambda: attempt() is not None and attempt().suspended)
    assert attempt().cmi_values["cmi.core.lesson_location"] == "gemerkt"
    assert attempt().total_seconds == 42
