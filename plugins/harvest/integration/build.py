"""The harvest's Pelican: Pelican's own run, ending with a summary of what was built (entries per
type, pages, seconds) instead of Pelican's count of blog articles, which is always 0 here.

pelicanconf.py names it in PELICAN_CLASS, so `pelican`, `make build`, the preview and the tests
all run it; `run_pelican(settings)` is how Python code starts a build."""

from __future__ import annotations

import contextlib
import logging
import time

from babel.numbers import get_decimal_symbol
from pelican import Pelican, signals
from pelican.log import console
from pelican.settings import read_settings
from rich.console import RenderHook
from rich.text import Text

from .. import i18n
from ..model import types as m
from ..state import BuildState, unsettle

PELICANS_SUMMARY = "Done: Processed"  # how Pelican's own summary line begins


class _WithoutPelicansSummary(RenderHook):
    """Pelican prints "Done: Processed N articles…" through its rich console; a render hook
    (rich's public way to see what a console prints) leaves that one line out, everything else
    (log records included) passes."""

    def process_renderables(self, renderables):
        return [r for r in renderables
                if not (isinstance(r, Text) and r.plain.startswith(PELICANS_SUMMARY))]


@contextlib.contextmanager
def _without_pelicans_summary():
    console.push_render_hook(_WithoutPelicansSummary())
    try:
        yield
    finally:
        console.pop_render_hook()


def summary(harvest, pages: int, written: int, seconds: float) -> str:
    counts = [f"{len(harvest.by_type.get(name, ()))} {t.plural.lower()}" for name, t in m.TYPES.items()]
    entries = len(harvest.entries)
    duration = f"{seconds:.2f}".replace(".", get_decimal_symbol(i18n.language()))  # Dutch: a comma
    return i18n.ngettext("Oogst gebouwd: {entries} inzending ({types}), {pages} pagina's ({written} nieuw of "
                    "gewijzigd), in {seconds} s.",
                    "Oogst gebouwd: {entries} inzendingen ({types}), {pages} pagina's ({written} nieuw of "
                    "gewijzigd), in {seconds} s.", entries).format(
        entries=entries, types=", ".join(counts), pages=pages, written=written, seconds=duration)


class HarvestPelican(Pelican):
    def __init__(self, settings: dict, state: BuildState | None = None):
        # What this builder remembers between its builds (state.py): a fresh one by default;
        # the live preview passes the one it keeps.
        self.harvest_state = state or BuildState(remember=False)
        super().__init__(settings)

    def run(self):
        start = time.perf_counter()
        state = self.harvest_state
        try:
            with _without_pelicans_summary():
                super().run()
        finally:
            pending = state.pending
            if pending is not None and pending.pool is not None:  # failed while pages rendered
                pending.pool.terminate()
                pending.pool.join()
                pending.pool = None
            if state.outputs is not None:  # failed before its files were collected
                state.outputs.stop()
                state.outputs = None
            state.stop_early()  # a process apart begun once the entries were read
            unsettle(state)  # after a failed build too: the garbage collector as it was
        if state.harvest is None or state.ledger is None:
            return
        pages = sum(rel.endswith(".html") for rel in state.ledger.produced)
        written = sum(rel.endswith(".html") for rel in state.ledger.written)
        if logging.getLogger().isEnabledFor(logging.WARNING):  # `pelican -q` leaves it out
            console.print(summary(state.harvest, pages, written, time.perf_counter() - start))


def run_pelican(settings: dict, state: BuildState | None = None) -> None:
    """Build with the class the settings name (as `pelican` does), for tests, preview and bench;
    with `state` when given (the preview's), else a fresh one."""
    cls = settings.get("PELICAN_CLASS", HarvestPelican)
    if isinstance(cls, str):
        module, name = cls.rsplit(".", 1)
        cls = getattr(__import__(module, fromlist=[name]), name)
    pelican = cls(settings)
    if state is not None:
        pelican.harvest_state = state
    pelican.run()


def settings_of(path: str, override: dict | None = None) -> dict:
    """Pelican's settings from a settings file, as `pelican -s` reads them."""
    return read_settings(path, override=override)


@contextlib.contextmanager
def files_written():
    """The paths Pelican's own writer announces (content_written) while the block runs."""
    written: set[str] = set()

    def receive(path, **_):
        written.add(path)

    signals.content_written.connect(receive)
    try:
        yield written
    finally:
        signals.content_written.disconnect(receive)

