"""The harvest as a picture: relation graphs laid out at build time, drawn as SVG by the theme
(templates/drawing.html), with no script needed to see or follow them.

- `neighbourhood(entry)`: the entry in the middle, what it relates to on a ring around it (grouped
  by type, so by relation heading), and where it stays legible their own relations on a second ring.
  A radial layout computed here: cheap, and the same input gives the same picture.
- `theme_map` and `harvest_map`: a theme's entries, or the whole harvest, in clusters (by type, or
  by an entry's first theme), each cluster laid out by networkx's spring layout with a fixed seed.
  Past MAP_CAP entries only the most connected are drawn, and the description says what is left out.

Every coordinate is rounded, every order sorted: the reproducibility test compares bytes. The edges
are exactly the relations the pages list under "Verbonden met" (links.py's `related`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import model as m
from .links import entry_order, heading

MAP_CAP = 300  # entries in a map: past this a drawing of a network is a hairball
RING_CAP = 24  # entries around an entry; the list under the drawing shows them all
SECOND_RING_FROM = 10  # a second ring only around entries with at most this many relations
SECOND_RING_CAP = 16
SECOND_PER_PARENT = 3
LABEL_CHARS = 30  # a label longer than this ends in an ellipsis (the node's title holds it all)
MAP_LABELS = 3  # labelled nodes per cluster of a map: its most connected
FONT = 13  # user units; the theme's CSS uses the same size
SEED = 17
NODE_GAP = 24  # between two nodes of a map


@dataclass
class Node:
    entry: object
    x: float
    y: float
    r: float
    label: str = ""  # what the drawing shows beside it ("" for none)
    anchor: str = "start"
    ring: int = 1  # 0: the entry itself; 1 and 2: its rings; 1 in maps
    shape: str = ""  # an SVG path, or "" for a circle

    @property
    def key(self) -> str:
        return f"{self.entry.type_name}/{self.entry.slug}"

    @property
    def label_xy(self) -> tuple[str, str]:
        if self.anchor == "middle":
            offset = self.r + FONT if self.y >= 0 else -(self.r + 5)
            return fmt(self.x), fmt(self.y + offset)
        dx = self.r + 5 if self.anchor == "start" else -(self.r + 5)
        return fmt(self.x + dx), fmt(self.y + FONT * 0.35)


@dataclass
class Edge:
    a: Node
    b: Node
    kind: str  # the type whose colour it takes (the relation's heading), or "" for plain

    @property
    def ends(self) -> str:
        return f"{self.a.key} {self.b.key}"


@dataclass
class Cluster:
    title: str
    x: float
    y: float
    r: float

    @property
    def title_y(self) -> str:
        return fmt(self.y - self.r - 6)


@dataclass
class Drawing:
    kind: str  # "neighbourhood" or "map"
    title: str
    desc: str
    box: str  # the SVG's viewBox
    nodes: list = field(default_factory=list)  # in keyboard order
    edges: list = field(default_factory=list)
    clusters: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # (type name, text, its shape) under the drawing
    left_out: str = ""  # in words, what the drawing does not show


def fmt(value: float) -> str:
    """A coordinate with one decimal at most, never `-0`."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def joined(parts: list[str]) -> str:
    """`a, b en c`, as a Dutch sentence lists things."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def counted(entries) -> str:
    """`2 projecten, 1 schakelfiguur en 1 organisatie`, in the model's order of types."""
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.type_name] = counts.get(e.type_name, 0) + 1
    return joined([f"{n} {(t.label if n == 1 else t.plural).lower()}"
                   for name, t in m.TYPES.items() if (n := counts.get(name))])


def shape(symbol: str, x: float, y: float, r: float) -> str:
    """The type's symbol as an SVG path around (x, y); "" for a circle."""
    points = _SHAPES.get(symbol)
    if points is None:
        return ""
    return "M" + "L".join(f"{fmt(x + px * r)} {fmt(y + py * r)}" for px, py in points) + "Z"


def _polygon(corners: int, radius: float, start: float = -90, inner: float = 0) -> list:
    points = []
    for i in range(corners * (2 if inner else 1)):
        angle = math.radians(start + i * 360 / (corners * (2 if inner else 1)))
        rad = inner if inner and i % 2 else radius
        points.append((round(rad * math.cos(angle), 4), round(rad * math.sin(angle), 4)))
    return points


_SHAPES = {  # as the cards' glyphs: ◆ ▲ ■ ★ ⬢ (● is the circle)
    "◆": _polygon(4, 1.3),
    "▲": [(0, -1.25), (1.15, 0.8), (-1.15, 0.8)],
    "■": [(-0.95, -0.95), (0.95, -0.95), (0.95, 0.95), (-0.95, 0.95)],
    "★": _polygon(5, 1.35, inner=0.6),
    "⬢": _polygon(6, 1.15),
}


def _legend_shape(type_name: str) -> str:
    return shape(m.TYPES[type_name].symbol, 0, 0, 6)


def _node(entry, x, y, r, ring, label="", anchor="start") -> Node:
    return Node(entry, round(x, 1), round(y, 1), r, label, anchor, ring,
                shape(entry.entry_type.symbol, x, y, r))


def _anchor(angle: float) -> str:
    c = math.cos(angle)
    return "start" if c > 0.3 else "end" if c < -0.3 else "middle"


def _edges(nodes: list[Node], centre: Node | None = None) -> list[Edge]:
    """Every relation between two drawn nodes, once, in the nodes' order; an edge of the
    centre takes the colour of its relation's group."""
    at = {n.entry.key: (i, n) for i, n in enumerate(nodes)}
    edges = []
    for i, node in enumerate(nodes):
        for group in node.entry.related.values():
            for other in group:
                j, far = at.get(other.key, (-1, None))
                if j <= i:
                    continue
                kind = far.entry.type_name if node is centre else ""
                edges.append(Edge(node, far, kind))
    return edges


def _box(nodes: list[Node], clusters: list[Cluster] = (), pad: float = 12) -> str:
    """The viewBox around the nodes and their labels (label widths estimated from the font), and
    the clusters with their titles above them."""
    xs = [c.x + s * (c.r + 4) for c in clusters for s in (-1, 1)]
    ys = [y for c in clusters for y in (c.y - c.r - FONT - 8, c.y + c.r + 4)]
    for n in nodes:
        width = len(n.label) * FONT * 0.6
        left = {"start": n.x - n.r, "end": n.x - n.r - 5 - width, "middle": n.x - max(n.r, width / 2)}
        right = {"start": n.x + n.r + 5 + width, "end": n.x + n.r, "middle": n.x + max(n.r, width / 2)}
        xs += [left[n.anchor], right[n.anchor]]
        ys += [n.y - n.r - (FONT + 6 if n.anchor == "middle" and n.y < 0 else 0),
               n.y + n.r + (FONT + 4 if n.anchor == "middle" and n.y >= 0 else 0)]
    x0, y0 = min(xs) - pad, min(ys) - pad
    return f"{fmt(x0)} {fmt(y0)} {fmt(max(xs) + pad - x0)} {fmt(max(ys) + pad - y0)}"


def neighbourhood(entry) -> Drawing | None:
    """The entry among what it relates to; None when it relates to nothing."""
    ring1 = [e for group in entry.related.values() for e in group]
    if not ring1:
        return None
    drawn1 = ring1[:RING_CAP]
    # A gap between groups of different types keeps them apart as sectors.
    slots = len(drawn1) + (len({e.type_name for e in drawn1}) if len(entry.related) > 1 else 0)
    r1 = max(110.0, 26 * slots / (2 * math.pi))
    # The centre's label goes below it, clear of the edges going up to the first of the ring.
    centre = _node(entry, 0, 0, 14, 0, short(entry.title), "middle")
    nodes, angles, slot, previous = [centre], {}, 0, None
    for e in drawn1:
        if previous is not None and e.type_name != previous and slots > len(drawn1):
            slot += 1
        previous = e.type_name
        angle = -math.pi / 2 + 2 * math.pi * (slot + 0.5) / slots
        angles[e.key] = angle
        slot += 1
        nodes.append(_node(e, r1 * math.cos(angle), r1 * math.sin(angle), 9, 1, short(e.title),
                           _anchor(angle)))
    nodes += _second_ring(entry, drawn1, angles, r1 + 120)
    words = counted(ring1)
    desc = f"{entry.title} is verbonden met {words}."
    second = [n for n in nodes if n.ring == 2]
    if second:
        desc += f" Op een tweede ring: {counted(n.entry for n in second)} waarmee die verbonden zijn."
    left_out = ""
    if len(ring1) > len(drawn1):
        left_out = (f"De tekening toont {len(drawn1)} van de {len(ring1)} verbonden inzendingen; "
                    "de lijst hieronder toont ze allemaal.")
    legend = [(t, heading(entry.type_name, t), _legend_shape(t)) for t in entry.related]
    return Drawing("neighbourhood", f"Verbanden van {entry.title}", desc, _box(nodes), nodes,
                   _edges(nodes, centre), legend=legend, left_out=left_out)


def _second_ring(entry, ring1: list, angles: dict, radius: float) -> list[Node]:
    """What the first ring relates to, near its parent, where the picture stays legible."""
    if len(ring1) > SECOND_RING_FROM:
        return []
    seen = {entry.key, *(e.key for e in ring1)}
    wanted = []  # (angle it would like, entry)
    for parent in ring1:
        children = [e for group in parent.related.values() for e in group if e.key not in seen]
        children = children[:SECOND_PER_PARENT]
        for j, child in enumerate(children):
            seen.add(child.key)
            wanted.append((angles[parent.key] + (j - (len(children) - 1) / 2) * 0.2, child))
        if len(wanted) >= SECOND_RING_CAP:
            break
    wanted = wanted[:SECOND_RING_CAP]
    if not wanted:
        return []
    # Spread out so that no two labels meet: at least `gap` apart, in their order round the ring.
    gap = min(0.2, 2 * math.pi / len(wanted))
    placed, last = [], None
    for angle, child in wanted:
        if last is not None and angle < last + gap:
            angle = last + gap
        placed.append((angle, child))
        last = angle
    return [_node(child, radius * math.cos(a), radius * math.sin(a), 7, 2, short(child.title, 20),
                  _anchor(a)) for a, child in placed]


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


def _apart(points, gap: float, rounds: int = 40):
    """Push points apart until no two are closer than `gap` (or `rounds` are done)."""
    for _ in range(rounds):
        diff = points[:, None, :] - points[None, :, :]
        dist = np.hypot(diff[..., 0], diff[..., 1])
        np.fill_diagonal(dist, np.inf)
        short_by = np.clip(gap - dist, 0, None)
        if not short_by.any():
            break
        dist[dist == 0] = 1e-6  # two at the same place: pushed along their (zero) difference
        points = points + (diff / dist[..., None] * (short_by / 2)[..., None]).sum(axis=1)
    return points


def _clustered(groups: list[tuple[str, list]], degree: dict) -> tuple[list, list]:
    """Each group laid out on its own (spring layout, fixed seed) in a circle of its own; the
    circles packed in rows. Returns nodes (group by group: the keyboard's order) and clusters."""
    import networkx as nx  # only for the maps: a page without one needs not load it

    placed = []
    for title, members in groups:
        radius = 24 * math.sqrt(len(members))
        graph = nx.Graph()
        graph.add_nodes_from(e.key for e in members)
        keys = set(graph)
        graph.add_edges_from((e.key, x.key) for e in members for g in e.related.values() for x in g
                             if x.key in keys and e.key < x.key)
        if len(members) == 1:
            pos = {members[0].key: (0.0, 0.0)}
        else:
            # Spring layout keeps related entries near each other; then apart so none hides another.
            at = nx.spring_layout(graph, seed=SEED, iterations=60, k=1.5 / math.sqrt(len(members)))
            points = _apart(np.array([at[key] for key in graph]) * radius, NODE_GAP)
            points -= points.mean(axis=0)
            pos = dict(zip(graph, points.tolist()))
        radius = max(30.0, max(math.hypot(x, y) for x, y in pos.values()) + 12)
        placed.append((title, members, radius, pos))
    width = max(720.0, math.sqrt(sum((2 * r + 150) ** 2 for _, _, r, _ in placed)) * 1.4)
    nodes, clusters, x, y, row = [], [], 0.0, 0.0, 0.0
    for title, members, radius, pos in placed:
        cell = 2 * radius + 150  # room for labels either side and the cluster's title
        if x and x + cell > width:
            x, y, row = 0.0, y + row, 0.0
        cx, cy = x + cell / 2, y + radius + 40
        clusters.append(Cluster(title, round(cx, 1), round(cy, 1), round(radius + 14, 1)))
        labelled = {e.key for e in sorted(members, key=lambda e: -degree[e.key])[:MAP_LABELS]
                    if degree[e.key]}
        for e in members:
            px, py = pos[e.key]
            nx_, ny = cx + px, cy + py
            label = short(e.title, 22) if e.key in labelled else ""
            nodes.append(_node(e, nx_, ny, 6, 1, label, "start" if px >= 0 else "end"))
        x += cell
        row = max(row, cell)
    return nodes, clusters


def _map(entries: list, groups_of, title: str, what: str, cap: int) -> Drawing | None:
    if not entries:
        return None
    drawn, degree = _most_connected(entries, cap)
    groups = [(name, members) for name, members in groups_of(drawn) if members]
    nodes, clusters = _clustered(groups, degree)
    edges = _edges(nodes)
    desc = (f"{what}: {counted(drawn)}, met {len(edges)} "
            f"{'verband' if len(edges) == 1 else 'verbanden'} tussen hen.")
    left_out = ""
    if len(drawn) < len(entries):
        kept = {e.key for e in drawn}
        rest = [e for e in entries if e.key not in kept]
        left_out = (f"De tekening toont de {len(drawn)} meest verbonden van de {len(entries)} "
                    f"inzendingen. Weggelaten, met minder verbanden: {counted(rest)}.")
    box = _box(nodes, clusters)
    legend = [(t, m.TYPES[t].plural, _legend_shape(t)) for t in m.TYPES
              if any(e.type_name == t for e in drawn)]
    return Drawing("map", title, desc + (" " + left_out if left_out else ""), box, nodes, edges,
                   clusters, legend, left_out)


def theme_map(harvest, slug: str, cap: int = MAP_CAP) -> Drawing | None:
    """A theme's entries, in a cluster per type."""
    theme = harvest.themes[slug]
    entries = sorted(harvest.by_theme[slug], key=entry_order)
    return _map(entries, lambda drawn: [(t.plural, [e for e in drawn if e.type_name == name])
                                        for name, t in m.TYPES.items()],
                f"Kaart van het thema {theme['title']}",
                f"De inzendingen over {theme['title'].lower()}, per type gegroepeerd", cap)


def harvest_map(harvest, cap: int = MAP_CAP) -> Drawing | None:
    """The whole harvest, in a cluster per theme (an entry's first theme)."""
    def by_theme(drawn):
        return [(theme["title"], [e for e in drawn if e.data["themes"][0] == slug])
                for slug, theme in harvest.themes.items()]

    return _map(list(harvest.entries), by_theme, "Kaart van de hele oogst",
                "De hele oogst, gegroepeerd per eerste thema", cap)
