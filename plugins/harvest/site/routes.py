"""The route table: every page and file the site writes, declared once. A route names its settings
in Pelican's style (`<NAME>_URL` the address links use, `<NAME>_SAVE_AS` the file written, as
ARTICLE_URL/ARTICLE_SAVE_AS; a file whose address is its path has one setting) and says for what
the build writes one: once, per type, per entry, per theme, per facet value, per page of
content/pages, per static file. Pages (pages.py), the writers (outputs/), the templates (`url()`)
and the link check of `make validate` (`addresses`) all read it, so a body may link to exactly
what the build writes, and `make validate`, which does not build, agrees with the build.

Placeholders: {section} (a type's URL segment, `projecten`), {slug}, {facet}, {value} (a facet
value's), {prefix} (an entry slug's first two characters), {path} (a static file's).
pelicanconf.py may set any setting of a route that is not `fixed`; DEFAULTS holds our defaults."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from ..model import types as m

# For what a route is written: the build writes one file per item of this kind.
ONCE, TYPE, ENTRY, THEME, FACET, PAGE, STATIC = "once", "type", "entry", "theme", "facet", "page", "static"


@dataclass(frozen=True)
class Route:
    """One kind of page or file: its settings, their defaults, and for what the build writes one."""

    url: str  # the setting of the address links use
    save_as: str  # the setting of the file written (the same as `url` for a file at its own address)
    default_url: str
    default_save_as: str
    each: str = ONCE
    timed: bool = False  # only for timed types (events): per type or per entry
    fixed: bool = False  # the theme's scripts know the address: no setting moves it
    folder: bool = False  # a folder of files written by the hundred (search index): any file in it
    pelican: bool = False  # Pelican's own setting, with Pelican's default (not in DEFAULTS)

    def items(self, entries=(), themes=(), pages=(), static=(), facets=None) -> list[dict]:
        """The placeholders' values of every file this route gives for these items; `facets`:
        (type name, facet param) -> its values (facets.possible_values)."""
        types = {name: t for name, t in m.TYPES.items() if t.timed or not self.timed}
        if self.each == TYPE:
            return [{"section": t.section} for t in types.values()]
        if self.each == ENTRY:
            return [{"section": types[t].section, "slug": s, "prefix": s[:2]}
                    for t, s in entries if t in types]
        if self.each == FACET:
            return [{"section": t.section, "facet": f.param, "value": v} for t in types.values()
                    for f in t.facets for v in sorted((facets or {}).get((t.name, f.param), ()))]
        return {ONCE: [{}], THEME: [{"slug": s} for s in themes], PAGE: [{"slug": s} for s in pages],
                STATIC: [{"path": p} for p in static]}[self.each]


def _page(name: str, address: str, each: str = ONCE, **flags) -> Route:
    """A page at `address` (`x/`), written as `x/index.html`."""
    return Route(f"{name}_URL", f"{name}_SAVE_AS", address, address + "index.html", each, **flags)


def _file(name: str, path: str, each: str = ONCE, **flags) -> Route:
    """A file whose address is its path: one setting `name`."""
    return Route(name, name, path, path, each, **flags)


ROUTES = (
    _page("ENTRY", "{section}/{slug}/", ENTRY),
    _page("LISTING", "{section}/", TYPE),
    # Every value of a type's facet: `/projecten/thema/participatie/` (facets.py).
    _page("FACET", "{section}/{facet}/{value}/", FACET),
    # How to cite an entry, beside its page: BibTeX, RIS and CSL-JSON (outputs/citation.py).
    _file("CITATION_BIB", "{section}/{slug}/citeer.bib", ENTRY),
    _file("CITATION_RIS", "{section}/{slug}/citeer.ris", ENTRY),
    _file("CITATION_JSON", "{section}/{slug}/citeer.json", ENTRY),
    _page("THEMES", "themas/"),
    _page("THEME", "themas/{slug}/", THEME),
    _page("GRAPH", "verbanden/"),
    _file("GRAPH_JSON", "data/verbanden.json"),
    _file("GRAPH_GRAPHML", "data/verbanden.graphml"),
    _file("HARVEST_FEED_ATOM", "feeds/oogst.atom.xml"),
    _file("TYPE_FEED_ATOM", "feeds/{section}.atom.xml", TYPE),
    _file("THEME_FEED_ATOM", "feeds/themas/{slug}.atom.xml", THEME),
    Route("EVENT_CALENDAR_URL", "EVENT_CALENDAR_SAVE_AS", "{section}/{slug}/agenda.ics",
          "{section}/{slug}/agenda.ics", ENTRY, timed=True),
    Route("EVENTS_CALENDAR_URL", "EVENTS_CALENDAR_SAVE_AS", "{section}/agenda.ics",
          "{section}/agenda.ics", TYPE, timed=True),
    # "Deel je oogst": the form page and the data its script loads (form.py).
    _page("CONTRIBUTE", "meedoen/"),
    _file("CONTRIBUTE_DATA", "meedoen/formulier.json"),
    _file("CONTRIBUTE_ENTRIES", "meedoen/{section}.json", TYPE),
    # Fixed addresses: the home page and the error page, which GitHub Pages looks for by name.
    Route("HOME_URL", "HOME_SAVE_AS", "", "index.html", fixed=True),
    Route("NOT_FOUND_URL", "NOT_FOUND_SAVE_AS", "404.html", "404.html", fixed=True),
    _file("SITEMAP", "sitemap.xml", fixed=True),
    _file("ROBOTS", "robots.txt", fixed=True),
    _file("EXPORT_JSON", "data/oogst.json", fixed=True),  # the open data (exports.py)
    _file("EXPORT_CSV", "data/oogst.csv", fixed=True),
    # What 404.html suggests, per first two characters of the slugs (notfound.py, notfound.js).
    _file("SUGGESTIONS", "suggesties/{prefix}.json", ENTRY, fixed=True),
    # The search page, its index and scripts (the harvest_search plugin, search.js).
    _page("SEARCH", "zoeken/", fixed=True),
    _file("SEARCH_INDEX", "zoeken/index/", fixed=True, folder=True),
    _file("SEARCH_SCRIPTS", "zoeken/lunr/", fixed=True, folder=True),
    # Pelican's: the theme's static files, the pages of content/pages, images and other static files.
    _file("THEME_STATIC_DIR", "theme", folder=True, pelican=True),
    Route("PAGE_URL", "PAGE_SAVE_AS", "pages/{slug}.html", "pages/{slug}.html", PAGE, pelican=True),
    Route("STATIC_URL", "STATIC_SAVE_AS", "{path}", "{path}", STATIC, pelican=True),
)

_SETTINGS = {name: (default, route) for route in ROUTES
             for name, default in ((route.url, route.default_url), (route.save_as, route.default_save_as))}
# The defaults of the settings pelicanconf.py may change (Pelican has its own for its settings).
DEFAULTS = {name: default for name, (default, route) in _SETTINGS.items()
            if not route.fixed and not route.pelican}

# content/ folders that Pelican copies or reads to the output under their own name (STATIC_PATHS,
# ARTICLE_PATHS): what the site holds there is not an entry's earlier address either.
CONTENT_FOLDERS = ("images", "extra", "static", "blog")


def setting(settings, name: str) -> str:
    """The value of route setting `name`: the settings' unless the route is fixed, else its default."""
    default, route = _SETTINGS[name]
    if route.fixed or settings is None:
        return default
    return settings.get(name) or default


def url(settings, name: str, entry_type=None, **parts) -> str:
    """The address (or file) `name` gives for these parts; `entry_type` fills {section}."""
    if entry_type is not None:
        parts["section"] = entry_type.section
    return setting(settings, name).format(**parts)


def folder(settings, name: str) -> str:
    """A folder route's folder, with its slash (`theme/`)."""
    return setting(settings, name).rstrip("/") + "/"


# Addresses on the repository (GitHub's): what each action does with a file of the content folder.
REPOSITORY_ACTIONS = {"edit": "edit", "history": "commits", "view": "blob"}
# The issue form of a new submission (.github/ISSUE_TEMPLATE/, written by `invoke schema`).
ISSUE_FORM = "nieuwe-inzending.yml"


def repository_url(settings, action: str, rel: str = "", content: bool = True) -> str:
    """The address of a file on the repository: `edit` it, its `history`, or `view` it; `rel` is
    relative to the content folder (or, with `content=False`, to the repository). Also the
    repository's `home`, a new `issue` and a new `submission` (the issue form; callers add their
    own query). "" when the settings name no repository. REPOSITORY_URL, _BRANCH and
    _CONTENT_PATH are read here only."""
    base = (settings.get("REPOSITORY_URL") or "").rstrip("/")
    if not base:
        return ""
    if action in ("home", "issue", "submission"):
        return {"home": base, "issue": f"{base}/issues/new",
                "submission": f"{base}/issues/new?template={ISSUE_FORM}"}[action]
    folder = (settings.get("REPOSITORY_CONTENT_PATH") or "").strip("/") if content else ""
    path = "/".join(part for part in (folder, rel) if part)
    return f"{base}/{REPOSITORY_ACTIONS[action]}/{settings.get('REPOSITORY_BRANCH') or 'main'}/{path}"


def template_repository(settings) -> Callable:
    """`{{ repository('history', entry.relative_source_path) }}` in templates, for the settings
    every page's context is made from. Not `pass_context`: that would copy the page's whole
    context on each call in a block or a loop."""
    return functools.partial(repository_url, settings)


def template_url(settings) -> Callable:
    """`{{ url('THEME_URL', slug=slug) }}` in templates (about fifty a page), for the settings
    every page's context is made from; not `pass_context`, as template_repository."""
    return functools.partial(url, settings)


def menu_state(settings, page_name) -> tuple:
    """Which items of the site's menu (base.html: each type's listing, the themes, the
    contribution form) are the current page's, then whether the page is the search page (it
    has no search box of its own in the header). The header is the same on every page with the
    same state (and SITEURL), so it is rendered once per state."""
    here = [bool(page_name) and page_name.startswith(url(settings, "LISTING_URL", t))
            for t in m.TYPES.values()]
    here.append(bool(page_name) and page_name.startswith(url(settings, "THEMES_URL")))
    here.append(page_name == url(settings, "CONTRIBUTE_URL"))
    here.append(page_name == url(settings, "SEARCH_URL"))
    return tuple(here)


def template_menu(settings) -> Callable:
    """`{% set here = menu(page_name) %}` in base.html; not `pass_context`, as template_url."""
    return functools.partial(menu_state, settings)


def site_folders(settings=None) -> tuple[str, ...]:
    """Top-level folders the site writes itself, whatever the harvest holds: neither a page of
    content/pages nor an entry's earlier address (aliases) may take one. The first folder of
    every route's file that does not depend on a type or an item, as these settings have them."""
    found = list(CONTENT_FOLDERS)
    for route in ROUTES:
        if route.each in (PAGE, STATIC):  # the content's own places, not the site's
            continue
        path = folder(settings, route.save_as) if route.folder else setting(settings, route.save_as)
        first, slash, _ = path.partition("/")
        if slash and "{" not in first and first not in found:
            found.append(first)
    return tuple(found)


def site_files(settings=None) -> tuple[str, ...]:
    """Files the site writes at its root (index.html, 404.html, sitemap.xml, robots.txt)."""
    return tuple(path for route in ROUTES if route.each == ONCE and not route.folder
                 and "/" not in (path := setting(settings, route.save_as)))


def addresses(settings, entries=(), themes=(), pages=(), static=(), facets=None) -> tuple[set, set, tuple]:
    """What the routes give for these items: (the addresses links use, the files written, folders
    under which any file is accepted: the search index, the theme's files).
    Site-relative, without the leading `/` (`projecten/x/`, `projecten/x/index.html`)."""
    urls, files, folders = set(), set(), []
    for route in ROUTES:
        if route.folder:
            folders.append(folder(settings, route.save_as))
            continue
        # url() without its lookups per item: 150,000 items at 10,000 entries.
        address, file = setting(settings, route.url).format, setting(settings, route.save_as).format
        for parts in route.items(entries, themes, pages, static, facets):
            urls.add(address(**parts))
            files.add(file(**parts))
    return urls, files, tuple(dict.fromkeys(folders))
