"""The harvest's Pelican: Pelican's own run, ending with a summary of what was built (entries per
type, pages, seconds) instead of Pelican's count of blog articles, which is always 0 here.

pelicanconf.py names it in PELICAN_CLASS, so `pelican`, `make build`, the preview and the tests
all run it; `run_pelican(settings)` is how Python code starts a build."""

from __future__ import annotations

import contextlib
import logging
import time

from pelican import Pelican, signals
from pelican.log import console

from . import model as m

@contextlib.contextmanager
def _without_pelicans_summary():
    """Pelican prints "Done: Processed N articles…" through its console; that one line is left
    out, everything else (log records included) passes."""
    shown = console.print

    def print_(*objects, **kwargs):
        if not (len(objects) == 1 and isinstance(objects[0], str) and objects[0].startswith("Done: Processed")):
            shown(*objects, **kwargs)

    console.print = print_
    try:
        yield
    finally:
        del console.print  # the class's method again


def summary(harvest, pages: int, written: int, seconds: float) -> str:
    counts = [f"{len(harvest.by_type.get(name, ()))} {t.plural.lower()}" for name, t in m.TYPES.items()]
    entries = len(harvest.entries)
    duration = f"{seconds:.2f}".replace(".", ",")  # Dutch decimal comma
    return (f"Oogst gebouwd: {entries} {'inzending' if entries == 1 else 'inzendingen'} "
            f"({', '.join(counts)}), {pages} pagina's ({written} nieuw of gewijzigd), in {duration} s.")


class HarvestPelican(Pelican):
    def run(self):
        from .generator import HarvestGenerator

        start = time.perf_counter()
        generators: list = []
        keep = generators.extend
        signals.all_generators_finalized.connect(keep)
        try:
            with _without_pelicans_summary():
                super().run()
        finally:
            signals.all_generators_finalized.disconnect(keep)
        harvest = next((g for g in generators if isinstance(g, HarvestGenerator)), None)
        if harvest is None or harvest.output is None:
            return
        output = harvest.output
        pages = sum(rel.endswith(".html") for rel in output.produced)
        written = sum(rel.endswith(".html") for rel in output.written)
        if logging.getLogger().isEnabledFor(logging.WARNING):  # `pelican -q` leaves it out
            console.print(summary(harvest.harvest, pages, written, time.perf_counter() - start))


def run_pelican(settings: dict) -> None:
    """Build with the class the settings name (as `pelican` does), for tests, preview and bench."""
    cls = settings.get("PELICAN_CLASS", HarvestPelican)
    if isinstance(cls, str):
        module, name = cls.rsplit(".", 1)
        cls = getattr(__import__(module, fromlist=[name]), name)
    cls(settings).run()
