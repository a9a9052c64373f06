/* Oogst: filter a type's listing in place. Without JavaScript the facet links lead to static
   pages (/projecten/thema/participatie/); with it they toggle filters on the listing and keep
   the state in the address (?thema=participatie,samenwerking&fase=lopend), so that a filtered
   view can be shared. Values of one facet widen the result (or); facets narrow it (and). */
(function () {
  "use strict";

  // Interface text: Dutch in the source; another language's from <html data-i18n> (i18n.py).
  var strings = JSON.parse(document.documentElement.getAttribute("data-i18n") || "{}");
  function ngettext(one, many, n) { return (strings[one] || [one, many])[n === 1 ? 0 : 1]; }

  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  var nav = document.querySelector("[data-facets]");
  if (!nav) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".cards > .card"));
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[data-facet]"));
  var status = document.querySelector("[data-facet-status]");
  var clear = document.querySelector("[data-facet-clear]");
  var empty = document.querySelector("[data-facet-empty]");
  var params = [];
  links.forEach(function (a) {
    if (params.indexOf(a.dataset.facet) < 0) params.push(a.dataset.facet);
  });
  // Each card's values per facet, read once.
  var values = cards.map(function (card) {
    var own = {};
    params.forEach(function (p) {
      var text = card.getAttribute("data-" + p) || "";
      own[p] = text ? text.split(" ") : [];
    });
    return own;
  });

  function readState() {
    var query = new URLSearchParams(window.location.search);
    var state = {};
    params.forEach(function (p) {
      var raw = query.get(p);
      state[p] = raw ? raw.split(",").filter(Boolean) : [];
    });
    return state;
  }

  function queryOf(state) {
    var parts = [];
    params.forEach(function (p) {
      if (state[p].length) parts.push(p + "=" + state[p].map(encodeURIComponent).join(","));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  // Does a card pass every active facet, leaving out `except`?
  function passes(own, state, except) {
    return params.every(function (p) {
      if (p === except || !state[p].length) return true;
      return own[p].some(function (v) { return state[p].indexOf(v) >= 0; });
    });
  }

  function render(state) {
    var shown = 0;
    cards.forEach(function (card, i) {
      var ok = passes(values[i], state, null);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    // A value's count: what would show if it were (also) chosen, given the other facets.
    links.forEach(function (a) {
      var p = a.dataset.facet, v = a.dataset.value, count = 0;
      values.forEach(function (own) {
        if (own[p].indexOf(v) >= 0 && passes(own, state, p)) count += 1;
      });
      a.querySelector(".count").textContent = count;
      var active = state[p].indexOf(v) >= 0;
      a.classList.toggle("active", active);
      if (active) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
      a.classList.toggle("none", count === 0 && !active);
    });
    var filtered = params.some(function (p) { return state[p].length; });
    status.textContent = (filtered
      ? ngettext("{shown} van {n} inzending", "{shown} van {n} inzendingen", cards.length)
      : ngettext("{n} inzending", "{n} inzendingen", shown)).replace("{shown}", shown).replace("{n}", filtered ? cards.length : shown);
    clear.hidden = !filtered;
    empty.hidden = shown > 0;
  }

  links.forEach(function (a) {
    a.addEventListener("click", function (event) {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
      event.preventDefault();
      var state = readState(), p = a.dataset.facet, v = a.dataset.value;
      var at = state[p].indexOf(v);
      if (at >= 0) state[p].splice(at, 1); else state[p].push(v);
      history.pushState(null, "", window.location.pathname + queryOf(state));
      render(state);
    });
  });

  clear.querySelector("a").addEventListener("click", function (event) {
    event.preventDefault();
    history.pushState(null, "", window.location.pathname);
    render(readState());
  });

  window.addEventListener("popstate", function () { render(readState()); });
  render(readState());
})();
