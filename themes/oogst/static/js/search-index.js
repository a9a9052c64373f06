/* Oogst: a lunr index assembled from the parts a query needs (see plugins/harvest_search/index.py).
 *
 * lunr scores a field as queryVector.dot(fieldVector) / |queryVector| and a query reads only the
 * postings of its own (expanded) terms, so the shards holding the query's terms give a lunr.Index
 * that ranks and scores exactly like the whole one. Runs in the browser and in Node (the tests). */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
  } else {
    root.OogstIndex = factory;
  }
}(this, function (lunr, fetchJSON) {
  "use strict";
  var FORMAT = 1;

  function ShardedIndex(meta) {
    if (meta.format !== FORMAT) {
      throw new Error("Onbekend formaat van de zoekindex: " + meta.format);
    }
    this.meta = meta;
    this.fields = meta.fields;
    this.pipeline = lunr.Pipeline.load(meta.pipeline);
    this.dutch = meta.pipeline.join(" ") === "trimmer-nl stemmer-nl"; // see termStart
    this.shards = {}; // shard number -> array of terms, once loaded
    this.pending = {}; // shard number -> promise
    this.index = null; // lunr.Index over all loaded shards, for fuzzy and leading-wildcard queries
    this.indexShards = -1; // how many shards `index` was built from
  }

  // The shard whose range holds `term`: the last one whose first term is not after it.
  ShardedIndex.prototype.shardOf = function (term) {
    var firsts = this.meta.shards, lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= term) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  };

  // What a query needs: its terms as lunr will look them up (exact ones, prefixes of `innov*`,
  // or everything when a term can start anywhere: fuzzy `~1`, leading wildcard), the shards that
  // hold them, and whether it only excludes (`-term`), which makes lunr walk every document.
  ShardedIndex.prototype.plan = function (queryString) {
    var query = new lunr.Query(this.fields);
    new lunr.QueryParser(queryString, query).parse();
    var plan = { exact: Object.create(null), prefixes: [], all: false, negated: query.isNegated(), shards: [] };
    var needed = {}, self = this;
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline
        ? self.pipeline.runString(clause.term, { fields: clause.fields })
        : [clause.term];
      terms.forEach(function (term) {
        var star = term.indexOf("*");
        if (clause.editDistance > 0 || star === 0) {
          plan.all = true;
        } else if (star > 0) {
          var prefix = term.slice(0, star);
          plan.prefixes.push(prefix);
          var last = self.shardOf(prefix + "\uffff");
          for (var n = self.shardOf(prefix); n <= last; n++) { needed[n] = true; }
        } else {
          plan.exact[term] = true;
          needed[self.shardOf(term)] = true;
        }
      });
    });
    plan.shards = plan.all
      ? this.meta.shards.map(function (_, n) { return n; })
      : Object.keys(needed).map(Number).sort(function (a, b) { return a - b; });
    return plan;
  };

  ShardedIndex.prototype.shardsFor = function (queryString) {
    return this.plan(queryString).shards;
  };

  // The start that every term of `word` has, as the search pipeline makes them: its first two
  // letters, lower case, trimmed, and with the accents lunr.nl's stemmer (Dutch Snowball) takes
  // off. That stemmer changes nothing before the third letter but those accents: it takes suffixes
  // off from the fourth letter on (R1), a doubled consonant off the end, and one of a doubled vowel
  // after a consonant (maan -> man: from the third). So a word that does not start as a term does
  // cannot give that term, and the search page need not stem it to know (stemming is the slowest
  // part of marking the words of ten results). null: another pipeline, no such shortcut.
  var ACCENTS = { "\u00e1": "a", "\u00e4": "a", "\u00e9": "e", "\u00eb": "e", "\u00ed": "i", "\u00ef": "i",
    "\u00f3": "o", "\u00f6": "o", "\u00fa": "u", "\u00fc": "u" };
  ShardedIndex.prototype.termStart = function (word) {
    if (!this.dutch) { return null; }
    var trimmed = lunr.nl.trimmer(new lunr.Token(word.toLowerCase(), {})).toString();
    return trimmed.slice(0, 2).replace(/[\u00e1\u00e4\u00e9\u00eb\u00ed\u00ef\u00f3\u00f6\u00fa\u00fc]/g,
      function (c) { return ACCENTS[c]; });
  };

  ShardedIndex.prototype.load = function (numbers) {
    var self = this;
    return Promise.all(numbers.map(function (n) {
      if (self.shards[n]) { return self.shards[n]; }
      if (!self.pending[n]) {
        self.pending[n] = fetchJSON("s/" + n + ".json").then(function (shard) {
          self.shards[n] = shard.t;
          return shard.t;
        }, function (error) {
          delete self.pending[n];
          throw error;
        });
      }
      return self.pending[n];
    }));
  };

  // A lunr.Index over the loaded shards, with only the terms `plan` can expand to (all of them
  // without a plan). `complete`: every document gets a vector for every field, in the order
  // lunr's builder makes them, as a query of only `-terms` walks all of them; otherwise only the
  // vectors those terms touch, the only ones any other query reads.
  ShardedIndex.prototype.assemble = function (complete, plan) {
    var fields = this.fields, docs = this.meta.docs.length;
    function wanted(term) {
      if (!plan || plan.all || plan.exact[term] === true) { return true; }
      for (var p = 0; p < plan.prefixes.length; p++) {
        if (term.lastIndexOf(plan.prefixes[p], 0) === 0) { return true; }
      }
      return false;
    }
    var invertedIndex = Object.create(null), vectors = Object.create(null), terms = [];
    var loaded = Object.keys(this.shards).map(Number).sort(function (a, b) { return a - b; });
    for (var s = 0; s < loaded.length; s++) {
      var rows = this.shards[loaded[s]];
      for (var r = 0; r < rows.length; r++) {
        var term = rows[r][0], termIndex = rows[r][1], perField = rows[r][2];
        if (!wanted(term)) { continue; }
        var posting = { _index: termIndex };
        for (var f = 0; f < fields.length; f++) {
          var docsOf = {}, flat = perField[f], doc = 0, prefix = fields[f] + "/";
          for (var i = 0; i < flat.length; i += 2) {
            doc += flat[i];
            docsOf[doc] = {};
            var ref = prefix + doc;
            (vectors[ref] || (vectors[ref] = [])).push([termIndex, flat[i + 1] / 1000]);
          }
          posting[fields[f]] = docsOf;
        }
        invertedIndex[term] = posting;
        terms.push(term);
      }
    }
    var fieldVectors = {};
    function vector(elements) {
      elements.sort(function (a, b) { return a[0] - b[0]; });
      var flatElements = new Array(elements.length * 2);
      for (var e = 0; e < elements.length; e++) {
        flatElements[2 * e] = elements[e][0];
        flatElements[2 * e + 1] = elements[e][1];
      }
      return new lunr.Vector(flatElements);
    }
    if (complete) {
      for (var d = 0; d < docs; d++) {
        for (f = 0; f < fields.length; f++) {
          var key = fields[f] + "/" + d;
          fieldVectors[key] = vector(vectors[key] || []);
        }
      }
    } else {
      Object.keys(vectors).forEach(function (key) { fieldVectors[key] = vector(vectors[key]); });
    }
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms),
      fields: fields,
      pipeline: this.pipeline
    });
  };

  // lunr's results for `queryString` (ref, score, matchData); throws lunr.QueryParseError.
  ShardedIndex.prototype.search = function (queryString) {
    var self = this, plan = this.plan(queryString);
    return this.load(plan.shards).then(function () {
      if (!plan.all) {
        return self.assemble(plan.negated, plan).search(queryString); // small: only its own terms
      }
      var count = Object.keys(self.shards).length; // everything: kept for the next such query
      if (self.indexShards !== count) {
        self.index = self.assemble(true, null);
        self.indexShards = count;
      }
      return self.index.search(queryString);
    });
  };

  // When the words as typed find nothing: first without a plural -s ("gemeentes": lunr.nl's
  // stemmer keeps that s), then the last word as the start of longer ones ("innov" while typing).
  function alternatives(q) {
    var out = [];
    var singular = q.replace(/(^|\s)([^\s\-+:~^*]{3,}[^s\s:~^*])s(?=\s|$)/g, "$1$2");
    if (singular !== q) { out.push({ query: singular, singular: true }); }
    var m = /(^|\s)([^\s\-+:~^*]{2,})$/.exec(q);
    if (m) { out.push({ query: q.slice(0, q.length - m[2].length) + m[2] + "*" }); }
    return out;
  }

  // What the search page shows for `queryString`: {results, alt}, lunr's results for the words as
  // typed or, when they find nothing, for the first alternative that finds something (alt: which).
  // A query lunr cannot read rejects with lunr.QueryParseError.
  ShardedIndex.prototype.find = function (queryString) {
    var self = this;
    function orElse(results, alts) {
      if (results.length || !alts.length) { return { results: results, alt: null }; }
      return self.search(alts[0].query).then(function (more) {
        return more.length ? { results: more, alt: alts[0] } : orElse(more, alts.slice(1));
      });
    }
    var alts = alternatives(queryString);
    return Promise.resolve(queryString).then(function (q) {
      var found = self.search(q);
      // The singular's shards with the query's own, not a round trip later: a plural -s that the
      // stemmer keeps ("gemeentes") is a term of its own, which often finds nothing.
      if (alts.length && alts[0].singular) {
        try {
          var own = self.plan(q).exact, more = self.plan(alts[0].query);
          if (Object.keys(more.exact).some(function (term) { return !(term in own); })) {
            self.load(more.shards).catch(function () {}); // search() asks again, should it be needed
          }
        } catch (error) { /* only a head start: the search itself says what is wrong */ }
      }
      return found;
    }).then(function (results) {
      return orElse(results, alts);
    });
  };

  return {
    FORMAT: FORMAT,
    open: function () {
      return fetchJSON("meta.json").then(function (meta) { return new ShardedIndex(meta); });
    },
    ShardedIndex: ShardedIndex
  };
}));
