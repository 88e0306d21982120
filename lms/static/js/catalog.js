// "Auf meinen Lernplan" / "Vom Lernplan nehmen" without a page reload. Without JavaScript
// the same forms post and redirect back, so this file only makes it quicker and keeps focus.
(function () {
  "use strict";

  var status = document.getElementById("plan-status");
  var count = document.getElementById("plan-count");

  function announce(message) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function showCount(value) {
    if (!count) return;
    count.textContent = value + " " + (value === 1 ? count.dataset.one : count.dataset.many);
  }

  function update(form, data) {
    var button = form.querySelector("button[type=submit]");
    var label = data.planned ? form.dataset.removeLabel : form.dataset.addLabel;
    form.action = data.action;
    button.textContent = label;
    button.setAttribute("aria-label", label + ": " + form.dataset.title);
    button.classList.toggle("button--ghost", data.planned || form.hasAttribute("data-secondary"));
    showCount(data.planCount);
    announce(data.message);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.plan-form[data-enhance]")) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        button.disabled = false;
        update(form, data);
        button.focus();
      })
      .catch(function () {
        // Let the server answer in full (error page, login, expired form) as without JavaScript.
        form.removeAttribute("data-enhance");
        form.submit();
      });
  });
})();
