// Player: answer elements without a full page load; feedback is announced and focused.
(function () {
  "use strict";

  function replaceElement(form, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var targetId = form.dataset.target || form.id;
    var current = document.getElementById(targetId);
    var fresh = doc.getElementById(targetId);
    if (!current || !fresh) { return false; }
    var feedback = current.querySelector("[data-feedback]");
    var freshFeedback = fresh.querySelector("[data-feedback]");
    Array.prototype.slice.call(current.children).forEach(function (child) {
      if (child !== feedback) { current.removeChild(child); }
    });
    Array.prototype.slice.call(fresh.children).forEach(function (child) {
      if (child.hasAttribute("data-feedback")) { return; }
      current.insertBefore(document.importNode(child, true), feedback);
    });
    if (feedback && freshFeedback) {
      feedback.className = freshFeedback.className;
      feedback.innerHTML = freshFeedback.innerHTML;
    }
    // A self-check gets its rating form once the answer is saved.
    var rating = current.nextElementSibling;
    var freshRating = fresh.nextElementSibling;
    if (rating && rating.classList.contains("element--rating")) { rating.remove(); }
    if (freshRating && freshRating.classList.contains("element--rating")) {
      var added = document.importNode(freshRating, true);
      current.after(added);
      enhance(added);
    }
    var errorText = current.querySelector(".error-text");
    var focusTarget = errorText ? current.querySelector("[aria-invalid='true'], input:not([type='hidden']), textarea, select") : feedback;
    if (focusTarget) { focusTarget.focus(); }
    return true;
  }

  function enhance(form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.DOMParser) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type='submit']");
      if (button) { button.disabled = true; }
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          if (!replaceElement(form, html)) { form.submit(); }
        })
        .catch(function () { form.submit(); })
        .finally(function () { if (button) { button.disabled = false; } });
    });
  }

  document.querySelectorAll("form[data-player-element]").forEach(enhance);
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
})();
