"""Atom feeds (whole harvest, per type, per theme), their links in each page's <head>,
sitemap.xml and robots.txt; read with feedparser as a feed reader would."""

from __future__ import annotations

import datetime
import os
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup

from harvest.model import types as m
from helpers import ROOT, VALID, build, entry, read, write_content
from test_link_integrity import html_files

SITEURL = "https://oogst.test"
FILES = {
    **VALID,
    "practices/wijkpanel.md": entry("Wijkpanel", themes="[participatie]", date="2022-06-01",
                                    updated="2024-06-15", kind="goede-praktijk",
                                    contributors="[Els Peeters]"),
    "practices/te-vroeg-gedeeld.md": entry("Te vroeg gedeeld", themes="[participatie]", date="2024-02-02",
                                           kind="verrijkende-mislukking", status="draft"),
    "tools/wijkgesprek.md": entry("Wijkgesprek & <koffie>", themes="[participatie, samenwerking]",
                                  date="2023-03-03", kind="werkvorm"),
}


@pytest.fixture(scope="module", params=["preview", "published"])
def built(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    content = write_content(str(tmp), FILES)
    output = str(tmp / "output")
    if request.param == "preview":
        build(content, output)
        return output, "", True
    build(content, output, "publishconf.py", SITEURL=SITEURL)
    return output, SITEURL, False


def parse(output, path):
    feed = feedparser.parse(os.path.join(output, path))
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def expected_entries(drafts, keep=lambda type_name, data: True):
    """(type, slug) of the entries a feed lists, newest change first; on the same dates in
    the order of the types, then of the titles."""
    found = []
    for rel, text in FILES.items():
        type_name, slug = rel[:-3].split("/")
        data = {k: v for k, v in (line.split(": ", 1) for line in text.split("---")[1].strip().splitlines())}
        if data.get("status") == "draft" and not drafts:
            continue
        if keep(type_name, data):
            found.append((data.get("updated", data["date"]), data["date"], data["title"], (type_name, slug)))
    found.sort(key=lambda f: (list(m.TYPES).index(f[3][0]), f[2].casefold()))
    found.sort(key=lambda f: f[:2], reverse=True)
    return [f[3] for f in found]


def keys(feed, siteurl):
    result = []
    for item in feed.entries:
        assert item.link.startswith(f"{siteurl}/")
        section, slug = item.link[len(siteurl):].strip("/").split("/")
        result.append((m.TYPE_BY_SECTION[section].name, slug))
    return result


def test_the_whole_harvest_feed_lists_every_entry_newest_first(built):
    output, siteurl, drafts = built
    feed = parse(output, "feeds/oogst.atom.xml")
    assert feed.feed.title == "Oogst: nieuw in de oogst"
    assert keys(feed, siteurl) == expected_entries(drafts)
    wijkpanel = next(e for e in feed.entries if e.title == "Wijkpanel")
    assert wijkpanel.summary == "Een korte samenvatting."
    assert wijkpanel.updated.startswith("2024-06-15") and wijkpanel.published.startswith("2022-06-01")
    assert wijkpanel.author == "Els Peeters"
    assert [t.term for t in wijkpanel.tags] == ["Participatie"]
    assert "Tekst van de inzending." in wijkpanel.content[0].value
    assert any(e.title == "Wijkgesprek & <koffie>" for e in feed.entries)
    # The feed's own date is its newest entry's, never the time of the build.
    newest = "2024-06-15" if not drafts else max("2024-06-15", "2024-02-02")
    assert feed.feed.updated.startswith(newest)


def test_a_feed_per_type_and_per_theme(built):
    output, siteurl, drafts = built
    for type_name, t in m.TYPES.items():
        feed = parse(output, f"feeds/{t.section}.atom.xml")
        assert keys(feed, siteurl) == expected_entries(drafts,
                                                       lambda tn, d, type_name=type_name: tn == type_name)
        assert feed.feed.link == f"{siteurl}/{t.section}/"
    for slug in ("innovatiecultuur", "participatie", "samenwerking"):
        feed = parse(output, f"feeds/themas/{slug}.atom.xml")
        assert keys(feed, siteurl) == expected_entries(drafts, lambda tn, d, slug=slug: slug in d["themes"])
    assert len(parse(output, "feeds/themas/samenwerking.atom.xml").entries) == 1


def test_every_page_advertises_its_feeds_in_the_head(built):
    output, siteurl, _ = built
    advertised = {
        "index.html": ["feeds/oogst.atom.xml"],
        "ervaringen/index.html": ["feeds/oogst.atom.xml", "feeds/ervaringen.atom.xml"],
        "ervaringen/wijkpanel/index.html": ["feeds/oogst.atom.xml", "feeds/ervaringen.atom.xml"],
        "themas/participatie/index.html": ["feeds/oogst.atom.xml", "feeds/themas/participatie.atom.xml"],
        "themas/index.html": ["feeds/oogst.atom.xml"],
    }
    for page, feeds in advertised.items():
        head = BeautifulSoup(read(output, page), "html.parser").head
        links = head.find_all("link", rel="alternate", type="application/atom+xml")
        assert [link["href"] for link in links] == [f"{siteurl}/{f}" for f in feeds], page
        for feed in feeds:
            assert os.path.isfile(os.path.join(output, feed))
    for page in html_files(output):
        head = BeautifulSoup(open(page, encoding="utf-8").read(), "html.parser").head
        assert head.find("link", rel="alternate", type="application/atom+xml"), page


def test_sitemap_lists_every_page_and_robots_points_to_it(built):
    output, siteurl, _ = built
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.parse(os.path.join(output, "sitemap.xml")).getroot().findall("s:url", ns)
    locs = [u.find("s:loc", ns).text for u in urls]
    pages = []
    for page in html_files(output):
        rel = os.path.relpath(page, output).replace(os.sep, "/")
        if not rel.startswith("theme/") and rel != "404.html":  # the error page is not indexed
            pages.append(f"{siteurl}/{rel[:-len('index.html')] if rel.endswith('index.html') else rel}")
    assert locs == sorted(pages)
    lastmod = {u.find("s:loc", ns).text: getattr(u.find("s:lastmod", ns), "text", None) for u in urls}
    assert lastmod[f"{siteurl}/ervaringen/wijkpanel/"] == "2024-06-15"
    assert lastmod[f"{siteurl}/themas/samenwerking/"] == "2023-03-03"
    robots = read(output, "robots.txt")
    assert robots.startswith("User-agent: *\nAllow: /\n")
    assert (f"Sitemap: {SITEURL}/sitemap.xml" in robots) == bool(siteurl)


def test_starter_feeds_parse_and_list_the_newest_published_entries(published):
    from harvest.content.loader import validate_tree

    entries, _ = validate_tree(os.path.join(ROOT, "content"))
    want = {k for k, (_, d) in entries.items() if d.get("status") != "draft"}
    # The whole-harvest feed holds the 20 newest (FEED_MAX_ITEMS), newest first, by the day each
    # last changed: its last commit's in a Git checkout (content/history.py), else its own dates.
    from harvest.content import history

    record = history.read(os.path.join(ROOT, "content"))
    changed = {k: record.record(f"{k[0]}/{k[1]}.md", datetime.date.fromisoformat(d.get("updated", d["date"])))
               .changed.isoformat() for k, (_, d) in entries.items() if k in want}
    feed = parse(published, "feeds/oogst.atom.xml")
    listed = keys(feed, SITEURL)
    assert len(listed) == 20 and set(listed) <= want
    assert [changed[k] for k in listed] == sorted((changed[k] for k in listed), reverse=True)
    assert min(changed[k] for k in listed) >= max(changed[k] for k in want - set(listed))
    for type_name, t in m.TYPES.items():  # fewer than 20 of each type: all of them
        feed = parse(published, f"feeds/{t.section}.atom.xml")
        assert set(keys(feed, SITEURL)) == {k for k in want if k[0] == type_name}
    themes = os.listdir(os.path.join(published, "feeds", "themas"))
    assert len(themes) >= 9
    for name in themes:
        slug = name[: -len(".atom.xml")]
        feed = parse(published, f"feeds/themas/{name}")
        themed = {k for k in want if slug in entries[k][1]["themes"]}
        listed = keys(feed, SITEURL)
        assert set(listed) <= themed and len(listed) == min(20, len(themed))
