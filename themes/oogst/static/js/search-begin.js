/* Oogst: the last part of the search engine (engine.js, after lunr.js, lunr.nl and
 * search-index.js; on /zoeken/ the page's one script, zoeken.js, which goes on with search.js and
 * menu.js). On /zoeken/?q=… this part starts the search at once: the query's shards (those
 * search-early.js asked for, others if the stemmed words need them), found from the index's table
 * of contents in the page (#zoekindex, a data block), then the stored records of the first page of
 * results. search.js takes over what was started (window.OogstEarly) instead of asking again.
 *
 * version.json (meta.json's version) is asked for alongside: the page's copy of meta.json is that
 * of the build the page came from, and only when version.json names the same version does
 * search.js show what was found with it; otherwise it searches again with meta.json. */
(function () {
  "use strict";
  var node = document.getElementById("zoekindex");
  var q = (new URLSearchParams(location.search).get("q") || "").trim();
  if (!node || !q || !window.fetch || !window.Promise || window.OogstEarly !== undefined) { return; }
  var meta;
  try { meta = JSON.parse(node.textContent); } catch (error) { return; }
  var base = new URL(node.getAttribute("data-index"), document.baseURI);
  var asked = window.OogstAsked || {}; // what search-early.js asked for before this file came
  function getJSON(address, options) {
    var taken = asked[address];
    delete asked[address];
    return taken || fetch(new URL(address, base), options).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + address); }
      return response.json();
    });
  }
  var index = new (window.OogstIndex(window.lunr, function (rel) {
    return getJSON(rel + "?v=" + meta.version);
  }).ShardedIndex)(meta);
  var records = {}, arrived = {}; // address -> promise of a record; -> the record, once here
  var found = index.find(q);
  found.catch(function () {}); // search.js says what went wrong, when it takes this over
  // The records of the first page (search.js shows ten) while search.js is still on its way.
  // With ?soort= the page shows one type's results: search.js asks for those itself.
  if (!new URLSearchParams(location.search).get("soort")) {
    found.then(function (f) {
      f.results.slice(0, 10).forEach(function (r) {
        var address = "d/" + r.ref + ".json?v=" + meta.version;
        records[address] = getJSON(address);
        records[address].then(function (doc) { arrived[address] = doc; }, function () {
          delete records[address];
        });
      });
    }, function () {});
  }
  window.OogstEarly = {
    query: q,
    index: index,
    found: found,
    records: records,
    arrived: arrived,
    current: getJSON("version.json", { cache: "no-cache" }).then(function (fresh) {
      return fresh.version === meta.version;
    })
  };
  window.OogstEarly.current.catch(function () {});
}());
