"""Where a map's nodes go (graph.py draws them): a frame per cluster, packed in rows as wide as
the page's column, the clusters most related to each other side by side; in a frame a grid of
cells, one node per cell, so no two symbols meet and, in a labelled map, every name has a cell's
room beside its symbol. A node takes the free cell nearest to what it relates to (first the other
clusters, then, twice over, the nodes themselves): lines get shorter and cross less.

Plain arithmetic over lists in a fixed order: the same harvest gives the same picture, at a cost
of about a node times the cells of its cluster, a few times over."""

from __future__ import annotations

import math

PAD = 10  # inside a frame, round its cells
GAP_X, GAP_Y = 24, 34  # between frames; above a frame its title


def crossings(points: list, pairs: list) -> int:
    """How many pairs of lines between `points` cross, among lines that share no end (a sweep over
    x: only lines whose x-ranges overlap are compared)."""
    lines = sorted((min(points[a], points[b]), max(points[a], points[b]), a, b) for a, b in pairs)
    count = 0
    for i, (p, q, a, b) in enumerate(lines):
        for r, s, c, d in lines[i + 1:]:
            if r[0] > q[0]:
                break
            if c != a and c != b and d != a and d != b and _side(p, q, r) * _side(p, q, s) < 0 \
                    and _side(r, s, p) * _side(r, s, q) < 0:
                count += 1
    return count


def _side(a, b, c) -> int:
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (v > 0) - (v < 0)


def _order(sizes: list[int], link: list[list[int]]) -> list[int]:
    """The clusters in a chain: the largest first, then each time the one most related to the
    last (then to all) already placed; ties in their own order."""
    left = list(range(len(sizes)))
    chain = [max(left, key=lambda g: (sizes[g], -g))]
    left.remove(chain[0])
    while left:
        last = chain[-1]
        best = max(left, key=lambda g: (link[g][last], sum(link[g][p] for p in chain), -g))
        chain.append(best)
        left.remove(best)
    return chain


def arrange(groups: list[int], group_of: list[int], pairs: list, cell: tuple, title_widths: list[float],
            width: float, symbol_at: float):
    """groups: the size of each cluster; group_of: each node's cluster (nodes numbered cluster by
    cluster); pairs: related nodes. Returns each node's position and each cluster's frame
    (left, top, width, height). `symbol_at` is where in its cell a symbol lies, from the left."""
    k = len(groups)
    link = [[0] * k for _ in range(k)]
    neighbours: list[list[int]] = [[] for _ in group_of]
    for i, j in pairs:
        neighbours[i].append(j)
        neighbours[j].append(i)
        a, b = group_of[i], group_of[j]
        if a != b:
            link[a][b] += 1
            link[b][a] += 1
    cw, ch = cell
    most = max(1, int((width - 2 * PAD) // cw))
    shapes = []
    for n, title in zip(groups, title_widths):
        cols = min(most, max(1, math.ceil(math.sqrt(n * ch / cw))))
        rows = math.ceil(n / cols)
        shapes.append((cols, rows, max(cols * cw, title + 16) + 2 * PAD, rows * ch + 2 * PAD))
    frames: list = [None] * k
    x, y, row = 0.0, GAP_Y, 0.0
    for g in _order(groups, link):
        w, h = shapes[g][2], shapes[g][3]
        if x and x + w > width:
            x, y, row = 0.0, y + row + GAP_Y, 0.0
        frames[g] = (x, y, w, h)
        x += w + GAP_X
        row = max(row, h)
    # The cells of each frame, centred in it.
    slots = []
    for g, (cols, rows, w, _h) in enumerate(shapes):
        fx, fy = frames[g][0], frames[g][1]
        inset = (w - cols * cw) / 2
        slots.append([(fx + inset + c * cw + symbol_at, fy + PAD + r * ch + ch / 2)
                      for r in range(rows) for c in range(cols)])
    centre = [(f[0] + f[2] / 2, f[1] + f[3] / 2) for f in frames]
    first = [0] * k
    for g in range(1, k):
        first[g] = first[g - 1] + groups[g - 1]
    # Where each node would like to be: first amid the clusters it relates to, then amid its nodes.
    at = [centre[g] for g in group_of]
    for _round in range(3):
        wanted = []
        for i, near in enumerate(neighbours):
            if near:
                wanted.append((sum(at[j][0] for j in near) / len(near),
                               sum(at[j][1] for j in near) / len(near)))
            else:
                wanted.append(centre[group_of[i]])
        new = list(at)
        for g in range(k):
            members = range(first[g], first[g] + groups[g])
            free = list(slots[g])
            # The most related choose first; nodes that relate to nothing take what is left.
            for i in sorted(members, key=lambda i: (-len(neighbours[i]), i)):
                wx, wy = wanted[i]
                best = min(range(len(free)),
                           key=lambda s: ((free[s][0] - wx) ** 2 + (free[s][1] - wy) ** 2, s))
                new[i] = free.pop(best)
        at = new
    return at, frames
