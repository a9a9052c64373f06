"""What one builder remembers between its builds, in one object: `BuildState`.

Whoever runs builds owns it: `HarvestPelican` makes a fresh one per instance unless one is passed
in, plain `Pelican` gets one on its first signal (`of(pelican)`), the live preview keeps one
across its rebuilds. Nothing here is a module global, so two builds of two content folders in one
process share nothing.

A state that has seen no build is cold and holds nothing; a warm one reads again only the files
that changed, links again only when the front matter changed, and writes only the artifacts
whose inputs changed (`write`). `remember=False` (a one-off `pelican` run) lets the memos go as
soon as a build used them; the ledger of written files is kept either way (it is small)."""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import gc
import hashlib
import operator
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field


def digest(*parts: str | bytes) -> bytes:
    """Of the parts, each followed by a NUL. Parts all of one kind are joined first (the same
    bytes hashed, in one call: 10,000 parts without a Python step each)."""
    h = hashlib.blake2b(digest_size=16)
    if parts:
        try:
            joined = "\0".join(parts).encode("utf-8", "surrogatepass") if isinstance(parts[0], str) \
                else b"\0".join(parts)
            h.update(joined)  # (a part alone is not copied by the join)
            h.update(b"\0")
            return h.digest()
        except TypeError:  # of both kinds
            h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.digest()


def key_of(inputs) -> bytes:
    """The digest `BuildState.write` keeps a file by, of its `inputs` (a str, bytes, or a list)."""
    return digest(*([inputs] if isinstance(inputs, (str, bytes)) else inputs))


@dataclass
class ReadRecord:
    """One entry file as read: its bytes' digest, the parsed document, the body as HTML, and what
    the generator's check gave (`checked`) for the themes it ran with (`checked_for`). `front`:
    the digest of the bytes before the body (the front matter: its data and where each value is),
    what the rules across files read of it."""

    digest: bytes
    document: object
    html: str
    checked_for: object = None
    checked: object = None
    front: bytes = b""
    # The file's (size, mtime, ctime, inode) when it was read, once these are old enough to be
    # trusted: while they are the same, so are its bytes (a warm build need not read it again).
    stat: tuple | None = None


@dataclass
class LinkMemo:
    """The relations of the last harvest linked, by the digest of its front matter."""

    front: bytes
    links: dict  # entry key -> ({group: {type: [key]}}, {list: [key]})
    shown: dict = field(default_factory=dict)  # entry key -> relations.shown's digest
    objects: dict = field(default_factory=dict)  # entry key -> the Entry the links were set on
    referrers: dict | None = None  # entry key -> {keys of the entries whose links hold it}
    linked: object = None  # relations.Linked: what the links were computed from
    inputs: dict = field(default_factory=dict)  # entry key -> linking.link_inputs
    titles: dict = field(default_factory=dict)  # entry key -> relations.sort_key of its title


@dataclass
class SearchMemo:
    """harvest_search's memo: per entry its search document and store record (valid while the
    front matter and themes are the same), the index's word vocabulary and field-text memo (each
    value depends on its key alone, so these are never stale)."""

    front: object = None
    docs: dict = field(default_factory=dict)  # entry key -> harvest_search.generator.Indexed
    words: dict | None = None  # word -> term ("" when dropped); index.py makes it
    fields: dict = field(default_factory=dict)  # field text -> (terms, counts, length)
    shards: object = None  # harvest_search.incremental.Shards: the shards, kept per term
    order: tuple | None = None  # (entries, their `linked` digests, their Indexed) as _documents saw them
    types: tuple | None = None  # (the entries, each one's type's place in the model): meta.json's "docs"


@dataclass
class ExportMemo:
    """exports.py's memo, valid while SITEURL (key[0]) is the same: each entry's JSON line and CSV
    row, with what each shows."""

    key: tuple
    lines: dict = field(default_factory=dict)  # entry key -> (what it shows, JSON line (UTF-8), its digest)
    rows: dict = field(default_factory=dict)  # entry key -> (what it shows, CSV row, its digest)
    # (entries, their Git days, `linked` and `shown` digests, lines, rows) in the harvest's order
    order: tuple | None = None


@dataclass
class FileRecord:
    """A file as this state last left it: the digest of its inputs, its size and mtime."""

    key: bytes
    size: int
    mtime_ns: int


@dataclass
class Ledger:
    """The files written into one output folder: what is known from earlier builds, and what the
    current build produced (wrote or kept), wrote, and removed."""

    path: str
    # True: a file is as we left it when the ledger says so, without a look at the disk (`stat`):
    # for a folder no one else writes (the live preview's staging folder, of which only the
    # files a build changed are copied to the served one).
    trusted: bool = False
    known: dict = field(default_factory=dict)  # rel -> FileRecord
    previous: set = field(default_factory=set)
    produced: set = field(default_factory=set)
    written: set = field(default_factory=set)
    gone: list = field(default_factory=list)
    # Written this build as a new file (write_file's parts of bytes, never written in place): the
    # preview's mirror may link it into the served folder instead of copying it (44 MB of open data).
    fresh: set = field(default_factory=set)

    def begin(self, emptied: bool) -> None:
        if emptied:  # the folder was cleared: nothing in it is ours
            self.known.clear()
        self.previous, self.produced, self.written, self.gone = set(self.known), set(), set(), []
        self.fresh = set()

    def unchanged(self, rel: str, key: bytes) -> bool:
        """True when `rel` is on disk as we wrote it from the same inputs; it then counts as
        produced by this build."""
        known = self.known.get(rel)
        if known is None or known.key != key:
            return False
        if self.trusted:
            self.produced.add(rel)
            return True
        try:
            stat = os.stat(self.path + os.sep + rel)  # rel is relative: os.path.join's checks cost
        except FileNotFoundError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (known.size, known.mtime_ns):
            return False  # changed by someone else: write it again
        self.produced.add(rel)
        return True

    def record(self, rel: str, key: bytes, stat: tuple[int, int]) -> None:
        """Note a file written in this build (possibly by a worker process)."""
        self.known[rel] = FileRecord(key, *stat)
        self.produced.add(rel)
        self.written.add(rel)

    def made_since(self, before: set) -> list:
        """What this build produced since `produced` was `before`, as `take` records it in another
        process's ledger: (rel, its record, whether written)."""
        return [(rel, self.known[rel], rel in self.written) for rel in self.produced - before]

    def take(self, made: list) -> None:
        """Record what a process apart produced (`made_since` there)."""
        for rel, record, written in made:
            if written:
                self.record(rel, record.key, (record.size, record.mtime_ns))
            else:  # kept: on disk as an earlier build wrote it
                self.produced.add(rel)

    def stale(self) -> set[str]:
        """What an earlier build wrote and this one did not (yet): `finish` removes it."""
        return self.previous - self.produced

    def finish(self) -> list[str]:
        """Delete what an earlier build wrote and this one did not; returns those paths."""
        gone = self.gone = sorted(self.stale())
        for rel in gone:
            self.known.pop(rel, None)
            try:
                os.remove(os.path.join(self.path, rel))
            except FileNotFoundError:
                pass
            _remove_empty_parents(self.path, rel)
        return gone


class BuildState:
    def __init__(self, remember: bool = True, own_output: bool = False):
        self.remember = remember
        self.own_output = own_output  # no one else writes into the output folder: Ledger.trusted
        self.builds = 0  # builds begun with this state; warm once one was
        # The entry files (absolute paths) that changed since the last build began, when whoever
        # runs the build knows (the live preview's watcher): then only they are looked at, not the
        # whole tree (generator.py). None: unknown, every file is looked at.
        self.changed: frozenset[str] | None = None
        self.reads: dict[str, ReadRecord] = {}  # entry file path -> what reading it gave
        self.links: LinkMemo | None = None
        # entry file path -> (its ReadRecord, the settings' digest, the Entry made of it): an
        # unchanged file keeps its Pelican content object (made anew, 10,000 took 1.8 s).
        self.entries: dict = {}
        self.search = SearchMemo()
        self.history = None  # content.history.History of the last build: its log, by commit
        self.exports: ExportMemo | None = None
        self.ledger: Ledger | None = None
        self.images: dict = {}  # guard.py's verdicts on images, by (path, size, mtime, rules)
        self.checks = None  # loader.Across: what the rules across files found, by their inputs
        self.shows = None  # site.pages.Shows: what each page showed of the harvest, by its inputs
        # entry key -> ((shown, Git record), their digest), and under None its lists: generator.py
        self.with_history: dict = {}
        self.cards = None  # integration.rendering.Cards: the cards of listings, by what they show
        self.network = None  # outputs.network.Lines: each entry's lines of the network files
        self.linked = None  # (Harvest.shown, Harvest.linked) of the last build: generator.py
        # sitemap.py: (output folder, its HTML files that no build of ours made), from the walk of
        # the first build into it; a warm build needs no walk.
        self.sitemap = None
        # Writers' memos of what they made per entry, by name (`memo`): gone with the others.
        self.memos: dict = {}
        self.context: dict = {}  # the current build's context, which Pelican's generators share
        self.markdown = None  # markup.BodyMarkdown of the settings' MARKDOWN, reused while equal
        # The current build: its harvest (generator.Harvest) and its pages being rendered in
        # worker processes (rendering.Pending), till `finalized`.
        self.harvest = None
        self.pending = None
        self.outputs = None  # integration.generator.Apart: the other files, written in a process apart
        # Work another plugin begins in a process apart as soon as the entries are read (the search
        # index: harvest_search/apart.py), one-off builds only: the harvest generator tells each
        # `read(entries, themes)`, then `linked(entries)` once their relations are; each is
        # stopped (`stop()`) when a build fails or the next begins.
        self.early: list = []
        self.settled = False  # objects frozen for the garbage collector (settle), till the build ends

    @property
    def warm(self) -> bool:
        """The one notion of a warm build: this state has seen a build before the current one."""
        return self.builds > 1

    def begin(self, settings: dict) -> None:
        """At the start of a build, before any generator writes."""
        self.builds += 1
        if self.pending is not None and self.pending.pool is not None:  # a build that failed
            self.pending.pool.terminate()
        if self.outputs is not None:
            self.outputs.stop()
        self.stop_early()
        self.harvest = self.pending = self.outputs = None
        path = os.path.realpath(settings["OUTPUT_PATH"])
        if self.ledger is None or self.ledger.path != path:
            self.ledger = Ledger(path, self.own_output)  # another folder: what we knew of the last is no use
        # Pelican empties the folder first (DELETE_OUTPUT_DIRECTORY): nothing in it is ours.
        self.ledger.begin(emptied=bool(settings.get("DELETE_OUTPUT_DIRECTORY")))
        if settings.get("DELETE_OUTPUT_DIRECTORY") or not self.remember:
            self.sitemap = None  # walked again
        self.context = {}

    def stop_early(self) -> None:
        for helper in self.early:
            helper.stop()
        self.early = []

    def write(self, rel: str, inputs, produce: Callable | None = None, newline: str = "\n") -> bool:
        """Write the artifact `rel` unless it is on disk as we left it from the same `inputs`;
        True when written. `inputs`: what it depends on (a str or bytes, or a list of them: a
        digest is fine). `produce()` gives its text (a str, or a list of parts written one after
        the other); without it, `inputs` is the text itself: `write(rel, text)`."""
        key = key_of(inputs)
        ledger = self.ledger
        if ledger.unchanged(rel, key):
            return False
        text = produce() if produce is not None else inputs
        ledger.record(rel, key, write_file(ledger.path, rel, text, newline))
        if _in_bytes(text):
            ledger.fresh.add(rel)
        return True

    def memo(self, name: str, key) -> dict:
        """The last build's memo `name` (what `keep` was given) while its `key` is the same; else
        an empty one."""
        known = self.memos.get(name)
        return known[1] if known is not None and known[0] == key else {}

    def keep(self, name: str, key, memo: dict) -> None:
        """Keep a writer's memo for the next build (a one-off build keeps none)."""
        if self.remember:
            self.memos[name] = (key, memo)

    def kept(self, files) -> bool:
        """True when every (rel, key) of `files` is on disk as this state wrote it from inputs
        whose digest is `key` (state.write's): they then count as produced by this build."""
        unchanged = self.ledger.unchanged
        return all([unchanged(rel, key) for rel, key in files])

    def records(self, rels) -> tuple[tuple, tuple]:
        """(rels, the ledger's record of each): files this build produced, as `kept_records`
        checks them in a later build."""
        rels = tuple(rels)
        return rels, tuple(map(self.ledger.known.__getitem__, rels))

    def kept_records(self, rels: tuple, records: tuple) -> bool:
        """`kept` for what `records` gave: in a folder of our own (Ledger.trusted), a file is as
        it was when its record is the same object (no build wrote it since; an emptied folder's
        ledger holds none), checked for 46,000 files without a Python step per file."""
        ledger = self.ledger
        if not ledger.trusted:
            return all([ledger.unchanged(rel, record.key) for rel, record in zip(rels, records)])
        if not all(map(operator.is_, map(ledger.known.get, rels), records)):
            return False
        ledger.produced.update(rels)
        return True

    def finish(self) -> list[str]:
        """At the end of a build: remove what the last build wrote and this one did not."""
        gone = self.ledger.finish() if self.ledger is not None else []
        if not self.remember:  # a one-off build: memos go, the ledger stays
            self.reads.clear()
            self.images.clear()
            self.entries.clear()
            self.with_history = {}
            self.links = self.exports = self.history = self.checks = self.shows = self.cards = None
            self.network = self.linked = None
            self.search = SearchMemo()
            self.memos = {}
        return gone

    def forget_reads_except(self, paths) -> None:
        """Forget entry files not among `paths` (removed, or another content folder's)."""
        for gone in self.reads.keys() - set(paths):
            del self.reads[gone]


def _trim():
    """glibc's malloc_trim, where the process has it; else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # another C library (musl): nothing to give back this way
        return None


_malloc_trim = _trim()


def give_back() -> None:
    """Return the memory a phase of the build freed to the system. The C allocator keeps freed
    memory for later use, so the process's size stays at the peak of each phase: at 10,000
    entries the search index's working sets (~80 MB) stayed while the pages were rendered, and
    that was the build's peak. Where there is no malloc_trim, nothing happens."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def settle(state: BuildState) -> None:
    """In a one-off build, what exists now (the modules, then the harvest) lives till the build
    ends: the cyclic garbage collector need not walk it again. Each of its full passes otherwise
    walks every object: at 1,000 entries four passes took ~0.25 s of CPU, most of it where the
    other core idled. Objects are still freed when no longer referenced; a cycle among them waits
    for `unsettle` at the end of the build. The live preview (`remember`) keeps the collector as it
    is, and so does a process that froze objects itself."""
    if not state.remember and (state.settled or not gc.get_freeze_count()):
        gc.freeze()
        state.settled = True
        _freeze_at_exit()


def _freeze_at_exit() -> None:
    """When the process ends, the interpreter runs the collector over everything once more before
    it lets go of its modules: after `unsettle` gave the build back to it, that pass walked every
    object of the harvest (1.1 s at 10,000 entries, with nothing left to use the memory). Frozen
    first, the objects are skipped. Registered once per process, whatever the number of builds."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def unsettle(state: BuildState) -> None:
    """At the end of the build (or its failure): the collector looks at everything again, so a
    process that goes on (tests, a caller of run_pelican) frees the build's cycles."""
    if state.settled:
        gc.unfreeze()
        state.settled = False


def of(pelican) -> BuildState:
    """The state of this Pelican instance: HarvestPelican's own, or one made on first use (plain
    `pelican`, or Pelican's class in tests)."""
    state = getattr(pelican, "harvest_state", None)
    if state is None:
        state = pelican.harvest_state = BuildState(remember=False)
    return state


def bound(cls: type, state: BuildState) -> type:
    """`cls` (a generator or writer, which Pelican instantiates itself with its own arguments)
    with `state` as a class attribute: how the state reaches them, from the signal that handed
    us the Pelican instance."""
    return type(cls.__name__, (cls,), {"state": state, "__module__": cls.__module__})


# How write_file opens a file for its bytes: as open(path, "w") does, without text translation.
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def write_file(root: str, rel: str, text: str | list, newline: str = "\n") -> tuple[int, int]:
    """Write one file (text, or parts of it: str, or bytes written as they are, as a new file
    in its place); returns its (size, mtime_ns). `newline`: what each "\n" of a str is written as,
    as open()'s (None: the system's line ending)."""
    path = os.path.join(root, rel)
    if isinstance(text, str):  # encoded whole and written at once: no text layer for a small file
        if newline not in ("\n", ""):
            text = text.replace("\n", newline or os.linesep)
        data = text.encode("utf-8")
        fd = _create(path, path)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            stat = os.fstat(fd)
        finally:
            os.close(fd)
        return stat.st_size, stat.st_mtime_ns
    if _in_bytes(text):  # already UTF-8, with their line ends: written as they are, no text layer
        return _write_anew(path, text)
    try:
        fh = open(path, "w", encoding="utf-8", newline=newline)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fh = open(path, "w", encoding="utf-8", newline=newline)
    with fh:
        fh.writelines(text)
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def _create(name: str, path: str) -> int:
    """Open `name` for writing, making the folders of `path` (where it will end up) when missing:
    tried first, as a site's folders mostly exist already."""
    try:
        return os.open(name, _FLAGS, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return os.open(name, _FLAGS, 0o666)


def _in_bytes(text) -> bool:
    return isinstance(text, list) and bool(text) and isinstance(text[0], bytes)


_IOV = 1024  # buffers per writev (POSIX's IOV_MAX is at least 16; Linux's and the BSDs' are 1024)


def _write_anew(path: str, parts: list[bytes]) -> tuple[int, int]:
    """Write `parts` as a new file that takes the place of `path` (never the old file changed in
    place: the preview's served folder may hold it as a link, Ledger.fresh). The parts go to the
    file as they are (writev), without joining them into one copy first."""
    partial = path + ".partial"
    fd = _create(partial, path)
    try:
        writev = getattr(os, "writev", None)
        for start in range(0, len(parts), _IOV):
            batch = parts[start:start + _IOV]
            done = writev(fd, batch) if writev is not None else 0
            if done < sum(map(len, batch)):  # a short write (or no writev): the rest as it comes
                view = memoryview(b"".join(batch))[done:]
                while view:
                    view = view[os.write(fd, view):]
        stat = os.fstat(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)
    return stat.st_size, stat.st_mtime_ns


def _remove_empty_parents(root: str, rel: str) -> None:
    folder = os.path.dirname(rel)
    while folder:
        try:
            os.rmdir(os.path.join(root, folder))
        except OSError:  # not empty, or already gone
            return
        folder = os.path.dirname(folder)
