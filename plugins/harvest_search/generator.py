"""Writes the search index files, the lunr.js scripts and the page /zoeken/."""

from __future__ import annotations

import hashlib
import json
import os
import shutil

from pelican.generators import Generator

from harvest import model as m

from . import store
from .index import FORMAT, build_index, document, shards

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Copied from node_modules (installed by `npm ci` from package.json), never kept in the repository.
VENDOR = {
    "lunr.min.js": ("lunr", "lunr.min.js"),
    "lunr.stemmer.support.js": ("lunr-languages", "min", "lunr.stemmer.support.min.js"),
    "lunr.nl.js": ("lunr-languages", "min", "lunr.nl.min.js"),
}
INDEX_DIR = "zoeken/index"
VENDOR_DIR = "zoeken/lunr"


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def search_files(entries: list, themes: dict) -> dict[str, str]:
    """{path under the output: text} for the whole search index of `entries`, in their order."""
    docs = [document(e, str(i), themes) for i, e in enumerate(entries)]
    serialized = build_index(docs).serialize()
    firsts, parts = shards(serialized)
    # The whole index as lunr.js 2.3.9 serialises it, for anyone who wants it in one piece
    # (lunr.Index.load with lunr.nl); the search page itself only fetches the parts below.
    files = {f"{INDEX_DIR}/lunr.json": dumps(serialized)}
    files.update({f"{INDEX_DIR}/s/{n}.json": dumps(part) for n, part in enumerate(parts)})
    for i, (entry, doc) in enumerate(zip(entries, docs)):
        files[f"{INDEX_DIR}/d/{i}.json"] = dumps(store.record(entry, doc))
    type_names = list(m.TYPES)
    meta = {
        "format": FORMAT,
        "fields": serialized["fields"],
        "pipeline": serialized["pipeline"],
        "types": [{"name": t.name, "label": t.label, "plural": t.plural} for t in m.TYPES.values()],
        "docs": [type_names.index(e.type_name) for e in entries],
        "shards": firsts,
    }
    # The version makes every file's address change when the index does (long browser caching).
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode() + b"\0")
    meta["version"] = digest.hexdigest()[:12]
    files[f"{INDEX_DIR}/meta.json"] = dumps(meta)
    return files


def vendor_path(*parts: str) -> str:
    path = os.path.join(ROOT, "node_modules", *parts)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} ontbreekt: installeer de JavaScript-pakketten met `npm ci`.")
    return path


class SearchGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.globals.update({"model": m})
        self.files: dict[str, str] = {}

    def generate_context(self):
        harvest = self.context.get("harvest")
        if harvest is None:
            raise RuntimeError("harvest_search indexeert de oogst: zet de plugin harvest ervoor in PLUGINS.")
        self.files = search_files(harvest.entries, harvest.themes)

    def generate_output(self, writer):
        out = self.output_path
        for rel, text in self.files.items():
            path = os.path.join(out, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        os.makedirs(os.path.join(out, VENDOR_DIR), exist_ok=True)
        for name, parts in VENDOR.items():
            shutil.copyfile(vendor_path(*parts), os.path.join(out, VENDOR_DIR, name))
        writer.write_file("zoeken/index.html", self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url="zoeken/",
                          page_name="zoeken/")
