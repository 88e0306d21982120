/* Forms marked data-confirm ask before they do something that cannot be undone (discard a
   draft, remove a file, withdraw an assignment). Without script the form simply submits. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();
