"""The harvest as a picture: relation graphs laid out at build time (drawing.py writes them as
SVG, templates/drawing.html puts them in the page), with no script needed to see or follow them.

- `neighbourhood(entry)`: the entry's title on a card in the middle (the lines pass under it),
  what it relates to on an ellipse around it (grouped by type, so by relation heading), and where
  it stays legible their own relations on a second ring. Of a few orders round the ring, the one
  whose lines cross least is drawn.
- `theme_map` and `harvest_map`: a theme's entries (a cluster per type) or the whole harvest (a
  cluster per theme; every theme with entries has one). maps.py puts each cluster's nodes in a
  grid of cells, each near what it relates to. Past a cap only the most connected are drawn, and
  the description says what is left out.

Every name is measured and placed by labels.py where no other name or symbol lies: whole where it
fits, wrapped to two lines before it is cut; where there is no room at all, the node is named on
hover and focus. Layouts of our own (networkx and Graphviz place no better for this, cost more
per drawing, and neither keeps names apart: docs/architectuur.md), in plain
arithmetic over sorted lists, rounded: the same harvest gives the same bytes
(tests/test_reproducible.py). The edges are exactly the relations the pages list under
"Verbonden met" (relations.py's `related`)."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from ..i18n import _, ngettext
from ..model import types as m
from . import maps
from .labels import Board, one_line, place, wrap
from .labels import width as text_width
from .relations import entry_order, heading

MAP_CAP = 300  # entries in the harvest's map: past this a drawing of a network is a hairball
THEME_MAP_CAP = 150  # a theme page also lists its entries: its map shows the core
RING_CAP = 24  # entries around an entry; the list under the drawing shows them all
SECOND_RING_FROM = 4  # a second ring only around entries with at most this many relations
SECOND_RING_CAP = 10
SECOND_PER_PARENT = 3
FONT = 13  # user units; the theme's CSS uses the same sizes
SMALL = 12  # the second ring's labels
CENTRE = 14  # the entry's own title, bold, on its card
WIDTH = 960  # a drawing this wide shows at full size in the page's column (64rem less padding)
LABELLED_MAP = 90  # up to this many nodes a map has room for every name, wrapped in a cell of its own
CELL = (196, 44)  # a labelled map's cell: symbol and two lines of 160 units
SMALL_CELL = (24, 24)  # a large map's cell: the names show on hover and focus
LEGEND_R = 8  # a symbol in the legend: readable beside its text (drawing.html draws it 20 px wide)
MAP_LABELS = 3  # in a large map, names drawn per cluster: its most connected, where there is room
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
    x: str  # the symbol's centre, formatted
    y: str
    r: int
    ring: int  # 0: the entry itself; 1 and 2: its rings; 1 in maps
    shape: str  # an SVG path, or "" for a circle
    size: int = FONT  # the label's font size
    lines: tuple = ()  # the label as drawn: one or two lines; () where there was no room
    label_x: str = "0"  # where its first line starts (its baseline)
    label_y: str = "0"
    anchor: str = "start"  # the label's text-anchor
    label_box: tuple | None = None  # (left, top, right, bottom) it takes
    name: tuple = ()  # no room for a label: (x, y, text) of the name shown on hover and focus

    @property
    def label(self) -> str:
        return " ".join(self.lines)

    def symbol_box(self) -> tuple:
        """The box the symbol covers: a glyph's corners may reach past its radius (a star's)."""
        x, y = float(self.x), float(self.y)
        left, right, top, bottom = _REACH[self.entry.type_name]
        return x + left * self.r, y + top * self.r, x + right * self.r, y + bottom * self.r


@dataclass(slots=True)
class Edge:
    a: int  # indices of its nodes
    b: int
    kind: str  # the type whose colour it takes (the relation's heading), or "" for plain


@dataclass(slots=True)
class Cluster:
    title: str
    x: float  # its frame: left, top, width, height
    y: float
    w: float
    h: float
    label_box: tuple = ()  # its title's box; the title is centred on the frame's top edge


@dataclass(slots=True)
class Card:
    """The entry itself in its neighbourhood: its title on a card the lines pass under."""
    x: float
    y: float
    w: float
    h: float
    lines: tuple
    text_x: float
    text_y: float
    glyph: str  # the type's symbol at the card's left: a path, or "cx cy r" of a circle


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
    card: Card | None = None

    def svg(self, siteurl: str):
        from .drawing import svg  # the markup, apart from the geometry

        return svg(self, siteurl)

    def legend_html(self):
        from .drawing import legend

        return legend(self)


def joined(parts: list[str]) -> str:
    """`a, b en c`, as a Dutch sentence lists things."""
    if len(parts) < 2:
        return "".join(parts)
    return _("{some} en {last}").format(some=", ".join(parts[:-1]), last=parts[-1])


def counted(entries) -> str:
    """`2 projecten, 1 schakelfiguur en 1 organisatie`, in the model's order of types."""
    if isinstance(entries, list) and len(entries) > 64:
        counts = Counter(map(attrgetter("type_name"), entries))  # the harvest's map: 10,000 entries
    else:  # a neighbourhood's few: without Counter's checks
        counts = {}
        for name in map(attrgetter("type_name"), entries):
            counts[name] = counts.get(name, 0) + 1
    return joined([f"{n} {(t.label if n == 1 else t.plural).lower()}"
                   for name, t in m.TYPES.items() if (n := counts.get(name))])


def shape(glyph: m.Glyph, x: float, y: float, r: float) -> str:
    """The type's glyph (its declared outline) as an SVG path around (x, y); "" for a circle. Only
    the first corner is placed; the others follow as relative steps, the same for every node of
    that glyph and size."""
    if not glyph.outline:
        return ""
    dx, dy, steps = _outline(glyph.outline, r)
    return f"M{fmt1(x + dx)} {fmt1(y + dy)}{steps}"


@lru_cache(maxsize=64)
def _outline(points: tuple, r: float) -> tuple:
    """The first corner's offset from the middle, and the steps from it round the outline."""
    return points[0][0] * r, points[0][1] * r, _steps(points, r)


@lru_cache(maxsize=64)
def _steps(points: tuple, r: float) -> str:
    at = [(round(px * r, 1), round(py * r, 1)) for px, py in points]
    return "".join(f"l{fmt1(b[0] - a[0])} {fmt1(b[1] - a[1])}" for a, b in zip(at, at[1:])) + "z"


def _node(entry, x: float, y: float, r: int, ring: int, size: int = FONT) -> Node:
    return Node(entry, fmt(round(x)), fmt(round(y)), r, ring, shape(entry.entry_type.look.glyph,
                                                                     round(x), round(y), r), size)


def _label(board: Board, node: Node, sides: tuple, widths: tuple) -> bool:
    """The node's title beside it where there is room (labels.place); otherwise its name for
    hover and focus. Coordinates are whole units, as the symbols'."""
    x, y = float(node.x), float(node.y)
    reach = node.r * max(map(abs, _REACH[node.entry.type_name]))
    found = place(board, x, y, reach, node.entry.title, node.size, sides, widths)
    if found is None:
        name = one_line(node.entry.title, node.size, 320)
        node.name = (fmt(x + reach + 4), fmt(y + node.size * 0.35), name)
        return False
    node.lines, node.label_box, (lx, ly, node.anchor) = found
    node.label_x, node.label_y = fmt(lx), fmt(ly)
    return True


def _sides(dx: float, dy: float) -> tuple:
    """Label sides for a node in direction (dx, dy) from the drawing's middle: outwards first."""
    if dx > 0.35:
        return ("right", "below" if dy > 0 else "above", "above" if dy > 0 else "below", "left")
    if dx < -0.35:
        return ("left", "below" if dy > 0 else "above", "above" if dy > 0 else "below", "right")
    vertical = ("below", "above") if dy > 0 else ("above", "below")
    horizontal = ("right", "left") if dx >= 0 else ("left", "right")
    return (vertical[0], *horizontal, vertical[1])


_REACH = {name: (min(p[0] for p in o), max(p[0] for p in o), min(p[1] for p in o), max(p[1] for p in o))
          if (o := t.look.glyph.outline) else (-1, 1, -1, 1) for name, t in m.TYPES.items()}
_FARTHEST = {reach: max(map(abs, reach)) for reach in _REACH.values()}
_TYPE_RANK = {name: i for i, name in enumerate(m.TYPES)}
_RING_WIDTHS, _SECOND_WIDTHS = (150, 220), (120, 170)  # where a label on each ring may wrap


def _pairs(entries: list) -> list[tuple[int, int]]:
    """Every relation between two of `entries`, once, as sorted index pairs.

    A relation is listed on both its entries, so each pair is found from the side with the shorter
    list: a hub with thousands of relations, drawn on many pages, is not read through on each."""
    at = {id(e): i for i, e in enumerate(entries)}  # by identity: cheaper than by key
    pairs, big = set(), []
    for i, entry in enumerate(entries):
        groups = entry.related.values()
        if sum(map(len, groups)) > len(entries):
            big.append(i)
            continue
        for group in groups:
            for other in group:
                j = at.get(id(other))
                if j is not None and j != i:
                    pairs.add((i, j) if i < j else (j, i))
    for n, i in enumerate(big[:-1]):  # two hubs related to each other: found from either one
        keys = {id(x) for group in entries[i].related.values() for x in group}
        pairs.update((i, j) for j in big[n + 1:] if id(entries[j]) in keys)
    return sorted(pairs)


def _edges(nodes: list[Node], centre: bool = False) -> list[Edge]:
    """Every relation between two drawn nodes, once, in the nodes' order; an edge of the centre
    (the first node, when `centre`) takes the colour of its relation's group."""
    return [Edge(i, j, nodes[j].entry.type_name if centre and i == 0 else "")
            for i, j in _pairs([n.entry for n in nodes])]


def _box(nodes: list[Node], extra: list = (), pad: float = 8) -> tuple:
    """The viewBox round the symbols, the labels and `extra` boxes (a card, clusters)."""
    labels = [n.label_box for n in nodes if n.label_box]
    return _bounds([n.symbol_box() for n in nodes] + labels + list(extra), pad)


def _bounds(boxes: list, pad: float = 8) -> tuple:
    left = min(b[0] for b in boxes) - pad
    top = min(b[1] for b in boxes) - pad
    right = max(b[2] for b in boxes) + pad
    bottom = max(b[3] for b in boxes) + pad
    return fmt(left), fmt(top), fmt(right - left), fmt(bottom - top)


def _share(groups: dict, cap: int) -> list:
    """At most `cap` of the groups' entries, taken in turn from each group (so every relation
    heading keeps a place), in the groups' order."""
    if sum(map(len, groups.values())) <= cap:  # all of them, as the loop below would take them
        return [e for g in groups.values() for e in g]
    take = {t: 0 for t in groups}
    left = cap
    while left and any(take[t] < len(g) for t, g in groups.items()):
        for t, g in groups.items():
            if left and take[t] < len(g):
                take[t] += 1
                left -= 1
    return [e for t, g in groups.items() for e in g[:take[t]]]


def _untangled(order: list[int], ring_pairs: list, group: dict) -> list[int]:
    """The ring (entry numbers) in the same groups (a sector per relation heading; `group`: entry
    number -> its type's rank), each group
    ordered by where its members' relations on the ring lie (barycentres, twice over): related
    entries side by side, so that fewer lines cross the ring."""
    near: dict[int, list] = {}
    for i, j in ring_pairs:
        near.setdefault(i, []).append(j)
        near.setdefault(j, []).append(i)
    for _round in range(2):
        at = {e: k for k, e in enumerate(order)}
        order = sorted(order, key=lambda e: (
            group[e], sum(at[x] for x in near[e]) / len(near[e]) if e in near else at[e], at[e]))
    return order


def _flipped(order: list[int], group: dict) -> list[int]:
    """Each sector of the ring the other way round."""
    out, start = [], 0
    while start < len(order):
        end = start
        while end < len(order) and group[order[end]] == group[order[start]]:
            end += 1
        out += order[start:end][::-1]
        start = end
    return out


def _card(entry) -> tuple[Card, Node]:
    """The card in the middle: the type's symbol, then the title in bold on up to two lines."""
    lines = (wrap(entry.title, CENTRE, 230, bold=True) or wrap(entry.title, CENTRE, 300, bold=True)
             or wrap(entry.title, CENTRE, 300, bold=True, cut=True))
    text = max(text_width(line, CENTRE, bold=True) for line in lines)
    height = len(lines) * 1.25 * CENTRE + 16
    w = 12 + 22 + text + 12
    left, top = round(-w / 2), round(-height / 2)
    # The node is the card's middle, where the lines meet; its symbol stands at the card's left.
    node = _node(entry, 0, 0, 10, 0, CENTRE)
    gx = left + 22
    glyph = shape(entry.entry_type.look.glyph, gx, 0, 10) or f"{gx} 0 10"
    first = top + 8 + 0.95 * CENTRE
    return Card(left, top, round(w), round(height), lines, left + 36, round(first), glyph), node


def neighbourhood(entry) -> Drawing | None:
    """The entry among what it relates to; None when it relates to nothing."""
    ring1 = [e for group in entry.related.values() for e in group]
    if not ring1:
        return None
    drawn1 = _share(entry.related, RING_CAP)
    children = _children(entry, drawn1)
    entries = [entry, *drawn1, *(child for child, _ in children)]
    pairs = _pairs(entries)
    card, centre = _card(entry)
    first = list(range(1, len(drawn1) + 1))
    group = {i: _TYPE_RANK[entries[i].type_name] for i in first}  # entry number -> its type's rank
    ring_pairs = [(i, j) for i, j in pairs if i and j <= len(drawn1)]
    # A few orders round the ring (as the relations are listed, untangled, and the sectors the
    # other way round): the one whose lines cross least is drawn (the first, on a tie). Lines
    # from the middle alone never cross: then the listed order.
    orders = [first]
    if sum(1 for i, _ in pairs if i) > 1:
        untangled = _untangled(first, ring_pairs, group) if ring_pairs else first
        orders += [untangled, _flipped(untangled, group), _flipped(first, group)[::-1]]
    best = None
    for order in orders:
        layout = _rings(entries, order, children, card, group)
        crossed = maps.crossings(layout[0], pairs) if len(orders) > 1 else 0
        if best is None or crossed < best[0]:
            best = (crossed, order, layout)
        if not crossed:
            break
    order, (at, ring2, rx, ry) = best[1], best[2]
    # The nodes in the keyboard's order: the entry, round the first ring, round the second.
    sequence = [0, *order, *ring2]
    # (_node, Node.symbol_box and _label, in short: the positions are whole numbers already.)
    nodes, symbols, reaches, places = [centre], [centre.symbol_box()], [], []
    for i in sequence[1:]:
        e = entries[i]
        x, y = at[i]
        r, ring, size = (9, 1, FONT) if i <= len(drawn1) else (7, 2, SMALL)
        outline = e.entry_type.look.glyph.outline
        if outline:
            dx, dy, steps = _outline(outline, r)
            path = f"M{fmt1(x + dx)} {fmt1(y + dy)}{steps}"
        else:
            path = ""
        nodes.append(Node(e, str(x), str(y), r, ring, path, size))
        x, y = float(x), float(y)
        places.append((x, y))
        left, right, top, bottom = reach = _REACH[e.type_name]
        symbols.append((x + left * r, y + top * r, x + right * r, y + bottom * r))
        reaches.append(r * _FARTHEST[reach])
    board = Board()
    board.take((card.x, card.y, card.x + card.w, card.y + card.h))
    board.fence(-WIDTH / 2, WIDTH / 2)  # wider, the page would shrink its words
    for box in symbols[1:]:
        board.take(box)
    for n, reach, (x, y) in zip(nodes[1:], reaches, places):
        found = place(board, x, y, reach, n.entry.title, n.size, _sides(x / rx, y / ry),
                      _RING_WIDTHS if n.ring == 1 else _SECOND_WIDTHS)
        if found is None:
            n.name = (fmt(x + reach + 4), fmt(y + n.size * 0.35), one_line(n.entry.title, n.size, 320))
        else:
            n.lines, n.label_box, (lx, ly, n.anchor) = found
            n.label_x, n.label_y = fmt(lx), fmt(ly)
    desc = _("{title} is verbonden met {related}.").format(title=entry.title, related=counted(ring1))
    second = nodes[len(drawn1) + 1:]
    if second:
        desc += " " + _("Op een tweede ring: {related} waarmee die verbonden zijn.").format(
            related=counted(n.entry for n in second))
    left_out = ""
    if len(ring1) > len(drawn1):
        left_out = _("De tekening toont {drawn} van de {all} verbonden inzendingen; "
                     "de lijst hieronder toont ze allemaal.").format(drawn=len(drawn1), all=len(ring1))
    legend = [(t, heading(entry.type_name, t), _legend_shape(t)) for t in entry.related]
    drawn_types = {n.entry.type_name for n in nodes}
    legend += [(t, m.TYPES[t].plural, _legend_shape(t)) for t in m.TYPES
               if t in drawn_types and t not in entry.related]
    place_of = {i: k for k, i in enumerate(sequence)}
    edges = sorted((min(place_of[i], place_of[j]), max(place_of[i], place_of[j])) for i, j in pairs)
    frame = (card.x, card.y, card.x + card.w, card.y + card.h)
    return Drawing("neighbourhood", _("Verbanden van {title}").format(title=entry.title), desc,
                   _bounds(symbols + [n.label_box for n in nodes if n.label_box] + [frame]), nodes,
                   [Edge(a, b, nodes[b].entry.type_name if a == 0 else "") for a, b in edges],
                   legend=legend, left_out=left_out, card=card)


def _amid(entry, angles: dict, default: float) -> float:
    """The direction amid the entry's relations on the first ring (their circular mean), in the
    ring's range of angles: a node related to two sits between them, and its lines cross less."""
    if sum(map(len, entry.related.values())) > 4 * RING_CAP:  # a hub: beside its first parent
        return default
    found = [angles[id(e)] for group in entry.related.values() for e in group if id(e) in angles]
    if len(found) < 2:
        return default
    angle = math.atan2(sum(map(math.sin, found)), sum(map(math.cos, found)))
    return angle if angle >= -math.pi / 2 else angle + 2 * math.pi


def _rings(entries: list, order: list[int], children: list, card: Card, group: dict) -> tuple:
    """Where the nodes go round the card (by entry number): the first ring on an ellipse (wider
    than high, as the page's column), a gap between groups of different types (sectors, by
    relation heading); the second ring outside it, each node amid its relations on the first.
    Returns (positions, the second ring's entry numbers in order round it, rx, ry)."""
    groups = len({group[i] for i in order})
    slots = len(order) + (groups if groups > 1 else 0)
    ry = max(card.h / 2 + 60, 100.0, 5.8 * slots)
    rx = max(card.w / 2 + 100, 1.6 * ry)
    at = [(0.0, 0.0)] * len(entries)
    angles, slot, previous = {}, 0, None
    for i in order:
        if previous is not None and group[i] != previous and groups > 1:
            slot += 1
        previous = group[i]
        angle = angles[id(entries[i])] = -math.pi / 2 + 2 * math.pi * (slot + 0.5) / slots
        slot += 1
        at[i] = (round(rx * math.cos(angle)), round(ry * math.sin(angle)))
    first = len(order) + 1
    wanted = sorted((_amid(child, angles, angles[id(parent)]), k, first + k)
                    for k, (child, parent) in enumerate(children))
    # Spread out so that no two symbols meet: at least `gap` apart, in their order round the ring.
    gap = min(0.3, 2 * math.pi / max(1, len(wanted)))
    last, ring2 = None, []
    for angle, _k, i in wanted:
        if last is not None and angle < last + gap:
            angle = last + gap
        last = angle
        at[i] = (round((rx + 170) * math.cos(angle)), round((ry + 110) * math.sin(angle)))
        ring2.append(i)
    return at, ring2, rx, ry


def _children(entry, ring1: list) -> list[tuple]:
    """The second ring, where the picture stays legible: what the first ring relates to, a few
    per parent, as (entry, parent)."""
    if len(ring1) > SECOND_RING_FROM:
        return []
    seen = {id(entry), *map(id, ring1)}
    found = []
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
        seen.update(map(id, children))
        found += [(child, parent) for child in children]
        if len(found) >= SECOND_RING_CAP:
            break
    return found[:SECOND_RING_CAP]


def _legend_shape(type_name: str) -> str:
    """The type's symbol for the legend, as one path (a circle too: two arcs)."""
    return _legend_path(m.TYPES[type_name].look.glyph.outline)


@lru_cache(maxsize=64)
def _legend_path(outline: tuple) -> str:
    r = LEGEND_R
    circle = f"M{-r} 0a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0z"
    return shape(m.Glyph("", outline), 0, 0, r) or circle


def _degrees(entries: list) -> dict:
    inside = {e.key for e in entries}
    return {e.key: sum([x.key in inside for g in e.related.values() for x in g]) for e in entries}


def _most_connected(entries: list, cap: int, degree: dict, keep=()) -> list:
    """The `cap` entries with the most relations among `entries` (then in harvest order), and
    all of `keep`, in harvest order."""
    if len(entries) <= cap:
        return entries
    chosen = {e.key for e in keep}
    for e in sorted(entries, key=lambda e: -degree[e.key]):  # stable: harvest order among equals
        if len(chosen) >= cap:
            break
        chosen.add(e.key)
    return [e for e in entries if e.key in chosen]


def clustered(groups: list[tuple[str, list]], degree: dict, pairs: list | None = None) -> tuple[list, list]:
    """The nodes, cluster by cluster (each in harvest order: the keyboard's), where maps.py puts
    them, and the clusters' frames. Up to LABELLED_MAP nodes each has a cell with room for its
    name; past it the cells are small, the most connected are named where there is room, and
    every other node on hover and focus."""
    flat = [e for _, members in groups for e in members]
    labelled = len(flat) <= LABELLED_MAP
    cell = CELL if labelled else SMALL_CELL
    titles = [text_width(title, FONT, bold=True) for title, _ in groups]
    group_of = [g for g, (_, members) in enumerate(groups) for _ in members]
    at, frames = maps.arrange([len(members) for _, members in groups], group_of,
                              _pairs(flat) if pairs is None else pairs, cell,
                              titles, WIDTH, 10 if labelled else cell[0] / 2)
    nodes = [_node(e, x, y, 6, 1) for e, (x, y) in zip(flat, at)]
    board = Board(grid=True)
    board.fence(0, WIDTH)
    clusters = []
    for (title, _members), (x, y, w, h), tw in zip(groups, frames, titles):
        # The title on the frame's top edge, in the middle.
        label = (x + w / 2 - tw / 2, y - FONT * 0.95 - 4, x + w / 2 + tw / 2, y + FONT * 0.3 - 4)
        board.take(label)
        clusters.append(Cluster(title, round(x), round(y), round(w), round(h), label))
    for n in nodes:
        board.take(n.symbol_box())
    named = {}
    for i in sorted(range(len(nodes)), key=lambda i: (-degree[nodes[i].entry.key], i)):
        g = group_of[i]
        if labelled or named.get(g, 0) < MAP_LABELS and degree[nodes[i].entry.key]:
            # In a labelled map the cell's room on the right, where the eye reads on.
            sides = ("right",) if labelled else ("right", "left", "below", "above")
            if _label(board, nodes[i], sides, (160, 240) if labelled else (110,)):
                named[g] = named.get(g, 0) + 1
                continue
        title = one_line(nodes[i].entry.title, FONT, 320)
        nodes[i].name = (fmt(float(nodes[i].x) + 13), fmt(float(nodes[i].y) + FONT * 0.35), title)
    return nodes, clusters


def _map(entries: list, groups_of, title: str, what: str, cap: int, keep=(), degree=None,
         drawn: list | None = None, memo: dict | None = None, name: str = "") -> Drawing | None:
    """`degree`: _degrees(entries), where the caller has it (10,000 entries: 0.25 s each); `drawn`:
    _most_connected(entries, cap, degree, keep), where the caller has it. `memo`: the last build's
    maps by `name` (Harvest.drawings), kept while all the layout reads is the same."""
    if not entries:
        return None
    degree = _degrees(entries) if degree is None else degree
    drawn = _most_connected(entries, cap, degree, keep) if drawn is None else drawn
    groups = [(name, members) for name, members in groups_of(drawn) if members]
    flat = [e for _, members in groups for e in members]
    pairs = _pairs(flat)
    desc = ngettext("{what}: {entries}, met {count} verband tussen hen.",
                    "{what}: {entries}, met {count} verbanden tussen hen.", len(pairs)).format(
        what=what, entries=counted(drawn), count=len(pairs))
    left_out = ""
    if len(drawn) < len(entries):
        kept = {e.key for e in drawn}
        rest = [e for e in entries if e.key not in kept]
        left_out = _("De tekening toont de {drawn} meest verbonden van de {all} inzendingen. "
                     "Weggelaten, met minder verbanden: {rest}.").format(
            drawn=len(drawn), all=len(entries), rest=counted(rest))
    # All the layout reads: the groups, and of each node what is drawn of it (its symbol, name,
    # address) and how connected it is; the relations among them; the words round it.
    inputs = (title, desc, left_out, pairs,
              [(group, [(e.key, e.title, e.url, degree[e.key]) for e in members])
               for group, members in groups])
    known = memo.get(name) if memo is not None else None
    if known is not None and known[0] == inputs:
        # The same picture, of this build's entries (the nodes hold them; those read the same).
        return dataclasses.replace(known[1], nodes=[dataclasses.replace(n, entry=e)
                                                     for n, e in zip(known[1].nodes, flat)])
    nodes, clusters = clustered(groups, degree, pairs)
    edges = [Edge(i, j, "") for i, j in pairs]  # _edges(nodes): the nodes are `flat`
    legend = [(t, m.TYPES[t].plural, _legend_shape(t)) for t in m.TYPES
              if any(e.type_name == t for e in drawn)]
    frames = [(c.x, c.y, c.x + c.w, c.y + c.h) for c in clusters] + [c.label_box for c in clusters]
    drawing = Drawing("map", title, desc + (" " + left_out if left_out else ""), _box(nodes, frames),
                      nodes, edges, clusters, legend, left_out)
    if memo is not None:
        memo[name] = (inputs, drawing)
    return drawing


def theme_map(harvest, slug: str, cap: int = THEME_MAP_CAP) -> Drawing | None:
    """A theme's entries, in a cluster per type."""
    theme = harvest.themes[slug]
    entries = sorted(harvest.by_theme[slug], key=entry_order)
    return _map(entries, lambda drawn: [(t.plural, [e for e in drawn if e.type_name == name])
                                        for name, t in m.TYPES.items()],
                _("Kaart van het thema {theme}").format(theme=theme["title"]),
                _("De inzendingen over {theme}, per type gegroepeerd").format(theme=theme["title"].lower()),
                cap, memo=getattr(harvest, "drawings", None), name=f"theme {slug}")


def _representatives(entries: list, themes: list, degree: dict) -> dict:
    """An entry of its own for as many themes as possible (a matching, by augmenting paths;
    the most connected first), so that every theme with entries has its cluster even where all
    of them name another theme first. Returns {entry key: theme slug}."""
    members: dict[str, list] = {slug: [] for slug in themes}
    for e in sorted(entries, key=lambda e: -degree[e.key]):
        for slug in e.data["themes"]:
            if slug in members:
                members[slug].append(e)
    owner: dict = {}  # entry key -> theme

    def claim(slug, seen) -> bool:
        for e in members[slug]:
            if e.key in seen:
                continue
            seen.add(e.key)
            if e.key not in owner or claim(owner[e.key], seen):
                owner[e.key] = slug
                return True
        return False

    for slug in sorted(themes, key=lambda s: len(members[s])):  # the smallest theme first
        claim(slug, set())
    return owner


def harvest_map(harvest, cap: int = MAP_CAP) -> Drawing | None:
    """The whole harvest, in a cluster per theme: an entry lies in its first theme's, unless it
    stands for another theme that would otherwise have none. The preview keeps which are drawn
    while each entry's place in the harvest, its degree and its themes are the same (a title
    edit that moves no entry), and the picture while what it shows is (_map)."""
    entries = harvest.entries
    # _degrees(entries), in short: link_relations links entries only to others in the harvest.
    degree = {e.key: sum(map(len, e.related.values())) for e in entries}
    memo = getattr(harvest, "drawings", None)  # None: nothing kept
    chosen = (cap, list(harvest.themes), [(e.key, degree[e.key], e.data["themes"]) for e in entries])
    known = memo.get("harvest chosen") if memo is not None else None
    by_key = {e.key: e for e in entries} if known is None else harvest.by_key
    if known is not None and known[0] == chosen:
        owner, drawn = known[1], [by_key[k] for k in known[2]]
    else:
        owner = _representatives(entries, list(harvest.themes), degree)
        drawn = _most_connected(entries, cap, degree, [by_key[k] for k in owner])
        if memo is not None:
            memo["harvest chosen"] = (chosen, owner, [e.key for e in drawn])

    def by_theme(drawn):
        home = {e.key: owner.get(e.key, e.data["themes"][0]) for e in drawn}
        return [(theme["title"], [e for e in drawn if home[e.key] == slug])
                for slug, theme in harvest.themes.items()]

    return _map(entries, by_theme, _("Kaart van de hele oogst"),
                _("De hele oogst, gegroepeerd per thema"), cap, degree=degree, drawn=drawn, memo=memo,
                name="harvest")
