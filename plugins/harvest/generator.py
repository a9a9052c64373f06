"""The harvest generator: reads `content/<type>/*.md` into entries, checks them all at once,
links relations both ways, and writes the entry pages and the pages that list them."""

from __future__ import annotations

import dataclasses
import datetime
import os
from dataclasses import dataclass, field
from typing import Callable

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from . import budget, jsonld
from . import model as m
from . import tree as guard
from .contents import CLASSES, Entry
from .exports import write_exports
from .links import entry_order, link_relations, link_relations_again, sort_key
from .loader import (check_site_links, collect, display_path, entry_files, page_slugs, read_themes,
                     validate_tree)
from .notfound import write_suggestions
from .feeds import write_feeds
from .graphdata import write_graph_data
from .output import Output, digest
from .pages import GLOBALS, site_pages
from .reading import forget_except, read_all
from .rendering import Renderer, render_pages
from .report import ContentErrors, print_problems
from .sitemap import write_maps
from .urls import template_url
from .validate import check_entry


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def datum(value) -> str:
    """`2017-11-20` -> `20 november 2017`, without depending on the machine's locales."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _checker(files: list, themes) -> Callable:
    """check_entry for read_all to run where each file is parsed: (its problems, its data)."""
    names = {path: (type_name, slug) for type_name, slug, path in files}

    def check(path, doc):
        # On a copy: the parsed document is remembered and must not collect our problems.
        copy = dataclasses.replace(doc, problems=list(doc.problems))
        data = check_entry(copy, *names[path], themes)
        return copy.problems[len(doc.problems):], data

    return check


@dataclass
class Harvest:
    """Everything the templates need about the harvest, rebuilt on every build."""

    entries: list = field(default_factory=list)  # sorted by type, then title
    by_key: dict = field(default_factory=dict)  # (type, slug) -> Entry
    by_type: dict = field(default_factory=dict)  # type -> [Entry] sorted by title
    themes: dict = field(default_factory=dict)  # slug -> {slug, title, description}
    by_theme: dict = field(default_factory=dict)  # theme slug -> [Entry]
    front: bytes = b""  # a digest of every entry's front matter

    def newest(self, count: int) -> list:
        by_title = sorted(self.entries, key=lambda e: sort_key(e.title))
        # Newest first; on the same day alphabetical (a stable sort keeps the title order).
        return sorted(by_title, key=lambda e: (e.data["date"], e.data.get("updated", "")),
                      reverse=True)[:count]


class HarvestGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.filters.update({"datum": datum})
        # In the shared context, so that Pelican's own pages get the same header.
        self.context["model"] = m
        self.context["jsonld"] = jsonld.script  # structured data in base.html's <head>
        self.context["url"] = template_url  # addresses from the *_URL settings
        self.harvest = Harvest()
        self.pending = None
        self.pages: list = []
        # The tree is checked before any generator reads it (they are all made before any reads):
        # Pelican's own would follow a link out of the folder or block on a pipe.
        self.rules = guard.Rules.of(self.settings)
        self.tree = guard.check(self.path, self.rules, display_path)
        if self.tree.problems:
            problems = validate_tree(self.path, self.rules)[1]  # every problem at once
            print_problems(problems, "er is niets gebouwd.")
            raise ContentErrors(problems)

    def generate_context(self):
        show_drafts = self.settings.get("HARVEST_DRAFTS", False)
        themes = read_themes(self.path)
        files, tree_problems = entry_files(self.path)
        checked, entries, bodies = {}, [], []
        paths = [f[2] for f in files]
        # A warm process (the live preview) remembers what it read; `pelican` needs not.
        warm = self.settings.get("HARVEST_WARM", False)
        read = read_all(paths, then=_checker(files, themes), then_key=repr(themes.slugs), keep=warm,
                        seconds=self.settings.get("HARVEST_TIME_BUDGET", budget.DEFAULT))
        for (type_name, slug, path), (doc, html, (problems, data)) in zip(files, read):
            doc = dataclasses.replace(doc, problems=[*doc.problems, *problems])
            if doc.ok and guard.mentions_links(doc.body):
                guard.check_links(doc, html, f"{type_name}/{slug}.md", self.tree)
            checked[(type_name, slug)] = (doc, data)
            bodies.append((doc, html))
            if doc.problems or data.get("status") == "draft" and not show_drafts:
                continue
            entries.append(self._entry(type_name, slug, path, data, html))
            # So that `{filename}/tools/x.md` finds it (add_source_path's key, without its relpath).
            self.context["generated_content"][f"{type_name}/{slug}.md"] = entries[-1]
        if warm:
            forget_except(paths)  # removed files
        check_site_links(self.settings, checked, themes, self.tree, page_slugs(self.path), bodies)
        problems = collect(themes, tree_problems, checked, page_slugs(self.path))
        if problems:
            print_problems(problems, "er is niets gebouwd.")
            raise ContentErrors(problems)

        entries.sort(key=entry_order)
        harvest = self.harvest
        # Relations, facets and listings follow from the front matter alone.
        harvest.front = digest(*(repr((e.key, e.data)) for e in entries))
        if warm:
            link_relations_again(entries, harvest.front)
        else:
            link_relations(entries)
        harvest.entries = entries
        harvest.themes = themes.slugs
        harvest.by_key = {e.key: e for e in entries}
        harvest.by_type = {t: [e for e in entries if e.type_name == t] for t in m.TYPES}
        harvest.by_theme = {slug: [e for e in entries if slug in e.data["themes"]]
                            for slug in harvest.themes}
        self.context["harvest"] = harvest

    def _entry(self, type_name, slug, path, data, html) -> Entry:
        date = datetime.datetime.fromisoformat(data["date"])
        metadata = {
            "title": data["title"],
            "summary": data["summary"],
            "date": date,
            "slug": slug,
            "status": data.get("status", "published"),
            "lang": self.settings.get("DEFAULT_LANG", "nl"),
            "data": data,
        }
        if "updated" in data:
            metadata["modified"] = datetime.datetime.fromisoformat(data["updated"])
        return CLASSES[type_name](html, metadata=metadata, settings=self.settings,
                                  source_path=path, context=self.context)

    def generate_output(self, writer):
        """Start rendering the pages (in worker processes when there are many), then write the
        feeds and the open data here meanwhile; `finish` waits for the pages."""
        self.output = Output.of(self.settings)
        # Pelican emptied the folder first (DELETE_OUTPUT_DIRECTORY): nothing in it is ours.
        self.output.begin(emptied=bool(self.settings.get("DELETE_OUTPUT_DIRECTORY")))
        renderer = Renderer(self)
        self.env.globals.update(GLOBALS)

        @pass_context
        def cards(context, entries, facets=False):
            return renderer.cards(context, entries, facets)

        self.env.globals["cards"] = cards
        self.pages = site_pages(self.harvest, self.settings)
        self.pending = render_pages(renderer, self.pages, self.output, self.harvest)
        write_feeds(self.harvest, self.settings)
        write_exports(self.harvest, self.settings)  # /data/oogst.json and .csv, the open data
        write_suggestions(self.harvest, self.output)  # what 404.html suggests
        write_graph_data(self.harvest, self.settings, self.output)  # the relations as a network

    def finish(self) -> None:
        """After every generator wrote its files: wait for the page workers, tell Pelican's
        `content_written` receivers (ecosystem plugins such as pelican-sitemap) about every page it
        wrote (as Pelican's Writer does; a warm rebuild skips unchanged ones), then remove what an
        earlier build in this process wrote and this one did not."""
        if self.pending is not None:
            self.pending.wait()
            self.pending = None
            for page in self.pages:
                if page.save_as not in self.output.written:
                    continue
                # As Pelican's Writer does: the file's path, and a context naming the content object.
                entry = page.kwargs.get("entry") if page.template == "entry" else None
                signals.content_written.send(os.path.join(self.output.path, page.save_as),
                                             context={**page.kwargs, "page": entry})
            self.output.finish()


def connect(signals_) -> tuple:
    """The generator's lifecycle around Pelican's signals: once every generator has written its
    files (`finalized`), wait for the page workers, then write the sitemap, which lists them all.
    Connected when the plugin registers, so before plugins listed after it (their `finalized`
    receivers then see every page). The caller keeps the receivers alive (weak references)."""
    found = {}

    def remember(generators):
        found["generator"] = next((g for g in generators if isinstance(g, HarvestGenerator)), None)

    def finalized(pelican):
        generator = found.pop("generator", None)
        if generator is not None:
            generator.finish()  # every page is on disk after this
        write_maps(pelican.settings, generator and generator.harvest)

    signals_.all_generators_finalized.connect(remember)
    signals_.finalized.connect(finalized)
    return remember, finalized
