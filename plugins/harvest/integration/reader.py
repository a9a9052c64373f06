"""Pelican reader for Markdown with YAML front matter.

One `Markdown` instance is reused for every file (the stock reader builds one per file,
which dominates small builds); see markup.py and reading.py. Bodies are sanitised."""

from __future__ import annotations

import os
import stat

from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from ..content.budget import DEFAULT
from ..content.markup import BodyMarkdown, for_config
from ..content.reading import read_all


def for_settings(settings: dict, known: BodyMarkdown | None = None) -> BodyMarkdown:
    """The body Markdown of these settings: their MARKDOWN merged over ours, unless it is Pelican's
    default (its extra, meta and codehilite are not the site's Markdown: ours is)."""
    user = settings.get("MARKDOWN")
    return for_config(None if not user or _pelicans_default(user) else user, known)


def _pelicans_default(user: dict) -> bool:
    """Pelican's own MARKDOWN, also once its MarkdownReader has added `extensions` (the names of
    its extension_configs) to it in place, as it does whenever a build makes its readers. (Taken
    for a user's, it brought `extra` back, whose tables write alignment as a `style` the
    sanitiser drops: GitHub's `|---:|` lost its alignment.)"""
    default = DEFAULT_CONFIG["MARKDOWN"]
    rest = {key: value for key, value in user.items() if key != "extensions"}
    return rest == default and set(user.get("extensions") or ()) <= set(default["extension_configs"])


class HarvestReader(MarkdownReader):
    file_extensions = ["md"]

    def read(self, source_path):
        """Pages and blog posts. Entries are read by the harvest generator (reading.py), which
        checks them against the content model with all files at hand."""
        if not stat.S_ISREG(os.lstat(source_path).st_mode):  # guard.py names it; never read
            raise ValueError(f"{source_path}: geen gewoon bestand")
        seconds = self.settings.get("HARVEST_TIME_BUDGET", DEFAULT)
        # The settings' MARKDOWN merged over ours, one Markdown per reader (so per build).
        markdown = self.__dict__.get("body_markdown") or for_settings(self.settings)
        self.body_markdown = markdown
        record = read_all([source_path], seconds=seconds, markdown=markdown)[0]
        doc, html = record.document, record.html
        if doc.problems:
            raise ValueError("; ".join(str(p) for p in doc.problems))
        return html, {key.lower(): self.process_metadata(key.lower(), value)
                      for key, value in doc.data.items() if value is not None}
