// A unit that ends sends its window or frame here (cmi5 returnURL): leave the frame, go back.
(function () {
  "use strict";
  var link = document.getElementById("package-return");
  if (!link) { return; }
  try {
    window.top.location.href = link.href;
  } catch (error) {
    window.location.href = link.href;
  }
}());
