"""End to end: the starter harvest builds; every entry has its page showing every field;
drafts stay out of the published site; broken content stops the build and writes nothing."""

from __future__ import annotations

import html
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from harvest.content.loader import validate_tree
from harvest.integration.generator import datum
from harvest.model import types as m
from harvest.model.schema import sources
from helpers import ROOT, VALID, entry, read, write_content

ENTRIES, PROBLEMS = validate_tree(os.path.join(ROOT, "content"))
PUBLISHED = {key: data for key, (doc, data) in ENTRIES.items() if data.get("status") != "draft"}
DRAFTS = [key for key, (doc, data) in ENTRIES.items() if data.get("status") == "draft"]


def page_of(output, type_name, slug):
    path = os.path.join(output, m.TYPES[type_name].section, slug, "index.html")
    with open(path, encoding="utf-8") as fh:
        return BeautifulSoup(fh.read(), "html.parser")


def test_starter_harvest_is_valid_and_large_enough():
    assert PROBLEMS == []
    assert len(PUBLISHED) >= 25
    for type_name in m.TYPES:
        assert sum(1 for t, _ in PUBLISHED if t == type_name) >= 2, type_name


def test_every_published_starter_entry_names_its_source():
    """Issue 25: every fact is in the source the entry names, so every published entry names one,
    as `make validate` asks (its own test: test_validate.py)."""
    assert all(sources(data.get("source")) for data in PUBLISHED.values())
    # The four invented events are gone; only the two with dates in the seeds remain published.
    assert sorted(slug for t, slug in PUBLISHED if t == "events") == [
        "diagnose-innovatie-meester-in-je-werk-week", "slimmernetwerk-grand-cafe-2012"]


def shown(f, value, type_name):
    """What a reader sees for a field's value."""
    if f.kind == m.CHOICE:
        return [m.REGIONS[value] if f.name == "region" else m.choice_label(type_name, f.name, value)]
    if f.kind == m.CHOICES:
        return [m.choice_label(type_name, f.name, v) for v in value]
    if f.kind == m.DATE:
        return [datum(value)]
    if f.kind in (m.MOMENT, m.END):  # an event's day and hour, in words: "donderdag 10 december 2026, 14.00"
        from harvest.site.events import clock, long_date, read_moment

        day, time = read_moment(value)
        return ([long_date(day)] if day else []) + ([clock(time)] if time else [])
    if f.kind == m.LINKS:
        return [link["title"] for link in value]
    if f.kind == m.SOURCE:  # titles and publishers in words; addresses are links (checked below)
        return [s[part] for s in sources(value) for part in ("title", "publisher") if part in s]
    if f.kind in (m.TEXTS, m.THEMES, m.RELATION):
        return list(value)
    return [str(value)]


@pytest.mark.parametrize("key", sorted(PUBLISHED), ids=lambda k: "/".join(k) if isinstance(k, tuple) else k)
def test_every_entry_has_its_page_with_every_field(site, key):
    type_name, slug = key
    data = PUBLISHED[key]
    soup = page_of(site, type_name, slug)
    assert soup.h1.get_text(strip=True) == data["title"]
    text = soup.main.get_text(" ", strip=True)
    for name, value in data.items():
        f = m.FIELDS_BY_TYPE[type_name][name]
        if f.kind == m.THEMES:
            titles = [a.get_text() for a in soup.select("ul.themes a")]
            assert len(titles) == len(value)
            continue
        if f.kind == m.RELATION:
            hrefs = {a["href"] for a in soup.main.select("a[href]")}
            for target in value:
                assert f"/{m.TYPES[name].section}/{target}/" in hrefs, (name, target)
            continue
        if f.kind == m.URL or name == "status":
            continue  # urls are links (checked below); status shows as a banner on drafts only
        if name == "updated":
            continue  # in a Git checkout the last commit's day shows; `updated` stands in without Git
            # (test_history.py checks both)
        for shown_value in shown(f, value, type_name):
            assert " ".join(html.unescape(shown_value).split()) in text, (name, shown_value)
    for name in ("website", "url"):
        if name in data:
            assert soup.main.select_one(f'a[href="{data[name]}"]'), name
    for source in sources(data.get("source")):
        if "url" in source:
            assert soup.main.select_one(f'.attribution a[href="{source["url"]}"]'), source
    if "source" in data or "license" in data:
        assert soup.select_one("aside.attribution")


def test_labels_not_keys(site):
    soup = page_of(site, "practices", "fouten-maken-mag")
    assert "Verrijkende mislukking" in soup.main.get_text()
    assert "verrijkende-mislukking" not in soup.main.get_text()


def test_relations_are_linked_by_title(site):
    soup = page_of(site, "tools", "diagnose-innovatie")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("section.relations a")}
    assert links["Menno Spaan"] == "/schakelfiguren/menno-spaan/"
    assert links["Haagse Beek"] == "/organisaties/haagse-beek/"


def test_drafts_show_in_preview_with_a_banner_and_never_when_published(site, published):
    assert DRAFTS
    for type_name, slug in DRAFTS:
        soup = page_of(site, type_name, slug)
        assert "Concept" in soup.select_one(".draft-banner").get_text()
        assert not os.path.exists(os.path.join(published, m.TYPES[type_name].section, slug))
        for root, _, files in os.walk(published):
            for name in files:
                if name.endswith((".html", ".xml", ".json", ".csv", ".txt")):
                    with open(os.path.join(root, name), encoding="utf-8") as fh:
                        assert f"/{slug}/" not in fh.read(), os.path.join(root, name)


def test_published_site_uses_absolute_urls(published):
    page = read(published, "kennis/van-indammen-naar-laten-stromen/index.html")
    assert 'href="https://oogst.test/schakelfiguren/menno-spaan/"' in page


def test_pages_and_blog_are_kept_apart(tmp_path):
    content = write_content(str(tmp_path), {**VALID,
                                            "pages/over.md": "---\ntitle: Over Oogst\n---\nWie we zijn.\n"})
    out = str(tmp_path / "out")
    from helpers import build

    build(content, out)
    assert "Wie we zijn." in read(out, "over/index.html")
    assert os.path.exists(os.path.join(out, "projecten", "spring-uit-de-band", "index.html"))
    assert not os.path.exists(os.path.join(out, "spring-uit-de-band"))


def test_a_body_that_starts_like_a_field_is_shown_whole(tmp_path):
    """"Let op: …" as a body's first line is text, not metadata: Pelican's own Markdown settings (the
    `meta` extension) once merged into the site's and the body rendered empty (issue 23)."""
    from helpers import build

    body = "Let op: dit is belangrijk.\n\n| Gemeente | Inwoners |\n|:---|---:|\n| Gent | 265.000 |\n"
    tool = entry("Let op", kind="werkvorm", body=body)
    content = write_content(str(tmp_path), {**VALID, "tools/let-op.md": tool})
    out = str(tmp_path / "out")
    build(content, out)
    shown = BeautifulSoup(read(out, "instrumenten/let-op/index.html"), "html.parser").select_one("div.body")
    assert shown.p.get_text() == "Let op: dit is belangrijk."
    assert [td.get("align") for td in shown.select("tbody td")] == ["left", "right"]


BROKEN = entry(title="Kapot", kind="werkvrom", themes="[participatie, innovatiekultuur]",
               experts="[menno-spaans]", source="https://example.org/bron")


def run(*args, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("command", ["validate", "build"])
def test_broken_entry_beside_valid_ones_fails_with_every_problem_and_no_traceback(tmp_path, command):
    content = write_content(str(tmp_path), {**VALID, "tools/kapot.md": BROKEN})
    out = tmp_path / "out"
    if command == "validate":
        result = run("-m", "harvest", "validate", content)
    else:
        result = run("-m", "pelican", content, "-s", "pelicanconf.py", "-o", str(out))
    assert result.returncode == 1, result
    lines = [line for line in result.stderr.splitlines() if "kapot.md:" in line]
    assert [line.split("kapot.md:", 1)[1].split(": ", 1)[0] for line in lines] == ["4:24", "6:7", "7:11"]
    assert "bedoel je `innovatiecultuur`?" in lines[0]
    assert "bedoel je `werkvorm`?" in lines[1]
    assert "bedoel je `menno-spaan`?" in lines[2]
    assert "3 problemen in 1 bestand" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists() or not any(out.iterdir())


def test_validate_succeeds_quietly_on_the_starter_harvest():
    result = run("-m", "harvest", "validate", "content")
    assert result.returncode == 0 and "geen problemen" in result.stdout and result.stderr == ""
