"""Entries at the edges, for the fuzzer (test_fuzz.py): front matter derived from the content model's
JSON Schemas (model/schema.py, itself derived from model/types.py), so that a new field, type or
field kind is fuzzed with no new code here; and bodies. And the invariant every generated file must
keep: `make validate` refuses it at a line of the file, or validate and the build both pass and
every XML, iCalendar and JSON file the build writes parses."""

from __future__ import annotations

import datetime
import json
import os
import shutil

import yaml
from hypothesis import strategies as st

from harvest.content.guard import Rules
from harvest.content.loader import validate_tree
from harvest.model import types as m
from harvest.model.schema import schema_for
from harvest.text import visible, yaml_scalar
from helpers import THEMES, VALID, build, write_content

TODAY = "2026-12-01"  # the build's day (HARVEST_TODAY): the same run on any day

# Characters at the edges of what text may hold: noncharacters, line and paragraph separators,
# bidi controls, zero-width and invisible characters, a BOM, control characters, astral letters,
# emoji with joiners, XML's and HTML's specials.
EDGE_CHARS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\u2028", "\u2029",
              "\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u061c", "\u200b", "\u200c", "\u200d",
              "\u2060", "\u00ad", "\ufeff", "\x00", "\x1b", "\x85", "\t", "\n", "\r", "\U0001d54f",
              "👩\u200d💻", "é", "e\u0301", "<", ">", "&", "]]>", "\"", "'", "\\", "%", ":", "#", "`", "{",
              "}", "|", "*", "\u3000", "\ud7ff", "\ue000"]
# Whole values at the edges, tried in every field whatever it asks for.
EDGE_VALUES = ["", " ", "0001-01-01", "9999-12-31", "9999-12-31 23:30", "1899-12-31", "2201-01-01",
               "0000-00-00", "2024-02-30", "2024-02-29", "24:00", "23:59", "0:00", "12:30", "17:00",
               "no", "on", "yes", "null", "~", "-1", "0", "1e9", "99999999999999999999", "NaN",
               "https://example.org/", "http://x", "javascript:alert(1)", "/CNAME", "/robots",
               "/feeds/", "/index.html", "/data/oogst.csv", "{static}/images/x.png", "<b>vet</b>",
               "x" * 301, "woord " * 2000, "\u202eedoc", "a\u200db", "\ufffe", "👩\u200d💻"]


def _pattern(pattern: str) -> str:
    return pattern[1:-1] if pattern.startswith("^") and pattern.endswith("$") else pattern


def valid_value(f: m.Field, fragment: dict):
    """A value the field accepts, from the model (its example, its first choice) or its schema."""
    if f.example is not None:
        return f.example
    if f.choices:
        first = next(iter(f.choices))
        return [first] if fragment.get("type") == "array" else first
    if f.kind == m.DATE:
        return TODAY
    if fragment.get("type") == "integer":
        return fragment.get("minimum", 0) + 1000
    if f.kind == m.URL:
        return "https://example.org/"
    return "Een waarde"


def _edged(text: str) -> st.SearchStrategy:
    """`text` with an edge character somewhere in it."""
    return st.tuples(st.sampled_from(EDGE_CHARS), st.integers(0, len(text))).map(
        lambda e: text[:e[1]] + e[0] + text[e[1]:])


def scalar(fragment: dict, valid) -> st.SearchStrategy:
    """Values for a schema fragment that is not a list: as often what it asks for, near its bounds
    (which may build), as values at the edges (which must be refused at their line, or build):
    edge characters, days from 0001 to 9999 and times."""
    kind = fragment.get("type")
    likely = [st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "S"]), min_size=1,
                      max_size=40),
              st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)).map(str),
              st.datetimes(datetime.datetime(1900, 1, 1), datetime.datetime(2200, 12, 31)).map(
                  lambda d: d.strftime("%Y-%m-%d %H:%M"))]
    edges = [st.sampled_from(EDGE_VALUES), st.text(max_size=40), st.dates().map(str),
             st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
             st.times().map(lambda t: t.strftime("%H:%M"))]
    if isinstance(valid, str):
        likely.append(st.just(valid))
        edges.append(_edged(valid))
    if "enum" in fragment:
        likely.append(st.sampled_from(fragment["enum"]))
        edges.append(st.sampled_from(fragment["enum"]).flatmap(_edged))
    if "pattern" in fragment:
        likely.append(st.from_regex(_pattern(fragment["pattern"]), fullmatch=True).map(lambda s: s[:300]))
    if kind == "integer":
        low, high = fragment.get("minimum", -10 ** 6), fragment.get("maximum", 10 ** 6)
        likely.append(st.integers(low, high))
        edges += [st.integers(low - 5, low + 5), st.integers(high - 5, high + 5),
                  st.sampled_from([0, -1, 10 ** 30])]
    if kind == "object":
        likely.append(st.fixed_dictionaries({name: scalar(sub, "Verslag" if name == "title" else
                                                          "https://example.org/")
                                             for name, sub in fragment.get("properties", {}).items()}))
    if "maxLength" in fragment:
        edges.append(st.integers(fragment["maxLength"] - 2, fragment["maxLength"] + 2).map(lambda n: "a" * n))
    return st.one_of(st.one_of(likely), st.one_of(edges))


def field_value(fragment: dict, valid) -> st.SearchStrategy:
    """Values for a field: as scalar(), for a list field a list of them, and also the other shape
    (a list where one value belongs, one value where a list belongs)."""
    if fragment.get("type") == "array":
        item_valid = valid[0] if isinstance(valid, list) and valid else valid
        item = scalar(fragment.get("items", {}), item_valid)
        return st.one_of(st.lists(item, max_size=4), item, st.just(valid))
    one = scalar(fragment, valid)
    return st.one_of(one, st.lists(one, min_size=1, max_size=3), st.just({"a": valid}))


# Bodies: Markdown's punctuation and links of every kind, with edge characters between them.
BODY_TOKENS = ["Tekst. ", "\n\n", "## Kop\n", "- punt\n", "1. stap\n", "**vet** ", "*schuin* ", "`code` ",
               "[link](https://example.org/) ", "[", "](", "> citaat\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
               "![beeld]({static}/images/x.png) ", "[pagina]({filename}/tools/diagnose-innovatie.md) ",
               "[intern](/instrumenten/diagnose-innovatie/) ", "<script>alert(1)</script>", "<b>b</b>",
               "&amp; ", "&#xFFFE; ", "&#0; ", "<!-- -->", "```\ncode\n```\n", "---\n", "~~weg~~ ",
               "https://example.org/kaal ", "\\", "<", "]]>"]
_BODY_EDGES = [c for c in EDGE_CHARS if c not in "\x00\x1b\x85"]  # control characters: rarely
bodies = st.lists(st.one_of(st.sampled_from(BODY_TOKENS), st.sampled_from(BODY_TOKENS),
                            st.sampled_from(_BODY_EDGES),
                            st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=20)),
                  max_size=30).map("".join)

_SLUG_EDGES = ["Hoofdletter", "met spatie", "a\u202eb", "a\u200bb", "a\u200db", "ǅ", "-begin", "eind-",
               "a--b", "x" * 120, "index", "con", "ä", "a.b"]
slugs = st.one_of(st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
                  st.sampled_from(_SLUG_EDGES))


@st.composite
def entries(draw) -> tuple[str, str, str]:
    """(type, slug, file text): a valid entry of a type with a few fields, and perhaps its body,
    at the edges."""
    type_name = draw(st.sampled_from(sorted(m.TYPES)))
    t, schema = m.TYPES[type_name], schema_for(type_name)
    fields = m.FIELDS_BY_TYPE[type_name]
    data = {name: valid_value(f, schema["properties"][name]) for name, f in fields.items() if t.asks(f)}
    for name in draw(st.lists(st.sampled_from(sorted(fields)), max_size=3, unique=True)):
        data[name] = draw(field_value(schema["properties"][name], valid_value(fields[name],
                                                                             schema["properties"][name])))
    if draw(st.integers(0, 9)) == 9:  # a field the type does not have
        data[draw(st.sampled_from(["onbekend", "Title", "title "]))] = "x"
    if draw(st.integers(0, 9)) == 9 and data:  # a required field left out
        del data[draw(st.sampled_from(sorted(data)))]
    body = draw(st.one_of(st.just("Tekst van de inzending."), bodies))
    if draw(st.integers(0, 9)) == 9:  # a line end of another system, or none at the end
        body = body.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    slug = draw(slugs) if draw(st.integers(0, 2)) == 2 else f"fuzz-{type_name}-{draw(st.integers(0, 99))}"
    return type_name, slug, "---\n" + front_matter(data, draw(st.booleans())) + "---\n" + body + "\n"


def front_matter(data: dict, plain: bool) -> str:
    """YAML as a contributor writes it: PyYAML's (quoted where it must), or with plain scalars as
    the scaffold and the form write them (text.yaml_scalar)."""
    if not plain:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10 ** 6)
    lines = []
    for key, value in data.items():
        if isinstance(value, str):
            lines.append(f"{key}: {yaml_scalar(value)}")
        else:
            flow = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10 ** 6)
            lines.append(f"{key}: " + flow.removesuffix("\n").removesuffix("\n...").strip())
    return "\n".join(lines) + "\n"


# ---- the invariant -------------------------------------------------------------------------------

SETTINGS = {"HARVEST_TODAY": TODAY}


def _lines(text: str) -> int:
    """Lines as the reader counts them (document.decode)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def check_batch(root: str, batch: list[tuple[str, str, str]]) -> dict:
    """Write the batch beside a small valid harvest; every problem validate reports must sit at a
    line of its file; what validate accepts must build, and what the build writes must parse.
    Returns counts: written, refused, built."""
    content = os.path.join(root, "content")
    shutil.rmtree(root, ignore_errors=True)
    write_content(root, VALID, THEMES)
    written = {}
    for type_name, slug, text in batch:
        path = os.path.join(content, type_name, f"{slug}.md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if path in written or len(os.path.basename(path).encode()) > 250:
            continue
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        written[path] = text
    refused = set()
    for _ in range(4):  # a refused file removed may make another's cross-file problem go away
        _, problems = validate_tree(content, Rules.of(SETTINGS), SETTINGS)
        if not problems:
            break
        shown = {visible(os.path.abspath(p)): p for p in written}
        for problem in problems:
            path = shown.get(os.path.abspath(problem.path)) or _located(content, problem.path)
            assert path is not None, f"a problem outside the harvest: {problem}"
            assert path in written, f"a valid file refused: {problem}\n{written}"
            assert 1 <= problem.line <= _lines(written[path]), f"not at a line: {problem}"
            assert problem.column >= 1, f"not at a column: {problem}"
            refused.add(path)
            if os.path.exists(path):
                os.remove(path)
    else:
        raise AssertionError(f"still refused after removing what was refused: {problems}")
    built = [p for p in written if p not in refused]
    if built:
        output = os.path.join(root, "output")
        build(content, output, CACHE_PATH=os.path.join(root, "cache"), **SETTINGS)
        check_output(output)
    return {"written": len(written), "refused": len(refused), "built": len(built)}


def _located(content: str, shown: str) -> str | None:
    """The file a problem names (as display_path shows it), if it is in the harvest."""
    path = os.path.abspath(shown)
    if os.path.commonpath([path, os.path.abspath(content)]) != os.path.abspath(content):
        return None
    return path


def check_output(output: str) -> None:
    """Every XML, iCalendar and JSON file the build wrote parses, by judges we did not write."""
    import icalendar
    from lxml import etree

    for where, _, names in os.walk(output):
        for name in names:
            path = os.path.join(where, name)
            if name.endswith((".xml", ".graphml", ".svg")):
                etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True))
            elif name.endswith(".ics"):
                with open(path, "rb") as fh:
                    icalendar.Calendar.from_ical(fh.read())
            elif name.endswith(".json"):
                with open(path, encoding="utf-8") as fh:
                    json.load(fh)
