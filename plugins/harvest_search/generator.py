"""Writes the search index files, the lunr.js scripts and the page /zoeken/."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass

import rjsmin
from markupsafe import Markup
from pelican.generators import Generator

from harvest.i18n import _
from harvest.model import types as m
from harvest.outputs.vendor import vendored
from harvest.site.routes import url
from harvest.state import BuildState, SearchMemo, key_of

from . import store
from .incremental import Shards
from .index import FIELDS, FORMAT, SEARCH_PIPELINE, SHARD_BYTES, SearchIndex, document, field_terms

# Copied from node_modules (installed by `npm ci` from package.json), never kept in the repository;
# each checked against its pin in vendor.sha256.
VENDOR = {
    "lunr.min.js": "lunr/lunr.min.js",
    "lunr.stemmer.support.js": "lunr-languages/min/lunr.stemmer.support.min.js",
    "lunr.nl.js": "lunr-languages/min/lunr.nl.min.js",
}
INDEX_DIR = url(None, "SEARCH_INDEX").rstrip("/")
VENDOR_DIR = url(None, "SEARCH_SCRIPTS").rstrip("/")
# Everything the search runs, in one file, so that it is one request the search page's head can
# run as soon as it arrives: lunr.js, its Dutch plug-ins, then the theme's search-index.js and
# search-begin.js (which begins the search of /zoeken/?q=…), in this order.
ENGINE = "engine.js"
THEME_ENGINE_SCRIPTS = (("static", "js", "search-index.js"), ("static", "js", "search-begin.js"))
# /zoeken/ itself runs one script (deferred, after the small search-early.js): the engine, then the
# scripts every other page runs (base.html's), so that its first results wait for no other request
# for a script.
PAGE_SCRIPT = "zoeken.js"
THEME_PAGE_SCRIPTS = (("static", "js", "search.js"), ("static", "js", "menu.js"))
EARLY_SCRIPT = ("static", "js", "search-early.js")  # before the page script, written beside it


@dataclass
class Indexed:
    """One entry in the index: its ref (its place in the harvest's order), the body HTML it was
    made from, its search document and its store record (JSON, made when first needed)."""

    ref: str
    body: object  # what the document was made of: the body HTML, or (body, digests of what it shows)
    document: dict
    record: str | None = None
    sha: bytes = b""  # the record's SHA-256: what the index's version is made of
    terms: list | None = None  # per field, what index.field_terms makes of the document


def lean(script: str) -> str:
    """One of the theme's scripts as the search files carry it: minified by rjsmin (comments and
    needless white space go, the tokens stay), a fifth to a third less that a phone waits for on
    the search page. The theme keeps its readable copy."""
    return rjsmin.jsmin(script) + "\n"


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _documents(entries: list, themes: dict, front: bytes | None, memo: SearchMemo | None,
               shown: dict | None = None, linked: dict | None = None) -> list[Indexed]:
    """What each entry gives the index (it follows from its front matter, its body, and the titles
    of what it is linked to); taken from `memo` (the last build's) for an entry whose inputs are
    the same, and kept there for the next build. `shown`: per entry a digest of its front matter
    and links (harvest.shown); without it, the memo serves only while all front matter is the same.
    `linked`: per entry a digest of its `shown` and those of what it is linked to (harvest.linked)."""
    key = (None if shown is not None else front, themes)
    last = memo.docs if memo is not None and memo.front == key else {}
    found = []
    for i, e in enumerate(entries):
        if linked is not None:  # the Entry object stands for its body (exports.write_exports says why)
            inputs = (e, linked[e.key])
        else:
            inputs = e.content if shown is None else (
                e.content, shown[e.key], *(shown[x.key] for group in e.related.values() for x in group))
        known = last.get(e.key)
        if known is None or known.ref != str(i) or known.body != inputs:
            known = Indexed(str(i), inputs, document(e, str(i), themes))
        found.append(known)
    if memo is not None:
        memo.front, memo.docs = key, {e.key: k for e, k in zip(entries, found)}
    return found


def offered_pages(settings, themes: dict) -> list[dict]:
    """The pages a search offers above its results when the query names them ("Thema:
    Participatie"): every theme's and every type's, with the words that name each."""
    pages = [{"kind": _("Thema"), "title": theme["title"], "url": url(settings, "THEME_URL", slug=slug),
              "names": [theme["title"]]} for slug, theme in themes.items()]
    pages += [{"kind": _("Soort"), "title": t.plural, "url": url(settings, "LISTING_URL", t),
               "names": [t.label, t.plural, *t.nouns]} for t in m.TYPES.values()]
    return pages


def search_files(entries: list, themes: dict, whole: bool = False, front: bytes | None = None,
                 memo: SearchMemo | None = None, pages: list | None = None,
                 shown: dict | None = None, shas: dict | None = None,
                 linked: dict | None = None, write=None) -> dict[str, str]:
    """{path under the output: text} for the whole search index of `entries`, in their order.
    `whole`: also the index in one piece, as lunr.js 2.3.9 serialises it (lunr.Index.load with
    lunr.nl), for whoever wants that; the search page only fetches the parts. `memo`: the build
    state's SearchMemo (with `front`, a digest of the entries' front matter), which serves what
    each entry and each text gave in the last build and keeps this build's for the next. `pages`:
    the pages a query may name (offered_pages), in meta.json. `shas`: filled with the SHA-256 of
    each store record ({path: digest}), known without reading them again in a warm build.
    `write(path, record, its SHA-256)`: each store record is handed over as it is made, not
    returned (10,000 records are ~30 MB of text; a one-off build keeps none of them)."""
    found = _documents(entries, themes, front, memo, shown, linked)
    docs = [known.document for known in found]
    if memo is not None and not whole:  # the live preview: shards updated for what changed
        # Each document's terms are kept with it (the same objects: Shards.update sees it unchanged).
        fresh = [known for known in found if known.terms is None]
        if fresh:
            for known, made in zip(fresh, field_terms([known.document for known in fresh], memo)):
                known.terms = made
        terms = [known.terms for known in found]
        firsts_parts = memo.shards.update(terms) if memo.shards is not None else None
        if firsts_parts is None:
            memo.shards = Shards(list(FIELDS.values()), SHARD_BYTES)
            firsts_parts = memo.shards.build(terms)
        firsts, parts = firsts_parts
        files = {}
        fields, pipeline = list(FIELDS), SEARCH_PIPELINE
    else:
        index = SearchIndex(docs, memo, whole=whole)
        firsts, parts = index.shards()
        files = {f"{INDEX_DIR}/lunr.json": index.lunr_json} if whole else {}
        fields, pipeline = index.fields, index.pipeline
        del index  # its shard rows: gone before the records are made
    files.update({f"{INDEX_DIR}/s/{n}.json": part for n, part in enumerate(parts)})
    del parts
    shas = {} if shas is None else shas
    for i, (entry, known) in enumerate(zip(entries, found)):
        record, sha = known.record, known.sha
        if record is None:
            record = dumps(store.record(entry, known.document))
            sha = hashlib.sha256(record.encode()).digest()
            if memo is not None:  # for the next build
                known.record, known.sha = record, sha
        rel = f"{INDEX_DIR}/d/{i}.json"
        shas[rel] = sha
        if write is None:
            files[rel] = record
        else:
            write(rel, record, sha)
    type_names = list(m.TYPES)
    meta = {
        "format": FORMAT,
        "fields": fields,
        "pipeline": pipeline,
        "types": [{"name": t.name, "label": t.label, "plural": t.plural} for t in m.TYPES.values()],
        "docs": [type_names.index(e.type_name) for e in entries],
        "shards": firsts,
        "pages": pages or [],
    }
    # The version makes every file's address change when the index does (long browser caching).
    # Of each file's SHA-256 (a record's is known while it is kept: 10,000 are not read again).
    digest = hashlib.sha256()
    for path in sorted(files.keys() | shas.keys()):
        digest.update(path.encode() + b"\0" + (shas.get(path) or _sha256(files[path])))
    meta["version"] = digest.hexdigest()[:12]
    files[f"{INDEX_DIR}/meta.json"] = dumps(meta)
    # What a search page checks its own copy of meta.json against: 30 bytes, not 5 KB or more.
    files[f"{INDEX_DIR}/version.json"] = dumps({"version": meta["version"]})
    return files


def _sha256(text: str) -> bytes:
    digest = hashlib.sha256()
    for start in range(0, len(text), 1 << 20):  # no copy of lunr.json as bytes, nor two
        digest.update(text[start:start + (1 << 20)].encode())
    return digest.digest()


class SearchGenerator(Generator):
    state: BuildState  # set on the class state.bound makes for one Pelican instance

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.globals.update({"model": m})
        self.harvest = None

    def generate_context(self):
        harvest = self.context.get("harvest")
        if harvest is None:
            raise RuntimeError("harvest_search indexeert de oogst: zet de plugin harvest ervoor in PLUGINS.")
        self.harvest = harvest

    def generate_output(self, writer):
        # Here, not in generate_context: the harvest's pages are being rendered in worker
        # processes meanwhile. Only files that changed are written.
        state = self.state
        # Refs in the order of the entries' files (type, slug), which an edited title leaves alone.
        types = list(m.TYPES)
        shas: dict = {}

        # A store record by its digest, as it is made: the same record is neither hashed nor written
        # again, and its file's key is kept with it (10,000 records: no digest of each on every build).
        last, keys = state.memo("search records", None), {}

        def write(rel, record, sha):
            known = last.get(rel)
            if known is None or known[0] != sha or not state.kept([(rel, known[1])]):
                state.write(rel, [sha], lambda: record)
                known = (sha, key_of([sha]))
            keys[rel] = known

        files = search_files(sorted(self.harvest.entries, key=lambda e: (types.index(e.type_name), e.slug)),
                             self.harvest.themes,
                             whole=self.settings.get("SEARCH_WHOLE_INDEX", False),
                             front=self.harvest.front, memo=state.search if state.remember else None,
                             pages=offered_pages(self.settings, self.harvest.themes),
                             shown=self.harvest.shown, shas=shas, linked=self.harvest.linked, write=write)
        for rel, text in files.items():
            state.write(rel, text)
        state.keep("search records", None, keys)
        scripts = [vendored(rel) for rel in VENDOR.values()]
        for name, text in zip(VENDOR, scripts):
            state.write(f"{VENDOR_DIR}/{name}", text)
        for script in THEME_ENGINE_SCRIPTS:
            with open(os.path.join(self.theme, *script), encoding="utf-8") as fh:
                scripts.append(lean(fh.read()))
        state.write(f"{VENDOR_DIR}/{ENGINE}", "\n;\n".join(scripts))
        for script in THEME_PAGE_SCRIPTS:
            with open(os.path.join(self.theme, *script), encoding="utf-8") as fh:
                scripts.append(lean(fh.read()))
        state.write(f"{VENDOR_DIR}/{PAGE_SCRIPT}", "\n;\n".join(scripts))
        with open(os.path.join(self.theme, *EARLY_SCRIPT), encoding="utf-8") as fh:
            state.write(f"{VENDOR_DIR}/{EARLY_SCRIPT[-1]}", lean(fh.read()))
        page = url(self.settings, "SEARCH_URL")  # the route table's (harvest/site/routes.py)
        # The search page carries meta.json in its HTML (a data block, never run): the shards a
        # query needs are known as soon as the engine runs, without a request for it.
        meta = files[f"{INDEX_DIR}/meta.json"].replace("<", "\\u003c")  # `<` only occurs in strings
        writer.write_file(url(self.settings, "SEARCH_SAVE_AS"), self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=page, page_name=page,
                          search_meta=Markup(meta), search_engine=f"{VENDOR_DIR}/{PAGE_SCRIPT}",
                          search_early=f"{VENDOR_DIR}/{EARLY_SCRIPT[-1]}")
