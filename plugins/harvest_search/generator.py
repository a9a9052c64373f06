"""Writes the search index files, the lunr.js scripts and the page /zoeken/."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress
from operator import and_, attrgetter, eq, is_, not_

import rjsmin
from markupsafe import Markup
from pelican.generators import Generator

from harvest.content import budget
from harvest.i18n import _
from harvest.model import types as m
from harvest.outputs.vendor import vendored
from harvest.site.routes import url
from harvest.state import BuildState, SearchMemo

from . import store
from .apart import Apart
from .incremental import Shards
from .index import FIELDS, FORMAT, SEARCH_PIPELINE, SHARD_BYTES, SearchIndex, document, field_terms, names_of

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
META = f"{INDEX_DIR}/meta.json"
# From this many entries, a one-off build makes the index in a process apart (Apart), begun as soon
# as the entries are read.
APART_FROM = 300


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
    if linked is not None and last and memo.order is not None:
        return _documents_again(entries, themes, memo, linked)
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
        memo.order = (list(entries), list(map(linked.__getitem__, map(_key, entries))), found) \
            if linked is not None else None
    return found


_key = attrgetter("key")


def _documents_again(entries: list, themes: dict, memo: SearchMemo, linked: dict) -> list[Indexed]:
    """_documents with `linked` and a memo of the same keys: an entry at the same position, the
    same object with the same `linked` digest as in the last build, has the same Indexed (the
    loop's test, without a Python step per entry); the others take that loop's path."""
    last_entries, last_linked, last_found = memo.order
    now = list(map(linked.__getitem__, map(_key, entries)))
    found = list(last_found)
    if len(last_entries) == len(entries):
        todo = compress(range(len(entries)), map(not_, map(and_, map(is_, entries, last_entries),
                                                           map(eq, now, last_linked))))
    else:
        found, todo = [None] * len(entries), range(len(entries))
    last = memo.docs
    for i in todo:
        e = entries[i]
        inputs = (e, now[i])
        known = last.get(e.key)
        if known is None or known.ref != str(i) or known.body != inputs:
            known = Indexed(str(i), inputs, document(e, str(i), themes))
        found[i] = known
    memo.docs = dict(zip(map(_key, entries), found))
    memo.order = (list(entries), now, found)
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
                 linked: dict | None = None, write=None, keep=None, found: list | None = None,
                 terms: SearchMemo | None = None) -> dict[str, str]:
    """{path under the output: text} for the whole search index of `entries`, in their order.
    `whole`: also the index in one piece, as lunr.js 2.3.9 serialises it (lunr.Index.load with
    lunr.nl), for whoever wants that; the search page only fetches the parts. `memo`: the build
    state's SearchMemo (with `front`, a digest of the entries' front matter), which serves what
    each entry and each text gave in the last build and keeps this build's for the next. `pages`:
    the pages a query may name (offered_pages), in meta.json. `shas`: filled with the SHA-256 of
    each store record ({path: digest}), known without reading them again in a warm build.
    `write(path, record, its SHA-256)`: each store record is handed over as it is made, not
    returned (10,000 records are ~30 MB of text; a one-off build keeps none of them).
    `keep(found)`: with a memo, given each position's Indexed, which positions' records are on
    disk as the last build left them (a list of bools), or None: those are not handed to `write`.
    `found`: each entry's Indexed, made already (a one-off build's process apart, apart.py), and
    `terms`: a SearchMemo whose vocabulary and field memo already hold what their fields give."""
    if found is None:
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
        index = SearchIndex(docs, memo if memo is not None else terms, whole=whole)
        firsts, parts = index.shards()
        files = {f"{INDEX_DIR}/lunr.json": index.lunr_json} if whole else {}
        fields, pipeline = index.fields, index.pipeline
        del index  # its shard rows: gone before the records are made
    files.update({f"{INDEX_DIR}/s/{n}.json": part for n, part in enumerate(parts)})
    del parts
    n = len(entries)
    # Positions whose record is the last build's and on disk as it was written (`keep`, the
    # caller's check): neither made nor handed to `write` again; the others are.
    same = keep(found) if keep is not None and memo is not None else None
    digests = list(map(attrgetter("sha"), found)) if same is not None else [b""] * n
    for i in (range(n) if same is None else compress(range(n), map(not_, same))):
        known = found[i]
        record, sha = known.record, known.sha
        if record is None:
            record = dumps(store.record(entries[i], known.document))
            sha = hashlib.sha256(record.encode()).digest()
            if memo is not None:  # for the next build
                known.record, known.sha = record, sha
        digests[i] = sha
        rel = f"{INDEX_DIR}/d/{i}.json"
        if write is None:
            files[rel] = record
        else:
            write(rel, record, sha)
    if shas is not None:
        shas.update({f"{INDEX_DIR}/d/{i}.json": sha for i, sha in enumerate(digests)})
    meta = {
        "format": FORMAT,
        "fields": fields,
        "pipeline": pipeline,
        "types": [{"name": t.name, "label": t.label, "plural": t.plural} for t in m.TYPES.values()],
        "docs": _types(entries, memo),
        "shards": firsts,
        "pages": pages or [],
    }
    # The version makes every file's address change when the index does (long browser caching).
    # Of each file's SHA-256 (a record's is known while it is kept: 10,000 are not read again).
    digest = hashlib.sha256()
    records = f"{INDEX_DIR}/d/"
    others = sorted(path for path in files if not path.startswith(records))
    # Every record's path sorts before every other file's ("d/" < "lunr.json", "s/"): the records'
    # part is one piece, joined in C (hashing it is hashing each part after the other).
    assert not others or others[0] > records + "~", others[0]
    heads, order = _record_paths(n)
    digest.update(b"".join(map(bytes.__add__, heads, map(digests.__getitem__, order))))
    for path in others:
        digest.update(path.encode() + b"\0" + _sha256(files[path]))
    meta["version"] = digest.hexdigest()[:12]
    files[META] = dumps(meta)
    # What a search page checks its own copy of meta.json against: 30 bytes, not 5 KB or more.
    files[f"{INDEX_DIR}/version.json"] = dumps({"version": meta["version"]})
    return files


def in_order(entries: list) -> list:
    """The entries in the order of their files (type, slug), the refs' order: an edited title
    leaves it alone."""
    types = list(m.TYPES)
    return sorted(entries, key=lambda e: (types.index(e.type_name), e.slug))


def _writer(state: BuildState) -> Callable:
    """search_files' `write`: a store record, with its SHA-256 as its inputs."""
    def write(rel, record, sha):
        state.write(rel, [sha], lambda: record)

    return write


def _begun(state: BuildState, entries: list, themes: dict) -> tuple:
    """In the process apart, as soon as the entries are read (before their relations are linked):
    each entry's search document but its `names`, what its fields give the index, and its store
    record, written. An entry whose HTML holds a link to the site's own content (`{static}…`)
    waits for its body as shown, which needs every generator's content (`_bodies`)."""
    before = set(state.ledger.produced)
    ordered = in_order(entries)
    links = ordered[0]._get_intrasite_link_regex() if ordered else None
    found = []
    for i, e in enumerate(ordered):
        html = e._content
        # Without such a link, the body is the HTML itself (Pelican's Content.get_content).
        found.append(Indexed(str(i), None, document(e, str(i), themes, "", html))
                     if not html or links.search(html) is None else None)
    terms = SearchMemo()
    field_terms([known.document for known in found if known is not None], terms)
    write, rels = _writer(state), _record_rels(len(ordered))
    for known, e, rel in zip(found, ordered, rels):
        if known is not None:
            known.record = dumps(store.record(e, known.document))
            known.sha = hashlib.sha256(known.record.encode()).digest()
            write(rel, known.record, known.sha)
            known.record = ""  # on disk: only its digest is needed (10,000 records are ~30 MB)
    return before, ordered, themes, found, terms


def _names(entries: list) -> dict:
    """What the process apart is sent once the relations are linked: each entry's `names`."""
    return {e.key: names_of(e) for e in entries}


def _bodies(entries: list) -> dict:
    """What it is sent once every generator's context is complete: the body as shown of each
    entry `_begun` left waiting."""
    links = entries[0]._get_intrasite_link_regex() if entries else None
    return {e.key: e.content for e in entries if e._content and links.search(e._content) is not None}


def _made_apart(state: BuildState, settings: dict, begun: tuple, later: Callable) -> tuple:
    """In the process apart, with `_names`' (and `_bodies`', when an entry waits for its body): the
    index files, written. Returns what the ledger records of them and meta.json's text."""
    before, ordered, themes, found, terms = begun
    names = later()
    if names.keys() != set(map(_key, ordered)):
        raise RuntimeError("De zoekindex kreeg andere inzendingen dan gelezen.")
    # The records _begun wrote: search_files hands them over again (with "" for their text).
    written, write = set(compress(_record_rels(len(ordered)), found)), _writer(state)
    waiting = [i for i, known in enumerate(found) if known is None]
    bodies = later() if waiting else {}
    for i in waiting:
        e = ordered[i]
        found[i] = Indexed(str(i), None, document(e, str(i), themes, names[e.key], bodies[e.key]))
    for i, e in enumerate(ordered):
        found[i].document["names"] = names[e.key]

    def write_waiting(rel, record, sha):
        if rel not in written:
            write(rel, record, sha)

    files = search_files(ordered, themes, whole=settings.get("SEARCH_WHOLE_INDEX", False),
                         pages=offered_pages(settings, themes), write=write_waiting,
                         found=found, terms=terms)
    for rel, text in files.items():
        state.write(rel, text)
    return state.ledger.made_since(before), files[META]


@functools.cache
def _record_paths(n: int) -> tuple[list[bytes], list[int]]:
    """For n records: their positions in the order of their paths, and each path there as the
    version's digest reads it (the path, then a NUL)."""
    order = sorted(range(n), key=lambda i: f"{INDEX_DIR}/d/{i}.json")
    return [f"{INDEX_DIR}/d/{i}.json".encode() + b"\0" for i in order], order


def _types(entries: list, memo: SearchMemo | None) -> list[int]:
    """Each entry's type, as its place in the model's list (meta.json's "docs"): the last build's
    list while the entries are the same objects in the same order (an Entry's type is its file's)."""
    last = memo.types if memo is not None else None
    if last is not None and len(last[0]) == len(entries) and all(map(is_, last[0], entries)):
        return last[1]
    type_names = list(m.TYPES)
    docs = [type_names.index(e.type_name) for e in entries]
    if memo is not None:
        memo.types = (list(entries), docs)
    return docs


def _sha256(text: str) -> bytes:
    digest = hashlib.sha256()
    for start in range(0, len(text), 1 << 20):  # no copy of lunr.json as bytes, nor two
        digest.update(text[start:start + (1 << 20)].encode())
    return digest.digest()


@functools.cache
def _record_rels(n: int) -> tuple[str, ...]:
    return tuple(f"{INDEX_DIR}/d/{i}.json" for i in range(n))


class SearchGenerator(Generator):
    state: BuildState  # set on the class state.bound makes for one Pelican instance

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.globals.update({"model": m})
        self.harvest = None
        # A one-off build makes the index in a process apart, told of the entries once they are read
        # (state.early: `read`); the preview keeps its memos in its own process.
        self.apart = None
        if not self.state.remember and budget.forks():
            self.apart = Apart(functools.partial(_begun, self.state),
                               functools.partial(_made_apart, self.state, self.settings))
            self.state.early.append(self)

    def read(self, entries: list, themes: dict) -> None:
        """state.early's: the entries are read (not yet linked)."""
        if len(entries) >= APART_FROM and not self.apart.begun:
            self.apart.begin(entries, themes)

    def linked(self, entries: list) -> None:
        """state.early's: their relations are linked."""
        if self.apart.begun:
            self.apart.send(_names(entries))

    def stop(self) -> None:
        if self.apart is not None:
            self.apart.stop()

    def send_later(self) -> None:
        """Once every generator's context is complete (Pelican's all_generators_finalized)."""
        if self.apart is not None and self.apart.begun and self.harvest is not None:
            self.apart.send(_bodies(self.harvest.entries))

    def _ordered(self) -> list:
        """The entries in the order of their files (type, slug), which an edited title leaves alone:
        the last build's list while the harvest's entries are the same objects in the same order."""
        entries, last = self.harvest.entries, self.state.memo("search order", None)
        if last and len(last["entries"]) == len(entries) and all(map(is_, last["entries"], entries)):
            return last["ordered"]
        ordered = in_order(entries)
        self.state.keep("search order", None, {"entries": list(entries), "ordered": ordered})
        return ordered

    def generate_context(self):
        harvest = self.context.get("harvest")
        if harvest is None:
            raise RuntimeError("harvest_search indexeert de oogst: zet de plugin harvest ervoor in PLUGINS.")
        self.harvest = harvest

    def generate_output(self, writer):
        # Here, not in generate_context: the harvest's pages are being rendered in worker
        # processes meanwhile. Only files that changed are written.
        state = self.state
        made = self.apart.collect() if self.apart is not None and self.apart.begun else None
        if made is not None:  # by the process apart
            records, meta = made[0]
            state.ledger.take(records)
        else:
            meta = self._write_index()
        self._write_scripts()
        page = url(self.settings, "SEARCH_URL")  # the route table's (harvest/site/routes.py)
        # The search page carries meta.json in its HTML (a data block, never run): the shards a
        # query needs are known as soon as the engine runs, without a request for it.
        meta = meta.replace("<", "\\u003c")  # `<` only occurs in strings
        writer.write_file(url(self.settings, "SEARCH_SAVE_AS"), self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=page, page_name=page,
                          search_meta=Markup(meta), search_engine=f"{VENDOR_DIR}/{PAGE_SCRIPT}",
                          search_early=f"{VENDOR_DIR}/{EARLY_SCRIPT[-1]}")

    def _write_index(self) -> str:
        """The index files, written here; returns meta.json's text."""
        state = self.state
        # Refs in the order of the entries' files (type, slug), which an edited title leaves alone.
        entries = self._ordered()
        n = len(entries)
        rels = _record_rels(n)

        # The store records as the last build left them: the Indexed at each position and the
        # ledger's record of its file. A position with the same Indexed has the same record (made
        # once per Indexed), so its file is kept when the ledger holds it as it was (kept_records):
        # 10,000 records neither hashed nor looked up one by one.
        last, placed = state.memo("search records", n), []

        def keep(found):
            placed[:] = found
            if not last:
                return None
            same = list(map(is_, found, last["placed"]))
            if not state.kept_records(tuple(compress(rels, same)), tuple(compress(last["records"], same))):
                return None
            return same

        memo = state.search if state.remember else None
        files = search_files(entries, self.harvest.themes,
                             whole=self.settings.get("SEARCH_WHOLE_INDEX", False),
                             front=self.harvest.front, memo=memo,
                             pages=offered_pages(self.settings, self.harvest.themes),
                             shown=self.harvest.shown, linked=self.harvest.linked,
                             write=_writer(state), keep=keep)
        for rel, text in files.items():
            state.write(rel, text)
        if memo is not None:
            state.keep("search records", n, {"placed": placed, "records": state.records(rels)[1]})
        return files[META]

    def _write_scripts(self) -> None:
        state = self.state
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
