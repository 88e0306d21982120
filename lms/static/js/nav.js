/* The main menu folds behind its "Menü" button on narrow screens (the CSS decides when);
   the button says whether it is open. Without script the menu simply stays open. */
(function () {
  "use strict";
  var nav = document.querySelector(".main-nav");
  var button = nav && nav.querySelector(".main-nav__toggle");
  if (!button) { return; }
  nav.classList.add("main-nav--folding");
  button.addEventListener("click", function () {
    var open = nav.classList.toggle("main-nav--open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
