"""Our Writer (Pelican's `get_writer` signal): every page of the site is written through it and
recorded in the build state's ledger, so a warm build leaves unchanged files alone (their
modification time stays, and the preview copies only what changed).

Pelican's own `Writer.write_file` does the rendering, so a page's context (relative URLs,
`output_file`, the extra variables) is Pelican's, for its pages and ours alike. We only hand it
the template wrapped (`_Template`): rendered, the text goes to us first, and we either let
Pelican write it or stop it before it opens the file (tests/test_pelican_api.py checks that
Pelican renders before it opens).

- The harvest's pages (rendering.py): `render` gives their text, `write_page` writes it through
  the state's one way of writing an artifact; `record_page` notes one a worker process wrote.
  Each sends `content_written` as Pelican's Writer does (ecosystem plugins such as
  pelican-sitemap collect pages from it). A page that was not rendered again sends nothing.
- Pelican's own pages (content/pages, the search page): written, logged and announced by
  Pelican, but only when their text changed."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from pelican import signals
from pelican.writers import Writer

from ..state import BuildState, digest

logger = logging.getLogger(__name__)


class _Stop(Exception):
    """Raised from `_Template.render` to end Pelican's write_file before it opens the file."""


class _Template:
    """The template Pelican's write_file gets: renders the real one with Pelican's local context,
    then `then(text, context)` gives the text Pelican is to write, or raises _Stop."""

    def __init__(self, template, then: Callable):
        self.template, self.then = template, then

    def render(self, context) -> str:
        return self.then(self.template.render(context), context)


class HarvestWriter(Writer):
    state: BuildState  # set on the class state.bound makes for one Pelican instance

    def render(self, name: str, template, context: dict, **kwargs) -> str:
        """The text Pelican's write_file(name, template, context, **kwargs) would write, not
        written."""
        got = []

        def keep(text, _):
            got.append(text)
            raise _Stop

        try:
            Writer.write_file(self, name, _Template(template, keep), context, **kwargs)
        except _Stop:
            pass
        return got[0]

    def write_page(self, page, inputs, produce) -> None:
        """A harvest page, through the state's one way of writing an artifact (`state.write`)."""
        if self.state.write(page.save_as, inputs, produce):
            self._announce(page)

    def record_page(self, page, key: bytes, stat: tuple[int, int]) -> None:
        """A harvest page a worker process wrote from inputs whose digest is `key`: into the
        ledger, and to the receivers."""
        self.state.ledger.record(page.save_as, key, stat)
        self._announce(page)

    def _announce(self, page) -> None:
        logger.debug("Geschreven: %s", page.save_as)
        # As Pelican's Writer does: the file's path, and a context naming the content object.
        entry = page.kwargs.get("entry") if page.template == "entry" else None
        signals.content_written.send(os.path.join(self.output_path, page.save_as),
                                     context={**page.kwargs, "page": entry})

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        """Pelican's write_file, but a file on disk as this writer left it with the same text
        is neither written again nor announced. (Paginated listings, which the harvest does not
        use, are one call for several files: those are always written.)"""
        ledger = self.state.ledger
        several = bool(paginated or {"articles", "dates"} & kwargs.keys())
        written = []

        def unless_unchanged(text, local):
            rel = os.path.relpath(os.path.realpath(os.path.join(self.output_path, local["output_file"])),
                                  ledger.path)
            if rel.startswith(os.pardir):  # outside the output folder (a setting sends it there)
                return text
            rel, key = rel.replace(os.sep, "/"), digest(text)
            if not several and ledger.unchanged(rel, key):
                raise _Stop
            written.append((rel, key))
            return text

        try:
            super().write_file(name, _Template(template, unless_unchanged), context, relative_urls,
                               paginated, template_name, override_output, url, **kwargs)
        except _Stop:
            return
        for rel, key in written:
            stat = os.stat(os.path.join(ledger.path, rel))
            ledger.record(rel, key, (stat.st_size, stat.st_mtime_ns))
