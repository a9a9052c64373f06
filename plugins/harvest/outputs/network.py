"""The harvest's relations as open data for network tools: `/data/verbanden.json` (node-link JSON,
as networkx's `node_link_graph` and d3 read it) and `/data/verbanden.graphml` (GraphML, which Gephi,
Cytoscape and yEd open).

A node is an entry (`id` is `<type>/<slug>`); an edge is a relation, once, however many of its two
entries write it: the `source` is the one whose front matter holds it (the first in the harvest's
order when both do), `relation` its heading seen from there ("Gebruikt in projecten"). Both files
are written in the harvest's order, without timestamps: an unchanged harvest gives the same bytes."""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape

from .. import i18n
from ..site.relations import heading
from ..site.routes import url
from .exports import absolute


def node_id(entry) -> str:
    return f"{entry.type_name}/{entry.slug}"


def _node(e, siteurl: str) -> dict:
    return {"id": node_id(e), "type": e.type_name, "type_label": e.entry_type.label,
            "title": e.title, "url": absolute(siteurl, e.url), "themes": list(e.data["themes"])}


def _edges(e) -> list:
    """The relations `e` writes, each as (the pair of keys, its edge); the harvest keeps the
    first of each pair in its order."""
    found = []
    for type_name, targets in e.relations.items():
        for target in targets:
            if target.key != e.key:
                found.append((tuple(sorted((e.key, target.key))),
                              {"source": node_id(e), "target": node_id(target),
                               "relation": heading(e.type_name, type_name)}))
    return found


class Lines:
    """Each entry's lines of both files (its node, and the edges it writes), kept while its front
    matter, the relations it resolves to, and the site's address are the same: a warm build after
    a title edit writes both files again, but encodes one entry."""

    def __init__(self):
        self.kept: dict = {}  # entry key -> (inputs, node lines, [(pair, edge lines)], Entry)
        self.keys: set = set()  # the keys of the last build's entries

    def of(self, harvest, siteurl: str) -> tuple[list, list]:
        """Both files' lines: [(JSON, GraphML)] of the nodes, and of the edges."""
        kept, self.kept = self.kept, {}
        nodes, edges, seen = [], [], set()
        words = i18n.fingerprint()  # the type labels and headings are translated
        # The relations an entry writes resolve to those of its targets that are in the harvest:
        # with the same entries, a kept Entry (the same file: front matter and address) resolves
        # to the same targets, so its inputs need not be made again (a title edit: 10,000 lists).
        same = harvest.by_key.keys() == self.keys
        self.keys = set(harvest.by_key)
        for e in harvest.entries:
            known = kept.get(e.key)
            if known is None or not (same and known[3] is e and known[0][2:4] == (siteurl, words)):
                targets = [x.key for group in e.relations.values() for x in group]
                inputs = (e.front, e.url, siteurl, words, targets)
                if known is None or known[0] != inputs:
                    node = _node(e, siteurl)
                    known = (inputs, (_dumps(node), _graphml_node(node)),
                             [(pair, (_dumps(edge), _graphml_edge(edge))) for pair, edge in _edges(e)], e)
                else:
                    known = (*known[:3], e)
            self.kept[e.key] = known
            nodes.append(known[1])
            for pair, lines in known[2]:
                if pair not in seen:
                    seen.add(pair)
                    edges.append(lines)
        return nodes, edges


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_text(nodes: list, edges: list, settings: dict) -> str:
    """`nodes`, `edges`: Lines.of's."""
    siteurl = settings.get("SITEURL", "")
    head = {"directed": False, "multigraph": False,
            "graph": {"name": f"{settings.get('SITENAME', '')}: verbanden",
                      "url": absolute(siteurl, url(settings, "GRAPH_URL")),
                      "license": settings.get("HARVEST_LICENSE", {})}}
    dumps = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    # One node and one edge a line: readable, and comparable between versions.
    lines = [f"{dumps(k)}: {dumps(v)}" for k, v in head.items()]
    lines.append('"nodes": [\n  ' + ",\n  ".join(n[0] for n in nodes) + "\n ]")
    lines.append('"edges": [\n  ' + ",\n  ".join(e[0] for e in edges) + "\n ]")
    return "{\n " + ",\n ".join(lines) + "\n}\n"


# GraphML's attributes: (key, for, name). `label` is what Gephi shows beside a node; GraphML has
# no lists, so the themes are one text.
_KEYS = (("d0", "node", "label"), ("d1", "node", "type"), ("d2", "node", "type_label"),
         ("d3", "node", "url"), ("d4", "node", "themes"), ("d5", "edge", "relation"))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0


def graphml_text(nodes: list, edges: list) -> str:
    """GraphML as networkx and Gephi read it, written directly: a few string formats per node
    (networkx's writer builds an element tree first, which costs a large harvest's build more)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    out += [f'  <key id="{key}" for="{kind}" attr.name="{name}" attr.type="string"/>'
            for key, kind, name in _KEYS]
    out.append('  <graph edgedefault="undirected">')
    out += [n[1] for n in nodes]
    out += [e[1] for e in edges]
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def _x(value: str) -> str:
    return escape(_NOT_XML.sub("", value), {'"': "&quot;"})


def _graphml_node(n: dict) -> str:
    return (f'    <node id="{_x(n["id"])}"><data key="d0">{_x(n["title"])}</data>'
            f'<data key="d1">{n["type"]}</data><data key="d2">{_x(n["type_label"])}</data>'
            f'<data key="d3">{_x(n["url"])}</data>'
            f'<data key="d4">{_x(", ".join(n["themes"]))}</data></node>')


def _graphml_edge(e: dict) -> str:
    return (f'    <edge source="{_x(e["source"])}" target="{_x(e["target"])}">'
            f'<data key="d5">{_x(e["relation"])}</data></edge>')


def write_graph_data(harvest, settings: dict, files) -> None:
    """Both files follow from the front matter and a few settings alone: a warm rebuild after an
    edit in an entry's text leaves them as they are (the state compares these inputs)."""
    names = [url(settings, "GRAPH_JSON"), url(settings, "GRAPH_GRAPHML")]
    inputs = [harvest.front, repr([settings.get(k) for k in ("SITEURL", "SITENAME", "HARVEST_LICENSE")]),
              repr(names), url(settings, "GRAPH_URL")]
    made: list = []

    def texts() -> list[str]:
        if not made:  # made once for both files, and only when one of them is written
            if files.network is None or not files.remember:
                files.network = Lines()
            nodes, edges = files.network.of(harvest, settings.get("SITEURL", ""))
            made.extend([json_text(nodes, edges, settings), graphml_text(nodes, edges)])
        return made

    for i, name in enumerate(names):
        files.write(name, inputs, lambda i=i: texts()[i])
