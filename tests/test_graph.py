"""The harvest as a picture (issue 17): every entry page with relations draws its neighbourhood as
inline SVG whose links are exactly the entries under "Verbonden met"; theme pages and /verbanden/
draw maps with a legend; titles are escaped and shortened; a huge harvest is drawn capped, saying
what it leaves out; /data/verbanden.json and .graphml hold the same network (read by networkx)."""

from __future__ import annotations

import glob
import json
import os
from types import SimpleNamespace

import networkx as nx
import pytest
from bs4 import BeautifulSoup

from harvest.model import types as m
from harvest.site import graph
from helpers import VALID, build, entry, write_content


def soup(output, rel):
    with open(os.path.join(output, rel), encoding="utf-8") as fh:
        return BeautifulSoup(fh.read(), "html.parser")


def relation_hrefs(page) -> set:
    """The entries listed under "Verbonden met" (not "Via de projecten", not "Ook interessant")."""
    section = page.find("section", attrs={"aria-labelledby": "verbonden"})
    return {a["href"] for ul in section.find_all("ul", class_="related") for a in ul.find_all("a")}


def entry_pages(output):
    for t in m.TYPES.values():
        for path in sorted(glob.glob(os.path.join(output, t.section, "*", "index.html"))):
            rel = os.path.relpath(path, output)
            if rel.split(os.sep)[1] not in {f.param for f in t.facets}:
                yield rel


def test_every_neighbourhood_links_exactly_the_relations(site):
    drawn = 0
    for rel in entry_pages(site):
        page = soup(site, rel)
        figure = page.find("figure", class_="graph-neighbourhood")
        if page.find("section", attrs={"aria-labelledby": "verbonden"}) is None:
            assert figure is None, rel
            continue
        drawn += 1
        svg = figure.find("svg")
        assert svg["role"] == "group"  # not "img": that would hide its links (axe)
        assert svg.find("title", id=svg["aria-labelledby"]).text
        assert svg.find("desc", id=svg["aria-describedby"]).text
        ring1 = {a["href"] for a in svg.select("a.node:not(.ring-2)")}
        assert ring1 == relation_hrefs(page), rel
        # An edge from the centre to each of them, coloured by its relation's group.
        assert svg.select(".node")[0] is svg.find("g", class_="node-centre")  # node 0
        spokes = [e for e in svg.find_all("line") if "0" in e["data-ends"].split()]
        assert len(spokes) == len(ring1)
        assert all(e["class"][0].startswith("entry-") for e in spokes)
        # Every node is a link a keyboard reaches (the centre is this page itself).
        assert all(a.get("href") and a.find("title").text for a in svg.find_all("a"))
        # The figure's legend names the relation headings of this page.
        headings = [h3.contents[0].strip() for h3 in page.find("section", attrs={
            "aria-labelledby": "verbonden"}).find_all("h3")]
        assert [li.text.strip() for li in figure.select(".graph-legend li")] == headings
    assert drawn > 20


def test_theme_and_harvest_maps(site):
    page = soup(site, "themas/innovatiecultuur/index.html")
    svg = page.select_one("figure.graph-map svg")
    listed = {a["href"] for a in page.select("ul.cards h3 a")}
    assert {a["href"] for a in svg.find_all("a")} == listed  # small enough: every entry drawn
    assert [c.text for c in svg.select(".cluster text")] == [
        t.plural for t in m.TYPES.values() if page.find(id=f"soort-{t.name}")]
    whole = soup(site, "verbanden/index.html")
    svg = whole.select_one("figure.graph-map svg")
    assert svg["role"] == "group" and "De hele oogst" in svg.find("desc").text
    with open(os.path.join(site, "data", "oogst.json"), encoding="utf-8") as fh:
        entries = json.load(fh)["entries"]
    assert len(svg.find_all("a")) == len(entries)
    assert [li.text.strip() for li in whole.select(".graph-legend li")] == [
        t.plural for t in m.TYPES.values() if any(e["type"] == t.name for e in entries)]
    links = {a["href"] for a in whole.find("footer").find_all("a")}
    assert {"/verbanden/", "/data/verbanden.json", "/data/verbanden.graphml"} <= links


def test_summary_in_words_and_hostile_titles(tmp_path):
    long = "Een <script>alert(1)</script> & heel lange titel die niet in de tekening past"
    files = {
        **VALID,
        "tools/diagnose-innovatie.md": entry("Diagnose innovatie", kind="werkvorm",
                                            projects="[spring-uit-de-band, lang]",
                                            experts="[menno-spaan]",
                                            organisations="[vlaamse-overheid]"),
        "projects/lang.md": entry(f'"{long}"', stage="idee"),
    }
    output = str(tmp_path / "output")
    build(write_content(tmp_path, files), output)
    svg = soup(output, "instrumenten/diagnose-innovatie/index.html").select_one("figure.graph svg")
    assert svg.find("desc").text.startswith(
        "Diagnose innovatie is verbonden met 2 projecten, 1 schakelfiguur en 1 organisatie.")
    node = next(a for a in svg.find_all("a") if a["href"].endswith("/lang/"))
    assert node.find("title").text == f"Project: {long}"  # the whole title, as text
    assert node.find("text").text == graph.short(long) and node.find("text").text.endswith("…")
    assert svg.find("script") is None
    page = os.path.join(output, "instrumenten", "diagnose-innovatie", "index.html")
    with open(page, encoding="utf-8") as fh:
        assert "<script>alert" not in fh.read()


def test_the_exports_are_the_relations(site):
    with open(os.path.join(site, "data", "oogst.json"), encoding="utf-8") as fh:
        entries = json.load(fh)["entries"]
    expected = {frozenset((f"{e['type']}/{e['slug']}", f"{r['type']}/{r['slug']}"))
                for e in entries for group in e["related"].values() for r in group}
    with open(os.path.join(site, "data", "verbanden.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    from_json = nx.node_link_graph(data, edges="edges")
    from_graphml = nx.read_graphml(os.path.join(site, "data", "verbanden.graphml"))
    for g in (from_json, from_graphml):
        assert set(g.nodes) == {f"{e['type']}/{e['slug']}" for e in entries}
        assert {frozenset(edge) for edge in g.edges} == expected
        assert g.number_of_edges() == len(expected)
    node = from_graphml.nodes["tools/diagnose-innovatie"]
    assert node["label"] == "Diagnose innovatie" and node["type"] == "tools"
    assert all(d["relation"] for _, _, d in from_graphml.edges(data=True))
    assert all(edge["relation"] for edge in data["edges"])


def _fake_harvest(count: int, hub_degree: int, hubs=(0,)):
    """A synthetic harvest: `count` entries, each related to a few others, `hubs` to many."""
    types = list(m.TYPES.values())
    entries = []
    for i in range(count):
        t = types[i % len(types)]
        e = SimpleNamespace(entry_type=t, type_name=t.name, slug=f"e{i}", title=f"Inzending {i}",
                            url=f"{t.section}/e{i}/", data={"themes": [f"thema-{i % 7}"]})
        e.key = (t.name, e.slug)
        entries.append(e)
    links = {e.key: set() for e in entries}
    for i, e in enumerate(entries):
        for j in ((i * 7 + 3) % count, (i * 13 + 5) % count):
            if j != i:
                links[e.key].add(j)
                links[entries[j].key].add(i)
    for hub in hubs:
        for j in range(1, hub_degree + 1):
            if j != hub:
                links[entries[hub].key].add(j)
                links[entries[j].key].add(hub)
    for e in entries:
        related = {}
        for j in sorted(links[e.key]):
            related.setdefault(entries[j].type_name, []).append(entries[j])
        e.related = {t: related[t] for t in m.TYPES if t in related}
    themes = {f"thema-{k}": {"slug": f"thema-{k}", "title": f"Thema {k}"} for k in range(7)}
    return SimpleNamespace(entries=entries, themes=themes,
                           by_theme={s: [e for e in entries if e.data["themes"][0] == s] for s in themes})


def test_a_huge_harvest_is_drawn_capped():
    harvest = _fake_harvest(10_000, hub_degree=2_000)
    whole = graph.harvest_map(harvest)
    assert len(whole.nodes) == graph.MAP_CAP
    assert "meest verbonden van de 10000 inzendingen" in whole.left_out
    assert any(n.entry is harvest.entries[0] for n in whole.nodes)  # the most connected is in
    theme = graph.theme_map(harvest, "thema-0")
    assert len(theme.nodes) == graph.THEME_MAP_CAP
    hub = graph.neighbourhood(harvest.entries[0])
    assert len(hub.nodes) == graph.RING_CAP + 1  # the entry and its first ring, no second ring
    assert {n.entry.type_name for n in hub.nodes[1:]} == set(m.TYPES)  # every heading keeps a place
    related = sum(len(group) for group in harvest.entries[0].related.values())
    assert f"toont {graph.RING_CAP} van de {related} verbonden" in hub.left_out


def test_layout_is_the_same_twice():
    first = graph.harvest_map(_fake_harvest(600, hub_degree=50))
    second = graph.harvest_map(_fake_harvest(600, hub_degree=50))
    assert [(n.entry.key, n.x, n.y) for n in first.nodes] == [(n.entry.key, n.x, n.y) for n in second.nodes]
    assert first.box == second.box


@pytest.mark.parametrize("name", list(m.TYPES))
def test_every_types_glyph_is_a_shape(name):
    glyph = m.TYPES[name].look.glyph
    path = graph.shape(glyph, 10, 10, 5)
    # One move and a step to each further corner, closed; no corners: a circle.
    assert path == "" if not glyph.outline else (
        path.startswith("M") and path.endswith("z") and path.count("l") == len(glyph.outline) - 1)


def test_the_edges_are_every_relation_between_the_drawn_nodes():
    harvest = _fake_harvest(400, hub_degree=300, hubs=(0, 1, 2))  # three hubs, related to each other
    entries = harvest.entries
    for drawing in (graph.neighbourhood(entries[0]), graph.neighbourhood(entries[7]),
                    graph.neighbourhood(entries[350]), graph.harvest_map(harvest, cap=120)):
        nodes = drawing.nodes
        naive = {(i, j) for i, a in enumerate(nodes) for j, b in enumerate(nodes)
                 if i < j and any(x is b.entry for g in a.entry.related.values() for x in g)}
        assert {(e.a, e.b) for e in drawing.edges} == naive and naive
