"""Findable: every page has its title, a meta description (the summary on entry pages), a canonical
URL and OpenGraph and Twitter card tags; every entry page has schema.org JSON-LD of the type that
fits, with its required properties and all its relations, parsed as JSON-LD by pyld."""

from __future__ import annotations

import json
import os

import pytest
from bs4 import BeautifulSoup
from pyld import jsonld

from harvest.content.loader import validate_tree
from harvest.model import types as m
from harvest.model.schema import sources
from helpers import ROOT, build, entry, write_content

SITE = "https://oogst.test"
S = "https://schema.org/"
ENTRIES = {key: data for key, (_doc, data) in validate_tree(os.path.join(ROOT, "content"))[0].items()
           if data.get("status") != "draft"}

ALLOWED = {
    "projects": {"Project"},
    "practices": {"CreativeWork"},
    "tools": {"HowTo", "CreativeWork"},
    "knowledge": {"Book", "ScholarlyArticle", "CreativeWork"},
    "experts": {"Person"},
    "organisations": {"Organization", "GovernmentOrganization"},
    "events": {"Event"},
}
# The properties through which an entry names the entries it is related to.
RELATION_PROPERTIES = {"member", "memberOf", "knows", "knowsAbout", "about", "mentions",
                       # events: who speaks and organises, what was harvested there
                       "performer", "organizer", "workFeatured", "performerIn", "event", "recordedAt"}


def loader(url, options=None):
    """schema.org's context, offline: every term is a schema.org term (its `@vocab`)."""
    assert url.rstrip("/") == "https://schema.org", url
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": S}}}


def expand(data: dict) -> dict:
    dropped = []
    expanded = jsonld.expand(data, {"documentLoader": loader}, on_property_dropped=dropped.append)
    assert dropped == [], f"not JSON-LD: {dropped}"
    assert len(expanded) == 1
    return expanded[0]


def values(node: dict, prop: str) -> list:
    return node.get(S + prop, [])


def text(node: dict, prop: str) -> str:
    (value,) = values(node, prop)
    return value["@value"]


def url_of(type_name: str, slug: str) -> str:
    return f"{SITE}/{m.TYPES[type_name].section}/{slug}/"


def expected_related() -> dict:
    """(type, slug) -> URLs of every entry it is related to, written on either side."""
    related = {key: set() for key in ENTRIES}
    for (type_name, slug), data in ENTRIES.items():
        for other_type in m.TYPES:
            for other in data.get(other_type, ()):
                if (other_type, other) in ENTRIES:
                    related[(type_name, slug)].add(url_of(other_type, other))
                    related[(other_type, other)].add(url_of(type_name, slug))
    return related


RELATED = expected_related()


def page(output: str, rel: str) -> BeautifulSoup:
    with open(os.path.join(output, rel, "index.html"), encoding="utf-8") as fh:
        return BeautifulSoup(fh.read(), "html.parser")


def blocks(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


@pytest.mark.parametrize("key", sorted(ENTRIES), ids="/".join)
def test_entry_jsonld(published, key):
    type_name, slug = key
    data = ENTRIES[key]
    soup = page(published, f"{m.TYPES[type_name].section}/{slug}")
    (block,) = blocks(soup)
    assert block["@context"] == "https://schema.org"
    node = expand(block)
    types = {t.removeprefix(S) for t in node["@type"]}
    assert len(types) == 1 and types <= ALLOWED[type_name], types
    url = url_of(type_name, slug)
    assert node["@id"] == url
    assert text(node, "url") == url
    assert text(node, "name") == data["title"] == soup.h1.get_text(strip=True)
    assert text(node, "description") == data["summary"]
    (main_page,) = values(node, "mainEntityOfPage")
    assert main_page["@id"] == url

    # Every relation, in both directions, and nothing else.
    linked = {}
    for prop in RELATION_PROPERTIES:
        for ref in values(node, prop):
            if "@id" in ref and ref["@id"].startswith(SITE) and "/themas/" not in ref["@id"]:
                linked[ref["@id"]] = (prop, ref)
    assert set(linked) == RELATED[key]
    for ref_url, (prop, ref) in linked.items():
        assert text(ref, "name")
        ref_type = next(t for t in m.TYPES.values() if f"/{t.section}/" in ref_url)
        assert {t.removeprefix(S) for t in ref["@type"]} <= ALLOWED[ref_type.name]
        if type_name == "experts" and ref_type.name == "organisations":
            assert prop == "memberOf"
        if type_name == "organisations" and ref_type.name == "experts":
            assert prop == "member"
        if type_name == "projects" and ref_type.name in ("experts", "organisations"):
            assert prop == "member"
        if type_name == "events":
            assert prop == {"experts": "performer", "organisations": "organizer",
                            "practices": "workFeatured"}.get(ref_type.name, prop)
        if ref_type.name == "events":
            assert prop == {"experts": "performerIn", "organisations": "event",
                            "practices": "recordedAt"}.get(type_name, prop)

    themes = [t for t in values(node, "about") + values(node, "knowsAbout") if "/themas/" in t.get("@id", "")
              or "/themas/" in (t.get(S + "url", [{}])[0].get("@value", ""))]
    assert len(themes) == len(data["themes"])

    # The fields of each type, under their schema.org names.
    if type_name == "knowledge":
        assert [a[S + "name"][0]["@value"] for a in values(node, "author")] == data.get("authors", [])
        if "year" in data:
            assert text(node, "datePublished") == str(data["year"])
        if "Book" in types:
            assert text(node, "isbn") == data["isbn"]
    if type_name == "experts":
        assert text(node, "jobTitle")
    if type_name in ("practices", "tools", "knowledge"):
        assert text(node, "dateCreated") == data["date"]
        assert text(node, "inLanguage") == "nl"
        # Issue 25: the work it is based on, as its source names it; when it happened, apart.
        based = values(node, "isBasedOn")
        assert len(based) == len(sources(data.get("source")))
        for work, source in zip(based, sources(data.get("source"))):
            if set(source) == {"url"}:
                assert work.get("@id", work.get("@value")) == source["url"]
                continue
            assert text(work, "name") == source["title"]
            if "publisher" in source:
                (publisher,) = values(work, "publisher")
                assert text(publisher, "name") == source["publisher"]
            if "url" in source:
                assert text(work, "url") == source["url"]
        if type_name != "knowledge" and "year" in data:
            assert text(node, "temporalCoverage") == str(data["year"])
    for field in ("website", "url"):
        if field in data:
            assert text(node, "sameAs") == data[field]
    if type_name == "events":
        check_event(node, data)


def check_event(node: dict, data: dict) -> None:
    """Event per schema.org: dates (with the Brussels offset when there is a time), status,
    attendance mode and a Place with its address or a VirtualLocation."""
    import re

    start = text(node, "startDate")
    if " " in data["starts"]:
        day, clock = data["starts"].split(" ")
        assert re.fullmatch(rf"{day}T{clock.zfill(5)}:00\+0[12]:00", start), start
    else:
        assert start == data["starts"]
    if "ends" in data:
        assert text(node, "endDate")
    assert (node[S + "eventStatus"] == [{"@id": S + "EventScheduled"}]
            or text(node, "eventStatus") == S + "EventScheduled")
    kinds = {t.removeprefix(S) for place in values(node, "location") for t in place["@type"]}
    somewhere = "city" in data or "venue" in data
    if not somewhere and "online" not in data:
        # Issue 25: a past event whose report does not say where: no place, no attendance mode.
        assert not kinds and S + "eventAttendanceMode" not in node
        return
    mode = text(node, "eventAttendanceMode")
    if somewhere and "online" in data:
        assert mode == S + "MixedEventAttendanceMode" and kinds == {"Place", "VirtualLocation"}
    elif somewhere:
        assert mode == S + "OfflineEventAttendanceMode" and kinds == {"Place"}
        (place,) = values(node, "location")
        assert text(place, "name") == data.get("venue", data.get("city"))
        if "city" in data:
            (address,) = values(place, "address")
            assert text(address, "addressLocality") == data["city"]
        else:  # the building alone, as the source names it
            assert S + "address" not in place
    else:
        assert mode == S + "OnlineEventAttendanceMode" and kinds == {"VirtualLocation"}


def test_home_describes_the_site_and_its_open_data(published):
    (block,) = blocks(page(published, ""))
    node = expand(block)
    assert node["@type"] == [S + "WebSite"]
    assert text(node, "name") == "Oogst"
    (dataset,) = values(node, "subjectOf")
    assert dataset["@type"] == [S + "Dataset"]
    downloads = [d[S + "contentUrl"][0]["@value"] for d in dataset[S + "distribution"]]
    assert downloads == [f"{SITE}/data/oogst.json", f"{SITE}/data/oogst.csv"]


def test_listing_pages_have_no_jsonld(published):
    assert blocks(page(published, "projecten")) == []


def meta(soup, **attrs) -> str:
    tag = soup.find("meta", attrs=attrs)
    assert tag is not None, attrs
    return tag["content"]


@pytest.mark.parametrize("rel", ["", "projecten", "themas", "themas/participatie", "zoeken",
                                 "instrumenten/diagnose-innovatie", "schakelfiguren/menno-spaan"])
def test_head_tags(published, rel):
    soup = page(published, rel)
    url = f"{SITE}/{rel}/" if rel else f"{SITE}/"
    title = soup.title.get_text()
    assert title.endswith("Oogst")
    description = meta(soup, **{"name": "description"})
    assert len(description) > 20
    assert soup.find("link", rel="canonical")["href"] == url
    assert meta(soup, property="og:url") == url
    assert meta(soup, property="og:title") == title
    assert meta(soup, property="og:description") == description
    assert meta(soup, property="og:site_name") == "Oogst"
    assert meta(soup, property="og:type") == ("article" if rel.count("/") == 1 and "themas" not in rel
                                              else "website")
    assert meta(soup, **{"name": "twitter:card"}) == "summary"
    assert meta(soup, **{"name": "twitter:title"}) == title
    assert meta(soup, **{"name": "twitter:description"}) == description


@pytest.mark.parametrize("key", sorted(ENTRIES)[::5], ids="/".join)
def test_entry_description_is_the_summary(published, key):
    type_name, slug = key
    soup = page(published, f"{m.TYPES[type_name].section}/{slug}")
    assert meta(soup, **{"name": "description"}) == ENTRIES[key]["summary"]
    assert soup.title.get_text() == f"{ENTRIES[key]['title']} · {m.TYPES[type_name].plural} · Oogst"


def test_jsonld_cannot_be_broken_out_of(tmp_path):
    """A title that closes the script element stays data: the block parses to the same text."""
    title = '"</script><script>alert(1)</script><!-- & >"'
    content = write_content(str(tmp_path), {
        "tools/poging.md": entry(title, kind="tool", summary='"Ook hier: 3 < 4 & 5 > 2"'),
    })
    output = str(tmp_path / "output")
    build(content, output, "publishconf.py", SITEURL=SITE)
    soup = page(output, "instrumenten/poging")
    scripts = soup.find_all("script")
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts)
    (block,) = blocks(soup)
    assert block["name"] == title.strip('"')
    assert block["description"] == "Ook hier: 3 < 4 & 5 > 2"
    node = expand(block)
    assert text(node, "name") == title.strip('"')
