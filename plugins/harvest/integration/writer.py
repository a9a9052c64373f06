"""Our Writer (Pelican's `get_writer` signal): every page of the site is written through it and
recorded in the build state's ledger, so a warm build leaves unchanged files alone (their
modification time stays, and the preview copies only what changed).

- The harvest's pages (rendering.py): `write_page`, or `record_page` for one a forked worker
  wrote; each sends `content_written` as Pelican's Writer does (ecosystem plugins such as
  pelican-sitemap collect pages from it). A page that was not rendered again sends nothing.
- Pelican's own pages and feeds (content/pages, the search page): rendered as Pelican's Writer
  renders them, but written, logged and announced (`content_written`) only when their text
  changed. (Paginated listings, which the harvest does not use, are left to Pelican's code.)"""

from __future__ import annotations

import io
import logging
import os

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from ..state import BuildState

logger = logging.getLogger(__name__)


class _Held(io.StringIO):
    """A file Pelican writes, held in memory and handed to the state when closed."""

    def __init__(self, writer: "HarvestWriter", path: str):
        super().__init__()
        self.writer, self.path = writer, path
        self.written = False

    def close(self) -> None:
        if not self.closed:
            self.written = self.writer.keep(self.path, self.getvalue())
        super().close()


class HarvestWriter(Writer):
    state: BuildState  # set on the class state.bound makes for one Pelican instance

    def write_page(self, page, inputs, produce) -> None:
        """A harvest page, through the state's one way of writing an artifact (`state.write`)."""
        if self.state.write(page.save_as, inputs, produce):
            self._announce(page)

    def record_page(self, page, key: bytes, stat: tuple[int, int]) -> None:
        """A harvest page a forked worker wrote from inputs whose digest is `key`: into the
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
        """Pelican's Writer.write_file without pagination (what Pelican's pages use), but the
        file is written and announced only when its text changed."""
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if not name or paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl", None)
        if relative_urls:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
        local["output_file"] = name
        local.update(kwargs)
        if local["localsiteurl"]:  # as Pelican: so that Contents adjust their links
            context["localsiteurl"] = local["localsiteurl"]
        output = template.render(local)
        path = sanitised_join(self.output_path, name)
        with self._open_w(path, "utf-8", override=override_output) as fh:
            fh.write(output)
        if getattr(fh, "written", True):
            logger.info('Writing "%s"', path)
            signals.content_written.send(path, context=local)

    def _open_w(self, filename, encoding, override=False):
        # Pelican's rule for a file written twice in one build, then a file held in memory.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time '
                                               "(was previously overwritten)")
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has already '
                                           "written to it previously (set `override=True` if intended)")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _Held(self, filename)

    def keep(self, path: str, text: str) -> bool:
        """A file of Pelican's: written unless it is on disk as we left it with this text; True
        when written."""
        ledger = self.state.ledger
        rel = os.path.relpath(os.path.realpath(path), ledger.path)
        if rel.startswith(os.pardir):  # outside the output folder (a setting sends it there)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            return True
        return self.state.write(rel.replace(os.sep, "/"), text)
