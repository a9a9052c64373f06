"""The harvest generator: reads `content/<type>/*.md` into entries, checks them all at once,
links relations both ways, and writes the entry pages and the pages that list them."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import and_, attrgetter, eq, is_, is_not, itemgetter, not_

from jinja2 import pass_context
from jinja2.filters import do_urlencode
from pelican.contents import Content
from pelican.generators import Generator

from .. import clock, i18n
from ..content import budget, guard, history
from ..content.document import Problem
from ..content.loader import check_across, entry_files, entry_files_after, read_themes, validate_tree
from ..content.reading import read_all
from ..content.validate import check_entry
from ..model import types as m
from ..outputs import FRONT_ONLY, WRITERS, citation, jsonld
from ..outputs.sitemap import write_maps
from ..report import ContentErrors, display_path, print_problems
from ..site import events
from ..site.linking import link_relations_memo, shown
from ..site.pages import GLOBALS, Shows, site_pages
from ..site.relations import link_relations, newest
from ..site.routes import template_menu, template_repository, template_url
from ..state import BuildState, bound, digest, give_back, settle, unsettle
from ..state import of as state_of
from ..text import url_quoted
from . import translating
from .contents import CLASSES, Entry
from .reader import for_settings
from .rendering import NOT_SHOWN, Cards, Fragments, Renderer, compile_templates, once_per_build, render_pages
from .translating import CompiledTranslations
from .writer import HarvestWriter

logger = logging.getLogger(__name__)

# From this many entries, a one-off build writes the files beside the pages (feeds, open data,
# citations...: _write_outputs) in a forked process apart (Apart).
APART_FROM = 300


def datum(value) -> str:
    """`2017-11-20` -> `20 november 2017`, without depending on the machine's locales."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return i18n._("{day} {month} {year}").format(day=value.day, month=i18n._(events.MONTHS[value.month - 1]),
                                                year=value.year)


def urlencode(value) -> str:
    """Jinja's `urlencode` filter, the same text; a string quoted by text.url_quoted (faster)."""
    return url_quoted(value) if isinstance(value, str) else do_urlencode(value)


def _order(e) -> tuple:
    return e.order  # Entry.order: relations.entry_order, once per Entry


_key, _history = attrgetter("key"), attrgetter("history")
_first, _second = itemgetter(0), itemgetter(1)
_NOTHING = (None, None)
_ORDER = None  # _with_history's memo: under this key, its lists in the harvest's order


def _checker(files: list, themes, today: datetime.date) -> Callable:
    """check_entry for read_all to run where each file is parsed: (its problems, its data)."""
    names: dict = {}  # made when a file is checked first: a warm build checks one of 10,000

    def check(path, doc):
        if not names:
            names.update({path: (type_name, slug) for type_name, slug, path in files})
        # On a copy: the parsed document is remembered and must not collect our problems.
        copy = dataclasses.replace(doc, problems=list(doc.problems))
        data = check_entry(copy, *names[path], themes, today)
        return copy.problems[len(doc.problems):], data

    return check


class _Made:
    """The Entry (a Pelican Content object) of each entry file, kept in the build state while the
    file (its ReadRecord, so its bytes and the themes it was checked against) and the settings
    are the same. Pelican memoizes each object's HTML for good (`Content.get_content`): what an
    object no longer in use left there goes."""

    def __init__(self, state: BuildState, settings: dict, context: dict):
        self.last, self.state, self.context = state.entries, state, context
        self.settings = digest(repr(sorted((k, repr(v)) for k, v in settings.items()
                                           if k.isupper() and k not in NOT_SHOWN)))
        self.now: dict = {}

    def get(self, path: str, record) -> Entry | None:
        known = self.last.get(path)
        if known is None or known[0] is not record or known[1] != self.settings:
            return None
        entry = known[2]
        entry._context = self.context  # for Pelican's lookups of other content, if any
        self.now[path] = known
        return entry

    def keep(self, path: str, record, entry: Entry) -> Entry:
        self.now[path] = (record, self.settings, entry)
        return entry

    def finish(self) -> None:
        gone = {id(known[2]) for path, known in self.last.items() if self.now.get(path) is not known}
        if gone:
            for memo in (Content.get_content, Content.get_summary):
                for args in [args for args in memo.cache if args and id(args[0]) in gone]:
                    del memo.cache[args]
        if self.state.remember:
            self.state.entries = self.now


@dataclass
class Harvest:
    """Everything the templates need about the harvest, rebuilt on every build."""

    entries: list = field(default_factory=list)  # sorted by type, then title
    by_key: dict = field(default_factory=dict)  # (type, slug) -> Entry
    by_type: dict = field(default_factory=dict)  # type -> [Entry] sorted by title
    themes: dict = field(default_factory=dict)  # slug -> {slug, title, description}
    by_theme: dict = field(default_factory=dict)  # theme slug -> [Entry]
    theme_counts: dict = field(default_factory=dict)  # theme slug -> {type: how many entries}
    front: bytes = b""  # a digest of every entry's front matter
    shown: dict = field(default_factory=dict)  # entry key -> what pages show of it (relations.shown)
    # entry key -> a digest of its `shown` and the `shown` of what it is linked to (`related`): what
    # its search document and its line of open data show besides its body
    linked: dict = field(default_factory=dict)
    today: datetime.date | None = None  # the build's day: what is upcoming, what is past
    upcoming: list = field(default_factory=list)  # coming events, soonest first (events.arrange)
    history: bytes = b""  # a digest of every entry's Git record shown beyond its own page
    drawings: dict = field(default_factory=dict)  # graph.py's maps, kept for the preview's next build


    def newest(self, count: int) -> list:
        return newest(self.entries, count)


class HarvestGenerator(Generator):
    state: BuildState  # set on the class state.bound makes for one Pelican instance

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.filters.update({"datum": datum, "urlencode": urlencode})
        # In the shared context, so that Pelican's own pages get the same header.
        self.context["model"] = m
        self.context["jsonld"] = jsonld.script  # structured data in base.html's <head>
        # The shared context: every page's context is a copy of it (and Pelican's pages use it).
        self.context["url"] = template_url(self.context)  # addresses from the *_URL settings
        self.context["menu"] = template_menu(self.context)  # the header's current item (base.html)
        self.context["repository"] = template_repository(self.context)  # the repository's: edit, history
        self.context["citation"] = citation.template_reference  # how to cite an entry
        self.env.filters.update({"apa": citation.apa, "citation_meta": citation.meta_tags})
        self.context["script_strings"] = i18n.script_strings()  # the scripts' text, translated
        self.harvest = self.state.harvest = Harvest()
        self.state.context = self.context  # for `finalized`: where the static files went
        self.pages: list = []
        self.changed: set | None = None  # the entry files that changed, when known (_walked)
        # The tree is checked before any generator reads it (they are all made before any reads):
        # Pelican's own would follow a link out of the folder or block on a pipe.
        self.rules = guard.Rules.of(self.settings)
        self.walked = self._walked()  # the last build's walk, when what changed since is known
        self.tree = self.walked and guard.update(self.walked["tree"], self.changed)
        if self.tree is None:
            self.walked = None
            self.tree = guard.check(self.path, self.rules, display_path, self.state.images)
        if self.tree.problems:
            problems = validate_tree(self.path, self.rules, self.settings,  # every problem at once
                                     for_settings(self.settings))[1]
            print_problems(problems, "er is niets gebouwd.")
            raise ContentErrors(problems)

    def _walked(self) -> dict | None:
        """What the last build's walk of the tree found (the guard's tree, the entry files), when
        this build is told which entry files changed since (`BuildState.changed`, the preview's
        watcher): then only those are looked at, not 10,000 files."""
        state = self.state
        # Taken out: kept again only by a build whose walk passed (generate_context).
        known = state.memos.pop("walk", None)
        if state.changed is None or not state.remember or not state.warm or known is None:
            return None
        if known[0] != (self.path, self.rules):
            return None
        # The watcher's paths as entry_files writes them (the content folder's own spelling).
        self.changed = {os.path.join(self.path, os.path.relpath(os.path.abspath(p), self.path))
                        for p in state.changed}
        return known[1]

    def generate_context(self):
        show_drafts = self.settings.get("HARVEST_DRAFTS", False)
        themes = read_themes(self.path)
        state = self.state
        if self.walked is not None:
            files = entry_files_after(self.walked["files"], self.path, self.changed)
            tree_problems = self.walked["problems"]
        else:
            files, tree_problems = entry_files(self.path)
        state.keep("walk", (self.path, self.rules),
                   {"tree": self.tree, "files": files, "problems": tree_problems})
        paths = [f[2] for f in files]
        markdown = for_settings(self.settings, state.markdown)  # MARKDOWN merged over ours
        if markdown is not state.markdown:  # another configuration: no body read before holds
            state.reads.clear()
            state.markdown = markdown
        state.forget_reads_except(paths)  # removed files, or another content folder's
        today = self._today()
        read = read_all(paths, then=_checker(files, themes, today), then_key=(repr(themes.slugs), today),
                        state=state, changed=None if self.walked is None else self.changed,
                        markdown=state.markdown,
                        seconds=self.settings.get("HARVEST_TIME_BUDGET", budget.DEFAULT),
                        # The preview's first build compiles its templates here, so that the
                        # editor's first save (rendered in this process) compiles none. A one-off
                        # build compiles them just before the page workers fork (render_pages):
                        # here they took a core from the two read workers (+0.5 s user CPU at 1,000).
                        meanwhile=(lambda: compile_templates(self.env)) if state.remember and not state.warm
                        else None)
        logger.info("Oogst: %d inzendingen gelezen (%s)", len(paths), "warm" if state.warm else "koud")
        settle(state)  # what was read: at 10,000 entries, passes over it doubled link_relations
        made = _Made(state, self.settings, self.context)
        self.shown_settings = made.settings  # a digest of the settings pages show
        # Each file's document with its problems (its own, its checks', its links'), kept while its
        # record (its bytes, checked for the same themes and day) and the tree its links name are.
        tree = (self.tree.static, self.tree.sources)
        last_docs = state.memo("documents", tree) if state.remember else {}
        # Each file's row as the last build left it, while its record is the same object: kept
        # only by a build whose rules across files passed (so no document holds their problems).
        rows_key = (tree, made.settings, show_drafts)
        known = state.memos.pop("rows", None)
        last_rows = known[1] if known is not None and known[0] == rows_key else {}
        rows = {}
        for (type_name, slug, path), record in zip(files, read):
            row = last_rows.get(path)
            if row is None or row[0] is not record:
                row = self._row(type_name, slug, path, record, last_docs.get(path), made, show_drafts)
            rows[path] = row
        checked = {row[1]: (row[2], row[3]) for row in rows.values()}  # (type, slug) -> (doc, data)
        heads = {row[1]: row[0].front for row in rows.values()}  # (type, slug) -> its front's digest
        bodies = [(row[2], row[0].html) for row in rows.values()]
        entries = [row[4] for row in rows.values() if row[4] is not None]
        for e in entries:
            e._context = self.context  # for Pelican's lookups of other content, if any
        # So that `{filename}/tools/x.md` finds it (add_source_path's key, without its relpath).
        self.context["generated_content"].update(
            {f"{row[1][0]}/{row[1][1]}.md": row[4] for row in rows.values() if row[4] is not None})
        made.now = {path: row[6] for path, row in rows.items() if row[6] is not None}
        made.finish()
        for helper in state.early:  # the entries exist: another plugin's work may begin (state.early)
            helper.read(entries, themes.slugs)
        if state.remember:
            state.keep("documents", tree, {path: row[5] for path, row in rows.items()})
        # The rules across files (links, relations, earlier addresses), run again only when the
        # front matter of any entry changed (or a body's problems, which make its entry invalid).
        problems, checks = check_across(self.settings, checked, heads,
                                        digest(made.settings, today.isoformat()),
                                        themes, self.tree, tree_problems, bodies, state.checks,
                                        keep=state.remember)
        state.checks = checks
        if problems:
            print_problems(problems, "er is niets gebouwd.")
            raise ContentErrors(problems)

        state.keep("rows", rows_key, rows)
        entries.sort(key=_order)
        harvest = self.harvest
        self._read_history(entries, harvest)
        # Relations, facets and listings follow from the front matter alone.
        fronts = {e.key: e.front for e in entries}
        harvest.front = digest(*fronts.values())
        if state.remember:  # kept for the next build, which links again only when front changed
            state.links = link_relations_memo(entries, harvest.front, state.links)
        else:
            link_relations(entries)
        for helper in state.early:
            helper.linked(entries)
        # Per entry, what other pages show of it: a page is rendered again only when what it
        # shows changed (site/pages.py), so a title edit renders the pages that show that title.
        harvest.shown = shown(entries, fronts, state.links if state.remember else None)
        # Cards, listings and feeds also show when each entry last changed and who changed it (Git).
        harvest.shown = self._with_history(entries, harvest.shown)
        harvest.linked = self._linked(entries, harvest.shown)
        harvest.entries = entries
        harvest.themes = themes.slugs
        harvest.drawings = state.memo("drawings", made.settings)  # the maps, as `_map` keeps them
        state.keep("drawings", made.settings, harvest.drawings)
        harvest.by_key = {e.key: e for e in entries}
        harvest.by_type = {t: [] for t in m.TYPES}
        harvest.by_theme = {slug: [] for slug in harvest.themes}
        harvest.theme_counts = {slug: dict.fromkeys(m.TYPES, 0) for slug in harvest.themes}
        for e in entries:  # one pass, in the harvest's order
            harvest.by_type[e.type_name].append(e)
            for slug in dict.fromkeys(e.data["themes"]):
                if slug in harvest.by_theme:
                    harvest.by_theme[slug].append(e)
                    harvest.theme_counts[slug][e.type_name] += 1
        self._arrange_in_time(harvest)
        self.context["harvest"] = harvest
        settle(state)  # the harvest, kept till the end of the build

    def _row(self, type_name: str, slug: str, path: str, record, known, made: _Made, show_drafts) -> tuple:
        """One entry file's part of the context: (its record, its key, its document with every
        problem of its own, its data, its Entry (None when it is not built), the documents memo's
        item, _Made's item)."""
        problems, data = record.checked
        html = record.html
        if known is not None and known[0] is record:
            doc = known[1]
            del doc.problems[known[2]:]  # what the rules across files added last time (check_across)
        else:
            doc = dataclasses.replace(record.document, problems=[*record.document.problems, *problems])
            if doc.ok and guard.mentions_links(doc.body):
                guard.check_links(doc, html, f"{type_name}/{slug}.md", self.tree)
            known = (record, doc, len(doc.problems))
        if doc.problems or data.get("status") == "draft" and not show_drafts:
            return record, (type_name, slug), doc, data, None, known, None
        entry = made.get(path, record) or made.keep(path, record,
                                                    self._entry(type_name, slug, path, data, html))
        return record, (type_name, slug), doc, data, entry, known, made.now[path]

    def _linked(self, entries, now: dict) -> dict:
        """Harvest.linked; after a build of the same entries, made again only for those whose
        `shown` changed and those related to them (a relation holds both ways: `related` of one
        changes only with the `shown` of the other)."""
        def made(e) -> bytes:  # digests of one length: joined, they are one part
            return digest(now[e.key] + b"".join([now[x.key] for group in e.related.values() for x in group]))

        last = self.state.linked if self.state.remember else None
        if last is not None and last[0].keys() == now.keys():
            by_key = {e.key: e for e in entries}
            changed = [k for k, v in now.items() if last[0][k] != v]
            again = {*changed, *(x.key for k in changed
                                 for group in by_key[k].related.values() for x in group)}
            linked = dict(last[1])
            linked.update((k, made(by_key[k])) for k in again)
        else:
            linked = {e.key: made(e) for e in entries}
        if self.state.remember:
            self.state.linked = (now, linked)
        return linked

    def _with_history(self, entries, shown: dict) -> dict:
        """`shown` with each entry's Git record (its last day and authors) in its digest; kept in
        the state for the next build, by the digest and record it was made of."""
        last = self.state.with_history
        keys, records = list(map(_key, entries)), list(map(_history, entries))
        now = list(map(shown.__getitem__, keys))
        # The same Entry with the same (frozen) Git record and `shown` at the same position as in
        # the last build: the same item, found without a Python step per entry.
        order = last.get(_ORDER)
        if order is not None and len(order[0]) == len(entries):
            items = list(order[3])
            todo = compress(range(len(entries)), map(not_, map(and_, map(and_, map(is_, entries, order[0]),
                                                                         map(is_, records, order[1])),
                                                              map(eq, now, order[2]))))
        else:
            items, todo = [None] * len(entries), range(len(entries))
        for i in todo:
            e = entries[i]
            made = (now[i], (e.history.changed, e.history.authors) if e.history is not None else None)
            known = last.get(e.key)
            if known is None or known[0] != made:
                known = (made, now[i] if made[1] is None else digest(made[0], repr(made[1])))
            items[i] = known
        if self.state.remember:
            self.state.with_history = {**dict(zip(keys, items)), _ORDER: (list(entries), records, now, items)}
        return dict(zip(keys, map(_second, items)))

    def _read_history(self, entries, harvest) -> None:
        """Each entry's Git record, from one `git log` of the content folder (history.py); a
        warm build reads the log again only after a new commit. The preview also asks Git which
        files are not committed yet (HARVEST_GIT_PENDING)."""
        settings, state = self.settings, self.state
        pending = bool(settings.get("HARVEST_GIT_PENDING"))
        seconds = float(settings.get("HARVEST_GIT_SECONDS") or history.SECONDS)
        if settings.get("HARVEST_GIT", True) is False:
            found = history.NONE
        else:
            found = history.read(self.path, pending, seconds, known=state.history)
        if state.remember:
            state.history = found
        # An Entry kept from the last build (the same file) keeps its record while the history is
        # the same; what each shows of it is kept by key.
        key = (found.records, found.pending, found.head, found.path)
        last = state.memo("history", key) if state.remember else {}
        keys = list(map(_key, entries))
        kept = list(map(last.get, keys, repeat(_NOTHING)))
        for i in compress(range(len(entries)), map(is_not, map(_first, kept), entries)):  # not kept
            e = entries[i]
            e.history = found.record(e.relative_source_path, datetime.date.fromisoformat(e.written))
            kept[i] = (e, repr((e.key, e.history.changed, e.history.authors)))
        state.keep("history", key, dict(zip(keys, kept)))
        # What cards, listings, feeds and the open data show of it; the pending mark is the
        # entry page's own (site/pages.py).
        harvest.history = digest(*map(_second, kept))

    def _today(self) -> datetime.date:
        """The build's day; a setting that is not a day stops the build with its message."""
        try:
            return clock.today(self.settings)
        except ValueError as err:
            problems = [Problem("pelicanconf.py", 1, 1, str(err))]
            print_problems(problems, "er is niets gebouwd.")
            raise ContentErrors(problems) from None

    def _arrange_in_time(self, harvest) -> None:
        """Upcoming and past are judged against the build's day; in the context, the day is part of
        every page's inputs (rendering.py), so a warm rebuild on another day renders anew."""
        harvest.today = self._today()
        self.context["HARVEST_TODAY"] = harvest.today.isoformat()
        events.arrange(harvest, harvest.today)

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
        feeds and the open data here meanwhile; `finish` waits for the pages. Every artifact is
        written through `files` (the build state: `files.write(rel, text)`)."""
        files = self.state
        # A one-off build of a large harvest: the other files in a process apart, begun first.
        apart = not files.remember and len(self.harvest.entries) >= APART_FROM and budget.forks()
        if apart:
            files.outputs = Apart(self._write_outputs, files)
        if not isinstance(writer, HarvestWriter):  # another plugin's writer: ours for our pages
            writer = bound(HarvestWriter, files)(self.output_path, settings=self.settings)
        if self.state.cards is None or not self.state.remember:
            self.state.cards = Cards()
        renderer = Renderer(self, self.state.cards, keep=self.state.remember)
        self.env.globals.update(GLOBALS)

        @pass_context
        def cards(context, entries, facets=False):
            return renderer.cards(context, entries, facets)

        self.env.globals["cards"] = cards
        if self.state.shows is None or not self.state.remember:
            self.state.shows = Shows()
        self.pages = site_pages(self.harvest, self.settings, self.state.shows,
                                digest(self.shown_settings, i18n.fingerprint()))
        files.pending = render_pages(renderer, self.pages, writer, self.harvest)
        if not apart:
            self._write_outputs(files)

    def _write_outputs(self, files) -> None:
        """Feeds, open data, calendars, the form's data… (outputs/__init__.py). A writer that
        reads no body (FRONT_ONLY) is not run when none of what it reads changed since the last
        build and its files are as it left them: they count as written by this build."""
        harvest, ledger = self.harvest, files.ledger
        key = digest(harvest.front, harvest.history, repr(harvest.themes), str(harvest.today),
                     self.shown_settings, i18n.fingerprint())
        last, now = files.memo("front only", key), {}
        for write in WRITERS:
            front_only = write in FRONT_ONLY
            known = last.get(write) if front_only else None
            if known is not None and files.kept_records(*known):
                now[write] = known
                continue
            before = set(ledger.produced) if front_only else None
            write(harvest, self.settings, files)
            if front_only:
                now[write] = files.records(ledger.produced - before)
        files.keep("front only", key, now)


class Apart:
    """The files beside the pages (`write(files)`: HarvestGenerator._write_outputs) written by a
    forked process. A one-off build of a large harvest starts it as its pages' work begins, so that
    it takes the core this process leaves idle while it lists the pages, makes their keys and
    compiles the templates (at 1,000 entries ~0.25 s), and then runs beside the page workers. It
    writes through its copy of the build state; `collect` records its files in this process's
    ledger. Should it fail or die, `collect` writes them here instead: a bug then raises here, as
    it would have without it. (A one-off build keeps no memos, so nothing else is to come back.)"""

    def __init__(self, write: Callable, files: BuildState):
        self.write, self.files = write, files
        processes = budget.context()
        self.conn, child = processes.Pipe(duplex=False)
        self.process = processes.Process(target=self._run, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def _run(self, conn) -> None:
        ledger = self.files.ledger
        before = set(ledger.produced)
        try:
            self.write(self.files)
            made = ledger.made_since(before)
        except BaseException:  # reported by this process, which writes them again
            made = None
        conn.send(made)
        conn.close()

    def collect(self) -> None:
        try:
            made = self.conn.recv()
        except (EOFError, OSError):  # it died
            made = None
        self.stop()
        if made is None:
            self.write(self.files)
            return
        self.files.ledger.take(made)

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def connect(signals_) -> tuple:
    """The build's lifecycle around Pelican's signals, each of which hands us the Pelican
    instance and so its BuildState (state.of): `get_generators` begins the build and gives the
    generator bound to the state; `get_writer` gives our Writer; once every generator has
    written its files (`finalized`), wait for the page workers, write the sitemap (which lists
    them all), and remove what an earlier build wrote and this one did not. Connected when the
    plugin registers, so before plugins listed after it (their `finalized` receivers then see
    every page). The caller keeps the receivers alive (Pelican keeps weak references)."""

    def get_generators(pelican):
        state = state_of(pelican)
        state.begin(pelican.settings)
        i18n.activate(pelican.settings)  # before any generator exists, so before anything is shown
        settle(state)  # what the imports made
        return bound(HarvestGenerator, state)

    def generator_init(generator):
        # Every generator's templates (Pelican's pages too) in the settings' language, its
        # constant text translated as the templates compile (translating.py).
        translations = i18n.activate(generator.settings)
        generator.env.harvest_translations = translations
        generator.env.add_extension(CompiledTranslations)
        translating.install(generator.env, translations)
        once_per_build(generator.env)  # a build's templates stay as they are while it runs
        generator.env.globals["fragment"] = Fragments()  # parts of pages rendered once per build

    def get_writer(pelican):
        return bound(HarvestWriter, state_of(pelican))

    def finalized(pelican):
        state = state_of(pelican)
        if state.pending is not None:
            if state.pending.pool is not None:  # many pages: this process is to render its part
                give_back()  # what the writers and the search index no longer hold, before more pages
            state.pending.wait()  # every page is on disk after this
            state.pending = None
        if state.outputs is not None:
            state.outputs.collect()  # and the files beside them
            state.outputs = None
        write_maps(pelican.settings, state.harvest, state,
                   [static.save_as for static in state.context.get("staticfiles", ())])
        gone = state.finish()
        unsettle(state)
        logger.info("Oogst: %d bestanden geschreven, %d ongewijzigd gelaten, %d verwijderd",
                    len(state.ledger.written), len(state.ledger.produced - state.ledger.written), len(gone))

    signals_.get_generators.connect(get_generators)
    signals_.generator_init.connect(generator_init)
    signals_.get_writer.connect(get_writer)
    signals_.finalized.connect(finalized)
    return get_generators, generator_init, get_writer, finalized
