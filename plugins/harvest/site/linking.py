"""The relations of the last build, kept for the next (the preview's): linked again only where an
edit can change them. Nothing is cached with an entry itself: Pelican may cache content objects,
so stale relations would survive an edit; the links are kept by key and set on each build."""

from __future__ import annotations

from ..model import types as m
from ..state import LinkMemo, digest
from .relations import link_relations, relink, sort_key

_GROUPS = ("relations", "backlinks", "related", "via_projects")  # type -> [Entry]
_LISTS = ("organisations", "similar")  # [Entry]


def link_inputs(entry) -> tuple:
    """All link_relations reads of an entry but its title (and key): its relations and themes."""
    return tuple(tuple(entry.data.get(t, ())) for t in m.TYPES), tuple(entry.data["themes"])


def link_relations_memo(entries: list, front: bytes, memo: LinkMemo | None) -> LinkMemo:
    """link_relations, or the links `memo` holds: all of them when `front` (a digest of every
    entry's front matter) is the same (a warm rebuild after an edit in an entry's text); when
    only titles changed besides what links cannot see, those it holds again in their new order
    (relations.relink). Returns the memo of these links, for the next build."""
    by_key = {e.key: e for e in entries}
    # The generator keeps the Entry of a file that did not change (with the links set on it in
    # the last build): only entries made anew, and those linking to them, get their links again.
    fresh = set() if memo is None else {k for k, e in by_key.items() if memo.objects.get(k) is not e}
    few = len(fresh) * 20 < len(entries)
    if memo is None or memo.front != front and not (
            few and by_key.keys() == memo.objects.keys()
            and all(link_inputs(by_key[k]) == memo.inputs[k] for k in fresh)):
        linked = link_relations(entries)
        return LinkMemo(front, {e.key: links_of(e) for e in entries}, objects=by_key, linked=linked,
                        inputs={e.key: link_inputs(e) for e in entries},
                        titles={e.key: sort_key(e.title) for e in entries})
    if few:
        prepare(memo)
        entries = [by_key[k] for k in fresh.union(*(memo.referrers.get(k, ()) for k in fresh))]
    memo.objects = by_key
    for e in entries:
        groups, lists = memo.links[e.key]
        for a, by_type in groups.items():
            setattr(e, a, {t: [by_key[k] for k in keys] for t, keys in by_type.items()})
        for a, keys in lists.items():
            setattr(e, a, [by_key[k] for k in keys])
    if memo.front != front:
        titled = {k for k in fresh if sort_key(by_key[k].title) != memo.titles[k]}
        memo.titles.update((k, sort_key(by_key[k].title)) for k in titled)
        again = relink(by_key, memo.linked, titled, memo.referrers) if titled else set()
        for k in again:
            before, memo.links[k] = memo.links[k], links_of(by_key[k])
            if memo.referrers is not None:
                old, new = _targets(before), _targets(memo.links[k])
                for target in old - new:
                    memo.referrers[target].discard(k)
                for target in new - old:
                    memo.referrers.setdefault(target, set()).add(k)
        for k in fresh | again:  # what pages show of them (`shown`) is made again
            memo.shown.pop(k, None)
        memo.front = front
    return memo


def prepare(memo: LinkMemo) -> None:
    """Who links to whom (`referrers`), which a build that made few entries anew needs: made
    when first needed, or beforehand (the preview, after its first build: not on the first save)."""
    if memo.referrers is None:
        memo.referrers = {}
        for k, links in memo.links.items():
            for target in _targets(links):
                memo.referrers.setdefault(target, set()).add(k)


def _targets(links: tuple) -> set:
    groups, lists = links
    return {*(x for g in groups.values() for keys in g.values() for x in keys),
            *(x for keys in lists.values() for x in keys)}


def links_of(entry) -> tuple:
    """Whom `entry` is linked to, by key: ({group: {type: [key]}}, {list: [key]})."""
    return ({a: {t: [x.key for x in g] for t, g in getattr(entry, a).items()} for a in _GROUPS},
            {a: [x.key for x in getattr(entry, a)] for a in _LISTS})


def shown(entries: list, fronts: dict, memo: LinkMemo | None = None) -> dict:
    """entry key -> a digest of all any page can show of the entry but its body: its front
    matter and whom it is linked to (a page that shows it shows its title, summary, themes,
    and a drawing its links). Kept in `memo` for the entries whose front matter and links are
    the same."""
    if memo is None:
        return {e.key: digest(fronts[e.key], repr(links_of(e))) for e in entries}
    found = memo.shown
    for e in entries:
        if e.key not in found:
            found[e.key] = digest(fronts[e.key], repr(memo.links[e.key]))
    return found
