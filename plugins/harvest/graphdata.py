"""The harvest's relations as open data for network tools: `/data/verbanden.json` (node-link JSON,
as networkx's `node_link_graph` and d3 read it) and `/data/verbanden.graphml` (GraphML, which Gephi,
Cytoscape and yEd open).

A node is an entry (`id` is `<type>/<slug>`); an edge is a relation, once, however many of its two
entries write it: the `source` is the one whose front matter holds it (the first in the harvest's
order when both do), `relation` its heading seen from there ("Gebruikt in projecten"). Both files
are written in the harvest's order, without timestamps: an unchanged harvest gives the same bytes."""

from __future__ import annotations

import json

from .exports import absolute
from .links import heading
from .urls import url


def node_id(entry) -> str:
    return f"{entry.type_name}/{entry.slug}"


def nodes_and_edges(harvest, siteurl: str) -> tuple[list[dict], list[dict]]:
    nodes = [{"id": node_id(e), "type": e.type_name, "type_label": e.entry_type.label,
              "title": e.title, "url": absolute(siteurl, e.url), "themes": list(e.data["themes"])}
             for e in harvest.entries]
    edges, seen = [], set()
    for e in harvest.entries:
        for type_name, targets in e.relations.items():
            for target in targets:
                pair = tuple(sorted((e.key, target.key)))
                if pair in seen or target.key == e.key:
                    continue
                seen.add(pair)
                edges.append({"source": node_id(e), "target": node_id(target),
                              "relation": heading(e.type_name, type_name)})
    return nodes, edges


def json_text(harvest, settings: dict) -> str:
    siteurl = settings.get("SITEURL", "")
    nodes, edges = nodes_and_edges(harvest, siteurl)
    head = {"directed": False, "multigraph": False,
            "graph": {"name": f"{settings.get('SITENAME', '')}: verbanden",
                      "url": absolute(siteurl, url(settings, "GRAPH_URL")),
                      "license": settings.get("HARVEST_LICENSE", {})}}
    dumps = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    # One node and one edge a line: readable, and comparable between versions.
    lines = [f"{dumps(k)}: {dumps(v)}" for k, v in head.items()]
    lines.append('"nodes": [\n  ' + ",\n  ".join(map(dumps, nodes)) + "\n ]")
    lines.append('"edges": [\n  ' + ",\n  ".join(map(dumps, edges)) + "\n ]")
    return "{\n " + ",\n ".join(lines) + "\n}\n"


def graphml_text(harvest, settings: dict) -> str:
    import networkx as nx

    nodes, edges = nodes_and_edges(harvest, settings.get("SITEURL", ""))
    graph = nx.Graph()
    for node in nodes:
        # GraphML has no lists; `label` is what Gephi shows beside a node.
        graph.add_node(node["id"], label=node["title"], type=node["type"],
                       type_label=node["type_label"], url=node["url"], themes=", ".join(node["themes"]))
    for edge in edges:
        graph.add_edge(edge["source"], edge["target"], relation=edge["relation"])
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def write_graph_data(harvest, settings: dict, files) -> None:
    files.write(url(settings, "GRAPH_JSON"), json_text(harvest, settings))
    files.write(url(settings, "GRAPH_GRAPHML"), graphml_text(harvest, settings))
