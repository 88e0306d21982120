// The SCORM API adapter. It runs in a small page on the content origin that frames the SCO,
// so the SCO finds window.API (1.2) or window.API_1484_11 (2004) by the standard search
// through its parents. Values live here while the SCO runs; Commit, Finish/Terminate and
// leaving the page send what changed to the platform's runtime endpoint, with the token of
// this launch (never a cookie). The platform page is told, by postMessage, only where the
// learner wants to go next. See docs/scorm.md.
(function () {
  "use strict";

  var html = document.documentElement;
  var runtime = html.getAttribute("data-runtime");
  var platform = html.getAttribute("data-platform");
  var token = new URLSearchParams(location.hash.slice(1)).get("t") || "";
  var frame = document.getElementById("sco");
  var notice = document.getElementById("notice");
  var BEACON_LIMIT = 60000;

  var state = "new";          // new -> running -> terminated
  var lastError = "0", lastDiagnostic = "";
  var cmi = null, version = null, sequence = 0;
  var pending = [];           // [element, value] set since the last request
  var unacked = [];           // requests not yet answered: {sequence, set}
  var flying = [], initialized = false, acknowledged = false, leaving = false;

  function say(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  // Transport. Every request carries all values not yet acknowledged, so requests may
  // overtake each other (the server ignores an older one) and the last one is complete.
  function payload(extra) {
    sequence += 1;
    unacked.push({ sequence: sequence, set: pending });
    pending = [];
    var body = { token: token, sequence: sequence, initialize: initialized && !acknowledged,
                 set: [].concat.apply([], unacked.map(function (u) { return u.set; })) };
    Object.keys(extra || {}).forEach(function (key) { body[key] = extra[key]; });
    return { sequence: sequence, text: JSON.stringify(body) };
  }

  function acknowledge(number) {
    unacked = unacked.filter(function (u) { return u.sequence > number; });
    acknowledged = true;
  }

  function post(path, text, keepalive) {
    return fetch(runtime + path, {
      method: "POST", body: text, mode: "cors", credentials: "omit", cache: "no-store",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      keepalive: keepalive && text.length < BEACON_LIMIT
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          say(data.error || "Der Lernstand konnte nicht gespeichert werden.");
          if (window.console) { console.warn("SCORM runtime refused", response.status, data); }
        }
        data.status = response.status;
        return data;
      });
    }, function () {
      say("Keine Verbindung zur Plattform: Der Lernstand wird beim nächsten Speichern übertragen.");
      return { status: 0 };
    });
  }

  function send(extra) {
    var request = payload(extra);
    if (leaving) { beacon(request); return Promise.resolve(); }
    var sent = post("/commit", request.text, true).then(function (data) {
      if (data.status === 200) { acknowledge(request.sequence); }
    });
    flying.push(sent);
    return sent;
  }

  function beacon(request) {
    var blob = new Blob([request.text], { type: "text/plain;charset=UTF-8" });
    if (!(navigator.sendBeacon && request.text.length < BEACON_LIMIT &&
          navigator.sendBeacon(runtime + "/commit", blob))) {
      post("/commit", request.text, true);
    }
  }

  function settled() { return Promise.all(flying); }

  function tellPlatform(message) {
    message.type = "lernraum-scorm";
    if (window.parent !== window) { window.parent.postMessage(message, platform); }
  }

  // The API calls shared by both versions; `names` maps situations to each version's codes.
  function succeed(result) { lastError = "0"; lastDiagnostic = ""; return result; }
  function failWith(code, diagnostic, result) { lastError = code; lastDiagnostic = diagnostic || ""; return result; }
  function codes() { return cmi.table.codes; }

  function argumentOk(arg) { return arg === undefined || arg === null || String(arg) === ""; }

  function initialize(arg) {
    if (!argumentOk(arg)) { return failWith(codes().argument, "The argument must be \"\".", "false"); }
    if (state === "running") { return failWith(codes().already_initialized, "Already initialized.", "false"); }
    if (state === "terminated") { return failWith(codes().terminated, "The session has ended.", "false"); }
    state = "running";
    initialized = true;
    send({});
    return succeed("true");
  }

  function terminate(arg) {
    if (!argumentOk(arg)) { return failWith(codes().argument, "The argument must be \"\".", "false"); }
    if (state === "new") { return failWith(codes().terminate_before_init, "Not initialized.", "false"); }
    if (state === "terminated") { return failWith(codes().terminate_twice, "Already terminated.", "false"); }
    state = "terminated";
    var request = version === "2004" ? (cmi.values["adl.nav.request"] || "_none_") : "";
    send({ finish: true }).then(function () {
      tellPlatform({ action: "terminated", request: request });
    });
    return succeed("true");
  }

  function getValue(element) {
    if (state === "new") { return failWith(codes().get_before_init, "Not initialized.", ""); }
    if (state === "terminated") { return failWith(codes().get_after_term, "The session has ended.", ""); }
    try { return succeed(cmi.get(element)); } catch (error) { return caught(error, ""); }
  }

  function setValue(element, value) {
    if (state === "new") { return failWith(codes().set_before_init, "Not initialized.", "false"); }
    if (state === "terminated") { return failWith(codes().set_after_term, "The session has ended.", "false"); }
    var text = value === undefined || value === null ? "" : String(value);
    try {
      cmi.set(element, text);
      pending.push([element, text]);
      return succeed("true");
    } catch (error) { return caught(error, "false"); }
  }

  function commit(arg) {
    if (!argumentOk(arg)) { return failWith(codes().argument, "The argument must be \"\".", "false"); }
    if (state === "new") { return failWith(codes().commit_before_init, "Not initialized.", "false"); }
    if (state === "terminated") { return failWith(codes().commit_after_term, "The session has ended.", "false"); }
    send({});
    return succeed("true");
  }

  function caught(error, result) {
    if (error instanceof window.LernraumCmi.CmiError) { return failWith(error.code, error.diagnostic, result); }
    return failWith(codes().general, String(error), result);
  }

  function errorString(code) { return cmi.table.errors[String(code)] || ""; }
  function diagnostic(code) {
    return code === undefined || code === null || code === "" || String(code) === lastError ? lastDiagnostic : errorString(code);
  }

  function api12() {
    return {
      LMSInitialize: initialize, LMSFinish: terminate, LMSGetValue: getValue,
      LMSSetValue: setValue, LMSCommit: commit,
      LMSGetLastError: function () { return lastError; },
      LMSGetErrorString: errorString, LMSGetDiagnostic: diagnostic
    };
  }

  function api2004() {
    return {
      Initialize: initialize, Terminate: terminate, GetValue: getValue, SetValue: setValue,
      Commit: commit, GetLastError: function () { return lastError; },
      GetErrorString: errorString, GetDiagnostic: diagnostic, version: "1.0"
    };
  }

  // The page goes away: what is pending leaves with a beacon. The SCO's own unload handler
  // runs after this one and usually calls Finish/Terminate, which then goes by beacon too.
  // A session that never terminates is ended by the server at the next launch.
  window.addEventListener("pagehide", function () {
    leaving = true;
    if (state === "running" && pending.length) { send({}); }
  });

  // The platform page asks before it moves on: unload the SCO (its unload handler finishes
  // it), end the session if it did not, wait for the answers, then say so.
  window.addEventListener("message", function (event) {
    if (event.origin !== platform || event.source !== window.parent) { return; }
    var data = event.data || {};
    if (data.type !== "lernraum-scorm" || data.action !== "unload") { return; }
    var answered = false;
    function done() {
      if (answered) { return; }
      answered = true;
      if (state === "running") { state = "terminated"; send({ finish: true, implicit: true }); }
      settled().then(function () { tellPlatform({ action: "unloaded" }); });
    }
    frame.addEventListener("load", done, { once: true });
    setTimeout(done, 2000);
    frame.src = "about:blank";
  });

  function start() {
    if (!token || !runtime) { say("Die Lerneinheit wurde ohne Zugang gestartet. Bitte starten Sie sie neu."); return; }
    post("/start", JSON.stringify({ token: token }), false).then(function (data) {
      if (data.status !== 200 || !data.model) { return; }
      version = data.version;
      cmi = new window.LernraumCmi.Cmi(data.model, data.values, data.counts, data.navigation);
      if (version === "1.2") { window.API = api12(); } else { window.API_1484_11 = api2004(); }
      frame.title = data.title ? "Lerninhalt: " + data.title : frame.title;
      frame.src = data.sco_url;
    });
  }

  start();
}());
