"""Open data: /data/oogst.json holds every published entry with all its fields and its relations
resolved both ways; /data/oogst.csv one row per entry with list fields joined; both are linked
from the footer with the harvest's licence, and an unchanged harvest gives the same bytes."""

from __future__ import annotations

import csv
import io
import json
import os

from bs4 import BeautifulSoup

from harvest.content.loader import validate_tree
from harvest.model import types as m
from harvest.model.schema import sources
from harvest.outputs.exports import CSV_COLUMNS, SEPARATOR
from helpers import ROOT, VALID, build, entry, write_content

SITE = "https://oogst.test"
ENTRIES = {key: data for key, (_doc, data) in validate_tree(os.path.join(ROOT, "content"))[0].items()
           if data.get("status") != "draft"}


def load_json(output):
    with open(os.path.join(output, "data", "oogst.json"), encoding="utf-8") as fh:
        return json.load(fh)


def load_csv(output):
    with open(os.path.join(output, "data", "oogst.csv"), "rb") as fh:
        raw = fh.read()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheet programs then read it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def related_both_ways(entries) -> dict:
    related = {key: {} for key in entries}
    for (type_name, slug), data in entries.items():
        for other_type in m.TYPES:
            for other in data.get(other_type, ()):
                if (other_type, other) in entries:
                    related[(type_name, slug)].setdefault(other_type, set()).add(other)
                    related[(other_type, other)].setdefault(type_name, set()).add(slug)
    return related


def test_json_holds_every_published_entry_with_all_fields(published):
    data = load_json(published)
    assert data["name"] == "Oogst"
    assert data["license"]["name"] == "CC BY 4.0" and data["license"]["url"].startswith("https://")
    assert [t["type"] for t in data["types"]] == list(m.TYPES)
    assert {t["slug"] for t in data["themes"]} >= {"innovatiecultuur", "participatie", "open-data"}
    records = {(r["type"], r["slug"]): r for r in data["entries"]}
    assert set(records) == set(ENTRIES)  # drafts are not published, so not exported either
    related = related_both_ways(ENTRIES)
    for key, fields in ENTRIES.items():
        record = records[key]
        type_name, slug = key
        assert record["page_url"] == f"{SITE}/{m.TYPES[type_name].section}/{slug}/"
        assert record["type_label"] == m.TYPES[type_name].label
        for name, value in fields.items():
            assert record[name] == value, (key, name)
        resolved = {t: {r["slug"] for r in refs} for t, refs in record["related"].items()}
        assert resolved == related[key], key
        for refs in record["related"].values():
            for ref in refs:
                assert ref["title"] == ENTRIES[(ref["type"], ref["slug"])]["title"]
                assert ref["page_url"].startswith(f"{SITE}/")
        assert record["content_html"].strip()


def test_csv_has_one_row_per_entry_with_lists_joined(published):
    rows = load_csv(published)
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(ENTRIES)
    related = related_both_ways(ENTRIES)
    for row in rows:
        key = (row["type"], row["slug"])
        fields = ENTRIES[key]
        for name in m.FIELDS_BY_TYPE[row["type"]]:
            value = fields.get(name)
            if name in m.TYPES:  # relation columns are the resolved ones
                continue
            if value is None:
                assert row[name] == "", (key, name)
            elif name == "source":  # title, publisher <address>: each part the source has
                shown = [", ".join(s[p] for p in ("title", "publisher") if p in s)
                         + (f" <{s['url']}>" if "url" in s and ("title" in s) else s.get("url", ""))
                         for s in sources(value)]
                assert row[name].split(SEPARATOR) == shown, (key, name)
            elif isinstance(value, list):
                shown = [f"{v['title']} <{v['url']}>" if isinstance(v, dict) else v for v in value]
                assert row[name].split(SEPARATOR) == shown, (key, name)
            else:
                assert row[name] == str(value), (key, name)
        for type_name in m.TYPES:
            cell = row[f"related_{type_name}"]
            assert set(cell.split(SEPARATOR)) - {""} == related[key].get(type_name, set())


def test_json_and_csv_agree(published):
    records = load_json(published)["entries"]
    rows = load_csv(published)
    assert [(r["type"], r["slug"]) for r in records] == [(r["type"], r["slug"]) for r in rows]


def test_footer_links_the_data_and_its_licence(published):
    for rel in ("index.html", "kennis/index.html", "instrumenten/diagnose-innovatie/index.html"):
        with open(os.path.join(published, rel), encoding="utf-8") as fh:
            footer = BeautifulSoup(fh.read(), "html.parser").find("footer")
        hrefs = [a["href"] for a in footer.find_all("a")]
        assert f"{SITE}/data/oogst.json" in hrefs and f"{SITE}/data/oogst.csv" in hrefs
        licence = footer.find("a", rel="license")
        assert licence.get_text() == "CC BY 4.0" and licence["href"].startswith("https://creativecommons.org/")
        assert "mailto:" in " ".join(hrefs) and "Redactie" in footer.get_text()
        assert "CONTRIBUTING.md" in " ".join(hrefs)  # how to join


def test_small_harvest_exports_exactly(tmp_path):
    files = dict(VALID)
    files["tools/diagnose-innovatie.md"] = entry(
        "Diagnose innovatie", kind="werkvorm", duration="halve dag", experts="[menno-spaan]",
        links="[{title: Verslag, url: 'https://example.org/verslag'}, {title: Boek, url: 'https://example.org/boek'}]",
        region="nederland")
    content = write_content(str(tmp_path), files)
    output = str(tmp_path / "output")
    build(content, output, "publishconf.py", SITEURL=SITE)
    rows = {r["slug"]: r for r in load_csv(output)}
    tool = rows["diagnose-innovatie"]
    assert tool["links"] == "Verslag <https://example.org/verslag> | Boek <https://example.org/boek>"
    assert tool["region"] == "nederland" and tool["duration"] == "halve dag"
    assert tool["related_experts"] == "menno-spaan"
    assert rows["menno-spaan"]["roles"] == "expert | inspirator"
    assert rows["menno-spaan"]["related_tools"] == "diagnose-innovatie"  # the backlink
    assert rows["van-indammen-naar-laten-stromen"]["year"] == "2018"
    record = next(r for r in load_json(output)["entries"] if r["slug"] == "menno-spaan")
    assert record["related"]["tools"] == [{"type": "tools", "slug": "diagnose-innovatie",
                                           "title": "Diagnose innovatie",
                                           "page_url": f"{SITE}/instrumenten/diagnose-innovatie/"}]


def test_same_harvest_same_bytes(tmp_path):
    content = write_content(str(tmp_path), VALID)
    outputs = []
    for name in ("een", "twee"):
        output = str(tmp_path / name)
        build(content, output, "publishconf.py", SITEURL=SITE)
        outputs.append(output)
    for rel in ("data/oogst.json", "data/oogst.csv"):
        with open(os.path.join(outputs[0], rel), "rb") as a, open(os.path.join(outputs[1], rel), "rb") as b:
            assert a.read() == b.read(), rel


def test_a_cell_that_a_spreadsheet_would_run_is_defused(tmp_path):
    """OWASP's CSV injection rule: a cell starting with = + - @ tab or CR gets a leading '."""
    files = dict(VALID)
    files["tools/formule.md"] = entry('"=HYPERLINK(\\"https://evil.example\\",\\"klik\\")"', kind="werkvorm",
                                      summary='"@SUM(1+1)*cmd|\' /C calc\'!A0"', duration='"+1 dag"')
    files["practices/min.md"] = entry('"-2 + 3 is geen titel"', kind="goede-praktijk")
    content = write_content(str(tmp_path), files)
    output = str(tmp_path / "output")
    build(content, output, "publishconf.py", SITEURL=SITE)
    rows = {r["slug"]: r for r in load_csv(output)}
    assert rows["formule"]["title"] == "'=HYPERLINK(\"https://evil.example\",\"klik\")"
    assert rows["formule"]["summary"].startswith("'@SUM(")
    assert rows["formule"]["duration"] == "'+1 dag"
    assert rows["min"]["title"] == "'-2 + 3 is geen titel"
    # Everything else stays as written, and the JSON keeps the text itself.
    assert rows["spring-uit-de-band"]["title"] == "Spring Uit De Band"
    record = next(r for r in load_json(output)["entries"] if r["slug"] == "formule")
    assert record["title"].startswith("=HYPERLINK(")


def test_the_json_export_in_bytes_is_its_text_in_utf8():
    """write_exports writes the entries' lines kept encoded: the same bytes as the text."""
    from harvest.outputs.exports import dumps, json_bytes, json_parts

    record = {"name": "Oogst", "entries": [{"title": "Wallonië"}, {"title": "€ en ☃"}, {}]}
    for entries in ([], record["entries"][:1], record["entries"]):
        lines = [dumps(e) for e in entries]
        text = "".join(json_parts({**record, "entries": entries}, lines))
        assert b"".join(json_bytes({**record, "entries": entries}, [line.encode() for line in lines])) \
            == text.encode("utf-8")
        assert json.loads(text)["entries"] == entries
