/* Uploads of seminar files with a progress bar (the form works without script too). */
(function () {
  "use strict";
  var form = document.querySelector("[data-upload-form]");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var box = form.querySelector("[data-upload-progress]");
  var bar = box.querySelector("progress");
  var percent = form.querySelector("[data-upload-percent]");
  var message = form.querySelector("[data-upload-message]");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
  /* The page writes the messages in the reader's language (data-text-…). */
  function text(name, fallback) { return form.getAttribute("data-text-" + name) || fallback; }

  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    var file = input && input.files[0];
    if (!file) { return; } /* let the server say what is missing */
    if (file.size > maxBytes) {
      event.preventDefault();
      message.textContent = text("too-large", "Die Datei ist größer als " +
        Math.round(maxBytes / 1048576) + " MB und kann nicht hochgeladen werden.");
      return;
    }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) { return; }
      var value = Math.round(100 * progress.loaded / progress.total);
      bar.value = value;
      bar.textContent = value + " %";
      percent.textContent = value + " % " + text("uploaded", "hochgeladen");
    });
    request.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
      if (request.status === 200 && answer.ok) {
        percent.textContent = answer.message;
        window.location.assign(answer.next);
      } else if (request.status === 413) {
        message.textContent = text("rejected-size", "Die Datei überschreitet die erlaubte Größe.");
      } else {
        message.textContent = answer.message || text("failed", "Das Hochladen ist fehlgeschlagen. Bitte versuchen Sie es noch einmal.");
      }
      form.querySelector("[type=submit]").disabled = false;
    });
    request.addEventListener("error", function () {
      message.textContent = text("offline", "Die Verbindung wurde unterbrochen. Bitte versuchen Sie es noch einmal.");
      form.querySelector("[type=submit]").disabled = false;
    });
    box.hidden = false;
    message.textContent = "";
    form.querySelector("[type=submit]").disabled = true;
    request.send(new FormData(form));
  });
})();
