/* Oogst: on an event's page, built on a day when the event was still to come. Once its end has
 * passed on the reader's clock, the page says so: the registration button goes, "Deze bijeenkomst
 * is voorbij" shows. The daily rebuild does the same on the server; this covers the hours between.
 * Without JavaScript the page shows what was true on the day it was built. */
(function () {
  "use strict";

  var event = document.querySelector("[data-event-over]");
  if (!event) { return; }
  var over = Date.parse(event.getAttribute("data-event-over"));
  if (isNaN(over) || Date.now() < over) { return; }
  var upcoming = event.querySelectorAll("[data-event-upcoming]");
  for (var i = 0; i < upcoming.length; i++) { upcoming[i].hidden = true; }
  var past = event.querySelector("[data-event-past]");
  if (past) { past.hidden = false; }
  event.classList.add("event-is-past");
}());
