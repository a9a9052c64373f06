/* Oogst: the main menu behind one button on a phone. The stylesheet shows the button only where
   scripts run and the screen is narrow; this opens and closes the menu (Escape closes it too).
   Part of the search page's one script too, which may run before the page is parsed. */
(function (start) {
  "use strict";
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}(function () {
  "use strict";
  var button = document.querySelector(".menu-button");
  if (!button) { return; }
  function set(open) { button.setAttribute("aria-expanded", String(open)); }
  button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
}));
