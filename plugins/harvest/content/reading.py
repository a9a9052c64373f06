"""Reading every entry file, as fast as the machine allows: a cold build of a large harvest reads,
parses, checks and renders in worker processes, one per core; a warm process (the live preview)
remembers what it read (in its BuildState) and reads again only the files that changed.

Forked workers (budget.forks()) inherit the ready Markdown and the caller's check, whatever it is;
spawned ones get the Markdown's configuration (`_Portable`) and parse and render only: the check
then runs here, on what they send back."""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import os
import re
from collections.abc import Callable

from .. import clock
from ..report import display_path
from ..state import BuildState, ReadRecord
from . import budget
from .document import UNREADABLE, Document, Problem, parse, read_capped, unreadable
from .markup import BodyMarkdown, default_markdown

# Below this many files to read, starting workers costs more than it saves (measured).
PARALLEL_FROM = 300
# A file whose last change is older than this when it is read is known by its stat from then on:
# a change within the same tick of a coarse file clock would leave the stat as it was.
SETTLED_NS = 2_000_000_000


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _read(item: tuple[str, bytes | None], then: Callable | None, markdown: BodyMarkdown,
          rendered: bool = True) -> ReadRecord:
    path, raw = item
    if raw is None:
        raw = read_capped(path)
    doc = parse(raw, display_path(path))
    # A refused file is not built: its body needs no rendering (and may be the reason).
    html = markdown.render(doc.body) if rendered and doc.ok and not doc.problems else ""
    if unreadable(html):  # a character reference (`&#xFFFE;`) to what is not text
        doc.problems.append(_reference_problem(doc))
        html = ""
    # The body is the text's tail, byte for byte: what comes before it is the front matter.
    front = _digest(raw[:len(raw) - len(doc.body.encode("utf-8", "surrogatepass"))] if doc.body else raw)
    return ReadRecord(_digest(raw), doc, html, checked=then(path, doc) if then else None, front=front)


_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
# References that HTML reads as Windows-1252 (`&#x85;` is `…`), not as the C1 control.
_WINDOWS_1252 = set(range(0x80, 0xA0)) - {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def _reference_problem(doc: Document) -> Problem:
    """The body's first character reference to a control character or a noncharacter, which the
    sanitised HTML keeps as the character itself and no feed can hold; where it is written."""
    for match in _REFERENCE.finditer(doc.body):
        code = int(match[1], 16) if match[1] else int(match[2])
        if code < 0x110000 and UNREADABLE.fullmatch(chr(code)) and code not in _WINDOWS_1252:
            line = doc.body.count("\n", 0, match.start())
            column = match.start() - (doc.body.rfind("\n", 0, match.start()) + 1) + 1
            return Problem(doc.path, doc.body_line + line, column, (
                f"`{match[0]}` staat voor een teken dat geen tekst is (U+{code:04X}); haal het weg: "
                "het maakt feeds en andere XML-bestanden onleesbaar"))
    return Problem(doc.path, doc.body_line, 1, "de tekst bevat een teken dat geen tekst is (een stuurteken "
                   "of \"noncharacter\"); haal het weg: het maakt feeds en andere XML-bestanden onleesbaar")


def _ready(config: dict) -> BodyMarkdown:
    return BodyMarkdown(config).ready()


class _Portable:
    """A BodyMarkdown on its way to a spawned worker: its configuration goes, and arrives as a
    ready instance (made as the worker starts, not on the clock of its first text's budget)."""

    def __init__(self, markdown: BodyMarkdown):
        self.config = markdown.config

    def __reduce__(self):
        return _ready, (self.config,)


def _for_workers(markdown: BodyMarkdown):
    return markdown if budget.forks() else _Portable(markdown)


def _render(body: str, markdown: BodyMarkdown) -> str:
    return markdown.render(body)


def _too_complex_problem(doc: Document, seconds: float) -> Problem:
    return Problem(
        doc.path, doc.body_line, 1,
        f"de tekst is te complex om op te maken: dat vraagt meer dan {seconds:g} s rekentijd of nest te diep "
        "(bv. duizenden open `[`, `*` of `>`, diep geneste lijsten of citaten); vereenvoudig de opmaak")


def render_within(doc: Document, seconds: float, markdown: BodyMarkdown | None = None) -> str | None:
    """A parsed document's body as HTML, rendered in a worker that is stopped after `seconds`;
    None, with a problem on the document, when it was."""
    markdown = (markdown or default_markdown()).ready()
    html = budget.run(functools.partial(_render, markdown=_for_workers(markdown)), [doc.body], seconds)[0]
    if html is budget.STOPPED:
        doc.problems.append(_too_complex_problem(doc, seconds))
        return None
    return html


def read_all(paths: list[str], then: Callable | None = None, then_key=None,
             state: BuildState | None = None, markdown: BodyMarkdown | None = None,
             workers: int | None = None, seconds: float = budget.DEFAULT,
             meanwhile: Callable | None = None, changed: set | None = None) -> list[ReadRecord]:
    """The ReadRecord of each path, in order: digest, document, body HTML, and `checked`, what
    then(path, document) gave. `then` runs where the file is parsed (a worker process); its
    result is remembered with the document while `then_key` stays the same. `state`: the build
    state whose read cache serves unchanged files and keeps what was read (none: read all).
    A file whose reading and rendering takes longer than `seconds` is stopped and gets a problem.
    `meanwhile()` runs here once while the workers read (budget.run). `changed`: when the caller
    knows them (the preview's watcher), the only paths that may have changed since the cache was
    filled; a file known by its stat and not among them is taken from the cache without a stat.
    Records and documents are shared with the cache: callers copy before changing them."""
    cache = state.reads if state is not None else {}
    markdown = (markdown or default_markdown()).ready()  # before the fork: workers inherit it
    found: dict[str, ReadRecord] = {}
    fresh: dict[str, ReadRecord] = {}  # what the cache does not hold yet
    todo = []
    stats = {}  # path -> its stat as read, where it may be trusted from the next build on
    settled = clock.machine_ns() - SETTLED_NS
    remember = state is not None and state.remember
    for path in paths:
        cached = cache.get(path)
        if cached is None:
            todo.append((path, None))  # read where it is parsed
            if remember:  # known by its stat from the next build on (taken before it is read)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                if max(stat.st_mtime_ns, stat.st_ctime_ns) < settled:
                    stats[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            continue
        # Known by its stat and not among what the watcher saw change: as it was, without a stat.
        if changed is None or cached.stat is None or path in changed:
            try:
                stat = os.stat(path)
            except OSError:
                todo.append((path, None))  # reading it says what is wrong
                continue
            signature = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            if cached.stat is None or cached.stat != signature:
                if max(stat.st_mtime_ns, stat.st_ctime_ns) < settled:
                    stats[path] = signature
                raw = read_capped(path)
                if cached.digest != _digest(raw):
                    todo.append((path, raw))
                    continue
                cached.stat = stats.pop(path, None)  # the same bytes: from now on known by their stat
        if then is not None and cached.checked_for != then_key:
            found[path] = fresh[path] = dataclasses.replace(cached, checked_for=then_key,
                                                            checked=then(path, cached.document))
        else:
            found[path] = cached
    workers = workers or os.cpu_count() or 1
    if len(todo) < PARALLEL_FROM:
        workers = 1  # one worker still: only a process of its own can be stopped
    # Forked workers inherit the loaded modules, `then` and the Markdown: they start in
    # milliseconds. Spawned ones import what they need and parse; `then` runs here (it may be a
    # closure, which does not pickle).
    forked = budget.forks()
    # What the workers send back is kept (every record, ~70 MB at 10,000 entries): while it arrives
    # the collector would walk all of it again, ever more as it grows (~0.4 s of this process's
    # CPU at 10,000, while both cores are busy reading). It holds no garbage cycles to find.
    paused = gc.isenabled()
    gc.disable()
    try:
        results = budget.run(functools.partial(_read, then=then if forked else None,
                                               markdown=_for_workers(markdown)),
                             todo, seconds, workers, chunk=max(1, min(64, len(todo) // (workers * 8))),
                             meanwhile=meanwhile)
    finally:
        if paused:
            gc.enable()
    stopped = set()
    for i, result in enumerate(results):
        if result is budget.STOPPED:  # what a file gives whose rendering overran the budget
            result = results[i] = _read(todo[i], then, markdown, rendered=False)
            result.document.problems.append(_too_complex_problem(result.document, seconds))
            stopped.add(todo[i][0])
        elif not forked and then is not None:  # a spawned worker parsed it: checked here
            result.checked = then(todo[i][0], result.document)
        result.checked_for = then_key
        result.stat = stats.get(todo[i][0])
        found[todo[i][0]] = fresh[todo[i][0]] = result
    if state is not None and state.remember:
        # Not what was stopped: a busy moment of the machine should not stick.
        cache.update((path, record) for path, record in fresh.items() if path not in stopped)
    return [found[path] for path in paths]
