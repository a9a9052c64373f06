"""Cross-linked pages, checked in the built HTML: relations on both sides under Dutch headings,
related entries, type listings and their facet pages, theme and organisation pages, the home
page. What each page must list is worked out here from the content files, independently of
the plugin, and compared with what the page shows."""

from __future__ import annotations

import os
import re
import shutil
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from harvest.content.loader import validate_tree
from harvest.model import types as m
from harvest.report import ContentErrors
from helpers import ROOT, VALID, build, entry, read, write_content

EXTRA = {
    "projects/burgerbudget.md": entry(
        "Burgerbudget", themes="[participatie, samenwerking]", date="2021-03-01", stage="lopend",
        started=2020, region="nederland", tools="[diagnose-innovatie]", experts="[menno-spaan]",
        organisations="[gemeente-oost]"),
    "practices/wijkpanel.md": entry(
        "Wijkpanel", themes="[participatie]", date="2022-06-01", updated="2023-01-15",
        kind="goede-praktijk", region="nederland", projects="[burgerbudget]"),
    "practices/te-vroeg-gedeeld.md": entry(
        "Te vroeg gedeeld", themes="[participatie, innovatiecultuur]", date="2024-02-02",
        kind="verrijkende-mislukking", status="draft", projects="[burgerbudget]"),
    "organisations/gemeente-oost.md": entry("Gemeente Oost", themes="[participatie]", kind="gemeente",
                                            region="nederland"),
    "experts/an-coach.md": entry("Ân Coach", roles="[coach]", date="2019-09-09",
                                 projects="[spring-uit-de-band]"),
}
FILES = {**VALID, **EXTRA}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A small harvest with relations of every kind, built as preview (with the draft)."""
    tmp = tmp_path_factory.mktemp("small")
    content = write_content(str(tmp), FILES)
    build(content, str(tmp / "output"))
    return content, str(tmp / "output")


# The starter harvest plus a few entries linked into it, written here.
STARTER_EXTRA = {
    "practices/burgerpanel-in-de-leergang.md": entry(
        "Burgerpanel in de leergang", themes="[participatie, experimenteren]", date="2025-01-10",
        kind="vaardigheid", region="nederland",
        projects="[leergang-innovatief-opdrachtgeverschap]", tools="[diagnose-innovatie]"),
    "tools/wijkkompas.md": entry(
        "Wijkkompas", themes="[participatie]", date="2025-02-01", kind="tool", region="vlaanderen",
        experts="[menno-spaan]", organisations="[vlaamse-overheid, meierijstad]"),
    "projects/proeftuin-oost.md": entry(
        "Proeftuin Oost", themes="[experimenteren, samenwerking]", date="2025-03-03", stage="idee",
        started=2025, organisations="[meierijstad]", practices="[burgerpanel-in-de-leergang]"),
}


@pytest.fixture(scope="module")
def starter_plus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("starter-plus")
    shutil.copytree(os.path.join(ROOT, "content"), tmp / "content")
    content = write_content(str(tmp), STARTER_EXTRA, themes=None)
    build(content, str(tmp / "output"))
    return content, str(tmp / "output")


# What the pages must show, from the content files alone.

class Expected:
    def __init__(self, content: str, drafts: bool = True):
        entries, problems = validate_tree(content)
        assert problems == []
        self.data = {k: d for k, (_, d) in entries.items() if drafts or d.get("status") != "draft"}
        self.stated = [(k, (t, s)) for k, d in self.data.items() for t in m.TYPES
                       for s in d.get(t, ()) if (t, s) in self.data]
        self.neighbours = {k: set() for k in self.data}
        for a, b in self.stated:
            self.neighbours[a].add(b)
            self.neighbours[b].add(a)

    def of_type(self, type_name):
        return {k for k in self.data if k[0] == type_name}

    def organisations(self, key):
        near = self.neighbours[key]
        via = {o for p in near if p[0] == "projects" for o in self.neighbours[p]}
        return {o for o in near | via if o[0] == "organisations"} - {key}

    def facets(self, key) -> dict[str, set]:
        d, type_name = self.data[key], key[0]
        # The year its subject happened (issue 25): a project's start (else its end), the year of a
        # practice, tool or publication; people and organisations by the year they were added.
        year = {"projects": d.get("started") or d.get("ended"), "knowledge": d.get("year"),
                "practices": d.get("year"), "tools": d.get("year")}.get(type_name, d["date"][:4])
        values = {"thema": set(d["themes"]), "regio": {d["region"]} if "region" in d else set(),
                  "jaar": {str(year)} if year else set()}
        if type_name != "organisations":
            values["organisatie"] = {o[1] for o in self.organisations(key)}
        if type_name == "events":  # issue 15: the agenda filters by place and the year it starts
            from harvest.tools.scaffold import slugify

            del values["regio"]
            values["jaar"] = {d["starts"][:4]}
            values["plaats"] = ({slugify(d["city"])} if d.get("city") else set()) | (
                {"online"} if d.get("online") else set())
        own = {"projects": ("fase", "stage"), "experts": ("rol", "roles")}.get(type_name, ("soort", "kind"))
        value = d.get(own[1])  # an organisation's kind may be left out: its source may not say
        values[own[0]] = set(value) if isinstance(value, list) else {value} if value is not None else set()
        # Issue 25: complete when it has every field its type declares for that.
        lacking = [n for n in m.TYPES[type_name].complete if d.get(n) in (None, "", [], {})]
        values["volledigheid"] = {"onvolledig" if lacking else "volledig"}
        return values


# Reading pages.

def soup(output, url) -> BeautifulSoup:
    return BeautifulSoup(read(output, url.strip("/") + "/index.html" if url.strip("/") else "index.html"),
                         "html.parser")


def key_of(href: str):
    parts = urlsplit(href).path.strip("/").split("/")
    return (m.TYPE_BY_SECTION[parts[-2]].name, parts[-1])


def cards(page: BeautifulSoup, within=None) -> list:
    root = page.select_one(within) if within else page
    return [key_of(a["href"]) for a in root.select(".cards .card h3 a")]


def relation_groups(page: BeautifulSoup, section=".relations:not(.similar):not(.via-projects)") -> dict:
    """{heading without its count: [(key, link text)]} of a page's relations section."""
    groups = {}
    for root in page.select(section):
        for h3 in root.find_all("h3"):
            heading = re.sub(r"\s*\(\d+\)$", "", h3.get_text(" ", strip=True))
            count = int(re.search(r"\((\d+)\)$", h3.get_text(strip=True)).group(1))
            links = [(key_of(a["href"]), a.get_text(strip=True)) for a in h3.find_next("ul").find_all("a")]
            assert count == len(links)
            groups[heading] = links
    return groups


# What readers saw before the headings came from a rule in the model: the rule must give each.
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
    # Issue 15: events, seen from their own pages and from the others'.
    ("events", "projects"): "Bij projecten",
    ("events", "practices"): "Wat we hier oogstten",
    ("events", "tools"): "Gebruikte instrumenten",
    ("events", "knowledge"): "Besproken kennis",
    ("events", "experts"): "Sprekers en begeleiders",
    ("events", "organisations"): "Organisatoren",
    ("events", "events"): "Verwante bijeenkomsten",
    ("projects", "events"): "Bijeenkomsten",
    ("practices", "events"): "Geoogst op bijeenkomsten",
    ("tools", "events"): "Gebruikt op bijeenkomsten",
    ("knowledge", "events"): "Besproken op bijeenkomsten",
    ("experts", "events"): "Betrokken bij bijeenkomsten",
    ("organisations", "events"): "Betrokken bij bijeenkomsten",
}


def url_of(key) -> str:
    return f"{m.TYPES[key[0]].section}/{key[1]}/"


# Relations.

def test_every_pair_of_types_has_a_dutch_heading_from_the_pages_viewpoint():
    assert set(RELATION_HEADINGS) == {(a, b) for a in m.TYPES for b in m.TYPES}
    assert {pair: m.relation_heading(*pair) for pair in RELATION_HEADINGS} == RELATION_HEADINGS
    assert RELATION_HEADINGS[("tools", "projects")] == "Gebruikt in projecten"
    assert RELATION_HEADINGS[("experts", "projects")] == "Betrokken bij projecten"
    assert RELATION_HEADINGS[("projects", "experts")] == "Betrokken schakelfiguren"


def test_a_relation_shows_on_both_pages_with_its_heading_and_titles(small):
    content, output = small
    tool = relation_groups(soup(output, "instrumenten/diagnose-innovatie/"))
    assert tool["Betrokken schakelfiguren"] == [(("experts", "menno-spaan"), "Menno Spaan")]
    assert tool["Gebruikt in projecten"] == [(("projects", "burgerbudget"), "Burgerbudget")]
    expert = relation_groups(soup(output, "schakelfiguren/menno-spaan/"))
    assert expert["Betrokken bij instrumenten"] == [(("tools", "diagnose-innovatie"), "Diagnose innovatie")]
    assert expert["Betrokken bij projecten"] == [(("projects", "burgerbudget"), "Burgerbudget")]
    project = relation_groups(soup(output, "projecten/burgerbudget/"))
    assert project == {
        "Ervaringen uit dit project": [(("practices", "te-vroeg-gedeeld"), "Te vroeg gedeeld"),
                                       (("practices", "wijkpanel"), "Wijkpanel")],
        "Gebruikte instrumenten": [(("tools", "diagnose-innovatie"), "Diagnose innovatie")],
        "Betrokken schakelfiguren": [(("experts", "menno-spaan"), "Menno Spaan")],
        "Betrokken organisaties": [(("organisations", "gemeente-oost"), "Gemeente Oost")],
    }


def check_both_sides(content, output, drafts=True):
    expected = Expected(content, drafts)
    assert expected.stated
    for a, b in expected.stated:
        for page, other in ((a, b), (b, a)):
            groups = relation_groups(soup(output, url_of(page)))
            heading = m.relation_heading(page[0], other[0])
            assert other in [k for k, _ in groups.get(heading, ())], f"{url_of(page)} misses {other}"
            title = dict(groups[heading])[other]
            assert title == expected.data[other]["title"]
    for key in expected.data:  # and nothing else
        groups = relation_groups(soup(output, url_of(key)))
        assert {k for links in groups.values() for k, _ in links} == expected.neighbours[key]


def test_every_relation_of_the_small_harvest_shows_on_both_pages(small):
    check_both_sides(*small)


def test_every_relation_of_the_starter_harvest_shows_on_both_pages(site):
    check_both_sides(os.path.join(ROOT, "content"), site)


def test_every_relation_of_the_starter_harvest_plus_new_entries_shows_on_both_pages(starter_plus):
    check_both_sides(*starter_plus)
    tool = relation_groups(soup(starter_plus[1], "instrumenten/wijkkompas/"))
    assert tool["Betrokken organisaties"] == [(("organisations", "meierijstad"), "Gemeente Meierijstad"),
                                              (("organisations", "vlaamse-overheid"), "Vlaamse overheid")]
    expert = relation_groups(soup(starter_plus[1], "schakelfiguren/menno-spaan/"))
    assert (("tools", "wijkkompas"), "Wijkkompas") in expert["Betrokken bij instrumenten"]


def test_relations_are_recomputed_with_the_content_cache_on(tmp_path):
    content = write_content(str(tmp_path), VALID)
    output = str(tmp_path / "output")
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    build(content, output, **cache)
    assert "Betrokken schakelfiguren" not in read(output, "kennis/van-indammen-naar-laten-stromen/index.html")
    path = os.path.join(content, "knowledge", "van-indammen-naar-laten-stromen.md")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace("year: 2018", "year: 2018\nexperts: [menno-spaan]"))
    build(content, output, **cache)
    knowledge = relation_groups(soup(output, "kennis/van-indammen-naar-laten-stromen/"))
    assert knowledge == {"Betrokken schakelfiguren": [(("experts", "menno-spaan"), "Menno Spaan")]}
    expert = relation_groups(soup(output, "schakelfiguren/menno-spaan/"))
    assert expert["Betrokken bij kennis"] == [(("knowledge", "van-indammen-naar-laten-stromen"),
                                               "Van indammen naar laten stromen")]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    build(content, output, **cache)
    assert "Betrokken bij kennis" not in read(output, "schakelfiguren/menno-spaan/index.html")


@pytest.mark.parametrize("written, message", [
    ("experts: [an-coach]", ":7:11: de inzending verwijst naar zichzelf"),
    # Reported at the second mention.
    ("projects: [spring-uit-de-band, spring-uit-de-band]",
     ":7:32: `projects` noemt `spring-uit-de-band` twee"),
])
def test_self_references_and_duplicates_stop_the_build_at_their_line(tmp_path, capsys, written, message):
    files = {**VALID, "experts/an-coach.md": entry("An Coach", roles="[coach]",
                                                   **dict([written.split(": ")]))}
    content = write_content(str(tmp_path), files)
    with pytest.raises(ContentErrors) as stopped:
        build(content, str(tmp_path / "output"))
    assert stopped.value.exitcode == 1
    err = capsys.readouterr().err
    assert f"content/experts/an-coach.md{message}" in err
    assert "Traceback" not in err


def test_related_entries_share_the_most_themes_and_relations_and_are_not_linked(small):
    content, output = small
    expected = Expected(content)
    for key in expected.data:
        page = soup(output, url_of(key))
        shown = [key_of(a["href"]) for a in page.select(".similar a")]
        assert key not in shown and not set(shown) & expected.neighbours[key]

        def score(other, key=key):
            d, o = expected.data[key], expected.data[other]
            return (len(set(d["themes"]) & set(o["themes"]))
                    + len(expected.neighbours[key] & expected.neighbours[other]))
        candidates = set(expected.data) - {key} - expected.neighbours[key]
        assert len(shown) == min(4, len([k for k in candidates if score(k) > 0])), url_of(key)
        scores = [score(k) for k in shown]
        assert scores == sorted(scores, reverse=True) and all(scores)
        assert all(score(k) <= min(scores, default=0) for k in candidates - set(shown))
    wijkpanel = [key_of(a["href"]) for a in soup(output, "ervaringen/wijkpanel/").select(".similar a")]
    # A shared theme and a shared project each; equal scores follow the order of the types.
    assert wijkpanel[:2] == [("practices", "te-vroeg-gedeeld"), ("organisations", "gemeente-oost")]


def test_the_build_is_reproducible(tmp_path):
    content = write_content(str(tmp_path), FILES)
    outputs = [str(tmp_path / name) for name in ("one", "two")]
    for output in outputs:
        build(content, output)
    files = []
    for folder, _, names in os.walk(outputs[0]):
        files += [os.path.relpath(os.path.join(folder, n), outputs[0]) for n in names]
    assert len(files) > 50
    for rel in files:
        with open(os.path.join(outputs[0], rel), "rb") as a, open(os.path.join(outputs[1], rel), "rb") as b:
            assert a.read() == b.read(), rel


# Listings, facets, themes, organisations, home.

def check_listings(content, output, drafts=True):
    expected = Expected(content, drafts)
    for type_name, t in m.TYPES.items():
        listing = soup(output, t.section)
        assert sorted(cards(listing)) == sorted(expected.of_type(type_name)), t.section
        values: dict[tuple, set] = {}
        for key in expected.of_type(type_name):
            for param, found in expected.facets(key).items():
                for value in found:
                    values.setdefault((param, value), set()).add(key)
        links = listing.select(".facets a[data-facet]")
        assert {(a["data-facet"], a["data-value"]) for a in links} == set(values), t.section
        for a in links:
            want = values[(a["data-facet"], a["data-value"])]
            assert int(a.select_one(".count").get_text()) == len(want)
            assert a["href"].endswith(f"/{t.section}/{a['data-facet']}/{a['data-value']}/")
            facet_page = soup(output, urlsplit(a["href"]).path)
            assert sorted(cards(facet_page)) == sorted(want), a["href"]
            assert facet_page.select_one('.facets a[aria-current="page"]')["href"] == a["href"]


def test_listings_and_facet_pages_list_exactly_the_right_entries_with_counts(small):
    check_listings(*small)


def test_starter_listings_and_facet_pages_list_exactly_the_right_entries(site, starter_plus):
    check_listings(os.path.join(ROOT, "content"), site)
    check_listings(*starter_plus)


def test_the_facets_a_reader_expects(small):
    _, output = small
    failures = soup(output, "ervaringen/soort/verrijkende-mislukking/")
    assert failures.h1.get_text() == "Verrijkende mislukking"
    assert sorted(cards(failures)) == [("practices", "fouten-maken-mag"), ("practices", "te-vroeg-gedeeld")]
    facets = [s.get_text() for s in soup(output, "projecten").select(".facets summary")]
    assert facets == ["Thema", "Fase", "Regio", "Organisatie", "Gestart in", "Volledigheid"]
    # An organisation stands behind what its projects link to.
    oost = cards(soup(output, "ervaringen/organisatie/gemeente-oost/"))
    assert sorted(oost) == [("practices", "te-vroeg-gedeeld"), ("practices", "wijkpanel")]
    years = [a["data-value"] for a in soup(output, "projecten").select('.facets a[data-facet="jaar"]')]
    assert years == ["2020", "2012"]


def check_themes_and_organisations(content, output, drafts=True):
    expected = Expected(content, drafts)
    overview = soup(output, "themas")
    themes = {}
    for a in overview.select(".theme-overview h2 a"):
        slug = a["href"].rstrip("/").rsplit("/", 1)[-1]
        themes[slug] = {k for k, d in expected.data.items() if slug in d["themes"]}
        count = a.find_next("span", class_="count").get_text()
        assert count == f"({len(themes[slug])})"
    assert themes
    for slug, want in themes.items():
        page = soup(output, f"themas/{slug}")
        assert sorted(cards(page)) == sorted(want)
        for type_name, _t in m.TYPES.items():
            of_type = {k for k in want if k[0] == type_name}
            section = page.select_one(f"#soort-{type_name}")
            if not of_type:
                assert section is None
                continue
            assert section.select_one(".count").get_text() == f"({len(of_type)})"
            assert set(cards(page, f'section[aria-labelledby="soort-{type_name}"]')) == of_type
    for org in expected.of_type("organisations"):
        page = soup(output, url_of(org))
        shown = {k for links in relation_groups(page, ".relations:not(.similar)").values() for k, _ in links}
        everything = {k for k in expected.data if org in expected.organisations(k)}
        assert shown == everything | expected.neighbours[org], org


def test_theme_and_organisation_pages_list_exactly_the_right_entries(small):
    content, output = small
    check_themes_and_organisations(content, output)
    summary = next(p for p in soup(output, "themas/participatie").find_all("p")
                   if "over dit thema" in p.get_text())
    assert summary.get_text(" ", strip=True).startswith("4 inzendingen over dit thema.")
    # Jump links to each kind of entry on the page, counted by type.
    jumps = soup(output, "themas/participatie").select("nav.jump a")
    assert [(a.get_text(), a["href"]) for a in jumps] == [
        ("1 project", "#soort-projects"), ("2 ervaringen", "#soort-practices"),
        ("1 organisatie", "#soort-organisations")]
    oost = soup(output, "organisaties/gemeente-oost/")
    via = relation_groups(oost, ".via-projects")
    assert via == {"Ervaringen": [(("practices", "te-vroeg-gedeeld"), "Te vroeg gedeeld"),
                                  (("practices", "wijkpanel"), "Wijkpanel")],
                   "Instrumenten": [(("tools", "diagnose-innovatie"), "Diagnose innovatie")],
                   "Schakelfiguren": [(("experts", "menno-spaan"), "Menno Spaan")]}


def test_starter_theme_and_organisation_pages(site, starter_plus):
    check_themes_and_organisations(os.path.join(ROOT, "content"), site)
    check_themes_and_organisations(*starter_plus)
    meierijstad = soup(starter_plus[1], "organisaties/meierijstad/")
    via = relation_groups(meierijstad, ".via-projects")
    assert (("practices", "burgerpanel-in-de-leergang"), "Burgerpanel in de leergang") in via["Ervaringen"]


def test_published_pages_leave_drafts_out(tmp_path):
    content = write_content(str(tmp_path), FILES)
    output = str(tmp_path / "output")
    build(content, output, "publishconf.py", SITEURL="https://oogst.test")
    check_listings(content, output, drafts=False)
    check_themes_and_organisations(content, output, drafts=False)
    assert not os.path.exists(os.path.join(output, "ervaringen", "te-vroeg-gedeeld"))


def test_home_shows_the_four_harvest_categories_then_projects_with_counts(small):
    content, output = small
    expected = Expected(content)
    home = soup(output, "")
    harvest = [a.get_text() for a in home.select('section[aria-labelledby="groep-oogst"] h3 a')]
    assert harvest == ["Ervaringen", "Instrumenten", "Kennis", "Schakelfiguren"]
    behind = [a.get_text() for a in home.select('section[aria-labelledby="groep-achter"] h3 a')]
    assert behind == ["Projecten", "Organisaties", "Bijeenkomsten"]
    for h3 in home.select(".sections h3"):
        t = m.TYPE_BY_SECTION[h3.a["href"].strip("/")]
        assert h3.select_one(".count").get_text() == f"({len(expected.of_type(t.name))})"
    kinds = {a.get_text(): a.find_next("span").get_text()
             for a in home.select(".section-practices .kinds a")}
    assert kinds == {"Goede praktijk": "(1)", "Verrijkende mislukking": "(2)"}
    newest = cards(home, 'section[aria-labelledby="nieuw"]')
    dates = [expected.data[k]["date"] for k in newest]
    assert len(newest) == 6 and dates == sorted(dates, reverse=True)
    assert all(d["date"] <= dates[-1] for k, d in expected.data.items() if k not in newest)
    themes = [a["href"] for a in home.select('section[aria-labelledby="themas"] .themes a')]
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in themes] == ["innovatiecultuur", "participatie",
                                                                   "samenwerking"]


def test_facet_pages_keep_a_long_facet_short_and_the_listing_has_it_all(tmp_path):
    files = {**VALID}
    for i in range(15):
        files[f"organisations/org-{i:02}.md"] = entry(f"Organisatie {i:02}", kind="netwerk")
        files[f"practices/ervaring-{i:02}.md"] = entry(
            f"Ervaring {i:02}", kind="vaardigheid",
            organisations=f"[org-{i:02}, org-00]" if i in (1, 2) else f"[org-{i:02}]")
    content = write_content(str(tmp_path), files)
    output = str(tmp_path / "output")
    build(content, output)
    listing = soup(output, "ervaringen").select('.facets a[data-facet="organisatie"]')
    assert len(listing) == 16  # fifteen, and the Vlaamse overheid through its project
    page = soup(output, "ervaringen/organisatie/org-14/")
    shown = [a["data-value"] for a in page.select('.facets a[data-facet="organisatie"]')]
    # The twelve with most entries (org-00 first, then in order of the facet), and the current one.
    assert shown == ["org-00", "org-01", "org-02", "org-03", "org-04", "org-05", "org-06", "org-07",
                     "org-08", "org-09", "org-10", "org-11", "org-14"]
    more = page.select_one(".facets a.more")
    assert more.get_text() == "en 3 andere op de overzichtspagina" and more["href"] == "/ervaringen/"
    assert cards(page) == [("practices", "ervaring-14")]
