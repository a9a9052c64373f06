/* Oogst: filter a type's listing in place. Without JavaScript the facet links lead to static
   pages (/projecten/thema/participatie/); with it they toggle filters on the listing and keep
   the state in the address (?thema=participatie,samenwerking&fase=lopend&volgorde=a-z), so that a
   filtered view can be shared. Values of one facet widen the result (or); facets narrow it (and).
   On a phone the filters fold behind one "Filter" button that says how many are chosen. */
(function () {
  "use strict";

  // Interface text: Dutch in the source; another language's from <html data-i18n> (i18n.py).
  var strings = JSON.parse(document.documentElement.getAttribute("data-i18n") || "{}");
  function ngettext(one, many, n) { return (strings[one] || [one, many])[n === 1 ? 0 : 1]; }

  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  var listing = document.querySelector(".listing");
  var button = document.querySelector("[data-filter-button]");
  var done = document.querySelector("[data-filter-done]");
  var status = document.querySelector("[data-facet-status]");

  // The "Filter" button (shown by the stylesheet on a phone only) opens and closes the filters.
  function openFilters(open) {
    if (!button) { return; }
    button.setAttribute("aria-expanded", String(open));
    listing.classList.toggle("filters-open", open);
  }
  if (button) {
    button.addEventListener("click", function () { openFilters(button.getAttribute("aria-expanded") !== "true"); });
    done.addEventListener("click", function () {
      openFilters(false);
      button.focus();
      status.scrollIntoView({ block: "nearest" });
    });
  }

  var nav = document.querySelector("[data-facets]");
  if (!nav) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".cards > .card"));
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[data-facet]"));
  var clear = document.querySelector("[data-facet-clear]");
  var empty = document.querySelector("[data-facet-empty]");
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));
  var sort = document.querySelector("[data-sort]");
  var nouns = { one: status.getAttribute("data-one"), many: status.getAttribute("data-many") };
  var SORT = "volgorde";
  var params = [];
  links.forEach(function (a) {
    if (params.indexOf(a.dataset.facet) < 0) { params.push(a.dataset.facet); }
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
    var state = { sort: query.get(SORT) === "a-z" ? "a-z" : "" };
    params.forEach(function (p) {
      var raw = query.get(p);
      state[p] = raw ? raw.split(",").filter(Boolean) : [];
    });
    return state;
  }

  function queryOf(state) {
    var parts = [];
    params.forEach(function (p) {
      if (state[p].length) { parts.push(p + "=" + state[p].map(encodeURIComponent).join(",")); }
    });
    if (state.sort) { parts.push(SORT + "=" + state.sort); }
    return parts.length ? "?" + parts.join("&") : "";
  }

  // Does a card pass every active facet, leaving out `except`?
  function passes(own, state, except) {
    return params.every(function (p) {
      if (p === except || !state[p].length) { return true; }
      return own[p].some(function (v) { return state[p].indexOf(v) >= 0; });
    });
  }

  function counted(template, n) {
    return template.replace("{n}", n).replace("{one}", nouns.one).replace("{many}", nouns.many);
  }

  function render(state) {
    var shown = 0;
    cards.forEach(function (card, i) {
      var ok = passes(values[i], state, null);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    // A value's count: what would show if it were (also) chosen, given the other facets. A value
    // that would show nothing is left out of the list.
    links.forEach(function (a) {
      var p = a.dataset.facet, v = a.dataset.value, count = 0;
      values.forEach(function (own) {
        if (own[p].indexOf(v) >= 0 && passes(own, state, p)) { count += 1; }
      });
      a.querySelector(".count").textContent = count;
      var active = state[p].indexOf(v) >= 0;
      a.classList.toggle("active", active);
      if (active) { a.setAttribute("aria-current", "true"); } else { a.removeAttribute("aria-current"); }
      a.parentNode.hidden = count === 0 && !active;
    });
    var chosen = 0;
    params.forEach(function (p) { chosen += state[p].length; });
    var text = chosen
      ? ngettext("{shown} van {n} {one}", "{shown} van {n} {many}", cards.length).replace("{shown}", shown)
      : ngettext("{n} {one}", "{n} {many}", shown);
    status.textContent = counted(text, chosen ? cards.length : shown);
    button.querySelector("[data-filter-count]").textContent = chosen ? " (" + chosen + ")" : "";
    done.textContent = counted(ngettext("Toon {n} {one}", "Toon {n} {many}", shown), shown);
    clear.hidden = !chosen;
    empty.hidden = shown > 0;
    groups.forEach(function (group) {
      var list = group.querySelector(".cards");
      var none = group.querySelector("[data-group-empty]");
      if (list && none) { none.hidden = !!list.querySelector(".card:not([hidden])"); }
    });
    if (sort) { sort.value = state.sort; }
    arrange(state.sort);
  }

  /* ---- order: as built (newest first, or an agenda's order) or A-Z; each list on its own ---- */

  var built = new Map(cards.map(function (card, i) { return [card, i]; }));
  var collator = new Intl.Collator(document.documentElement.lang || "nl", { sensitivity: "base", numeric: true });
  function titleOf(card) { return card.querySelector("h3").textContent.trim(); }
  function arrange(order) {
    document.querySelectorAll(".results .cards").forEach(function (list) {
      var items = Array.prototype.slice.call(list.children);
      items.sort(order === "a-z"
        ? function (x, y) { return collator.compare(titleOf(x), titleOf(y)) || built.get(x) - built.get(y); }
        : function (x, y) { return built.get(x) - built.get(y); });
      items.forEach(function (item) { list.appendChild(item); });
    });
  }

  function go(state) {
    history.pushState(null, "", window.location.pathname + queryOf(state));
    render(state);
  }

  links.forEach(function (a) {
    a.addEventListener("click", function (event) {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) { return; }
      event.preventDefault();
      var state = readState(), p = a.dataset.facet, v = a.dataset.value;
      var at = state[p].indexOf(v);
      if (at >= 0) { state[p].splice(at, 1); } else { state[p].push(v); }
      go(state);
    });
  });

  if (sort) {
    sort.addEventListener("change", function () {
      var state = readState();
      state.sort = sort.value === "a-z" ? "a-z" : "";
      go(state);
    });
  }

  clear.querySelector("a").addEventListener("click", function (event) {
    event.preventDefault();
    var state = readState();
    params.forEach(function (p) { state[p] = []; });
    go(state);
  });

  window.addEventListener("popstate", function () { render(readState()); });
  render(readState());
})();
