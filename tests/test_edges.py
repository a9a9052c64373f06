"""What `make validate` accepted and the build could not build (issue 24), each alone beside a small
harvest: now refused at its line by both, with a plain message, or built. Validate in-process here;
validate and the build as commands in the slow tier."""

from __future__ import annotations

import base64
import contextlib
import os
import subprocess
import sys

import pytest

from harvest.content import guard
from harvest.content.loader import validate_tree
from harvest.report import ContentErrors, github_annotation, printable
from helpers import ROOT, SOURCE, VALID, build, entry, write_content
from test_bounded_work import pelican, refused, validate

TODAY = "2026-12-01"
SETTINGS = {"HARVEST_TODAY": TODAY}
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDA"
                       "AAANHQEDasKb6QAAAABJRU5ErkJggg==")
RANGE = "ligt niet tussen 1900 en 2200"


def event(starts: str, ends: str | None = None, **fields) -> str:
    more = {"ends": ends} if ends else {}
    return entry("Een bijeenkomst", date="2026-11-20", kind="webinar", starts=starts, online="https://example.org/x",
                 **more, **fields)


def tool(body: str = "Tekst.", **fields) -> str:
    return entry("Een instrument", kind="werkvorm", body=body, **fields)


# name -> (file under content/, its text, where the message points, what it says)
FINDINGS = {
    "event-9999": ("events/verre.md", event("9999-12-31"), ":7:9:", RANGE),
    "event-9999-time": ("events/verre.md", event("9999-12-31 23:30"), ":7:9:", RANGE),
    "event-end-0001": ("events/oud.md", event("2024-05-01", "0001-01-01"), ":9:7:", RANGE),
    "event-1899": ("events/oud.md", event("1899-12-31 10:00"), ":7:9:", RANGE),
    "date-far-ahead": ("tools/later.md", tool(date="2028-01-01"), ":5:7:",
                       f"meer dan een jaar na vandaag ({TODAY})"),
    "updated-9999": ("tools/later.md", tool(updated="9999-12-31"), ":7:10:", "meer dan een jaar na vandaag"),
    "date-0001": ("tools/vroeg.md", tool(date="0001-01-01"), ":5:7:", "ligt vóór 1900"),
    "nonchar-escaped-title": ("tools/nc.md", tool().replace("title: Een instrument", 'title: "Een \\uFFFE"'),
                              ":2:8:", "geen tekst is (U+FFFE"),
    "nonchar-raw-body": ("tools/nc.md", tool("Tekst \uffff hier."), ":8:7:", "geen tekst is (U+FFFF"),
    "nonchar-astral-summary": ("tools/nc.md", tool().replace("Een korte", "Een \U0010fffe korte"), ":3:14:",
                               "geen tekst is (U+10FFFE"),
    "nonchar-fdd0-link-title": ("tools/nc.md", tool(links='[{title: "a\\uFDD0", url: "https://example.org/"}]'),
                                ":7:17:", "geen tekst is (U+FDD0"),
    "nonchar-reference-body": ("tools/nc.md", tool("Eerst.\n\nDan &#xFFFE; hier."), ":10:5:",
                               "`&#xFFFE;` staat voor een teken dat geen tekst is"),
    "control-reference-body": ("tools/nc.md", tool("Een &#27;[31m kleur."), ":8:5:", "(U+001B)"),
    "bidi-title": ("tools/bidi.md", tool().replace("title: Een instrument", "title: Een \u202eomgekeerd"),
                   ":2:8:", "leesrichting omkeert (U+202E)"),
    "isolate-summary": ("tools/bidi.md", tool().replace("Een korte", "Een \u2067korte"), ":3:10:",
                        "leesrichting omkeert (U+2067)"),
    "zero-width-title": ("tools/zw.md", tool().replace("title: Een instrument",
                                                       "title: Een in\u200bstrument"),
                         ":2:8:", "onzichtbaar teken (U+200B)"),
    "zwj-author": ("knowledge/zw.md", entry("Kennis", kind="model", authors="[\"Ann\u200dA\"]"), ":7:11:",
                   "onzichtbaar teken (U+200D)"),
    "line-separator-title": ("tools/ls.md", tool().replace("title: Een instrument",
                                                           "title: Een\u2028instrument"),
                             ":2:11:", "regelscheidingsteken (U+2028)"),
    "line-separator-escaped": ("tools/ls.md", tool().replace("title: Een instrument",
                                                             'title: "Een\\u2029ding"'),
                               ":2:8:", "één regel tekst"),
}


def problems_for(tmp_path, files: dict, settings=None) -> list[str]:
    content = write_content(str(tmp_path), {**VALID, **files})
    _, problems = validate_tree(content, guard.Rules.of(settings or SETTINGS), settings or SETTINGS)
    return [f"{os.path.relpath(p.path, content)}:{p.line}:{p.column}: {p.message}" for p in problems]


@pytest.mark.parametrize("name", FINDINGS)
def test_each_finding_is_refused_at_its_line(tmp_path, name):
    rel, text, where, words = FINDINGS[name]
    found = problems_for(tmp_path, {rel: text})
    assert len(found) == 1 and found[0].startswith(rel + where) and words in found[0], found


def test_a_zero_width_joiner_stays_allowed_in_a_body(tmp_path):
    body = "Een 👩\u200d💻 aan het werk, en \u202e in tekst."
    assert problems_for(tmp_path, {"tools/emoji.md": tool(body)}) == []


def test_days_within_range_pass(tmp_path):
    assert problems_for(tmp_path, {"events/a.md": event("1900-01-01", "2200-12-31"),
                                   "tools/b.md": tool(date="2027-12-01", updated="2027-12-02")}) == []


@contextlib.contextmanager
def chain(where: str, depth: int):
    """Folders `d/d/d/...` `depth` deep under `where`, with an image at the bottom; made and removed
    level by level (os.makedirs and shutil.rmtree recurse per level, and crash at ~1,000: also
    pytest's clean-up of old temporary folders)."""
    os.makedirs(where, exist_ok=True)
    os.chdir(where)
    try:
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        with open("x.png", "wb") as fh:
            fh.write(PNG)
        os.chdir(ROOT)
        yield
    finally:
        os.chdir(where)
        made = 0
        while os.path.isdir("d"):
            os.chdir("d")
            made += 1
        for _ in range(made):
            for name in os.listdir("."):
                os.remove(name)
            os.chdir("..")
            os.rmdir("d")
        os.chdir(ROOT)


def test_folders_deeper_than_eight_are_refused_before_they_are_walked(tmp_path):
    content = write_content(str(tmp_path), VALID)
    deep = os.path.join(content, "images", *["d"] * 7)
    os.makedirs(deep)
    with open(os.path.join(deep, "ok.png"), "wb") as fh:  # 8 deep: fine
        fh.write(PNG)
    with chain(deep, 40):
        tree = guard.check(content, guard.Rules())
    assert [(os.path.relpath(p.path, content), p.message[:40]) for p in tree.problems] == [
        ("images/d/d/d/d/d/d/d/d", "deze map ligt meer dan 8 mappen diep in ")]
    assert "images/d/d/d/d/d/d/d/ok.png" in tree.static


def test_every_message_and_annotation_shows_a_bidi_file_name_escaped(tmp_path):
    name = "tools/abc\u202edef.md"
    content = write_content(str(tmp_path), {**VALID, name: tool(source=SOURCE)})
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins"), "GITHUB_ACTIONS": "true"}
    done = subprocess.run([sys.executable, "-m", "harvest", "validate", content], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=60)
    out = done.stdout + done.stderr
    assert done.returncode == 1
    assert "\u202e" not in out
    lines = [line for line in out.splitlines() if "abc" in line]
    assert len(lines) == 4 and all("abc\\u202edef.md" in line for line in lines), out
    assert sum(line.startswith("::error file=") for line in lines) == 2


def test_messages_escape_what_they_quote():
    from harvest.content.document import Problem

    problem = Problem("content/tools/a\u2066b.md", 2, 8, "`x\u202ey` en \ufffe, \u200b, \udcff en\nregel")
    assert printable(str(problem)) == (
        "content/tools/a\\u2066b.md:2:8: `x\\u202ey` en \\ufffe, \\u200b, \\xff en\\nregel")
    assert github_annotation(problem) == (
        "::error file=content/tools/a\\u2066b.md,line=2,col=8::"
        "`x\\u202ey` en \\ufffe, \\u200b, \\xff en%0Aregel")


CNAME = {"HARVEST_STATIC_ALLOWED": ["extra/CNAME", "extra/google123.html"],
         "EXTRA_PATH_METADATA": {"extra/CNAME": {"path": "CNAME"},  # pelicanconf's commented set-up
                                 "extra/google123.html": {"path": "google123.html"}}}  # a site verification


@pytest.mark.parametrize("alias, clash", [("/CNAME", "CNAME"), ("/cname/", "CNAME"),
                                          ("/google123.html", "google123.html")])
def test_an_alias_may_not_name_a_published_file(tmp_path, alias, clash):
    files = {"extra/CNAME": "oogst.example.org\n", "extra/google123.html": "google-site-verification\n",
             "tools/oud.md": tool(aliases=f"[{alias}]")}
    found = problems_for(tmp_path, files, {**SETTINGS, **CNAME})
    assert found == [f"tools/oud.md:7:11: `{alias}` zou het bestand `{clash}` vervangen, dat de site "
                     "publiceert; "
                     "noem alleen adressen die deze inzending vroeger had, bv. `/instrumenten/oude-slug/`"]


# ---- the same through the commands, and the build --------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("name", ["event-9999", "event-9999-time", "nonchar-escaped-title",
                                  "nonchar-reference-body", "bidi-title", "date-far-ahead"])
def test_validate_and_build_refuse_each_finding_alike(tmp_path, name):
    rel, text, where, words = FINDINGS[name]
    content = write_content(str(tmp_path), {**VALID, rel: text})
    for code, out, _ in (validate(content), pelican(content, str(tmp_path / "output"))):
        refused(code, out, os.path.basename(rel) + where, words.split(" (20")[0])  # today: the machine's


@pytest.mark.slow
def test_a_deep_folder_stops_the_build_with_its_message_not_a_recursion_error(tmp_path):
    content = write_content(str(tmp_path), VALID)
    with chain(os.path.join(content, "images"), 1100):  # as the issue had it
        code, out, _ = pelican(content, str(tmp_path / "output"))
        refused(code, out, "images/d/d/d/d/d/d/d/d:1:1:", "meer dan 8 mappen diep")


@pytest.mark.slow
def test_the_build_refuses_an_alias_over_cname_and_publishes_cname(tmp_path):
    files = {"extra/CNAME": "oogst.example.org\n", "tools/oud.md": tool(aliases="[/CNAME]")}
    content = write_content(str(tmp_path), {**VALID, **files})
    with pytest.raises(ContentErrors):
        build(content, str(tmp_path / "output"), **SETTINGS, **CNAME)
    os.remove(os.path.join(content, "tools", "oud.md"))
    build(content, str(tmp_path / "output"), **SETTINGS, **CNAME)
    with open(tmp_path / "output" / "CNAME", encoding="utf-8") as fh:
        assert fh.read() == "oogst.example.org\n"
