"""Relations between entries, computed from all checked entries (linking.py keeps them between
warm builds, and has `relink` order them again after titles alone changed).

A relation is written once, on either entry; both pages show it."""

from __future__ import annotations

import bisect
import heapq
import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import types as m

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
    by_title = sorted(entries, key=_title_key)  # a stable sort keeps this order
    return sorted(by_title, key=lambda e: (e.data["date"], _changed(e)), reverse=True)


def newest(entries: list, count: int) -> list:
    """newest_first(entries)[:count], without sorting them all (the home page's six of 10,000):
    the entries at least as new as the count-th newest, in their order, sorted."""
    if count <= 0 or count >= len(entries):
        return newest_first(entries)[:max(count, 0)]
    when = lambda e: (e.data["date"], _changed(e))  # noqa: E731
    edge = when(heapq.nlargest(count, entries, key=when)[-1])
    return newest_first([e for e in entries if when(e) >= edge])[:count]


def _changed(e) -> str:
    return getattr(e, "changed", None) or e.data.get("updated", "")


_TYPE_ORDER = {name: i for i, name in enumerate(m.TYPES)}


def entry_order(e) -> tuple:
    return (_TYPE_ORDER[e.type_name], sort_key(e.title), e.slug)


def order_of(e) -> tuple:
    """entry_order, as an Entry keeps it (Entry.order: made once per Entry, so a warm build does
    not normalise 10,000 titles again for each sort)."""
    return getattr(e, "order", None) or entry_order(e)


def _title_key(e) -> str:
    return order_of(e)[1]


@dataclass
class Linked:
    """What link_relations worked from, for `relink`."""

    neighbours: dict  # key -> keys of the entries it is related to, either way
    themes: dict  # key -> frozenset of its themes
    rank: dict  # key -> its place in entry_order
    floor: dict  # key -> the score of its last "similar" entry, when it has SIMILAR_COUNT of them
    ordered: list = field(default_factory=list)  # (entry_order, key) of every entry, sorted: `rank`'s
    orders: dict = field(default_factory=dict)  # key -> its entry_order, as in `ordered`
    groups: dict = field(default_factory=dict)  # _ByThemes.groups: keys by their set of themes, by rank


def link_relations(entries: list) -> Linked:
    """Fill on every entry:
    - `relations` (written on the entry) and `backlinks` (written on the other side), per type;
    - `related`: both together, per type with entries, sorted by title;
    - `via_projects`: for organisations, what their projects are linked to, per type;
    - `organisations`: the organisations an entry belongs to, directly or through a project;
    - `similar`: a few entries that share the most themes and relations, not linked already."""
    by_key = {e.key: e for e in entries}
    orders = {e.key: order_of(e) for e in entries}  # an Entry's own, made when the harvest was sorted
    ordered = sorted(zip(orders.values(), orders.keys()))  # sort keys once (each order is unique)
    rank = {key: i for i, (_, key) in enumerate(ordered)}
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
    linked = Linked(neighbours, themes, rank, {}, ordered, orders, by_themes.groups)
    for entry in entries:
        _set_similar(entry, by_key, linked, by_themes)
    return linked


def relink(by_key: dict, linked: Linked, titled: set, referrers: dict | None = None) -> set:
    """After the titles of the entries `titled` changed, and nothing else link_relations reads
    (the same entries, relations and themes): their new places in the order, and the lists that
    could show that, made again. Returns the keys of the entries linked again. `referrers`: key ->
    the keys of the entries whose lists hold it (linking.prepare), when known.

    Others keep their order among themselves, so a list changes only where it holds or could hold
    a retitled entry: `backlinks`, `related`, `organisations` and `via_projects` hold entries at
    most two steps away. "Ook interessant" is the best SIMILAR_COUNT by (score, order): it changes
    only if it holds a retitled entry, or one ties with its last. One more than two steps away
    scores only the themes it shares."""
    # The retitled move in the order (the others keep theirs among themselves): each taken out
    # of the sorted list and put back at its new place, not 10,000 entries sorted again.
    ordered, orders, groups = list(linked.ordered), dict(linked.orders), dict(linked.groups)
    for key in titled:
        del ordered[bisect.bisect_left(ordered, (orders[key], key))]
        orders[key] = entry_order(by_key[key])
        bisect.insort(ordered, (orders[key], key))
    rank = {key: i for i, (_, key) in enumerate(ordered)}
    neighbours, themes = linked.neighbours, linked.themes
    for key in titled:  # its place among the entries with its themes
        group = groups[themes[key]] = [k for k in groups[themes[key]] if k != key]
        group.insert(bisect.bisect_left(group, rank[key], key=rank.__getitem__), key)
    linked.rank, linked.ordered, linked.orders, linked.groups = rank, ordered, orders, groups
    again = set(titled)
    for key in titled:
        for near in neighbours[key]:
            again.add(near)
            again.update(neighbours[near])
    if referrers is not None:  # those whose "similar" holds a retitled entry are among these
        for key in titled:
            again.update(referrers.get(key, ()))
    floors = linked.floor
    for key, e in by_key.items():
        if key in again:
            continue
        floor = floors.get(key)
        if floor is not None and any(len(themes[key] & themes[t]) >= floor for t in titled) or (
                referrers is None and any(x.key in titled for x in e.similar)):
            again.add(key)
    order = lambda e: rank[e.key]  # noqa: E731
    by_themes = _ByThemes(themes, rank, groups)
    for key in again:
        e = by_key[key]
        e.backlinks = {t: sorted(group, key=order) for t, group in e.backlinks.items()}
        e.related = {t: sorted(group, key=order) for t, group in e.related.items()}
        _link_organisations(e, by_key, neighbours, order)
        _set_similar(e, by_key, linked, by_themes)
    return again


def _set_similar(entry, by_key, linked: Linked, by_themes) -> None:
    best = _similar(entry, linked.neighbours, linked.themes, by_themes, linked.rank)
    entry.similar = [by_key[key] for key, _ in best]
    if len(best) == SIMILAR_COUNT:
        linked.floor[entry.key] = best[-1][1]
    else:
        linked.floor.pop(entry.key, None)


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

    def __init__(self, themes: dict, rank: dict, groups: dict | None = None):
        if groups is None:  # entries with the same themes, in harvest order
            groups = {}
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


def _similar(entry, neighbours, themes, by_themes, rank) -> list:
    """[(key, score)] of the best SIMILAR_COUNT. Score = shared themes + shared related entries;
    ties in type, then title order.

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
    return heapq.nsmallest(SIMILAR_COUNT, score.items(), key=lambda item: (-item[1], rank[item[0]]))
