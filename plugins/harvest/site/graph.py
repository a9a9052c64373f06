"""The harvest as a picture: relation graphs laid out at build time (drawing.py writes them as
SVG, templates/drawing.html puts them in the page), with no script needed to see or follow them.

- `neighbourhood(entry)`: the entry in the middle, what it relates to on a ring around it (grouped
  by type, so by relation heading), and where it stays legible their own relations on a second ring.
- `theme_map` and `harvest_map`: a theme's entries (a cluster per type) or the whole harvest (a
  cluster per first theme). In a cluster the entries lie on a sunflower spiral, the most connected
  outermost with their names: evenly apart, so no node hides another and no label sits on a node's
  neighbour, at a cost linear in the entries (a force-directed layout of every theme's entries
  cost the build more than its 10 % budget, and made hairballs of the large clusters anyway).
  Past a cap only the most connected are drawn, and the description says what is left out.

Layouts of our own, in plain arithmetic over sorted lists, rounded: the same harvest gives
the same bytes (tests/test_reproducible.py). The edges are exactly the relations the pages list
under "Verbonden met" (relations.py's `related`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from ..i18n import _, ngettext
from ..model import types as m
from .relations import entry_order, heading

MAP_CAP = 300  # entries in the harvest's map: past this a drawing of a network is a hairball
THEME_MAP_CAP = 150  # a theme page also lists its entries: its map shows the core
RING_CAP = 24  # entries around an entry; the list under the drawing shows them all
SECOND_RING_FROM = 4  # a second ring only around entries with at most this many relations
SECOND_RING_CAP = 10
SECOND_PER_PARENT = 3
LABEL_CHARS = 30  # a label longer than this ends in an ellipsis (the node's title holds it all)
MAP_LABELS = 3  # labelled nodes per cluster of a map: its most connected
FONT = 13  # user units; the theme's CSS uses the same size
SPIRAL = 16  # a map's nodes end up about 1.8 times this apart
MAP_LABEL_CHARS = 18
GOLDEN = math.pi * (3 - math.sqrt(5))


def fmt(value: float) -> str:
    """A coordinate in whole user units (a pixel at full size: finer is invisible, and costs
    bytes on every page), never `-0`."""
    return str(round(value))


def fmt1(value: float) -> str:
    """With one decimal at most: the steps of a node's symbol, a few pixels long."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


@dataclass(slots=True)
class Node:
    entry: object
    x: str  # coordinates, formatted
    y: str
    r: int
    label: str  # what the drawing shows beside it ("" for none)
    label_x: str
    label_y: str
    anchor: str  # the label's text-anchor
    ring: int  # 0: the entry itself; 1 and 2: its rings; 1 in maps
    shape: str  # an SVG path, or "" for a circle
    bounds: tuple  # (left, top, right, bottom) of the node and its label


@dataclass(slots=True)
class Edge:
    a: int  # indices of its nodes
    b: int
    kind: str  # the type whose colour it takes (the relation's heading), or "" for plain


@dataclass(slots=True)
class Cluster:
    title: str
    x: float
    y: float
    r: float


@dataclass
class Drawing:
    kind: str  # "neighbourhood" or "map"
    title: str
    desc: str
    box: tuple  # the SVG's viewBox: x, y, width, height
    nodes: list = field(default_factory=list)  # in keyboard order
    edges: list = field(default_factory=list)
    clusters: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # (type name, text, its shape) under the drawing
    left_out: str = ""  # in words, what the drawing does not show

    def svg(self, siteurl: str):
        from .drawing import svg  # the markup, apart from the geometry

        return svg(self, siteurl)


def short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def joined(parts: list[str]) -> str:
    """`a, b en c`, as a Dutch sentence lists things."""
    if len(parts) < 2:
        return "".join(parts)
    return _("{some} en {last}").format(some=", ".join(parts[:-1]), last=parts[-1])


def counted(entries) -> str:
    """`2 projecten, 1 schakelfiguur en 1 organisatie`, in the model's order of types."""
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.type_name] = counts.get(e.type_name, 0) + 1
    return joined([f"{n} {(t.label if n == 1 else t.plural).lower()}"
                   for name, t in m.TYPES.items() if (n := counts.get(name))])


def shape(glyph: m.Glyph, x: float, y: float, r: float) -> str:
    """The type's glyph (its declared outline) as an SVG path around (x, y); "" for a circle. Only
    the first corner is placed; the others follow as relative steps, the same for every node of
    that glyph and size."""
    if not glyph.outline:
        return ""
    first = glyph.outline[0]
    return f"M{fmt1(x + first[0] * r)} {fmt1(y + first[1] * r)}{_steps(glyph.outline, r)}"


@lru_cache(maxsize=64)
def _steps(points: tuple, r: float) -> str:
    at = [(round(px * r, 1), round(py * r, 1)) for px, py in points]
    return "".join(f"l{fmt1(b[0] - a[0])} {fmt1(b[1] - a[1])}" for a, b in zip(at, at[1:])) + "z"


def _node(entry, x: float, y: float, r: int, ring: int, label: str = "", anchor: str = "start") -> Node:
    """A node at (x, y) with its label beside it (start, end) or under or above it (middle)."""
    width = len(label) * FONT * 0.6
    if anchor == "middle":
        ly = y + r + FONT if y >= 0 else y - r - 5
        lx = x
        bounds = (x - max(r, width / 2), min(y - r, ly - FONT), x + max(r, width / 2), max(y + r, ly + 4))
    else:
        lx = x + r + 5 if anchor == "start" else x - r - 5
        ly = y + FONT * 0.35
        bounds = ((x - r, y - r, lx + width, y + r) if anchor == "start"
                  else (lx - width, y - r, x + r, y + r))
    return Node(entry, fmt(x), fmt(y), r, label, fmt(lx), fmt(ly), anchor, ring,
                shape(entry.entry_type.look.glyph, x, y, r), bounds)


def _anchor(angle: float) -> str:
    c = math.cos(angle)
    return "start" if c > 0.3 else "end" if c < -0.3 else "middle"


def _edges(nodes: list[Node], centre: bool = False) -> list[Edge]:
    """Every relation between two drawn nodes, once, in the nodes' order; an edge of the centre
    (the first node, when `centre`) takes the colour of its relation's group.

    A relation is listed on both its entries, so each pair is found from the side with the shorter
    list: a hub with thousands of relations, drawn on many pages, is not read through on each."""
    at = {id(n.entry): i for i, n in enumerate(nodes)}  # by identity: cheaper than by key
    pairs, big = set(), []
    for i, node in enumerate(nodes):
        groups = node.entry.related.values()
        if sum(map(len, groups)) > len(nodes):
            big.append(i)
            continue
        for group in groups:
            for other in group:
                j = at.get(id(other))
                if j is not None and j != i:
                    pairs.add((i, j) if i < j else (j, i))
    for n, i in enumerate(big[:-1]):  # two hubs related to each other: found from either one
        keys = {id(x) for group in nodes[i].entry.related.values() for x in group}
        pairs.update((i, j) for j in big[n + 1:] if id(nodes[j].entry) in keys)
    return [Edge(i, j, nodes[j].entry.type_name if centre and i == 0 else "") for i, j in sorted(pairs)]


def _box(nodes: list[Node], clusters: list[Cluster] = (), pad: float = 12) -> tuple:
    """The viewBox round the nodes with their labels, and the clusters with their titles."""
    left = min([n.bounds[0] for n in nodes] + [c.x - c.r for c in clusters]) - pad
    top = min([n.bounds[1] for n in nodes] + [c.y - c.r - FONT - 8 for c in clusters]) - pad
    right = max([n.bounds[2] for n in nodes] + [c.x + c.r for c in clusters]) + pad
    bottom = max([n.bounds[3] for n in nodes] + [c.y + c.r for c in clusters]) + pad
    return fmt(left), fmt(top), fmt(right - left), fmt(bottom - top)


def _share(groups: dict, cap: int) -> list:
    """At most `cap` of the groups' entries, taken in turn from each group (so every relation
    heading keeps a place), in the groups' order."""
    take = {t: 0 for t in groups}
    left = cap
    while left and any(take[t] < len(g) for t, g in groups.items()):
        for t, g in groups.items():
            if left and take[t] < len(g):
                take[t] += 1
                left -= 1
    return [e for t, g in groups.items() for e in g[:take[t]]]


def neighbourhood(entry) -> Drawing | None:
    """The entry among what it relates to; None when it relates to nothing."""
    ring1 = [e for group in entry.related.values() for e in group]
    if not ring1:
        return None
    drawn1 = _share(entry.related, RING_CAP)
    # A gap between groups of different types keeps them apart as sectors of the ring.
    groups = len({e.type_name for e in drawn1})
    slots = len(drawn1) + (groups if groups > 1 else 0)
    r1 = max(110.0, 26 * slots / (2 * math.pi))
    nodes = [_node(entry, 0, 0, 14, 0, short(entry.title), "middle")]
    angles, slot, previous = {}, 0, None
    for e in drawn1:
        if previous is not None and e.type_name != previous and groups > 1:
            slot += 1
        previous = e.type_name
        angle = angles[id(e)] = -math.pi / 2 + 2 * math.pi * (slot + 0.5) / slots
        slot += 1
        nodes.append(_node(e, r1 * math.cos(angle), r1 * math.sin(angle), 9, 1, short(e.title),
                           _anchor(angle)))
    second = _second_ring(entry, drawn1, angles, r1 + 120)
    nodes += second
    desc = _("{title} is verbonden met {related}.").format(title=entry.title, related=counted(ring1))
    if second:
        desc += " " + _("Op een tweede ring: {related} waarmee die verbonden zijn.").format(
            related=counted(n.entry for n in second))
    left_out = ""
    if len(ring1) > len(drawn1):
        left_out = _("De tekening toont {drawn} van de {all} verbonden inzendingen; "
                     "de lijst hieronder toont ze allemaal.").format(drawn=len(drawn1), all=len(ring1))
    legend = [(t, heading(entry.type_name, t), _legend_shape(t)) for t in entry.related]
    return Drawing("neighbourhood", _("Verbanden van {title}").format(title=entry.title), desc, _box(nodes),
                   nodes, _edges(nodes, centre=True), legend=legend, left_out=left_out)


def _second_ring(entry, ring1: list, angles: dict, radius: float) -> list[Node]:
    """What the first ring relates to, near its parent, where the picture stays legible."""
    if len(ring1) > SECOND_RING_FROM:
        return []
    seen = {id(entry), *map(id, ring1)}
    wanted = []  # (the angle it would like, entry)
    for parent in ring1:
        children = []
        for group in parent.related.values():
            for e in group:
                if id(e) not in seen:
                    children.append(e)
                    if len(children) == SECOND_PER_PARENT:
                        break
            if len(children) == SECOND_PER_PARENT:
                break
        for j, child in enumerate(children):
            seen.add(id(child))
            wanted.append((angles[id(parent)] + (j - (len(children) - 1) / 2) * 0.2, child))
        if len(wanted) >= SECOND_RING_CAP:
            break
    wanted = wanted[:SECOND_RING_CAP]
    # Spread out so that no two labels meet: at least `gap` apart, in their order round the ring.
    gap = min(0.2, 2 * math.pi / max(1, len(wanted)))
    nodes, last = [], None
    for angle, child in wanted:
        if last is not None and angle < last + gap:
            angle = last + gap
        last = angle
        nodes.append(_node(child, radius * math.cos(angle), radius * math.sin(angle), 7, 2,
                           short(child.title, 20), _anchor(angle)))
    return nodes


def _legend_shape(type_name: str) -> str:
    return shape(m.TYPES[type_name].look.glyph, 0, 0, 6)


def _most_connected(entries: list, cap: int) -> tuple[list, dict]:
    """The `cap` entries with the most relations among `entries` (then in harvest order), in
    harvest order; and each one's number of relations among them."""
    inside = {e.key for e in entries}
    degree = {e.key: sum(1 for g in e.related.values() for x in g if x.key in inside) for e in entries}
    if len(entries) > cap:
        ranked = sorted(entries, key=lambda e: -degree[e.key])  # stable: harvest order among equals
        keep = {e.key for e in ranked[:cap]}
        entries = [e for e in entries if e.key in keep]
    return entries, degree


def _clustered(groups: list[tuple[str, list]], degree: dict) -> tuple[list, list]:
    """Each group on a sunflower spiral of its own, the most connected outermost; the groups'
    circles packed in rows. Returns the nodes (group by group, each in harvest order: the
    keyboard's order) and the clusters."""
    sizes = [SPIRAL * math.sqrt(len(members)) + 10 for _, members in groups]
    margin = MAP_LABEL_CHARS * FONT * 0.6  # room for labels either side
    width = max(960.0, 1.2 * math.sqrt(sum((2 * r + 2 * margin) * (2 * r + 50) for r in sizes)))
    nodes, clusters, x, y, row = [], [], 0.0, 0.0, 0.0
    for (title, members), radius in zip(groups, sizes):
        cell = 2 * radius + 2 * margin
        if x and x + cell > width:
            x, y, row = 0.0, y + row, 0.0
        cx, cy = x + cell / 2, y + radius + 30
        clusters.append(Cluster(title, round(cx, 1), round(cy, 1), round(radius, 1)))
        # The most connected outermost: their labels point outwards, into free space, and the
        # spiral's golden angle sets the last few far apart round the circle.
        ranked = sorted(members, key=lambda e: degree[e.key])  # stable: harvest order among equals
        place = {e.key: i for i, e in enumerate(ranked)}
        for e in members:
            i = place[e.key]
            distance, angle = SPIRAL * math.sqrt(i + 0.5), i * GOLDEN
            px, py = cx + distance * math.cos(angle), cy + distance * math.sin(angle)
            labelled = i >= len(members) - MAP_LABELS and degree[e.key]
            nodes.append(_node(e, px, py, 6, 1, short(e.title, MAP_LABEL_CHARS) if labelled else "",
                               "start" if px >= cx else "end"))
        x += cell
        row = max(row, 2 * radius + 50)  # the cluster's title above it
    return nodes, clusters


def _map(entries: list, groups_of, title: str, what: str, cap: int) -> Drawing | None:
    if not entries:
        return None
    drawn, degree = _most_connected(entries, cap)
    groups = [(name, members) for name, members in groups_of(drawn) if members]
    nodes, clusters = _clustered(groups, degree)
    edges = _edges(nodes)
    desc = ngettext("{what}: {entries}, met {count} verband tussen hen.",
                    "{what}: {entries}, met {count} verbanden tussen hen.", len(edges)).format(
        what=what, entries=counted(drawn), count=len(edges))
    left_out = ""
    if len(drawn) < len(entries):
        kept = {e.key for e in drawn}
        rest = [e for e in entries if e.key not in kept]
        left_out = _("De tekening toont de {drawn} meest verbonden van de {all} inzendingen. "
                     "Weggelaten, met minder verbanden: {rest}.").format(
            drawn=len(drawn), all=len(entries), rest=counted(rest))
    legend = [(t, m.TYPES[t].plural, _legend_shape(t)) for t in m.TYPES
              if any(e.type_name == t for e in drawn)]
    return Drawing("map", title, desc + (" " + left_out if left_out else ""), _box(nodes, clusters),
                   nodes, edges, clusters, legend, left_out)


def theme_map(harvest, slug: str, cap: int = THEME_MAP_CAP) -> Drawing | None:
    """A theme's entries, in a cluster per type."""
    theme = harvest.themes[slug]
    entries = sorted(harvest.by_theme[slug], key=entry_order)
    return _map(entries, lambda drawn: [(t.plural, [e for e in drawn if e.type_name == name])
                                        for name, t in m.TYPES.items()],
                _("Kaart van het thema {theme}").format(theme=theme["title"]),
                _("De inzendingen over {theme}, per type gegroepeerd").format(theme=theme["title"].lower()),
                cap)


def harvest_map(harvest, cap: int = MAP_CAP) -> Drawing | None:
    """The whole harvest, in a cluster per theme (an entry's first theme)."""
    def by_theme(drawn):
        return [(theme["title"], [e for e in drawn if e.data["themes"][0] == slug])
                for slug, theme in harvest.themes.items()]

    return _map(list(harvest.entries), by_theme, _("Kaart van de hele oogst"),
                _("De hele oogst, gegroepeerd per eerste thema"), cap)
