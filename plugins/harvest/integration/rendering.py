"""Rendering the harvest's pages with Jinja, as fast as the machine allows.

- Each page has a key: a digest of everything it shows. A page whose file this process already
  wrote from the same key is skipped (a warm rebuild after an edit in one entry's text renders
  that one page). The key of every page covers the templates, the settings and the front matter
  of the entries it shows (site/pages.py: an entry page, what it is linked to; a listing, its
  entries and its filters); an entry page adds its body.
- Many pages are rendered in worker processes, forked once the context is complete, while the
  main process goes on with the search index and the feeds; `Pending.wait` then renders the
  shares no worker has begun (so no core idles at the end) and collects the workers' pages. Where
  workers cannot be forked (budget.forks(): Windows), this process renders them all: a spawned
  worker would have to build the whole context again.
- Pelican's Writer renders each page (writer.py's `render`): the context a template sees is the
  one Pelican gives its own pages.
- A card (an entry in a listing) is rendered once per process, not on every page that lists it."""

from __future__ import annotations

import functools
import os

from jinja2 import BaseLoader, ChoiceLoader, TemplateError, TemplateNotFound
from markupsafe import Markup

from .. import i18n
from ..content import budget
from ..site.pages import Page
from ..state import digest, write_file

# Settings that change how a build runs, not what a page shows.
NOT_SHOWN = {"DELETE_OUTPUT_DIRECTORY", "OUTPUT_RETENTION", "CACHE_CONTENT", "LOAD_CONTENT_CACHE"}
# Below this many pages to render, starting workers costs about what they would save.
PARALLEL_FROM = 200
# Pages in a share of the rendering that a process takes at a time: small enough that the last
# share ends soon after the others, large enough that taking one costs nothing worth counting.
SHARE = 16


class OncePerBuild(BaseLoader):
    """A generator's template loader for one build, in which no template changes: each source is
    read once, and a missing one (`{% include "parts/…" ignore missing %}` of a type without that
    part: three on every entry page and card) is looked for once, not on every page (11,000
    lookups at 1,000 entries). Jinja then needs no check that a loaded template is up to date."""

    def __init__(self, loader):
        self.loader = loader
        self.missing: set = set()
        self.found: set = set()

    def get_source(self, environment, template):
        if template in self.missing:
            raise TemplateNotFound(template)
        try:
            source = self.loader.get_source(environment, template)
        except TemplateNotFound:
            self.missing.add(template)
            raise
        self.found.add(template)
        return source

    def exists(self, environment, template: str) -> bool:
        """`{% if name is template %}{% include name %}{% endif %}`: a type's optional part
        (parts/…) without Jinja raising and catching TemplateNotFound on every page that lacks it."""
        if template in self.found:
            return True
        if template in self.missing:
            return False
        try:
            self.get_source(environment, template)
        except TemplateNotFound:
            return False
        return True

    def list_templates(self):
        return self.loader.list_templates()


def once_per_build(env) -> None:
    if not isinstance(env.loader, OncePerBuild):
        env.loader = OncePerBuild(env.loader)
    env.auto_reload = False
    env.tests["template"] = functools.partial(env.loader.exists, env)


def _theme_templates(env) -> list[str]:
    """The templates of the theme and THEME_TEMPLATES_OVERRIDES: the first of the loaders Pelican
    chains (then its `simple` theme's, for what a theme lacks: archives, tags... which only
    Pelican's own generators render, each with its own environment)."""
    loader = env.loader.loader if isinstance(env.loader, OncePerBuild) else env.loader
    if isinstance(loader, ChoiceLoader) and loader.loaders:
        return loader.loaders[0].list_templates()
    return env.list_templates()


def compile_templates(env) -> None:
    """Compile the theme's templates into the environment's cache, so that the page workers
    forked later inherit them instead of each compiling them again: just before the fork, and
    in the preview's first build while the entries are read (its first save then compiles
    none). (Pelican's `simple` theme stays lazy: the harvest's pages use none of it.)"""
    for name in _theme_templates(env):
        if not name.startswith("!"):
            try:
                env.get_template(name)
            except TemplateError:  # said where the template is used, as without this
                pass


class Fragments:
    """`{% call fragment(key) %}…{% endcall %}` in a template: the part between is rendered once
    per key in a build (and process), then the same HTML is used again; key None: rendered each
    time. The key names all that the part shows and a build may vary (SITEURL, which varies with
    relative URLs; the type of a listing...); what never varies within a build (the settings, the
    harvest) need not be in it. One per generator, made for each build (generator.py)."""

    def __init__(self):
        self.made: dict = {}

    def __call__(self, key, caller) -> Markup:
        if key is None:
            return caller()
        html = self.made.get(key)
        if html is None:
            html = self.made[key] = caller()
        return html


class Cards:
    """The cards rendered in the last builds, kept by the state: (entry key, with facets, SITEURL)
    -> (what the card showed: its entry's `shown` digest, HTML). Valid while what every page may
    show (Renderer.inputs: the templates, settings, the day, the words) is the same: a listing
    rendered again after a title edit renders that one card."""

    def __init__(self):
        self.base: bytes = b""
        self.html: dict = {}

    def of(self, base: bytes) -> dict:
        if base != self.base:
            self.base, self.html = base, {}
        return self.html


class Renderer:
    def __init__(self, generator, cards: Cards | None = None, keep: bool = True):
        self.env = generator.env
        self.context = generator.context
        self.relative = generator.settings["RELATIVE_URLS"]
        self.get_template = generator.get_template
        self._cards: dict = {}  # (entry key, with facets, SITEURL) -> HTML; per process
        self._macros: dict = {}  # SITEURL -> macros.html as a module
        self.kept = cards or Cards()
        self.made: dict = {}  # the cards this process rendered: for the state, from a worker
        # False: no later build will ask for the cards (a one-off `pelican` run), so the workers
        # neither send them back nor does this process keep them (10,000 entries: ~20,000 cards).
        self.keep = keep

    def html(self, page: Page, writer) -> str:
        """The page as Pelican's Writer renders it (writer.HarvestWriter.render)."""
        return writer.render(page.save_as, self.get_template(page.template), self.context,
                             relative_urls=self.relative and not page.absolute, page_name=page.url,
                             **page.kwargs)

    def cards(self, context, entries, facets: bool = False) -> Markup:
        """The cards of `entries`, each rendered once by macros.html's `card`."""
        siteurl = context.get("SITEURL")
        macros = self._macros.get(siteurl)
        if macros is None:
            macros = self._macros[siteurl] = self.get_template("macros").make_module(context.get_all())
        html = []
        kept, shown = self.kept.html, context["harvest"].shown
        for e in entries:
            key = (e.key, facets, siteurl)
            card = self._cards.get(key)
            if card is None:
                known = kept.get(key)
                if known is None or known[0] != shown[e.key]:
                    known = (shown[e.key], macros.card(e, facets=facets))
                    if self.keep:
                        self.made[key] = known
                card = self._cards[key] = known[1]
            html.append(card)
        return Markup("\n".join(html))

    def inputs(self, harvest) -> bytes:
        """A digest of what every page may show: templates, settings, themes, other pages of the
        site (each page adds what it shows of the entries: Page.shows)."""
        parts = []
        for name in sorted(self.env.list_templates()):
            parts += [name, self.env.loader.get_source(self.env, name)[0]]
        parts.append(repr(sorted((k, repr(v)) for k, v in self.context.items()
                                 if k.isupper() and k not in NOT_SHOWN)))
        parts.append(repr(harvest.themes))
        parts.append(repr([(p.url, p.title) for p in self.context.get("pages", ())]))
        # Not the entries' front matter: each page's `shows` holds what it shows of them.
        parts.append(i18n.fingerprint())
        return digest(*parts)


class Pending:
    """Pages being rendered by worker processes; `wait` renders what the workers have not taken
    yet here, then records what they wrote through the writer (writer.py), which tells Pelican's
    `content_written` receivers."""

    def __init__(self, writer, pages: dict, pool=None, result=None, cards: dict | None = None, job=None):
        self.writer, self.pages, self.pool, self.result = writer, pages, pool, result
        self.cards = {} if cards is None else cards  # where the workers' new cards are kept
        self.job = job  # what the workers share (_job), for this process to take its part
        self.rendered = 0

    def wait(self) -> int:
        """Take the shares no worker has begun (this process's own work is done by now, so no
        core idles while the last shares are rendered), then wait for the workers; returns how
        many pages this build rendered."""
        if self.pool is not None:
            try:
                if self.job is not None:
                    renderer = self.job[0]
                    renderer.made = {}
                    for rel, key, stat in _render_shares(self.job):
                        self.writer.record_page(self.pages[rel], key, stat)
                        self.rendered += 1
                    self.cards.update(renderer.made)
                for written, cards in self.result.get():
                    self.cards.update(cards)
                    for rel, key, stat in written:
                        self.writer.record_page(self.pages[rel], key, stat)
                        self.rendered += 1
            finally:
                self.pool.terminate()
                self.pool.join()
                self.pool = self.job = None
        return self.rendered


# What the page workers of one build are to do: set in each as it starts (Pool's initializer).
_job = None


def _receive(job) -> None:
    global _job
    _job = job


def _render_shares(job) -> list:
    """Render the shares of `job` that no process has taken yet, one at a time: what was
    written (path, key, (size, mtime))."""
    renderer, writer, root, shares, taken = job
    written = []
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value = index + 1
        if index >= len(shares):
            return written
        written += [(page.save_as, key, write_file(root, page.save_as, renderer.html(page, writer)))
                    for page, key in shares[index]]


def _render_part(_slot: int) -> tuple[list, dict]:
    """A worker's part: what it wrote, and the cards it rendered (kept by the main process)."""
    renderer = _job[0]
    renderer.made = {}
    return _render_shares(_job), renderer.made


def render_pages(renderer: Renderer, pages: list[Page], writer, harvest,
                 workers: int | None = None) -> Pending:
    """Render and write the pages whose inputs changed, through `writer` (writer.HarvestWriter,
    whose ledger knows what is on disk); in forked workers when there are many."""
    base = renderer.inputs(harvest)
    cards = renderer.kept.of(base)  # the cards of earlier builds, while all else they show is the same
    ledger = writer.state.ledger
    todo = []
    # Each page's key, kept by what it was made of (an entry's body is long: 10,000 of them took
    # 0.15 s to digest on every warm build).
    state = writer.state
    last, keys = state.memo("page keys", base), {}
    for page in pages:
        known = last.get(page.save_as)
        if known is not None and known[0] == page.shows and known[1] == page.own:
            key = known[2]
        else:
            key = digest(base, page.save_as, page.own, page.shows)  # what state.write makes of these inputs
        keys[page.save_as] = (page.shows, page.own, key)
        if not ledger.unchanged(page.save_as, key):
            todo.append((page, key))
    state.keep("page keys", base, keys)
    workers = workers or os.cpu_count() or 1
    if len(todo) < PARALLEL_FROM or workers < 2 or not budget.forks():
        pending = Pending(writer, {})
        for page, _ in todo:
            writer.write_page(page, (base, page.save_as, page.own, page.shows),
                              lambda page=page: renderer.html(page, writer))
            pending.rendered += 1
        cards.update(renderer.made)
        return pending
    # Shares taken one at a time from a shared count, so that the workers and then this process
    # (Pending.wait, once its own writers are done) end at about the same moment. Each process
    # renders a card once (Renderer.cards): so a type's listings make one share, and these
    # come first, largest first; then the other pages that list entries, then the entry pages
    # (which show no cards) in small shares, mostly what this process takes when it comes in.
    # Forked: the workers get the job without pickling.
    by_type: dict = {}
    for item in todo:
        if item[0].template == "listing":
            by_type.setdefault(item[0].kwargs["entry_type"].name, []).append(item)
    rest = [item for item in todo if item[0].template != "listing"]
    rest.sort(key=lambda item: item[0].template in ("entry", "alias"))  # stable: in their order
    shares = sorted(by_type.values(), key=len, reverse=True) + [rest[i:i + SHARE]
                                                                for i in range(0, len(rest), SHARE)]
    # Compiled once here, before the fork: the workers inherit them, and this process renders
    # its share with them (each process compiled them itself: 3 x ~0.15 s CPU at any size).
    compile_templates(renderer.env)
    processes = budget.context()
    job = (renderer, writer, ledger.path, shares, processes.Value("i", 0))
    pool = processes.Pool(workers, initializer=_receive, initargs=(job,))
    return Pending(writer, {page.save_as: page for page, _ in todo}, pool,
                   pool.map_async(_render_part, range(workers), chunksize=1), cards, job)
