"""Reading every entry file, as fast as the machine allows: unchanged files are not read again
within one process (the live preview rebuilds in a warm process), and a cold build of a large
harvest parses and renders in worker processes, one per core."""

from __future__ import annotations

import hashlib
import multiprocessing
import os

from .document import Document, parse
from .loader import display_path
from .markup import render

# Below this many files to read, starting workers costs more than it saves (measured).
PARALLEL_FROM = 300
_cache: dict[str, tuple[bytes, Document, str]] = {}  # path -> (digest, document, html)


def read_one(item: tuple[str, bytes]) -> tuple[Document, str]:
    path, raw = item
    doc = parse(raw, display_path(path))
    return doc, (render(doc.body) if doc.ok else "")


def read_all(paths: list[str], workers: int | None = None) -> list[tuple[Document, str]]:
    """(document, body HTML) for each path, in order. Documents are shared with the cache:
    callers copy before adding problems."""
    todo = []
    for path in paths:
        with open(path, "rb") as fh:
            raw = fh.read()
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        cached = _cache.get(path)
        if cached is None or cached[0] != digest:
            todo.append((path, raw, digest))
    workers = workers or os.cpu_count() or 1
    items = [(path, raw) for path, raw, _ in todo]
    if len(todo) >= PARALLEL_FROM and workers > 1:
        # fork: workers inherit the loaded modules, so they start in milliseconds.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(read_one, items, chunksize=max(16, len(items) // (workers * 8)))
    else:
        results = [read_one(item) for item in items]
    for (path, _, digest), (doc, html) in zip(todo, results):
        _cache[path] = (digest, doc, html)
    return [_cache[path][1:] for path in paths]
