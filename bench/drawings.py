"""The relation drawings measured apart from the build: edge crossings, layout time, and (for
the layout that records them) label collisions, over every drawing a harvest gets: each entry's
neighbourhood, each theme's map and the harvest's map.

    PYTHONPATH=plugins:. python -m bench.drawings content
    PYTHONPATH=plugins:. python -m bench.drawings --synthetic 1000

The harvest is read without Pelican (front matter checked as the build checks it, relations
linked by site/relations.py), so the time is the layout's alone: CPU time, which a busy machine
disturbs less than the clock on the wall. Only the attributes every version
of graph.py had are read (a node's x and y, an edge's two ends), so an older checkout of
plugins/ on PYTHONPATH measures the layout before a change the same way."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from types import SimpleNamespace

from harvest.content.document import parse, read_capped
from harvest.content.loader import entry_files, read_themes
from harvest.content.validate import check_entry
from harvest.model import types as m
from harvest.site import graph
from harvest.site.relations import entry_order, link_relations


def load(content: str):
    """The harvest in `content` as the drawings see it: entries with their relations and themes."""
    themes = read_themes(content)
    files, _ = entry_files(content)
    entries = []
    for type_name, slug, path in files:
        doc = parse(read_capped(path), path)
        data = check_entry(doc, type_name, slug, themes)
        if doc.problems or data.get("status") == "draft":
            continue
        t = m.TYPES[type_name]
        entries.append(SimpleNamespace(type_name=type_name, slug=slug, key=(type_name, slug), data=data,
                                       title=data["title"], entry_type=t, url=f"{t.section}/{slug}/"))
    entries.sort(key=entry_order)
    link_relations(entries)
    return SimpleNamespace(entries=entries, themes=themes.slugs,
                           by_theme={s: [e for e in entries if s in e.data["themes"]] for s in themes.slugs})


def _cross(p, q, r, s) -> bool:
    """Do segments pq and rs cross (properly, at a point inside both)?"""
    def side(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 0) - (v < 0)

    return side(p, q, r) * side(p, q, s) < 0 and side(r, s, p) * side(r, s, q) < 0


def crossings(drawing) -> int:
    """Pairs of edges that cross, among edges that share no node (a sweep over x: segments whose
    x-ranges overlap are compared)."""
    at = [(float(n.x), float(n.y)) for n in drawing.nodes]
    segments = sorted((min(at[e.a], at[e.b]), max(at[e.a], at[e.b]), e.a, e.b) for e in drawing.edges)
    count = 0
    for i, (p, q, a, b) in enumerate(segments):
        for r, s, c, d in segments[i + 1:]:
            if r[0] > q[0]:
                break
            if len({a, b, c, d}) == 4 and _cross(p, q, r, s):
                count += 1
    return count


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def collisions(drawing) -> tuple[int, int] | None:
    """(label on label, label on symbol) by the boxes the layout reserved, where it records them
    (`Node.label_box`); None for a layout that does not."""
    nodes = drawing.nodes
    if not nodes or not hasattr(nodes[0], "label_box"):
        return None
    labels = [n.label_box for n in nodes if n.label] + [c.label_box for c in drawing.clusters]
    symbols = [n.symbol_box() for n in nodes]
    on_labels = sum(_meet(a, b) for i, a in enumerate(labels) for b in labels[i + 1:])
    on_symbols = sum(_meet(a, s) for a in labels for s in symbols)
    return on_labels, on_symbols


def measure(harvest) -> dict:
    started = time.process_time()
    hoods = [d for d in map(graph.neighbourhood, harvest.entries) if d]
    middle = time.process_time()
    themes = [d for d in (graph.theme_map(harvest, slug) for slug in harvest.themes) if d]
    whole = graph.harvest_map(harvest)
    ended = time.process_time()
    report = {"entries": len(harvest.entries), "seconds_neighbourhoods": round(middle - started, 3),
              "seconds_maps": round(ended - middle, 3), "seconds": round(ended - started, 3)}
    for name, drawings in (("neighbourhoods", hoods), ("theme_maps", themes), ("harvest_map", [whole])):
        drawings = [d for d in drawings if d]
        # The entry in its neighbourhood is named on its card (where the layout has one).
        labelled = sum(1 for d in drawings for n in d.nodes
                       if n.label or n.ring == 0 and getattr(d, "card", 0))
        cut = sum(1 for d in drawings for n in d.nodes if "…" in n.label)
        found = [collisions(d) for d in drawings]
        report[name] = {
            "drawings": len(drawings), "nodes": sum(len(d.nodes) for d in drawings),
            "edges": sum(len(d.edges) for d in drawings),
            "crossings": sum(map(crossings, drawings)), "labelled": labelled, "cut_short": cut,
            "label_overlaps": None if None in found else sum(f[0] for f in found),
            "labels_on_symbols": None if None in found else sum(f[1] for f in found)}
    if whole:
        report["harvest_map"]["clusters"] = [c.title for c in whole.clusters]
    return report


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", help="a content folder (default: the starter harvest)")
    parser.add_argument("--synthetic", type=int, help="measure a synthetic harvest of this size")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.synthetic:
        from bench.synth import generate

        with tempfile.TemporaryDirectory() as work:
            content = os.path.join(work, "content")
            generate(content, args.synthetic, args.seed)
            harvest = load(content)
    else:
        harvest = load(args.content or os.path.join(os.path.dirname(os.path.dirname(__file__)), "content"))
    print(json.dumps(measure(harvest), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
