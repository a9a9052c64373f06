"""Relations between entries, computed from all checked entries on every build.

A relation is written once, on either entry; both pages show it. Nothing here is cached with
an entry: Pelican may cache content objects, so stale relations would survive an edit."""

from __future__ import annotations

import heapq
import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ..model import types as m
from ..state import LinkMemo, digest

SIMILAR_COUNT = 4

def heading(page_type: str, related_type: str) -> str:
    return m.relation_heading(page_type, related_type)


@lru_cache(maxsize=100_000)
def sort_key(text: str) -> str:
    """Alphabetical as a Dutch reader expects: accents and case do not change the order."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def newest_first(entries: list) -> list:
    """Newest first (by `date`, then the day it last changed: Git's, else `updated`); on the same
    day alphabetical. The order of the home page's "Nieuw" and of every untimed type's listing."""
    by_title = sorted(entries, key=lambda e: sort_key(e.title))  # a stable sort keeps this order
    return sorted(by_title, key=lambda e: (e.data["date"], _changed(e)), reverse=True)


def _changed(e) -> str:
    return getattr(e, "changed", None) or e.data.get("updated", "")


_TYPE_ORDER = {name: i for i, name in enumerate(m.TYPES)}


def entry_order(e) -> tuple:
    return (_TYPE_ORDER[e.type_name], sort_key(e.title), e.slug)


_GROUPS = ("relations", "backlinks", "related", "via_projects")  # type -> [Entry]
_LISTS = ("organisations", "similar")  # [Entry]


def link_relations_memo(entries: list, front: bytes, memo: LinkMemo | None) -> LinkMemo:
    """link_relations, or the links `memo` holds when `front` (a digest of every entry's front
    matter) is the same: a warm rebuild after an edit in an entry's text. Returns the memo of
    these links, for the next build."""
    if memo is None or memo.front != front:
        link_relations(entries)
        return LinkMemo(front, {e.key: links_of(e) for e in entries}, objects={e.key: e for e in entries})
    by_key = {e.key: e for e in entries}
    # The generator keeps the Entry of a file that did not change (with the links set on it in
    # the last build): only entries made anew, and those linking to them, get their links again.
    fresh = {k for k, e in by_key.items() if memo.objects.get(k) is not e}
    if len(fresh) * 20 < len(entries):
        if memo.referrers is None:
            memo.referrers = {}
            for k, (groups, lists) in memo.links.items():
                for target in {*(x for g in groups.values() for keys in g.values() for x in keys),
                               *(x for keys in lists.values() for x in keys)}:
                    memo.referrers.setdefault(target, []).append(k)
        again = fresh.union(*(memo.referrers.get(k, ()) for k in fresh))
        entries = [by_key[k] for k in again]
    memo.objects = by_key
    for e in entries:
        groups, lists = memo.links[e.key]
        for a, by_type in groups.items():
            setattr(e, a, {t: [by_key[k] for k in keys] for t, keys in by_type.items()})
        for a, keys in lists.items():
            setattr(e, a, [by_key[k] for k in keys])
    return memo


def links_of(entry) -> tuple:
    """Whom `entry` is linked to, by key: ({group: {type: [key]}}, {list: [key]})."""
    return ({a: {t: [x.key for x in g] for t, g in getattr(entry, a).items()} for a in _GROUPS},
            {a: [x.key for x in getattr(entry, a)] for a in _LISTS})


def shown(entries: list, fronts: dict, memo: LinkMemo | None = None) -> dict:
    """entry key -> a digest of all any page can show of the entry but its body: its front
    matter and whom it is linked to (a page that shows it shows its title, summary, themes,
    and a drawing its links). Kept in `memo` while the front matter of all is the same."""
    if memo is not None and memo.shown:
        return memo.shown
    found = {e.key: digest(fronts[e.key], repr(memo.links[e.key] if memo is not None else links_of(e)))
             for e in entries}
    if memo is not None:
        memo.shown = found
    return found


def link_relations(entries: list) -> None:
    """Fill on every entry:
    - `relations` (written on the entry) and `backlinks` (written on the other side), per type;
    - `related`: both together, per type with entries, sorted by title;
    - `via_projects`: for organisations, what their projects are linked to, per type;
    - `organisations`: the organisations an entry belongs to, directly or through a project;
    - `similar`: a few entries that share the most themes and relations, not linked already."""
    by_key = {e.key: e for e in entries}
    rank = {e.key: i for i, e in enumerate(sorted(entries, key=entry_order))}  # sort keys once
    order = lambda e: rank[e.key]  # noqa: E731
    for entry in entries:
        entry.relations = {t: [] for t in m.TYPES}
        entry.backlinks = {t: [] for t in m.TYPES}
    for entry in entries:
        for type_name in m.TYPES:
            for slug in entry.data.get(type_name, ()):
                target = by_key.get((type_name, slug))
                if target is not None:  # a draft left out of a published build
                    entry.relations[type_name].append(target)
                    target.backlinks[entry.type_name].append(entry)
    neighbours = {}
    for entry in entries:
        entry.related = {}
        for type_name in m.TYPES:
            both = {e.key: e for e in (*entry.relations[type_name], *entry.backlinks[type_name])}
            if both:
                entry.related[type_name] = sorted(both.values(), key=order)
        neighbours[entry.key] = {e.key for group in entry.related.values() for e in group}
    for entry in entries:
        _link_organisations(entry, by_key, neighbours, order)
    themes = {e.key: frozenset(e.data["themes"]) for e in entries}
    by_themes = _ByThemes(themes, rank)
    for entry in entries:
        entry.similar = _similar(entry, by_key, neighbours, themes, by_themes, rank)


def _link_organisations(entry, by_key, neighbours, order) -> None:
    """An organisation stands behind its projects, so also behind what those projects link to."""
    direct = neighbours[entry.key]
    projects = [k for k in direct if k[0] == "projects"]
    via = {k for p in projects for k in neighbours[p]} - direct - {entry.key}
    orgs = {k for k in direct | via if k[0] == "organisations"} - {entry.key}
    entry.organisations = sorted((by_key[k] for k in orgs), key=order)
    entry.via_projects = {}
    if entry.type_name == "organisations":
        for type_name in m.TYPES:
            group = sorted((by_key[k] for k in via if k[0] == type_name), key=order)
            if group:
                entry.via_projects[type_name] = group


class _ByThemes:
    """For a set of themes, the entries in order of how many of those themes they share, then in
    harvest order; per distinct set of themes (there are few), and only as far as asked."""

    def __init__(self, themes: dict, rank: dict):
        groups: dict[frozenset, list] = {}  # entries with the same themes, in harvest order
        for key in sorted(themes, key=rank.__getitem__):
            groups.setdefault(themes[key], []).append(key)
        self.groups, self.rank = groups, rank
        self.lists: dict[frozenset, tuple[list, Iterator]] = {}

    def _ordered(self, wanted: frozenset) -> Iterator:
        by_shared: dict[int, list] = {}
        for themes, keys in self.groups.items():
            if wanted & themes:
                by_shared.setdefault(len(wanted & themes), []).append(keys)
        for shared in sorted(by_shared, reverse=True):
            for key in heapq.merge(*by_shared[shared], key=self.rank.__getitem__):
                yield key, shared

    def best(self, wanted: frozenset, count: int) -> list:
        """At least the first `count` entries that share any of `wanted` (all, if fewer), as
        (key, themes shared)."""
        if wanted not in self.lists:
            self.lists[wanted] = ([], self._ordered(wanted))
        found, more = self.lists[wanted]
        if len(found) < count:
            found.extend(itertools.islice(more, count - len(found)))
        return found


def _similar(entry, by_key, neighbours, themes, by_themes, rank) -> list:
    """Score = shared themes + shared related entries; ties in type, then title order.

    Only entries near in the graph can score for shared relations; every other entry scores
    its shared themes alone, and the best of those come from `by_themes`. Counting every entry
    of every theme would cost the square of the harvest's size."""
    own = neighbours[entry.key]
    excluded = own | {entry.key}
    wanted = themes[entry.key]
    near: Counter = Counter()
    for key in own:
        near.update(neighbours[key])
    score = {key: n + len(wanted & themes[key]) for key, n in near.items() if key not in excluded}
    found, count = 0, SIMILAR_COUNT + len(excluded) + len(near)
    for key, shared in by_themes.best(wanted, count):
        if key not in excluded and key not in near:
            score[key] = shared
            found += 1
            if found == SIMILAR_COUNT:  # the rest of the list scores no higher
                break
    best = heapq.nsmallest(SIMILAR_COUNT, score.items(), key=lambda item: (-item[1], rank[item[0]]))
    return [by_key[key] for key, _ in best]
