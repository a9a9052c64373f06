"""The site's pages: one per entry, one listing per type with a static page per facet value,
the themes, the home page. rendering.py renders and writes them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter

from ..model import types as m
from ..state import digest
from .aliases import save_as
from .events import awaits_report
from .facets import Compactor, data_attributes, facet_url, facets_of, listing_inputs
from .graph import SECOND_RING_FROM, harvest_map, neighbourhood, theme_map
from .relations import heading, newest_first
from .routes import url


@dataclass
class Page:
    save_as: str
    template: str
    url: str
    kwargs: dict = field(default_factory=dict)
    own: str = ""  # what only this page shows and the front matter does not hold: an entry's body
    shows: bytes = b""  # a digest of what it shows of the harvest's entries (their `shown` digests)
    absolute: bool = False  # served at any address (404.html): never relative URLs



_key = attrgetter("key")

RECENT_DAYS = 90  # a card says "bijgewerkt" when its entry changed this many days before the build's day


def recently_changed(entry, today) -> bool:
    """Changed after it was added, within RECENT_DAYS of the build's day (`harvest.today`)."""
    if today is None or entry.changed <= entry.data["date"]:
        return False
    return 0 <= (today - datetime.date.fromisoformat(entry.changed)).days <= RECENT_DAYS


GLOBALS = {"relation_heading": heading, "recently_changed": recently_changed, "facet_data": data_attributes,
           "awaits_report": awaits_report,
           # The relation graphs, laid out where the page is rendered (in a worker for many pages).
           "neighbourhood": neighbourhood, "theme_map": theme_map, "harvest_map": harvest_map}


def _showing(harvest, entries, *more) -> bytes:
    shown = harvest.shown  # digests of one length: joined, they are one part
    return digest(b"".join([shown[e.key] for e in entries]), *more)


def _near(e) -> list:
    """An entry page shows the entry, what it is linked to (lists, "Ook interessant"), and in
    its drawing what those are linked to (graph.py draws a second ring only round few)."""
    # Joined by itertools (a hub's ring: thousands at 10,000 entries), in the same order.
    ring = list(chain.from_iterable(e.related.values()))
    near = [e, *ring, *e.similar, *e.organisations, *chain.from_iterable(e.via_projects.values())]
    if len(ring) <= SECOND_RING_FROM:
        near += chain.from_iterable([group for x in ring for group in x.related.values()])
    return near


def _once(box: list, *parts) -> bytes:
    box.append(digest(*parts))
    return box[0]


def _summary(facets: list) -> str:
    """What a listing's filters show: each value's name and count, and how many are left out."""
    return repr([(facet.param, [(v.value, str(v.label), v.count) for v in values], more)
                 for facet, values, more in facets])


class Shows:
    """What each page showed of the harvest in the last build (Page.shows, by save_as), and what
    those were made of: every entry's `shown` digest, the build's day, the settings and the words.
    While those are the same, so is what every page shows (a warm build after an edit in a body):
    no page's digest is made again. When only some entries' `shown` changed (a title edit), an
    entry page none of whose entries changed keeps its digest."""

    def __init__(self):
        self.key, self.shows = b"", {}
        self.before, self.changed = {}, None  # the last build's digests; the keys whose `shown` changed
        self.facets_before: dict = {}  # type -> the facets of its listing in the last build
        self.context, self.shown = b"", {}
        self.near: dict = {}  # an entry page's save_as -> the keys of the entries it shows
        self.listings: dict = {}  # type -> (inputs, its entries, its listing, its facets, where each is)
        self.entry_pages: dict = {}  # save_as -> (Entry, pending, shows, its Page)
        self.facet_pages: dict = {}  # type -> (its facets, {id(value): (filters, save_as, url)}, [Compactor])

    def of(self, context: bytes, shown: dict) -> tuple[Callable, Callable]:
        """(shows(save_as, make), shows_entry(entry)): each page's digest, kept or made."""
        key = digest(context, b"".join(shown.values()))
        last = self.shows if key == self.key else {}
        self.before, self.changed = self.shows, None  # None: what every page shows may have changed
        if key != self.key and context == self.context:
            changed = {k for k, v in shown.items() if self.shown.get(k) != v}
            changed |= self.shown.keys() - shown.keys()
            last = {s: self.shows[s] for s, near in self.near.items() if near.isdisjoint(changed)}
            self.changed = changed
        near_before = self.near
        self.key, self.shows, self.context, self.shown, self.near = key, {}, context, shown, {}

        def shows(save_as: str, make: Callable) -> bytes:
            found = last.get(save_as)
            self.shows[save_as] = found = make() if found is None else found
            return found

        def shows_entry(e) -> bytes:
            found = last.get(e.save_as) if e.save_as in near_before else None
            if found is None:
                keys = list(map(_key, _near(e)))
                found = _showing_keys(shown, keys)
                self.near[e.save_as] = frozenset(keys)
            else:
                self.near[e.save_as] = near_before[e.save_as]
            self.shows[e.save_as] = found
            return found

        return shows, shows_entry


    def unchanged_lists(self, type_name: str) -> set | None:
        """The ids of the lists of a type's kept facets (Shows.listing: the same object as in the
        last build) that hold no entry whose `shown` changed: a facet page of such a value shows
        what it showed (its filters are the kept facets'). None: none known."""
        known = self.listings.get(type_name)
        if self.changed is None or known is None or known[3] is not self.facets_before.get(type_name):
            return None
        _, _, listing, facets, where = known
        if not where:
            _index(where, listing, facets)
        touched = {id(held) for k in self.changed for held, _ in where.get(k, ())}
        return {id(v.entries) for _, values in facets for v in values if id(v.entries) not in touched}

    def prepare(self) -> None:
        """Where each entry is held in each listing (`_index`), which the next build needs when
        it makes an entry anew: beforehand (the preview, after its first build), not on the
        editor's first save."""
        for _, _, listing, facets, where in self.listings.values():
            if not where:
                _index(where, listing, facets)

    def listing(self, harvest, type_name: str, context: bytes) -> tuple[list, list]:
        """A type's listing and its facets (facets_of), kept while what they are made of is the
        same (facets.listing_inputs: a title edit remakes only its own type's, and those that
        name it as an organisation): as the current entries, by key (an edit in a body makes its
        entry anew)."""
        inputs = (listing_inputs(harvest, type_name), context, str(harvest.today))
        known = self.listings.get(type_name)
        entries = harvest.by_type[type_name]  # in the harvest's order, which the same inputs keep
        if known is None or known[0] != inputs or len(known[1]) != len(entries):
            listing = _listing(harvest, type_name)
            facets = facets_of(harvest, type_name, listing)
            self.listings[type_name] = (inputs, list(entries), listing, facets, {})
            return listing, facets
        _, last, listing, facets, where = known
        for i, e in enumerate(entries):
            if e is not last[i]:
                last[i] = e
                if not where:  # made when first needed (not after every title edit)
                    _index(where, listing, facets)
                for held, at in where.get(e.key, ()):
                    held[at] = e
        return listing, facets


def _index(where: dict, listing: list, facets: list) -> None:
    """Where each entry is held in a listing and its facets: an entry made anew (an edit in its
    body) is put in its places (no other entry moves while the listing's inputs are the same)."""
    for i, e in enumerate(listing):
        where.setdefault(e.key, []).append((listing, i))
    for _, values in facets:
        for v in values:
            for i, e in enumerate(v.entries):
                where.setdefault(e.key, []).append((v.entries, i))


def _listing(harvest, type_name: str) -> list:
    """Newest first; a timed type's listing is its agenda (events.arrange ordered it)."""
    entries = harvest.by_type[type_name]
    return entries if m.TYPES[type_name].timed else newest_first(entries)


def _showing_keys(shown: dict, keys: list) -> bytes:
    return digest(b"".join(map(shown.__getitem__, keys)))


def site_pages(harvest, settings, memo: Shows | None = None, inputs: bytes = b"") -> list[Page]:
    """Every page of the harvest. `memo`: the last build's Shows, kept for the next; `inputs`:
    a digest of what the pages' digests depend on besides the entries (the settings, the words)."""
    everything = digest(b"".join(harvest.shown.values()))  # pages that show counts or the whole harvest
    shows, shows_entry = (memo or Shows()).of(digest(inputs, str(harvest.today)), harvest.shown)
    # An entry page also shows whether its file is committed (the preview's "nog niet gepubliceerd").
    # Kept (memo.entry_pages) while its Entry (its file, the settings), that mark and what it shows are.
    last, now = (memo.entry_pages, {}) if memo is not None else ({}, None)
    pages = []
    for e in harvest.entries:
        pending = e.history is not None and e.history.pending
        shows_it = shows_entry(e)
        known = last.get(e.save_as)
        if known is None or known[0] is not e or known[1] != pending or known[2] != shows_it:
            own = e.content + ("\0pending" if pending else "")
            known = (e, pending, shows_it, Page(e.save_as, e.template, e.url, {"entry": e}, own=own,
                                                shows=shows_it))
        if now is not None:
            now[e.save_as] = known
        pages.append(known[3])
    if memo is not None:
        memo.entry_pages = now
    # Each earlier address of an entry: a page that sends the reader on (the validator made sure
    # no other page of the site has that address).
    pages += [Page(save_as(alias), "alias", save_as(alias).removesuffix("index.html"),
                   {"entry": e, "alias": alias}, shows=harvest.shown[e.key])
              for e in harvest.entries for alias in e.data.get("aliases", ())]

    facets = {}
    for type_name, entry_type in m.TYPES.items():
        unchanged, before = None, {}
        if memo is not None:
            listing, facets[type_name] = memo.listing(harvest, type_name, inputs)
            unchanged, before = memo.unchanged_lists(type_name), memo.before
            memo.facets_before[type_name] = facets[type_name]
        else:
            listing = _listing(harvest, type_name)
            facets[type_name] = facets_of(harvest, type_name, listing)
        whole = [(facet, values, 0) for facet, values in facets[type_name]]
        pages.append(Page(url(settings, "LISTING_SAVE_AS", entry_type), "listing",
                          url(settings, "LISTING_URL", entry_type), {
            "entry_type": entry_type, "listing": listing, "active": None, "facets": whole},
            shows=shows(url(settings, "LISTING_SAVE_AS", entry_type),
                        lambda listing=listing, whole=whole: _showing(harvest, listing, _summary(whole)))))
        # Each facet page's filters and addresses, kept with the listing's facets (Shows.listing:
        # the same objects while the front matter, Git records and settings are the same).
        kept = memo.facet_pages.get(type_name) if memo is not None else None
        if kept is None or kept[0] is not facets[type_name]:
            kept = (facets[type_name], {}, [])
            if memo is not None:
                memo.facet_pages[type_name] = kept
        made, compact = kept[1], kept[2]
        # A facet page shows part of the listing's filters: while those are the same, so are its.
        filters = []  # made once, when a page's digest is made
        for facet, values in facets[type_name]:
            for value in values:
                known = made.get(id(value))  # the facets hold each value: its id stays its own
                if known is None:
                    if not compact:
                        compact.append(Compactor(facets[type_name]))
                    address = value.value
                    known = made[id(value)] = (
                        compact[0](value), facet_url(settings, entry_type, facet, address, "FACET_SAVE_AS"),
                        facet_url(settings, entry_type, facet, address))
                shown, save, page_url = known
                was = before.get(save) if unchanged is not None and id(value.entries) in unchanged else None
                pages.append(Page(save, "listing", page_url, {
                    "entry_type": entry_type, "listing": value.entries, "active": (facet, value),
                    "facets": shown}, shows=shows(save, lambda value=value, listing=listing, whole=whole,
                                                  filters=filters, was=was: was or _showing(
                        harvest, value.entries,
                        filters[0] if filters else _once(filters, str(len(listing)), _summary(whole))))))

    # The themes page counts each theme's entries by type (the themes themselves are in every page's key).
    pages.append(Page(url(settings, "THEMES_SAVE_AS"), "themes", url(settings, "THEMES_URL"),
                      shows=digest(repr(harvest.theme_counts))))
    for slug, theme in harvest.themes.items():
        entries = harvest.by_theme[slug]
        grouped = {t: [] for t in m.TYPES}
        for e in entries:
            grouped[e.type_name].append(e)
        save = url(settings, "THEME_SAVE_AS", slug=slug)
        pages.append(Page(save, "theme", url(settings, "THEME_URL", slug=slug), {
            "theme": theme, "grouped": grouped},
            shows=shows(save, lambda entries=entries: _showing(harvest, entries))))

    pages.append(Page(url(settings, "GRAPH_SAVE_AS"), "network", url(settings, "GRAPH_URL"),
                      shows=everything))

    # Under each type on the home page: its first facet with values that is not its themes.
    kinds = {t: next(((f, v) for f, v in facets[t] if f.kind != m.THEME_FACET.kind), None) for t in m.TYPES}
    groups = [(group, heading, [t for t in m.TYPES.values() if t.home == group])
              for group, heading in m.HOME_GROUPS.items()]
    pages.append(Page(url(settings, "HOME_SAVE_AS"), "home", url(settings, "HOME_URL"),
                      {"groups": groups, "kinds": kinds}, shows=everything))
    pages.append(Page(url(settings, "NOT_FOUND_SAVE_AS"), "404", url(settings, "NOT_FOUND_URL"),
                      absolute=True, shows=everything))
    # "Deel je oogst": the form, filled in by theme/js/contribute.js from CONTRIBUTE_DATA.
    pages.append(Page(url(settings, "CONTRIBUTE_SAVE_AS"), "contribute", url(settings, "CONTRIBUTE_URL"),
                      shows=everything))
    return pages
