"""Reading every entry file, as fast as the machine allows: a cold build of a large harvest reads,
parses, checks and renders in worker processes, one per core; a warm process (the live preview)
remembers what it read and reads again only the files that changed."""

from __future__ import annotations

import hashlib
import os
from typing import Callable

from . import budget
from .document import Document, Problem, parse, read_capped
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


def _read(item: tuple[str, bytes | None], rendered: bool = True) -> tuple:
    path, raw = item
    if raw is None:
        raw = read_capped(path)
    doc = parse(raw, display_path(path))
    # A refused file is not built: its body needs no rendering (and may be the reason).
    html = render(doc.body) if rendered and doc.ok and not doc.problems else ""
    return _digest(raw), doc, html, _then[0](path, doc) if _then else None


def _too_complex_problem(doc: Document, seconds: float) -> Problem:
    return Problem(
        doc.path, doc.body_line, 1,
        f"de tekst is te complex om op te maken: dat duurt langer dan {seconds:g} s of nest te diep "
        "(bv. duizenden open `[`, `*` of `>`, diep geneste lijsten of citaten); vereenvoudig de opmaak")


def _too_complex(item: tuple[str, bytes | None], seconds: float) -> tuple:
    """What a file gives whose rendering overran the budget: its problem, and no HTML."""
    digest, doc, html, extra = _read(item, rendered=False)
    doc.problems.append(_too_complex_problem(doc, seconds))
    return digest, doc, html, extra


def render_within(doc: Document, seconds: float) -> str | None:
    """A parsed document's body as HTML, rendered in a worker that is stopped after `seconds`;
    None, with a problem on the document, when it was."""
    html = budget.run(render, [doc.body], seconds)[0]
    if html is budget.STOPPED:
        doc.problems.append(_too_complex_problem(doc, seconds))
        return None
    return html


def read_all(paths: list[str], then: Callable | None = None, then_key=None, keep: bool = True,
             workers: int | None = None, seconds: float = budget.DEFAULT,
             ) -> list[tuple[Document, str, object]]:
    """(document, body HTML, then(path, document)) for each path, in order. `then` runs where the
    file is parsed (a worker process) and its result is remembered with the document
    while `then_key` stays the same. `keep`: remember for the next call in this process.
    A file whose reading and rendering takes longer than `seconds` is stopped and gets a problem.
    Documents are shared with what is remembered: callers copy before changing them."""
    global _then
    found: dict[str, tuple] = {}
    todo = []
    for path in paths:
        cached = _cache.get(path)
        if cached is None:
            todo.append((path, None))  # read where it is parsed
            continue
        raw = read_capped(path)
        if cached[0] != _digest(raw):
            todo.append((path, raw))
        elif then is not None and cached[3] != then_key:
            found[path] = (*cached[:3], then_key, then(path, cached[1]))
        else:
            found[path] = cached
    workers = workers or os.cpu_count() or 1
    if len(todo) < PARALLEL_FROM:
        workers = 1  # one worker still: only a process of its own can be stopped
    _then = (then, then_key) if then else None
    stopped = set()
    try:
        # Forked workers inherit the loaded modules and `then`, so they start in milliseconds.
        results = budget.run(_read, todo, seconds, workers,
                             chunk=max(1, min(64, len(todo) // (workers * 8))))
        for i, result in enumerate(results):
            if result is budget.STOPPED:
                results[i] = _too_complex(todo[i], seconds)
                stopped.add(todo[i][0])
    finally:
        _then = None
    for (path, _), (digest, doc, html, extra) in zip(todo, results):
        found[path] = (digest, doc, html, then_key, extra)
    if keep:  # not what was stopped: a busy moment of the machine should not stick
        _cache.update((path, value) for path, value in found.items() if path not in stopped)
    return [found[path][1:3] + found[path][4:] for path in paths]


def forget_except(paths: list[str]) -> None:
    """Forget files not among `paths` (removed since an earlier build)."""
    for gone in _cache.keys() - set(paths):
        del _cache[gone]
