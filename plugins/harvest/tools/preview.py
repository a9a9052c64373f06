"""A warm builder for the live preview: Pelican runs again in the same process with the same
BuildState, so nothing is imported twice, only the entries that changed are read again
(reading.py) and only the files whose inputs changed are written again (state.py, writer.py)."""

from __future__ import annotations

import gc
import logging
import os
import time

from jinja2 import BytecodeCache

from .. import i18n
from ..report import ContentErrors
from ..state import BuildState

logger = logging.getLogger(__name__)


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory; Jinja checks each against its source. A
    template holds its constant text translated (integration/translating.py): kept per catalogue."""

    def __init__(self):
        self.compiled: dict[tuple[str, str], bytes] = {}

    @staticmethod
    def _key(bucket) -> tuple[str, str]:
        return i18n.fingerprint(), bucket.key

    def load_bytecode(self, bucket) -> None:
        if self._key(bucket) in self.compiled:
            bucket.bytecode_from_string(self.compiled[self._key(bucket)])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[self._key(bucket)] = bucket.bytecode_to_string()


class Preview:
    def __init__(self, settings_file: str, path: str | None = None, output: str | None = None,
                 **overrides):
        self.settings_file = settings_file
        # After a good build that did not empty the folder: the files it wrote or removed,
        # relative to the output folder (so the preview copies only those). None: all may have.
        self.changed: list[str] | None = None
        # Of those, the files written as new files (state.Ledger.fresh): the mirror may link them.
        self.fresh: list[str] = []
        self.bytecode = _CompiledTemplates()
        self.builds = 0
        # What the plugins read and wrote, for the next build. The output is the preview's own
        # staging folder, of which only what a build changed is served (mirrored): a file there is
        # taken to be as the last build wrote it, without looking (56,000 files at 10,000 entries).
        self.state = BuildState(own_output=True)
        self.overrides = {"HARVEST_GIT_PENDING": True, **overrides, **({"PATH": path} if path else {}),
                          **({"OUTPUT_PATH": output} if output else {})}

    def _settle(self) -> None:
        """What the state keeps lives on (millions of objects at 10,000 entries): the cyclic
        collector need not walk it again and again during the next builds (it took a third of a
        warm build). Every tenth build, this process's cyclic garbage is collected first, so
        what a build leaves in cycles is not kept for good."""
        self.builds += 1
        if self.builds % 10 == 1:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def _prepare(self) -> None:
        """After the first build (which the editor waits a while for anyway), what the first
        save would otherwise make before it can show: who links to whom, where each entry is
        held in the listings."""
        from ..site import linking

        if self.state.links is not None:
            linking.prepare(self.state.links)
        if self.state.shows is not None:
            self.state.shows.prepare()

    def build(self, clean: bool = False, changed=None) -> bool:
        """Build once; True when the site was written. `clean` empties the output folder first
        (needed when files other than entries changed: a removed page or theme file must go).
        `changed`: the entry files that changed since the last build began, as the watcher saw
        them (then only those are looked at; `audit` checks afterwards that none was missed);
        None when unknown. Problems are printed, never raised: the last good site keeps being
        served."""
        from ..integration.build import files_written

        self.state.changed = None if clean or changed is None else frozenset(map(os.path.abspath, changed))
        try:
            # Pelican's own writer (the search page, pages) announces what it wrote.
            with files_written() as written:
                return self._build(clean, written)
        finally:
            self.state.changed = None

    def audit(self) -> bool:
        """After a build told what changed: True when the content folder holds what that build
        saw (every entry file as it was read, the tree as the guard last passed it). False when a
        change went unreported (a watcher that lost events): the next build then walks the whole
        tree (the caller builds again). Run while the editor looks at the page, not before."""
        from ..content import guard
        from ..content.loader import entry_files

        known = self.state.memos.get("walk")
        if known is None:
            return True  # the last build walked everything, or failed: the next one walks anew
        path, rules = known[0]
        memo = known[1]
        tree = guard.check(path, rules, images=dict(self.state.images))
        files = entry_files(path)
        last = memo["tree"]
        same = (not tree.problems
                and (tree.static, tree.sources, tree.pages) == (last.static, last.sources, last.pages)
                and files == (memo["files"], memo["problems"])
                and all(self._as_read(entry[2]) for entry in files[0]))
        if not same:
            self.state.memos.pop("walk", None)
        return same

    def _as_read(self, path: str) -> bool:
        record = self.state.reads.get(path)
        if record is None or record.stat is None:
            return record is not None  # read, but too recently to be known by its stat: looked at next time
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino) == record.stat

    def _build(self, clean: bool, written: set[str]) -> bool:
        from ..integration.build import run_pelican, settings_of

        start = time.perf_counter()
        self.changed, self.fresh = None, []
        try:
            overrides = {**self.overrides, **({"DELETE_OUTPUT_DIRECTORY": True} if clean else {})}
            settings = settings_of(self.settings_file, overrides)
            # Templates are compiled once per process, not on every build (a changed one again).
            settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"],
                                             "bytecode_cache": self.bytecode}
            run_pelican(settings, self.state)
            if clean:
                self._prepare()
            self._settle()
            if not clean:
                ledger = self.state.ledger
                self.changed = sorted({*ledger.written, *ledger.gone,
                                       *(os.path.relpath(os.path.realpath(p), ledger.path)
                                         for p in written)})
                self.fresh = sorted(ledger.fresh)
        except ContentErrors:
            return False  # already printed, file by file
        except Exception as error:  # a template or settings mistake: say what, keep serving
            logger.error("De bouw is mislukt: %s: %s", type(error).__name__, error)
            return False
        logger.info("Gebouwd in %.2f s.", time.perf_counter() - start)
        return True
