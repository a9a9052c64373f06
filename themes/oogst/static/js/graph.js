/* Oogst: in a relation graph (drawing.html), pointing at or focusing a node dims everything but
 * that node, its lines and the nodes at their other ends. Only classes change (the theme's CSS
 * dims); without JavaScript the drawing is the same, only without the highlighting. */
(function () {
  "use strict";

  function highlight(figure, key) {
    var hot = {};
    hot[key] = true; // a node's number is its place among the nodes; a line names its ends' numbers
    figure.querySelectorAll(".edges line").forEach(function (edge) {
      var ends = (edge.getAttribute("data-ends") || "").split(" ");
      var on = ends.indexOf(key) !== -1;
      edge.classList.toggle("hot", on);
      if (on) { hot[ends[0]] = hot[ends[1]] = true; }
    });
    figure.querySelectorAll(".node").forEach(function (node, number) {
      node.classList.toggle("hot", hot[String(number)] === true);
    });
    figure.classList.add("highlighting");
  }

  function clear(figure) { figure.classList.remove("highlighting"); }

  // Listened for on the figure, not on each node: Chromium makes an SVG element with a focus
  // listener of its own a stop of the Tab key (the centre, which is no link, would become one).
  document.querySelectorAll("[data-graph]").forEach(function (figure) {
    function on(event) {
      var node = event.target.closest && event.target.closest(".node");
      var nodes = Array.prototype.slice.call(figure.querySelectorAll(".node"));
      if (node) { highlight(figure, String(nodes.indexOf(node))); } else { clear(figure); }
    }
    figure.addEventListener("pointerover", on);
    figure.addEventListener("focusin", on);
    figure.addEventListener("pointerleave", function () { clear(figure); });
    figure.addEventListener("focusout", function () { clear(figure); });
  });
}());
