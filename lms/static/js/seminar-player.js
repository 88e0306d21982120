/* Seminar recordings: chapters and transcript that seek, the current passage highlighted,
   a captions switch, keyboard shortcuts, and xAPI video-profile events sent to the server
   (initialized, played, paused, seeked, completed, terminated with the played segments). */
(function () {
  "use strict";
  var root = document.querySelector("[data-seminar-player]");
  if (!root) { return; }
  var video = root.querySelector("video");
  var status = root.parentNode.querySelector("[data-player-status]");
  var cues = Array.prototype.slice.call(root.querySelectorAll(".cue"));
  var chapters = Array.prototype.slice.call(root.querySelectorAll(".chapter"));
  var eventUrl = root.getAttribute("data-event-url");
  var csrf = root.getAttribute("data-csrf");
  var session = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : fallbackUuid();
  var segments = [], segmentStart = null, lastTime = 0, completed = false, terminated = false;
  var initialized = false, seekFrom = null, sending = false;

  function fallbackUuid() {
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === "x" ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function say(text) { if (status) { status.textContent = text; } }

  function closeSegment(at) {
    if (segmentStart !== null && at > segmentStart) { segments.push([segmentStart, at]); }
    segmentStart = null;
  }

  function openSegment() {
    return segmentStart !== null && video.currentTime > segmentStart ?
      [[segmentStart, video.currentTime]] : [];
  }

  function played() {
    var merged = segments.concat(openSegment()).sort(function (a, b) { return a[0] - b[0]; });
    var total = 0, end = -1;
    merged.forEach(function (s) {
      var start = Math.max(s[0], end);
      if (s[1] > start) { total += s[1] - start; }
      end = Math.max(end, s[1]);
    });
    return video.duration ? total / video.duration : 0;
  }

  function round(value) { return Math.round(value * 1000) / 1000; }

  function send(name, extra, keepalive, answered) {
    if (!eventUrl || !video.duration) { return; }
    var open = openSegment().map(function (s) { return [round(s[0]), round(s[1])]; });
    var body = {
      event: name, session: session, length: round(video.duration),
      time: round(Math.min(video.currentTime, video.duration)),
      segments: segments.map(function (s) { return [round(s[0]), round(s[1])]; }).concat(open)
    };
    Object.keys(extra || {}).forEach(function (key) { body[key] = extra[key]; });
    fetch(eventUrl, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (answered) { answered(response.ok); }
    }).catch(function () { if (answered) { answered(false); } });
  }

  function seek(seconds) {
    video.currentTime = Math.min(Math.max(0, seconds), video.duration || seconds);
    if (video.paused) { video.play(); }
  }

  function highlight() {
    var now = video.currentTime, current = null;
    cues.forEach(function (cue) {
      var on = now >= parseFloat(cue.getAttribute("data-seek")) &&
               now < parseFloat(cue.getAttribute("data-end"));
      cue.classList.toggle("is-current", on);
      if (on) { cue.setAttribute("aria-current", "true"); current = cue; }
      else { cue.removeAttribute("aria-current"); }
    });
    var list = root.querySelector(".transcript__cues");
    if (current && list && !list.contains(document.activeElement)) {
      /* keep the current passage in view inside the list, never scroll the page */
      var item = current.parentNode;
      if (item.offsetTop < list.scrollTop ||
          item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = item.offsetTop - list.clientHeight / 3;
      }
    }
    var chapterNow = null;
    chapters.forEach(function (chapter) {
      if (now >= parseFloat(chapter.getAttribute("data-seek"))) { chapterNow = chapter; }
    });
    chapters.forEach(function (chapter) {
      if (chapter === chapterNow) { chapter.setAttribute("aria-current", "true"); }
      else { chapter.removeAttribute("aria-current"); }
    });
  }

  function setCaptions(on) {
    for (var i = 0; i < video.textTracks.length; i++) {
      video.textTracks[i].mode = (on && i === 0) ? "showing" : "hidden";
    }
    var button = root.querySelector("[data-action=captions]");
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
    say(on ? "Untertitel an" : "Untertitel aus");
  }

  function captionsOn() {
    return video.textTracks.length > 0 && video.textTracks[0].mode === "showing";
  }

  root.addEventListener("click", function (event) {
    var target = event.target.closest("[data-seek], [data-action]");
    if (!target) { return; }
    if (target.hasAttribute("data-seek")) {
      seek(parseFloat(target.getAttribute("data-seek")));
      say("Springe zu " + target.textContent.trim());
      return;
    }
    var action = target.getAttribute("data-action");
    if (action === "play") { if (video.paused) { video.play(); } else { video.pause(); } }
    if (action === "back") { seek(video.currentTime - 10); }
    if (action === "forward") { seek(video.currentTime + 10); }
    if (action === "captions") { setCaptions(!captionsOn()); }
  });

  root.addEventListener("keydown", function (event) {
    if (event.target.matches("input, textarea, select")) { return; }
    if (event.key === "c" || event.key === "C") { setCaptions(!captionsOn()); event.preventDefault(); }
    if (event.target === video) { return; } /* the browser's own keys work on the video */
    if (event.key === "ArrowLeft" && event.target.closest(".transcript__cues") === null) {
      seek(video.currentTime - 5); event.preventDefault();
    }
    if (event.key === "ArrowRight" && event.target.closest(".transcript__cues") === null) {
      seek(video.currentTime + 5); event.preventDefault();
    }
  });

  video.addEventListener("loadedmetadata", function () {
    setCaptions(true);
    say("");
    if (!initialized) { initialized = true; send("initialized"); }
  });
  video.addEventListener("play", function () {
    segmentStart = video.currentTime;
    root.querySelector("[data-action=play]").textContent = "Anhalten";
    send("played");
  });
  video.addEventListener("pause", function () {
    closeSegment(video.currentTime);
    root.querySelector("[data-action=play]").textContent = "Abspielen";
    if (!video.ended) { send("paused"); }
  });
  video.addEventListener("seeking", function () {
    if (seekFrom === null) { seekFrom = lastTime; }
    closeSegment(lastTime);
  });
  video.addEventListener("seeked", function () {
    send("seeked", { from: round(seekFrom || 0), to: round(video.currentTime) });
    seekFrom = null;
    if (!video.paused) { segmentStart = video.currentTime; }
    highlight();
  });
  function maybeComplete() {
    /* the played share, overlaps counted once, as the server counts it */
    if (completed || sending || played() < 0.95) { return; }
    sending = true;
    send("completed", {}, false, function (ok) {
      sending = false;
      completed = ok;
      if (ok) { say("Aufzeichnung vollständig angesehen"); }
    });
  }

  video.addEventListener("timeupdate", function () {
    if (!video.seeking) { lastTime = video.currentTime; }
    highlight();
    maybeComplete();
  });
  video.addEventListener("ended", function () {
    closeSegment(video.duration);
    maybeComplete();
  });
  window.addEventListener("pagehide", function () {
    if (terminated || !initialized) { return; }
    terminated = true;
    closeSegment(video.currentTime);
    send("terminated", {}, true);
  });
})();
