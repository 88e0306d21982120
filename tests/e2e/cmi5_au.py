"""A tiny cmi5 course the browser journeys upload: one AU that does what the specification asks
of an AU (fetch, LMS.LaunchData, learner preferences, initialized, completed, terminated,
returnURL), written by the test itself."""

from tests.packages.builders import au, block, cmi5_xml, zip_bytes

COURSE = "https://beispiel.de/kurse/mobilitaet-check"

PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Mobilitäts-Check</title>
<style>body{font:1.1rem system-ui,sans-serif;margin:2rem;color:#1b2430}
button{font:inherit;padding:.5rem 1rem}</style></head>
<body><main><h1>Mobilitäts-Check</h1>
<p>Wie kommen ältere Menschen in Ihrer Gemeinde zum Arzt? Notieren Sie drei Wege.</p>
<p>Stand: <output id="status">startet …</output></p>
<p>Cookies dieser Seite: <output id="cookies"></output></p>
<button id="done" type="button" disabled>Einheit abschließen</button>
</main><script src="au.js"></script></body></html>
"""

SCRIPT = """
(async function () {
  "use strict";
  const params = new URLSearchParams(location.search);
  const endpoint = params.get("endpoint").replace(/\\/$/, "");
  const actor = JSON.parse(params.get("actor"));
  const registration = params.get("registration");
  const activityId = params.get("activityId");
  const status = document.getElementById("status");
  document.getElementById("cookies").textContent = document.cookie || "keine";
  const uuid = () => "10000000-1000-4000-8000-100000000000".replace(/[018]/g, c =>
    (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16));
  const fetched = await (await fetch(params.get("fetch"), {method: "POST"})).json();
  const headers = {"Authorization": "Basic " + fetched["auth-token"],
                   "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"};
  const agent = JSON.stringify(actor);
  const state = new URLSearchParams({stateId: "LMS.LaunchData", activityId, agent, registration});
  const data = await (await fetch(endpoint + "/activities/state?" + state, {headers})).json();
  await fetch(endpoint + "/agents/profile?" + new URLSearchParams(
    {profileId: "cmi5LearnerPreferences", agent}), {headers});
  function statement(verb, result, moveOn) {
    const context = JSON.parse(JSON.stringify(data.contextTemplate));
    context.registration = registration;
    context.contextActivities.category = [{id: "https://w3id.org/xapi/cmi5/context/categories/cmi5"}];
    if (moveOn) {
      context.contextActivities.category.push({id: "https://w3id.org/xapi/cmi5/context/categories/moveon"});
    }
    const st = {id: uuid(), timestamp: new Date().toISOString(), actor,
                verb: {id: "http://adlnet.gov/expapi/verbs/" + verb},
                object: {objectType: "Activity", id: activityId}, context};
    if (result) { st.result = result; }
    return st;
  }
  async function send(statements) {
    const response = await fetch(endpoint + "/statements", {method: "POST", headers,
                                                              body: JSON.stringify(statements)});
    if (!response.ok) { throw new Error("LRS " + response.status + " " + await response.text()); }
  }
  await send([statement("initialized")]);
  status.textContent = "läuft (" + data.launchMode + ")";
  const done = document.getElementById("done");
  done.disabled = false;
  done.addEventListener("click", async () => {
    const finished = [statement("terminated", {duration: "PT2M"})];
    if (data.launchMode === "Normal") {
      finished.unshift(statement("completed", {completion: true, duration: "PT2M"}, true));
    }
    await send(finished);
    status.textContent = "fertig";
    location.href = data.returnURL;
  });
})().catch(error => { document.getElementById("status").textContent = "Fehler: " + error; });
"""


def course_zip(method: str = "AnyWindow") -> bytes:
    """The course: one block with one AU (moveOn Completed)."""
    xml = cmi5_xml(
        block(COURSE + "/block", au(COURSE + "/au/1", "au/index.html?thema=mobilitaet",
                                    title={"de-DE": "Wege zum Arzt", "en-US": "Ways to the GP"},
                                    attributes=f'moveOn="Completed" launchMethod="{method}"'),
              title="Mobilität im Alter"),
        course_id=COURSE, titles={"de-DE": "Mobilitäts-Check", "en-US": "Mobility check"})
    return zip_bytes({"cmi5.xml": xml, "au/index.html": PAGE, "au/au.js": SCRIPT})
