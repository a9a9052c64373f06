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
        # The figure's legend names the relation headings of this page, then every other type
        # drawn (the entry's own, the second ring's).
        headings = [h3.contents[0].strip() for h3 in page.find("section", attrs={
            "aria-labelledby": "verbonden"}).find_all("h3")]
        legend = [li.text.strip() for li in figure.select(".graph-legend li")]
        assert legend[:len(headings)] == headings
        kinds = {c.split("-", 1)[1] for n in svg.select(".node") for c in n["class"]
                 if c.startswith("entry-")}
        assert {li["class"][0][6:] for li in figure.select(".graph-legend li")} == kinds
        # The entry's own title is on its card, whole or wrapped to two lines.
        card = svg.select_one(".node-centre")
        assert card.find("rect", class_="centre-card") and card.find("text").get_text(" ")
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
    # Every theme with entries has its cluster (issue 23: Open data and Dienstverlening, whose
    # entries all name another theme first, were missing).
    with open(os.path.join(site, "data", "oogst.json"), encoding="utf-8") as fh:
        themes = json.load(fh)["themes"]
    used = {slug for e in entries for slug in e["themes"]}
    assert [c.text for c in svg.select(".cluster text")] == [t["title"] for t in themes if t["slug"] in used]
    # A small harvest: every node named beside its symbol, none only on hover.
    assert len(svg.select(".node > text")) == len(entries) and not svg.select("text.name")
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
    # Too long for two lines: wrapped, then cut short at the end of the second line.
    label = [node.find("text").contents[0], node.find("tspan").text]
    assert long.startswith(label[0]) and label[1].endswith("…") and label[1][:-1] in long
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


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _collisions(drawing) -> list:
    """Pairs of boxes that meet: label on label, label on symbol, label on the card or a
    cluster's title (the boxes the layout reserved, measured with the fonts' widest widths)."""
    labels = [(n.entry.title, n.label_box) for n in drawing.nodes if n.lines]
    labels += [(c.title, c.label_box) for c in drawing.clusters]
    if drawing.card:
        c = drawing.card
        labels.append(("card", (c.x, c.y, c.x + c.w, c.y + c.h)))
    symbols = [(n.entry.title, n.symbol_box()) for n in drawing.nodes if n.ring]
    found = [(a, b) for i, (a, x) in enumerate(labels) for b, y in labels[i + 1:] if _meet(x, y)]
    return found + [(a, b) for a, x in labels for b, y in symbols if _meet(x, y)]


@pytest.mark.parametrize("count, hub", [(40, 12), (300, 40), (1200, 300)])
def test_no_label_meets_another_or_a_symbol(count, hub):
    """The property the browser test checks on the starter harvest, here on synthetic graphs of
    every shape: sparse and dense rings, second rings, labelled and large maps."""
    harvest = _fake_harvest(count, hub_degree=hub, hubs=(0, 5))
    for e in harvest.entries[::max(1, count // 60)] + harvest.entries[:6]:
        drawing = graph.neighbourhood(e)
        assert not _collisions(drawing), e.title
        # Every node named: beside it, or (no room) on hover and focus; within the column's width.
        assert all(n.lines or n.name for n in drawing.nodes[1:])
        assert int(drawing.box[2]) <= graph.WIDTH + 40
    for drawing in (graph.harvest_map(harvest), *(graph.theme_map(harvest, s) for s in harvest.themes)):
        assert not _collisions(drawing)
        assert all(n.lines or n.name for n in drawing.nodes)
        assert int(drawing.box[2]) <= graph.WIDTH + 40
        symbols = [n.symbol_box() for n in drawing.nodes]
        assert not [1 for i, a in enumerate(symbols) for b in symbols[i + 1:] if _meet(a, b)]


def test_labels_wrap_before_they_are_cut():
    from harvest.site import labels

    title = "Innovatieopdrachten in Meierijstad met de inwoners"
    assert labels.wrap(title, 13, 1000) == (title,)
    two = labels.wrap(title, 13, 200)
    assert len(two) == 2 and " ".join(two) == title
    assert all(labels.width(line, 13) <= 200 for line in two)
    assert labels.wrap(title, 13, 120) == ()  # does not fit in two lines: only cut on request
    cut = labels.wrap(title, 13, 120, cut=True)
    assert cut[-1].endswith("…") and labels.width(cut[-1], 13) <= 120
    # Wider letters measure wider, and the bold face wider still.
    assert labels.width("WWW", 13) > labels.width("iii", 13)
    assert labels.width("Oogst", 14, bold=True) > labels.width("Oogst", 14)


def test_every_theme_has_its_cluster_even_when_named_second():
    harvest = _fake_harvest(70, hub_degree=5)
    for i, e in enumerate(harvest.entries):  # thema-6 is never anyone's first theme
        e.data["themes"] = [e.data["themes"][0], "thema-6"] if i % 10 == 0 else [f"thema-{i % 6}"]
    whole = graph.harvest_map(harvest)
    assert [c.title for c in whole.clusters] == [f"Thema {k}" for k in range(7)]
    # A capped map keeps each theme's most connected entry.
    small = graph.harvest_map(harvest, cap=10)
    assert len(small.nodes) == 10 and len(small.clusters) == 7


def test_fewer_crossings_than_the_listed_order():
    """The neighbourhood draws the ring order whose lines cross least (bench/drawings.py counts
    them over whole harvests; here: never more than the order as listed)."""
    from bench.drawings import crossings

    harvest = _fake_harvest(200, hub_degree=20)
    for e in harvest.entries[:40]:
        drawing = graph.neighbourhood(e)
        listed = [n.entry for n in drawing.nodes]
        assert crossings(drawing) <= crossings(_listed(e, listed)), e.title


def _listed(entry, entries):
    """The same nodes round the same ring in the order the relations are listed."""
    shared = graph._share(entry.related, graph.RING_CAP)
    card, _centre = graph._card(entry)
    children = graph._children(entry, shared)
    all_entries = [entry, *shared, *(c for c, _p in children)]
    group = {i: graph._TYPE_RANK[all_entries[i].type_name] for i in range(1, len(shared) + 1)}
    at = graph._rings(all_entries, list(range(1, len(shared) + 1)), children, card, group)[0]
    return SimpleNamespace(nodes=[SimpleNamespace(x=x, y=y) for x, y in at],
                           edges=[SimpleNamespace(a=i, b=j) for i, j in graph._pairs(all_entries)])


def test_a_kept_map_is_the_map_made_afresh():
    """The preview keeps the maps (Harvest.drawings) while what they read is the same: after
    each kind of edit, the kept map draws what one made without the memo draws."""
    harvest = _fake_harvest(140, hub_degree=12, hubs=(0, 5))
    harvest.drawings = {}

    def drawn(h):
        whole = graph.harvest_map(h, cap=40)
        themed = graph.theme_map(h, "thema-1", cap=15)
        return [(d.title, d.desc, d.left_out, d.legend, [n.entry.key for n in d.nodes], d.svg("/s"))
                for d in (whole, themed)]

    def check():
        harvest.by_key = {e.key: e for e in harvest.entries}
        harvest.by_theme = {s: [e for e in harvest.entries if s in e.data["themes"]] for s in harvest.themes}
        bare = SimpleNamespace(entries=harvest.entries, themes=harvest.themes, by_theme=harvest.by_theme)
        kept = drawn(harvest)
        assert kept == drawn(bare)
        return kept

    entries = harvest.entries
    first = check()
    assert check() == first and len(harvest.drawings) == 3  # kept: the choice, and both maps
    entries[0].title = "Een nieuwe titel"  # a drawn entry's name
    assert check() != first
    entries.insert(3, entries.pop(60))  # another place in the order (ties in degree break by it)
    check()
    a, b = entries[70], entries[90]  # a relation added: their degrees
    a.related.setdefault(b.type_name, []).append(b)
    b.related.setdefault(a.type_name, []).append(a)
    check()
    entries[2].data["themes"] = ["thema-6", "thema-1"]  # another cluster
    check()
    entries[1].url = "elders/"  # another address
    check()
    assert all(n.entry is harvest.by_key[n.entry.key] for n in graph.harvest_map(harvest, cap=40).nodes)
