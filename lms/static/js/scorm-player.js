// SCORM player page: before it moves to another SCO (previous, next, a choice in the table of
// contents) or leaves, it asks the adapter in the frame to unload the SCO and save, waits for
// the answer (at most three seconds), then goes. It also follows the navigation requests a
// SCORM 2004 SCO makes when it terminates (continue, previous, choice, exit …).
(function () {
  "use strict";
  var player = document.querySelector("[data-scorm-player]");
  if (!player) { return; }
  var frame = document.getElementById("scorm-frame");
  var form = document.getElementById("scorm-nav");
  var status = document.getElementById("scorm-status");
  var contentOrigin = player.getAttribute("data-content-origin");
  var back = player.getAttribute("data-back");
  var waiting = null, leaving = false;

  var details = player.querySelector(".scorm-toc__details");
  if (details && window.matchMedia("(max-width: 59.99rem)").matches) { details.open = false; }

  function fromAdapter(event) {
    return event.origin === contentOrigin && event.source === frame.contentWindow &&
      event.data && event.data.type === "lernraum-scorm";
  }

  // Unload the SCO, then run `go` once the adapter says it saved (or after a timeout).
  function unloadThen(go) {
    if (leaving) { return; }
    leaving = true;
    var done = false;
    function finish() { if (!done) { done = true; go(); } }
    waiting = finish;
    if (!player.hasAttribute("data-adapter")) { finish(); return; }
    setTimeout(finish, 3000);
    try {
      frame.contentWindow.postMessage({ type: "lernraum-scorm", action: "unload" }, contentOrigin);
    } catch (error) { finish(); }
  }

  function submitWith(button) {
    unloadThen(function () {
      var move = document.createElement("input");
      move.type = "hidden";
      move.name = button.name;
      move.value = button.value;
      form.appendChild(move);
      form.action = button.formAction;
      form.submit();
    });
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.formAction) { return; }
    event.preventDefault();
    submitWith(button);
  });

  player.querySelectorAll("a[data-move='exit']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      unloadThen(function () { window.location.href = link.href; });
    });
  });

  function button(selector) { return player.querySelector(selector); }

  // SCORM 2004 adl.nav.request after Terminate.
  function follow(request) {
    var choice = /^\{target=([^}]+)\}(choice|jump)$/.exec(request || "");
    var target = null;
    if (request === "continue") { target = button("[data-move='continue']"); }
    if (request === "previous") { target = button("[data-move='previous']"); }
    if (choice) {
      target = Array.prototype.find.call(player.querySelectorAll("[data-identifier]"), function (entry) {
        return entry.getAttribute("data-identifier") === choice[1];
      }) || null;
    }
    if (target) { submitWith(target); return; }
    if (["exitAll", "suspendAll", "abandonAll"].indexOf(request) >= 0) {
      leaving = true;
      window.location.href = back;
      return;
    }
    status.textContent = player.getAttribute("data-ended");
  }

  window.addEventListener("message", function (event) {
    if (!fromAdapter(event)) { return; }
    if (event.data.action === "unloaded" && waiting) { waiting(); }
    if (event.data.action === "terminated" && !leaving) { follow(event.data.request); }
  });
}());
