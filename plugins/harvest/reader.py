"""Pelican reader for Markdown with YAML front matter.

One `Markdown` instance is reused for every file (the stock reader builds one per file,
which dominates small builds). The body is sanitised: contributors' HTML never runs."""

from __future__ import annotations

import datetime
import os

from markdown import Markdown
from pelican.readers import MarkdownReader

from . import model as m
from .document import parse
from .loader import display_path
from .markup import MARKDOWN, sanitise


class HarvestReader(MarkdownReader):
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(settings)
        self._md = Markdown(**settings.get("HARVEST_MARKDOWN", MARKDOWN))
        self._content_path = os.path.abspath(settings["PATH"])

    def render(self, body: str) -> str:
        self._md.reset()
        return sanitise(self._md.convert(body))

    def read(self, source_path):
        with open(source_path, "rb") as fh:
            doc = parse(fh.read(), display_path(source_path))
        html = self.render(doc.body) if doc.ok else ""
        folder = os.path.dirname(os.path.abspath(source_path))
        if os.path.dirname(folder) == self._content_path and os.path.basename(folder) in m.TYPES:
            # Entries are checked and turned into content objects by the harvest generator,
            # which sees all files at once.
            return html, {"doc": doc}
        return html, self._page_metadata(doc)

    def _page_metadata(self, doc):
        """Pages and blog posts: Pelican's own fields, processed as Pelican would."""
        if doc.problems:
            raise ValueError("; ".join(str(p) for p in doc.problems))
        metadata = {}
        for key, value in doc.data.items():
            if isinstance(value, datetime.date):
                value = value.isoformat()
            metadata[key.lower()] = self.process_metadata(key.lower(), value)
        return metadata
