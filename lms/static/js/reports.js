// Background exports: ask for the state every two seconds and update the progress bar.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-state]");
  if (!box || !box.querySelector("progress")) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector(".export-state__text");
  var done = box.querySelector(".export-state__done");
  function poll() {
    fetch(box.getAttribute("data-export-state"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.max = state.total || 1;
        bar.value = state.done;
        if (state.status === "done") {
          text.textContent = box.getAttribute("data-text-done");
          done.hidden = false;
          return;
        }
        if (state.status === "failed") {
          text.textContent = box.getAttribute("data-text-failed");
          return;
        }
        text.textContent = box.getAttribute("data-text-progress")
          .replace("{done}", state.done).replace("{total}", state.total);
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
