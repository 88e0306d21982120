"""The API adapter in Chromium: a SCO finds window.API / window.API_1484_11 by the standard
search through its parents, and every call answers with the result and error code the
specification defines (the same case list the server's data model passes)."""

import json
import time

import pytest

from tests.e2e.steps import log_in
from tests.packages.runtime import import_package
from tests.packages.scorm_builders import item, resource, scorm_zip
from tests.scorm.api_cases import CASES

RUNNER = b"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Probe</title>
<script>
// The ADL discovery algorithm: the window, its parents, then the opener and its parents.
function findAPI(win, name) {
  var tries = 0;
  while (!win[name] && win.parent && win.parent !== win) {
    if (++tries > 500) { return null; }
    win = win.parent;
  }
  return win[name] || null;
}
function getAPI(name) {
  var api = findAPI(window, name);
  if (!api && window.opener) { api = findAPI(window.opener, name); }
  return api;
}
window.addEventListener("load", function () {
  fetch("cases.json").then(function (r) { return r.json(); }).then(function (cases) {
    var twelve = cases.version === "1.2";
    var api = getAPI(twelve ? "API" : "API_1484_11");
    var other = null;  // the other version's API is not offered: its search reaches the
    // platform page, which the browser keeps closed to the content origin
    try { other = getAPI(twelve ? "API_1484_11" : "API"); } catch (error) { other = null; }
    var results = cases.calls.map(function (call) {
      var result = api[call[0]].apply(api, call[1]);
      return [result, api[twelve ? "LMSGetLastError" : "GetLastError"]()];
    });
    window.probe = { found: !!api, other: !!other, results: results };
    document.title = "fertig";
  });
});
</script></head><body><p>Probe-SCO</p></body></html>"""


def frame_of(page, suffix: str, timeout: float = 15.0):
    """The frame whose URL ends with ``suffix``, once it is there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = next((f for f in page.frames if f.url.split("#")[0].endswith(suffix)), None)
        if found is not None:
            return found
        page.wait_for_timeout(100)
    raise AssertionError(f"Kein Rahmen mit {suffix}: {[f.url for f in page.frames]}")


def _package(version: str) -> bytes:
    cases = {"version": "1.2" if version == "1.2" else "2004",
             "calls": [[function, arguments] for function, arguments, _, _ in
                       CASES["1.2" if version == "1.2" else "2004"]]}
    return scorm_zip(item("probe", "Probe", "res_1"), version=version,
                     identifier=f"de.beispiel.probe.{version}",
                     resources=(resource("res_1", "runner.html", version=version),),
                     pages=(), files={"runner.html": RUNNER,
                                      "cases.json": json.dumps(cases).encode()})


@pytest.mark.parametrize("version", ["1.2", "2004-4"])
def test_every_api_call_answers_as_the_specification_says(page, make_user, version):
    report = import_package(_package(version))
    log_in(page, make_user())
    page.goto(f"/lernen/{report.slug}/einheiten")
    page.get_by_role("button", name="Starten", exact=True).click()

    frame = frame_of(page, "runner.html")
    frame.wait_for_function("window.probe !== undefined", timeout=15000)
    probe = frame.evaluate("window.probe")

    assert probe["found"] and not probe["other"]
    cases = CASES["1.2" if version == "1.2" else "2004"]
    problems = []
    for number, ((function, arguments, result, code), (got, got_code)) in enumerate(
            zip(cases, probe["results"], strict=True)):
        if (result is not None and got != result) or (code is not None and got_code != code):
            problems.append(f"#{number} {function}{tuple(str(a)[:40] for a in arguments)}: "
                            f"{str(got)[:40]!r}/{got_code}, expected {str(result)[:40]!r}/{code}")
    assert not problems, "\n".join(problems)


def test_the_platform_page_itself_offers_no_api(page, make_user):
    report = import_package(_package("1.2"))
    log_in(page, make_user())
    page.goto(f"/lernen/{report.slug}/einheiten")
    page.get_by_role("button", name="Starten", exact=True).click()
    frame_of(page, "runner.html").wait_for_function("window.probe !== undefined",
                                                     timeout=15000)

    assert page.evaluate("typeof window.API") == "undefined"
    adapter = frame_of(page, "/laufzeit/scorm.html")
    assert adapter.evaluate("typeof window.API.LMSInitialize") == "function"
    assert adapter.evaluate("document.cookie") == ""
