"""Reading front matter: encodings, line ends, YAML 1.1 traps, broken files; never a crash."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvest.content.document import Problem, parse
from harvest.content.loader import validate_tree
from harvest.content.validate import Themes, check_entry
from helpers import VALID, entry, write_content

THEMES = Themes(slugs={"innovatiecultuur": {}, "participatie": {}})


def read(text, type_name="tools", slug="t"):
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    doc = parse(raw, "content/tools/t.md")
    data = check_entry(doc, type_name, slug, THEMES)
    return doc, data


def test_bom_and_crlf_read_like_any_file():
    text = entry(kind="tool", duration="2 uur").replace("\n", "\r\n")
    doc, data = read(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert doc.problems == []
    assert data["title"] == "Een titel" and data["duration"] == "2 uur"
    assert doc.body.strip() == "Tekst van de inzending." and doc.body_line == 9


def test_old_mac_line_ends():
    doc, data = read(entry(kind="tool").replace("\n", "\r"))
    assert doc.problems == [] and data["kind"] == "tool"


def test_yaml_11_traps_stay_text_where_text_is_asked():
    doc, data = read(entry(title="no", summary="on", kind="tool", duration="12:30", group_size="yes",
                           license="off", contributors="[no, Yes, 0x10]"))
    assert doc.problems == []
    assert data["title"] == "no" and data["summary"] == "on" and data["duration"] == "12:30"
    assert data["group_size"] == "yes" and data["license"] == "off"
    assert data["contributors"] == ["no", "Yes", "0x10"]


def test_a_plain_number_becomes_a_year_only_where_a_year_is_asked():
    doc, data = read(entry(title="2019", kind="model", year="2018", publisher="1984"), "knowledge")
    assert doc.problems == []
    assert data["year"] == 2018 and data["title"] == "2019" and data["publisher"] == "1984"


def test_a_single_value_where_a_list_is_asked_is_a_list_of_one():
    doc, data = read(entry(themes="participatie", kind="tool"))
    assert doc.problems == [] and data["themes"] == ["participatie"]


def test_dates_stay_as_written():
    doc, data = read(entry(kind="tool", updated="2024-06-01"))
    assert data["date"] == "2024-05-01" and data["updated"] == "2024-06-01"


def test_not_utf8_is_reported_at_the_byte():
    raw = entry(title="Caf\u00e9", kind="tool").encode("latin-1")
    doc, _ = read(raw)
    assert doc.problems == [Problem("content/tools/t.md", 2, 11,
                                    "het bestand is geen geldige UTF-8 (byte 0xe9); "
                                    "sla het op met codering UTF-8")]


def test_unterminated_front_matter():
    doc, _ = read("---\ntitle: x\nsummary: y\n\nTekst")
    assert [str(p) for p in doc.problems] == [
        "content/tools/t.md:1:1: de front matter is niet afgesloten: zet een regel `---` na het laatste veld"]


def test_missing_front_matter():
    doc, _ = read("# Alleen tekst\n")
    assert doc.problems[0].line == 1 and "begin het bestand met een regel `---`" in doc.problems[0].message


def test_broken_yaml_is_reported_at_its_line():
    doc, _ = read("---\ntitle: Workshop: diagnose\nsummary: s\n---\n")
    assert len(doc.problems) == 1
    p = doc.problems[0]
    assert (p.line, p.column) == (2, 16)
    assert "zet de tekst tussen aanhalingstekens" in p.message


def test_tab_indentation():
    doc, _ = read("---\ntitle: x\nthemes:\n\t- participatie\n---\n")
    assert doc.problems[0].line == 4 and "tab" in doc.problems[0].message


def test_front_matter_that_is_not_fields():
    doc, _ = read("---\n- a\n- b\n---\n")
    assert str(doc.problems[0]) == "content/tools/t.md:2:1: verwacht velden `naam: waarde`, één per regel"


def test_self_referencing_alias_does_not_crash():
    doc, _ = read("---\ntitle: &a [*a]\n---\n")
    assert doc.problems


def test_a_broken_file_beside_valid_ones_reports_it_and_nothing_else(tmp_path):
    content = write_content(str(tmp_path), {**VALID, "tools/kapot.md": "---\ntitle: [\n---\n"})
    entries, problems = validate_tree(content)
    assert len(problems) == 1 and problems[0].path.endswith("tools/kapot.md")
    assert len(entries) == len(VALID) + 1


FIELDS = ["title", "summary", "themes", "date", "kind", "stage", "roles", "year", "started", "ended",
          "links", "isbn", "website", "updated", "region", "experts", "projects", "status", "x"]
scalars = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(),
                    st.sampled_from(["no", "on", "12:30", "2019", "2024-02-30", "~", "&a", "*a",
                                     "!!python/object", "'", '"', "[", "{", ": ", "- ", "#"]))
values = st.recursive(scalars,
                      lambda inner: st.one_of(st.lists(inner, max_size=4),
                                              st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=8)


def _yaml(value):
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml(k)}: {_yaml(v)}" for k, v in value.items()) + "}"
    return str(value) if value is not None else ""


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=st.dictionaries(st.sampled_from(FIELDS), values, max_size=8),
       raw_lines=st.lists(st.text(alphabet=string.printable + "éë\u00a0\ufeff\t", max_size=40), max_size=4),
       body=st.text(max_size=200), type_name=st.sampled_from(["projects", "tools", "experts", "knowledge"]),
       mode=st.sampled_from(["fields", "raw", "bytes"]), raw_bytes=st.binary(max_size=80))
def test_reader_accepts_or_reports_and_never_raises(fields, raw_lines, body, type_name, mode, raw_bytes):
    if mode == "fields":
        text = "---\n" + "".join(f"{k}: {_yaml(v)}\n" for k, v in fields.items()) + "---\n" + body
    elif mode == "raw":
        text = "---\n" + "\n".join(raw_lines) + "\n---\n" + body
    else:
        text = b"---\n" + raw_bytes + b"\n---\n"
    doc, data = read(text, type_name)
    for p in doc.problems:
        assert isinstance(p, Problem) and p.line >= 1 and p.column >= 1 and p.message
    if not doc.problems:
        assert isinstance(data, dict) and {"title", "summary", "themes", "date"} <= set(data)


def test_body_markdown_tables_align_without_inline_style_and_footnotes_speak_dutch():
    from harvest.content.markup import render

    html = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n\nTekst[^1]\n\n[^1]: noot\n")
    assert '<th align="left">a</th>' in html and '<td align="right">2</td>' in html
    assert "style=" not in html
    assert 'title="Terug naar voetnoot 1 in de tekst"' in html
