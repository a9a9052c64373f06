"""Reading every entry file, as fast as the machine allows: a cold build of a large harvest reads,
parses, checks and renders in worker processes, one per core; a warm process (the live preview)
remembers what it read and reads again only the files that changed."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from typing import Callable

from .document import Document, parse
from .loader import display_path
from .markup import render

# Below this many files to read, starting workers costs more than it saves (measured).
PARALLEL_FROM = 300
# path -> (digest of the file, document, body HTML, then_key, what `then` returned)
_cache: dict[str, tuple] = {}
# What the workers run on each parsed document, with its key; set before they fork.
_then: tuple[Callable, object] | None = None


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _read(item: tuple[str, bytes | None]) -> tuple:
    path, raw = item
    if raw is None:
        with open(path, "rb") as fh:
            raw = fh.read()
    doc = parse(raw, display_path(path))
    html = render(doc.body) if doc.ok else ""
    return _digest(raw), doc, html, _then[0](path, doc) if _then else None


def read_all(paths: list[str], then: Callable | None = None, then_key=None, keep: bool = True,
             workers: int | None = None) -> list[tuple[Document, str, object]]:
    """(document, body HTML, then(path, document)) for each path, in order. `then` runs where the
    file is parsed (a worker, for many files) and its result is remembered with the document
    while `then_key` stays the same. `keep`: remember for the next call in this process.
    Documents are shared with what is remembered: callers copy before changing them."""
    global _then
    found: dict[str, tuple] = {}
    todo = []
    for path in paths:
        cached = _cache.get(path)
        if cached is None:
            todo.append((path, None))  # read where it is parsed
            continue
        with open(path, "rb") as fh:
            raw = fh.read()
        if cached[0] != _digest(raw):
            todo.append((path, raw))
        elif then is not None and cached[3] != then_key:
            found[path] = (*cached[:3], then_key, then(path, cached[1]))
        else:
            found[path] = cached
    workers = workers or os.cpu_count() or 1
    _then = (then, then_key) if then else None
    try:
        if len(todo) >= PARALLEL_FROM and workers > 1:
            # fork: workers inherit the loaded modules and `then`, so they start in milliseconds.
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_read, todo, chunksize=max(16, len(todo) // (workers * 8)))
        else:
            results = [_read(item) for item in todo]
    finally:
        _then = None
    for (path, _), (digest, doc, html, extra) in zip(todo, results):
        found[path] = (digest, doc, html, then_key, extra)
    if keep:
        _cache.update(found)
    return [found[path][1:3] + found[path][4:] for path in paths]


def forget_except(paths: list[str]) -> None:
    """Forget files not among `paths` (removed since an earlier build)."""
    for gone in _cache.keys() - set(paths):
        del _cache[gone]
