/* Oogst: search as you type, on /zoeken/ and from the search box in every page's header.
 *
 * Nothing is fetched until the reader focuses a search box or arrives with ?q=: then lunr.js,
 * lunr.nl and the index parts the query needs (search-index.js). Entry text is only ever put
 * into the page as text (textContent), never parsed as HTML.
 *
 * On /zoeken/ this file is part of the page's one script (async, with the engine: see
 * harvest_search/generator.py), which may run before the page is parsed: it starts once it is. */
(function (start) {
  "use strict";
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}(function () {
  "use strict";

  // Interface text: Dutch in the source; another language's from <html data-i18n> (i18n.py).
  var strings = JSON.parse(document.documentElement.getAttribute("data-i18n") || "{}");
  function gettext(text) { return typeof strings[text] === "string" ? strings[text] : text; }
  function ngettext(one, many, n) { return (strings[one] || [one, many])[n === 1 ? 0 : 1]; }

  var form = document.querySelector("form[data-search]");
  if (!form || !window.fetch || !window.Promise) { return; }
  var input = form.querySelector("input[name=q]");
  var main = document.querySelector("main");
  var site = new URL(form.getAttribute("data-site") || "/", document.baseURI);
  var indexBase = new URL("zoeken/index/", site);
  var lunrBase = new URL("zoeken/lunr/", site);
  var scriptBase = new URL("theme/js/", site);
  var onSearchPage = !!document.querySelector("[data-search-results]");
  var PAGE = 10; // results shown at once; the store of each is fetched only when shown
  var DEBOUNCE = 180;

  var engine = null; // promise of {lunr, index}
  var version = ""; // of the index, from meta.json: part of every other index file's address
  var started = null; // the search the engine file began on /zoeken/?q=… (search-begin.js)
  var early = {}; // address -> promise of a record that the engine file began to fetch
  var arrived = {}; // address -> a record that is here: drawn at once, with its page of results
  var docs = {}; // ref -> promise of its stored record
  var state = { query: "", results: [], type: "", shown: PAGE, asked: "", alt: null };
  var run = 0; // only the newest search may write to the page
  var timer = null;
  var region = null;
  var hidden = []; // the page's own content, hidden while results show (pages other than /zoeken/)

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var scripts = {}; // url -> promise; a retry after a failed load runs each script only once
  function loadScript(url) {
    if (scripts[url]) { return scripts[url]; }
    scripts[url] = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.async = false; // downloaded together, run in order: lunr before its plug-ins
      script.onload = resolve;
      script.onerror = function () {
        delete scripts[url];
        script.remove();
        reject(new Error("niet geladen: " + url));
      };
      document.head.appendChild(script);
    });
    return scripts[url];
  }

  function getJSON(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + url); }
      return response.json();
    });
  }

  // The engine (lunr.js, lunr.nl, search-index.js, search-begin.js) is one file. /zoeken/ runs it
  // itself, first in its head: use that (or wait for it) instead of asking again.
  function engineScript() {
    var address = new URL("engine.js", lunrBase);
    if (window.OogstIndex) { return Promise.resolve(); }
    var own = document.querySelector("script[data-search-engine]");
    if (!own || document.readyState === "complete") { return loadScript(address); }
    return new Promise(function (resolve) {
      own.addEventListener("load", resolve);
      own.addEventListener("error", resolve);
      window.addEventListener("load", resolve); // it failed before this script ran
    }).then(function () { return window.OogstIndex ? null : loadScript(address); });
  }

  function loadEngine() {
    if (engine) { return engine; }
    // meta.json is checked on every visit: the parts it names carry its version in their address.
    engine = engineScript().then(function () {
      var begun = window.OogstEarly;
      window.OogstEarly = null; // taken over once
      // What the engine file began with the page's copy of meta.json, if that is still current.
      return begun ? begun.current.then(function (current) { return current ? begun : null; }) : null;
    }).then(function (begun) {
      var lunr = window.lunr;
      if (begun) {
        version = begun.index.meta.version;
        started = begun;
        early = begun.records;
        arrived = begun.arrived;
        return { lunr: lunr, index: begun.index };
      }
      return getJSON(new URL("meta.json", indexBase), { cache: "no-cache" }).then(function (meta) {
        version = meta.version;
        var api = window.OogstIndex(lunr, function (rel) {
          return getJSON(new URL(rel + "?v=" + version, indexBase));
        });
        return { lunr: lunr, index: new api.ShardedIndex(meta) };
      });
    });
    engine.catch(function () { engine = null; }); // a later search tries again
    return engine;
  }

  function recordAddress(ref) { return "d/" + ref + ".json?v=" + version; }

  function record(ref) {
    if (!docs[ref]) {
      var address = recordAddress(ref);
      var asked = early[address];
      delete early[address];
      docs[ref] = (asked || getJSON(new URL(address, indexBase))).then(function (doc) {
        arrived[address] = doc;
        return doc;
      }, function (error) {
        delete docs[ref];
        throw error;
      });
    }
    return docs[ref];
  }

  /* ---- the results region ---- */

  function ensureRegion() {
    if (region) { return region; }
    region = document.querySelector("[data-search-results]");
    if (!region) {
      region = el("section", "search-results");
      region.id = "zoekresultaten";
      region.setAttribute("aria-label", gettext("Zoekresultaten"));
      main.insertBefore(region, main.firstChild);
    }
    return region;
  }

  function showPage(show) {
    // On other pages the results take the place of the page's own content while a query is typed.
    if (onSearchPage) { return; }
    if (!show) {
      ensureRegion();
      if (!hidden.length) {
        Array.prototype.forEach.call(main.children, function (child) {
          if (child !== region && !child.hidden) { child.hidden = true; hidden.push(child); }
        });
      }
      region.hidden = false;
    } else {
      hidden.forEach(function (child) { child.hidden = false; });
      hidden = [];
      if (region) { region.hidden = true; region.textContent = ""; }
    }
  }

  var live = null; // one polite live region that outlives every re-render, so it is announced
  function announce(text) {
    if (!live) {
      live = el("p", "search-live");
      live.setAttribute("role", "status");
      main.appendChild(live);
    }
    live.textContent = text;
  }

  function status(parts) {
    var p = el("p", "search-status");
    parts.forEach(function (part) {
      p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    announce(p.textContent);
    return p;
  }

  function quoted(text) { return el("q", "search-query", text); }

  // `template` with each {name} replaced by values[name] (text or a node), as parts for status().
  function fill(template, values) {
    return template.split(/\{(\w+)\}/).map(function (part, i) { return i % 2 ? values[part] : part; })
      .filter(function (part) { return part !== ""; });
  }

  function listingLinks() {
    var p = el("p", "", gettext("Of blader verder via de lijsten: "));
    var links = document.querySelectorAll("header.site nav a");
    Array.prototype.forEach.call(links, function (a, i) {
      if (i) { p.appendChild(document.createTextNode(" · ")); }
      var link = el("a", "", a.textContent);
      link.href = a.href;
      p.appendChild(link);
    });
    return p;
  }

  function message(kind, title, lines, extra) {
    var box = el("div", "search-message search-" + kind);
    box.appendChild(status([title]));
    if (lines.length) {
      var ul = el("ul");
      lines.forEach(function (line) { ul.appendChild(el("li", "", line)); });
      box.appendChild(ul);
    }
    (extra || []).forEach(function (node) { box.appendChild(node); });
    return box;
  }

  function render() {
    var target = ensureRegion();
    target.textContent = "";
    showPage(false);
    var q = state.asked;
    var offers = pageOffers(q);
    if (offers) { target.appendChild(offers); }
    if (!state.results.length) {
      target.appendChild(message("empty", "", [
        gettext("Controleer de spelling."),
        gettext("Gebruik minder woorden, of andere: een synoniem of een algemener woord."),
        gettext("Zoek op het begin van een woord met een sterretje, bijvoorbeeld innov*.")
      ], [listingLinks()]));
      var head = target.querySelector(".search-status");
      head.textContent = "";
      fill(gettext("Niets gevonden voor {query}."), { query: quoted(q) }).forEach(function (part) {
        head.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
      });
      announce(head.textContent);
      return;
    }
    var types = engineTypes();
    var counts = {};
    state.results.forEach(function (r) { counts[r.type] = (counts[r.type] || 0) + 1; });
    var visible = state.results.filter(function (r) { return !state.type || r.type === state.type; });
    var n = state.results.length;
    var lead = state.alt
      ? fill(ngettext("Niets gevonden voor {query}; wel {n} resultaat voor {other}.",
        "Niets gevonden voor {query}; wel {n} resultaten voor {other}.", n),
        { query: quoted(q), n: String(n), other: quoted(state.alt.query) })
      : fill(ngettext("{n} resultaat voor {query}.", "{n} resultaten voor {query}.", n), { n: String(n), query: quoted(q) });
    target.appendChild(status(lead));

    var filter = el("div", "search-filter");
    filter.setAttribute("role", "group");
    filter.setAttribute("aria-label", gettext("Toon alleen één soort"));
    var all = [{ name: "", plural: gettext("Alle"), count: n }];
    types.forEach(function (t) {
      if (counts[t.name]) { all.push({ name: t.name, plural: t.plural, count: counts[t.name] }); }
    });
    all.forEach(function (t) {
      var button = el("button", "search-type");
      button.type = "button";
      button.setAttribute("aria-pressed", String(state.type === t.name));
      button.appendChild(document.createTextNode(t.plural + " "));
      button.appendChild(el("span", "count", "(" + t.count + ")"));
      button.addEventListener("click", function () {
        state.type = t.name;
        state.shown = PAGE;
        remember(false);
        render();
        var pressed = region.querySelector(".search-type[aria-pressed=true]");
        if (pressed) { pressed.focus(); }
      });
      filter.appendChild(button);
    });
    target.appendChild(filter);

    var list = el("ol", "search-list");
    target.appendChild(list);
    var current = run;
    visible.slice(0, state.shown).forEach(function (r) {
      var li = el("li", "search-hit search-hit-" + r.type);
      list.appendChild(li);
      var here = arrived[recordAddress(r.ref)];
      if (here) { fillHit(li, here, r); return; } // no frame drawn without it
      li.setAttribute("aria-busy", "true");
      record(r.ref).then(function (doc) {
        if (current !== run) { return; }
        fillHit(li, doc, r);
      }, function () {
        li.textContent = gettext("Dit resultaat kon niet geladen worden.");
        li.removeAttribute("aria-busy");
      });
    });
    if (!onSearchPage) {
      // The same search at an address that can be shared or bookmarked.
      var page = el("p", "search-page-link");
      var link = el("a", "", gettext("Deze zoekopdracht op de zoekpagina"));
      link.href = new URL("zoeken/?q=" + encodeURIComponent(q), site).href;
      page.appendChild(link);
      target.appendChild(page);
    }
    if (visible.length > state.shown) {
      var more = el("button", "search-more", gettext("Meer resultaten tonen ({n} over)").replace("{n}", visible.length - state.shown));
      more.type = "button";
      more.addEventListener("click", function () {
        var first = state.shown;
        state.shown += PAGE;
        render();
        var links = region.querySelectorAll(".search-list a");
        if (links[first]) { links[first].focus(); }
      });
      target.appendChild(more);
    }
  }

  var typesCache = [];
  function engineTypes() { return typesCache; }

  /* ---- the theme and type pages a query names ("Thema: Participatie"), above the results ---- */

  var pagesCache = []; // meta.json's pages: {kind, title, url, names}

  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  // A page is named when a name of it is the query, is among its words (or runs of words), or
  // starts with what is being typed (from 4 letters on).
  function namedPages(q) {
    var words = folded(q).split(/\s+/).filter(function (w) { return w && w.charAt(0) !== "-"; })
      .map(function (w) { return w.replace(/^title:/, "").replace(/[*~^+:]+/g, ""); })
      .filter(Boolean);
    if (!words.length) { return []; }
    var said = " " + words.join(" ") + " ";
    var last = words[words.length - 1];
    return pagesCache.filter(function (page) {
      return page.names.some(function (name) {
        var n = folded(name);
        return said.indexOf(" " + n + " ") >= 0 || (words.length === 1 && last.length >= 4 && n.indexOf(last) === 0);
      });
    });
  }

  function pageOffers(q) {
    var found = namedPages(q);
    if (!found.length) { return null; }
    var nav = el("nav", "search-pages");
    nav.setAttribute("aria-label", gettext("Pagina's over je zoekvraag"));
    var ul = el("ul");
    found.forEach(function (page) {
      var li = el("li");
      var a = el("a", "", page.kind + ": " + page.title);
      a.href = new URL(page.url, site).href;
      li.appendChild(a);
      ul.appendChild(li);
    });
    nav.appendChild(ul);
    return nav;
  }

  /* ---- one result: title, type, snippet with the matched words marked ---- */

  function words(text) {
    // Words as lunr's tokenizer cuts them (on spaces and hyphens), with what lies between.
    var out = [], re = /[^\s\-]+/g, m, last = 0;
    while ((m = re.exec(text))) {
      if (m.index > last) { out.push({ text: text.slice(last, m.index) }); }
      out.push({ text: m[0], word: true });
      last = m.index + m[0].length;
    }
    if (last < text.length) { out.push({ text: text.slice(last) }); }
    return out;
  }

  // The text between two marked words is one text node, not one per word: ten results are some
  // 1,300 nodes fewer for the browser to make, style and lay out.
  function marked(pieces, hit) {
    var frag = document.createDocumentFragment(), text = "";
    pieces.forEach(function (p) {
      if (p.word && hit(p.text)) {
        // Mark the word, not the punctuation around it (what lunr.nl's trimmer drops).
        var parts = state.edges.exec(p.text);
        text += parts[1];
        if (text) { frag.appendChild(document.createTextNode(text)); }
        frag.appendChild(el("mark", "", parts[2]));
        text = parts[3];
      } else {
        text += p.text;
      }
    });
    if (text) { frag.appendChild(document.createTextNode(text)); }
    return frag;
  }

  function snippet(doc, hit) {
    var summary = words(doc.s);
    if (summary.some(function (p) { return p.word && hit(p.text); })) { return summary; }
    var body = words(doc.b);
    var at = -1;
    for (var i = 0; i < body.length; i++) { if (body[i].word && hit(body[i].text)) { at = i; break; } }
    if (at < 0) { return summary; }
    var from = Math.max(0, at - 24), to = Math.min(body.length, at + 40);
    var cut = body.slice(from, to);
    if (from > 0) { cut.unshift({ text: "… " }); }
    if (to < body.length) { cut.push({ text: " …" }); }
    return cut;
  }

  function fillHit(li, doc, result) {
    li.textContent = "";
    li.removeAttribute("aria-busy");
    var terms = {}, starts = {};
    Object.keys(result.matchData.metadata).forEach(function (t) { terms[t] = true; starts[t.slice(0, 2)] = true; });
    var seen = {};
    function hit(word) {
      if (!(word in seen)) {
        // Only a word that starts as a matched term does is stemmed (search-index.js, termStart).
        var start = state.termStart(word);
        seen[word] = (start === null || starts[start] === true) &&
          indexTerms(word).some(function (t) { return terms[t]; });
      }
      return seen[word];
    }
    var meta = el("p", "search-meta");
    meta.appendChild(el("span", "type", typeLabel(doc.y)));
    if (doc.k) { meta.appendChild(document.createTextNode(" · " + doc.k)); }
    var h = el("h2", "search-title");
    var a = el("a");
    a.href = new URL(doc.u, site).href;
    a.appendChild(marked(words(doc.t), hit));
    h.appendChild(a);
    var p = el("p", "search-snippet");
    p.appendChild(marked(snippet(doc, hit), hit));
    li.appendChild(h);
    li.appendChild(meta);
    li.appendChild(p);
  }

  // A word as the index has it (trimmed, stemmed), kept: the ten results of a page share most of
  // their words, and the stemmer is the slowest part of showing them.
  var stems = Object.create(null), stemmed = 0;
  function indexTerms(word) {
    if (!(word in stems)) {
      if (++stemmed > 20000) { stems = Object.create(null); stemmed = 1; }
      stems[word] = state.pipeline.runString(word.toLowerCase());
    }
    return stems[word];
  }

  function typeLabel(name) {
    for (var i = 0; i < typesCache.length; i++) {
      if (typesCache[i].name === name) { return typesCache[i].label; }
    }
    return name;
  }

  /* ---- searching ---- */

  function failed(retry) {
    var target = ensureRegion();
    target.textContent = "";
    showPage(false);
    var again = el("button", "search-retry", gettext("Opnieuw proberen"));
    again.type = "button";
    again.addEventListener("click", retry);
    target.appendChild(message("error", gettext("De zoekindex kon niet geladen worden."), [
      gettext("Controleer je internetverbinding en probeer het opnieuw.")
    ], [again, listingLinks()]));
  }

  function unreadable(q, error) {
    var target = ensureRegion();
    target.textContent = "";
    showPage(false);
    target.appendChild(message("error", gettext("Deze zoekvraag kunnen we niet lezen."), [
      gettext("Tekens als : ^ ~ + hebben een betekenis; zet er een woord achter of laat ze weg."),
      gettext("Zoek bijvoorbeeld naar innovatie, innov* of title:innovatie.")
    ]));
    var head = target.querySelector(".search-status");
    head.appendChild(document.createTextNode(" (" + (error && error.message ? error.message : q) + ")"));
    announce(head.textContent);
  }

  function search(q) {
    var mine = ++run;
    q = q.trim();
    if (!q) {
      state.query = "";
      state.results = [];
      if (onSearchPage) { ensureRegion().textContent = ""; } else { showPage(true); }
      if (live) { live.textContent = ""; }
      return Promise.resolve();
    }
    ensureRegion().setAttribute("aria-busy", "true");
    return loadEngine().then(function (e) {
      state.pipeline = e.index.pipeline;
      state.termStart = e.index.termStart.bind(e.index);
      var letters = e.lunr.nl.wordCharacters + "0-9";
      state.edges = new RegExp("^([^" + letters + "]*)([\\s\\S]*?)([^" + letters + "]*)$");
      typesCache = e.index.meta.types;
      pagesCache = e.index.meta.pages || [];
      var types = e.index.meta.types, docTypes = e.index.meta.docs;
      function withTypes(results) {
        return results.map(function (r) {
          return { ref: r.ref, score: r.score, matchData: r.matchData, type: types[docTypes[+r.ref]].name };
        });
      }
      // The engine file may have begun this very search while the page loaded.
      var begun = started && started.query === q ? started.found : null;
      started = null;
      return (begun || e.index.find(q)).then(function (found) {
        if (mine !== run) { return; }
        state.query = q;
        state.asked = q;
        state.alt = found.alt;
        state.results = withTypes(found.results);
        if (state.type && !state.results.some(function (r) { return r.type === state.type; })) {
          state.type = "";
        }
        state.shown = PAGE;
        render();
      }, function (error) {
        if (mine !== run) { return; }
        if (error && error.name === "QueryParseError") { unreadable(q, error); } else { throw error; }
      });
    }).catch(function () {
      if (mine === run) { failed(function () { search(input.value); }); }
    }).then(function () {
      if (region && mine === run) { region.removeAttribute("aria-busy"); }
    });
  }

  /* ---- the address: ?q= (and ?soort=) make a search shareable; back and forward restore it ---- */

  function sectionOf(typeName) {
    var t = typesCache.filter(function (x) { return x.name === typeName; })[0];
    return t ? t.plural.toLowerCase() : "";
  }

  function remember(push) {
    if (!onSearchPage) { return; }
    var url = new URL(location.href);
    var q = input.value.trim();
    if (q) { url.searchParams.set("q", q); } else { url.searchParams.delete("q"); }
    if (state.type && q) { url.searchParams.set("soort", sectionOf(state.type)); } else { url.searchParams.delete("soort"); }
    if (url.href === location.href) { return; }
    var had = new URL(location.href).searchParams.get("q");
    if (push || !had) { history.pushState(null, "", url); } else { history.replaceState(null, "", url); }
  }

  function fromAddress() {
    var params = new URL(location.href).searchParams;
    var q = params.get("q") || "";
    var soort = params.get("soort") || "";
    input.value = q;
    state.type = "";
    return search(q).then(function () {
      var t = typesCache.filter(function (x) { return x.plural.toLowerCase() === soort; })[0];
      if (t && state.results.some(function (r) { return r.type === t.name; })) {
        state.type = t.name;
        render();
      }
    });
  }

  /* ---- events ---- */

  input.addEventListener("focus", function () { loadEngine().catch(function () {}); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      remember(false);
      search(input.value);
    }, DEBOUNCE);
  });
  form.addEventListener("submit", function (event) {
    if (!onSearchPage) { return; } // from another page, Enter goes to /zoeken/?q=…
    event.preventDefault();
    clearTimeout(timer);
    remember(true);
    search(input.value);
  });

  function resultLinks() {
    return region ? Array.prototype.slice.call(region.querySelectorAll(".search-list a")) : [];
  }

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      var links = resultLinks();
      if (links.length) { event.preventDefault(); links[0].focus(); }
    } else if (event.key === "Escape" && input.value) {
      event.preventDefault();
      input.value = "";
      clearTimeout(timer);
      remember(false);
      search("");
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    var links = resultLinks();
    var at = links.indexOf(target);
    if (at < 0) { return; }
    event.preventDefault();
    if (event.key === "ArrowDown" && at + 1 < links.length) { links[at + 1].focus(); }
    else if (event.key === "ArrowUp") { (at > 0 ? links[at - 1] : input).focus(); }
  });

  window.addEventListener("popstate", function () { if (onSearchPage) { fromAddress(); } });

  if (onSearchPage && new URL(location.href).searchParams.get("q")) {
    fromAddress();
  }
}));
