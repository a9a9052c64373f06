// Runs queries in Node on a built site's search index, with the lunr.js files the site ships.
// stdin: {"zoeken": "<output>/zoeken", "queries": [...], "words": [...], "rawWords": [...]}
// stdout: {"whole": [[[ref, score], ...] or {"error": name}, ...], "sharded": [...],
//          "index": [processed word or null, ...], "search": [processed word, ...],
//          "rawTerms": [[term, ...], ...], "rawStarts": [start or null, ...]}
"use strict";
const fs = require("fs");
const path = require("path");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const dir = input.zoeken;
const lunr = require(path.join(dir, "lunr", "lunr.min.js"));
require(path.join(dir, "lunr", "lunr.stemmer.support.js"))(lunr);
require(path.join(dir, "lunr", "lunr.nl.js"))(lunr);
const OogstIndex = require(input.searchIndexJs);

function readJSON(rel) {
  return JSON.parse(fs.readFileSync(path.join(dir, "index", rel), "utf8"));
}

function run(search) {
  return input.queries.map((q) => {
    try {
      return search(q).map((r) => [r.ref, r.score]);
    } catch (e) {
      return { error: e.name };
    }
  });
}

async function main() {
  // The whole index, loaded as any lunr.js user would: stock lunr.js + lunr.nl, nothing else.
  const whole = lunr.Index.load(readJSON("lunr.json"));
  const out = { whole: run((q) => whole.search(q)) };

  // The index as the search page assembles it from the parts each query needs.
  const api = OogstIndex(lunr, (rel) => Promise.resolve(readJSON(rel)));
  const sharded = await api.open();
  out.sharded = [];
  out.shardsLoaded = [];
  for (const q of input.queries) {
    const fresh = await api.open(); // a first search: nothing loaded yet
    try {
      out.sharded.push((await fresh.search(q)).map((r) => [r.ref, r.score]));
    } catch (e) {
      out.sharded.push({ error: e.name });
    }
    out.shardsLoaded.push(Object.keys(fresh.shards).length);
    try {
      await sharded.search(q); // and one that keeps what earlier queries loaded
    } catch (e) { /* compared above */ }
  }
  out.shardedWarm = [];
  for (const q of input.queries) {
    try {
      out.shardedWarm.push((await sharded.search(q)).map((r) => [r.ref, r.score]));
    } catch (e) {
      out.shardedWarm.push({ error: e.name });
    }
  }
  out.totalShards = sharded.meta.shards.length;

  // Word by word: lunr.nl's index pipeline and its search pipeline.
  const indexPipeline = new lunr.Pipeline();
  indexPipeline.add(lunr.nl.trimmer, lunr.nl.stopWordFilter, lunr.nl.stemmer);
  const searchPipeline = lunr.Pipeline.load(whole.pipeline.toJSON());
  out.index = input.words.map((w) => {
    const t = lunr.tokenizer(w);
    return t.length === 1 ? (indexPipeline.run(t).map(String)[0] || null) : "?" + t.length;
  });
  out.search = input.words.map((w) => searchPipeline.runString(w.toLowerCase())[0]);
  // Words as the search page cuts them from a record's text: their terms, and their start as the
  // page reckons it without the stemmer (ShardedIndex.termStart).
  out.rawTerms = input.rawWords.map((w) => searchPipeline.runString(w.toLowerCase()));
  out.rawStarts = input.rawWords.map((w) => sharded.termStart(w));
  out.pipeline = whole.pipeline.toJSON();
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
});
