/* Oogst: in a relation graph (drawing.html), pointing at or focusing a node dims everything but
 * that node, its lines and the nodes at their other ends. Only classes change (the theme's CSS
 * dims); without JavaScript the drawing is the same, only without the highlighting. */
(function () {
  "use strict";

  function highlight(figure, key) {
    var hot = {};
    hot[key] = true;
    figure.querySelectorAll(".edge").forEach(function (edge) {
      var ends = (edge.getAttribute("data-ends") || "").split(" ");
      var on = ends.indexOf(key) !== -1;
      edge.classList.toggle("hot", on);
      if (on) { hot[ends[0]] = hot[ends[1]] = true; }
    });
    figure.querySelectorAll(".node").forEach(function (node) {
      node.classList.toggle("hot", hot[node.getAttribute("data-key")] === true);
    });
    figure.classList.add("highlighting");
  }

  function clear(figure) { figure.classList.remove("highlighting"); }

  document.querySelectorAll("[data-graph]").forEach(function (figure) {
    figure.querySelectorAll(".node").forEach(function (node) {
      var key = node.getAttribute("data-key");
      node.addEventListener("pointerenter", function () { highlight(figure, key); });
      node.addEventListener("focus", function () { highlight(figure, key); });
      node.addEventListener("pointerleave", function () { clear(figure); });
      node.addEventListener("blur", function () { clear(figure); });
    });
  });
}());
