/* Oogst: on /zoeken/?q=…, ask for the index shards the query needs, and version.json, before the
 * search engine has arrived, so that on a slow network they travel with it instead of after it.
 * A small script in the head of /zoeken/ that blocks the parser (an async one would run only once
 * the page is parsed); the engine (search-begin.js, its last part) takes what it asked for
 * (window.OogstAsked: address -> promise of the JSON).
 * The page holds the index's table of contents (#zoekindex, a data block). A word's shard is found
 * from its letters: the engine's stemmer changes a word's end only, so the stem lies in the shard
 * of the word's beginning, the word's own, or one between. */
(function () {
  "use strict";
  var node = document.getElementById("zoekindex");
  var q = new URLSearchParams(location.search).get("q");
  // Should the engine have run first (it asked for everything itself then: window.OogstEarly).
  if (!node || !q || !q.trim() || !window.fetch || window.OogstAsked || window.OogstEarly !== undefined) {
    return;
  }
  var meta;
  try { meta = JSON.parse(node.textContent); } catch (error) { return; }
  var firsts = meta.shards || [], wanted = {};
  function shardOf(term) {
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= term) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }
  q.split(/\s+/).forEach(function (word) {
    word = word.replace(/^[+-]/, "").replace(/^[a-z]+:/i, "").toLowerCase();
    if (!word || word.indexOf("~") >= 0 || word.charAt(0) === "*") { return; } // every shard: the engine
    word = word.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    var star = word.indexOf("*");
    var from = star > 0 ? word.slice(0, star) : word.slice(0, Math.max(2, word.length - 3));
    var last = shardOf(star > 0 ? from + "\uffff" : word);
    for (var n = Math.max(shardOf(from), last - 1); n <= last; n++) { wanted[n] = true; }
  });
  var base = new URL(node.getAttribute("data-index"), document.baseURI);
  var asked = window.OogstAsked = {};
  function ask(address, options) {
    asked[address] = fetch(new URL(address, base), options).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + address); }
      return response.json();
    });
    asked[address].catch(function () { delete asked[address]; });
  }
  ask("version.json", { cache: "no-cache" });
  Object.keys(wanted).forEach(function (n) { ask("s/" + n + ".json?v=" + meta.version); });
}());
