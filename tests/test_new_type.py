"""A type is declared completely in one place: an eighth type ("vacatures") in a copy of the
project is its declaration in model/types.py, one template part and its content, nothing else.
The build then makes its listing and entry pages, its colours and symbol in the CSS, its search
tab and its figure in the relation drawings."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from harvest.model import types as m
from harvest.site.graph import LEGEND_R, shape
from helpers import ROOT

# The whole change, file by file: the declaration, one template part, one entry.
DECLARATION = '''
_type(
    "vacatures", "vacatures", "Vacature", "Vacatures",
    "Een vacature voor wie in de publieke sector wil innoveren.", "Vacancy",
    Field("kind", CHOICE, "Soort vacature", "Wat voor vacature dit is.", required=True,
          choices={"vast": "Vaste baan", "tijdelijk": "Tijdelijk", "stage": "Stage"}),
    Field("closes", DATE, "Solliciteren tot", "De laatste dag om te solliciteren (JJJJ-MM-DD)."),
    card="kind", home="achter",
    facets=(THEME_FACET, choice_facet("kind", "soort"), REGION_FACET, ORGANISATION_FACET, ADDED_FACET),
    schema=SchemaOrg("JobPosting", fields={"closes": ("validThrough", "text")}),
    look=Look(Glyph("⬟", polygon(5, 1.2)), "#7a3e00", "#f0b27a"),
    prompt="Wat ga je doen, in welk team, en wat vraagt de baan?",
)
'''
PART = ("parts/vacatures-card.html",
        '{% if e.data.closes %}<p class="card-when">Solliciteren tot {{ e.data.closes|datum }}</p>'
        '{% endif %}\n')
ENTRY = ("vacatures/innovatiecoach.md", """---
title: Innovatiecoach
summary: Een gemeente zoekt een coach die teams leert experimenteren.
themes: [innovatiecultuur]
date: 2026-11-20
kind: tijdelijk
closes: 2026-12-20
organisations: [kennisland]
---
Je begeleidt teams bij hun eerste experimenten.
""")
PENTAGON = m.Glyph("⬟", m.polygon(5, 1.2))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("eighth")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("plugins", "themes", "content"):
        shutil.copytree(os.path.join(ROOT, folder), root / folder, ignore=skip)
    for name in ("pelicanconf.py", "vendor.sha256"):  # the settings; the pins of what node_modules serves
        shutil.copy(os.path.join(ROOT, name), root)
    os.symlink(os.path.join(ROOT, "node_modules"), root / "node_modules")  # lunr, as installed
    types_py = root / "plugins" / "harvest" / "model" / "types.py"
    text = types_py.read_text(encoding="utf-8")
    assert text.count("\nRELATION_FIELDS") == 1
    types_py.write_text(text.replace("\nRELATION_FIELDS", DECLARATION + "\nRELATION_FIELDS"),
                        encoding="utf-8")
    (root / "themes" / "oogst" / "templates" / PART[0]).write_text(PART[1], encoding="utf-8")
    (root / "content" / "vacatures").mkdir()
    (root / "content" / ENTRY[0]).write_text(ENTRY[1], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root / "plugins"), "OOGST_TODAY": "2026-12-01"}
    run = subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output",
                          "-q"], cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return root / "output"


def page(output, rel: str) -> BeautifulSoup:
    return BeautifulSoup((output / rel).read_text(encoding="utf-8"), "html.parser")


def test_its_listing_and_entry_pages(built):
    listing = page(built, "vacatures/index.html")
    assert listing.h1.get_text(strip=True).startswith("Vacatures")
    card = listing.select_one("li.card-vacatures")
    assert card.select_one(".type").get_text() == "Vacature"
    assert "Solliciteren tot 20 december 2026" in card.get_text()  # the type's own part
    entry = page(built, "vacatures/innovatiecoach/index.html")
    assert entry.h1.get_text(strip=True) == "Innovatiecoach"
    assert entry.select_one(".entry-vacatures .type").get_text() == "Vacature"
    # In the header's menu of every page, and related on the organisation's page.
    assert "Vacatures" in [a.get_text() for a in page(built, "index.html").select("header nav a")]
    organisation = page(built, "organisaties/kennisland/index.html")
    assert "Innovatiecoach" in [a.get_text() for a in organisation.select("main a")]


def test_its_colours_and_symbol_in_the_css(built):
    css = (built / "theme" / "css" / "types.css").read_text(encoding="utf-8")
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    assert "--t-vacatures: #7a3e00;" in light and "--t-vacatures: #f0b27a;" in dark
    assert (".card-vacatures, .entry-vacatures, .section-vacatures, .search-hit-vacatures "
            "{ --t: var(--t-vacatures); }" in css)
    assert re.search(r'\.card-vacatures \.type::before[^{]*\{ content: "⬟"; content: "⬟" / ""; \}', css)
    # Every page links it.
    links = [link["href"] for link in page(built, "vacatures/index.html").select("link[rel=stylesheet]")]
    assert "/theme/css/types.css" in links


def test_its_search_tab(built):
    meta = json.loads(next((built / "zoeken" / "index").rglob("meta.json")).read_text(encoding="utf-8"))
    assert {"name": "vacatures", "label": "Vacature", "plural": "Vacatures"} in meta["types"]
    assert sum(1 for d in meta["docs"] if meta["types"][d]["name"] == "vacatures") == 1
    description = page(built, "zoeken/index.html").find("meta", attrs={"name": "description"})["content"]
    assert "organisaties, bijeenkomsten en vacatures van de oogst" in description


def test_its_figure_in_the_relation_drawings(built):
    # The entry's own drawing: the entry at the centre, drawn as its declared figure.
    entry = page(built, "vacatures/innovatiecoach/index.html")
    centre = entry.select_one("svg g.node-centre.entry-vacatures path")
    assert centre is not None and centre["d"].count("l") == len(PENTAGON.outline) - 1
    # The legend under the organisation's drawing names the type with the same figure.
    organisation = page(built, "organisaties/kennisland/index.html")
    legend = organisation.select_one("li.entry-vacatures path.shape")
    assert legend["d"] == shape(PENTAGON, 0, 0, LEGEND_R)


def test_the_scaffold_and_the_form_know_it(built):
    form = json.loads((built / "meedoen" / "formulier.json").read_text(encoding="utf-8"))
    assert "vacatures" in [t["name"] for t in form["types"]]
    assert (built / "meedoen" / "vacatures.json").is_file()
    env = {**os.environ, "PYTHONPATH": str(built.parent / "plugins"), "OOGST_TODAY": "2026-12-01"}
    scaffold = subprocess.run([sys.executable, "-c", "from harvest.tools.scaffold import render; "
                               "print(render('vacatures', 'Nieuwe vacature'))"],
                              env=env, capture_output=True, text=True, timeout=60, check=True).stdout
    assert ("# Nieuwe inzending: vacature (een vacature voor wie in de publieke sector wil innoveren)."
            in scaffold)
    assert "<!-- Wat ga je doen, in welk team, en wat vraagt de baan? Schrijf in Markdown" in scaffold


def _rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_readers_see_each_types_declared_colour_and_symbol(chromium, live_site, scheme):
    """On the starter site, in both schemes: each type's label in its declared colour, with its
    symbol before it, as oogst.css drew them by hand before types.css was generated."""
    context = chromium.new_context(color_scheme=scheme)
    page_ = context.new_page()
    for t in m.TYPES.values():
        page_.goto(f"{live_site}/{t.section}/")
        background, symbol = page_.evaluate(
            """selector => { const label = document.querySelector(selector);
                return [getComputedStyle(label).backgroundColor,
                        getComputedStyle(label, '::before').content]; }""",
            f".card-{t.name} .type")
        assert background == _rgb(getattr(t.look, scheme)), t.name
        assert symbol.startswith(f'"{t.symbol}"'), (t.name, symbol)  # with its empty alternative text
    context.close()
