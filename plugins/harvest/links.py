"""Relations between entries, computed from all checked entries on every build.

A relation is written once, on either entry; both pages show it. Nothing here is cached with
an entry: Pelican may cache content objects, so stale relations would survive an edit."""

from __future__ import annotations

import heapq
import unicodedata
from collections import Counter

from . import model as m

SIMILAR_COUNT = 4

# Heading of a group of related entries, seen from the page that shows them:
# (type of the page, type of the related entries) -> Dutch heading.
RELATION_HEADINGS: dict[tuple[str, str], str] = {
    ("projects", "projects"): "Verwante projecten",
    ("projects", "practices"): "Ervaringen uit dit project",
    ("projects", "tools"): "Gebruikte instrumenten",
    ("projects", "knowledge"): "Gebruikte kennis",
    ("projects", "experts"): "Betrokken schakelfiguren",
    ("projects", "organisations"): "Betrokken organisaties",
    ("practices", "projects"): "Opgedaan in projecten",
    ("practices", "practices"): "Verwante ervaringen",
    ("practices", "tools"): "Gebruikte instrumenten",
    ("practices", "knowledge"): "Achterliggende kennis",
    ("practices", "experts"): "Betrokken schakelfiguren",
    ("practices", "organisations"): "Betrokken organisaties",
    ("tools", "projects"): "Gebruikt in projecten",
    ("tools", "practices"): "Ervaringen met dit instrument",
    ("tools", "tools"): "Verwante instrumenten",
    ("tools", "knowledge"): "Achterliggende kennis",
    ("tools", "experts"): "Betrokken schakelfiguren",
    ("tools", "organisations"): "Betrokken organisaties",
    ("knowledge", "projects"): "Toegepast in projecten",
    ("knowledge", "practices"): "Ervaringen die hierop steunen",
    ("knowledge", "tools"): "Instrumenten die hierop steunen",
    ("knowledge", "knowledge"): "Verwante kennis",
    ("knowledge", "experts"): "Betrokken schakelfiguren",
    ("knowledge", "organisations"): "Betrokken organisaties",
    ("experts", "projects"): "Betrokken bij projecten",
    ("experts", "practices"): "Betrokken bij ervaringen",
    ("experts", "tools"): "Betrokken bij instrumenten",
    ("experts", "knowledge"): "Betrokken bij kennis",
    ("experts", "experts"): "Werkt samen met",
    ("experts", "organisations"): "Verbonden aan organisaties",
    ("organisations", "projects"): "Betrokken bij projecten",
    ("organisations", "practices"): "Betrokken bij ervaringen",
    ("organisations", "tools"): "Betrokken bij instrumenten",
    ("organisations", "knowledge"): "Betrokken bij kennis",
    ("organisations", "experts"): "Verbonden schakelfiguren",
    ("organisations", "organisations"): "Verwante organisaties",
}


def heading(page_type: str, related_type: str) -> str:
    return RELATION_HEADINGS[(page_type, related_type)]


def sort_key(text: str) -> str:
    """Alphabetical as a Dutch reader expects: accents and case do not change the order."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_TYPE_ORDER = {name: i for i, name in enumerate(m.TYPES)}


def entry_order(e) -> tuple:
    return (_TYPE_ORDER[e.type_name], sort_key(e.title), e.slug)


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
    by_theme: dict[str, list] = {}
    for entry in entries:
        for theme in entry.data["themes"]:
            by_theme.setdefault(theme, []).append(entry.key)
    for entry in entries:
        entry.similar = _similar(entry, by_key, neighbours, by_theme, rank)


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


def _similar(entry, by_key, neighbours, by_theme, rank) -> list:
    """Score = shared themes + shared related entries; ties in type, then title order."""
    own = neighbours[entry.key]
    score: Counter = Counter()
    for theme in entry.data["themes"]:
        score.update(by_theme[theme])
    for key in own:
        score.update(neighbours[key])
    for key in own | {entry.key}:
        score.pop(key, None)
    best = heapq.nsmallest(SIMILAR_COUNT, score.items(),
                           key=lambda item: (-item[1], rank[item[0]]))
    return [by_key[key] for key, _ in best]
