"""`invoke new <type> "Titel"`: the scaffold of every type, its placeholders and the slug."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys

import pytest

from harvest.content.loader import validate_tree
from harvest.model import types as m
from harvest.tools.scaffold import PLACEHOLDER, ScaffoldError, create, render, resolve_type, slugify
from helpers import ROOT, write_content

TODAY = datetime.date(2026, 3, 4)
# What a contributor types in place of each kind of placeholder.
FILL = {m.PLAINTEXT: "Een korte samenvatting.", m.THEMES: "[innovatiecultuur, participatie]",
        m.MOMENT: "2026-12-10 14:00", m.TEXT: "Brussel",
        m.SOURCE: "{title: Verslag van de netwerkdag, publisher: Gemeente Gent}"}


def fill(text: str, type_name: str) -> str:
    """Write a value after every `# VUL IN` field, leaving the help comment in place."""
    fields = m.FIELDS_BY_TYPE[type_name]

    def value(match):
        f = fields[match.group(1)]
        if f.kind in FILL:
            return f"{match.group(1)}: {FILL[f.kind]} "
        first = next(iter(f.choices))
        return f"{match.group(1)}: {'[' + first + ']' if f.kind == m.CHOICES else first} "

    text = re.sub(rf"^(\w+):( *)(?=# {PLACEHOLDER})", value, text, flags=re.M)
    # A type whose story is required gets one under its prompt.
    return text + ("Wat we deden en wat we ervan leerden.\n" if m.TYPES[type_name].story else "")


@pytest.mark.parametrize("type_name", list(m.TYPES))
def test_scaffold_has_every_field_and_validates_once_filled(tmp_path, type_name):
    content = write_content(tmp_path, {})
    path = create(content, type_name, "Één nieuw instrument", TODAY)
    assert path == os.path.join(content, type_name, "een-nieuw-instrument.md")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()

    # Every field of the type is there: required ones as fields, optional ones commented out
    # with their Dutch help from the model.
    for f in m.FIELDS_BY_TYPE[type_name].values():
        line = next((li for li in text.splitlines() if re.match(rf"^(# )?{f.name}:", li)), None)
        assert line is not None, f.name
        assert line.startswith("# ") != m.TYPES[type_name].asks(f), line  # an event asks its city too
        if f.name not in ("title", "date"):
            assert f.help.rstrip(".")[:30] in text, f.name
    assert "title: Één nieuw instrument\n" in text
    assert f"date: {TODAY.isoformat()}\n" in text
    # `date` is filled in, and its comment says it is not the project's date.
    date_help = text.split(f"date: {TODAY.isoformat()}\n")[0].split("title: ")[-1]
    assert "niet wanneer het project of de gebeurtenis plaatsvond" in " ".join(
        line.lstrip("# ") for line in date_help.splitlines())

    # Unfilled, it does not validate (as `make validate` checks, the source asked for too): each
    # placeholder is reported on its own line.
    _, problems = validate_tree(content, sources=True)
    lines = text.splitlines()
    placeholders = [f for f in m.FIELDS_BY_TYPE[type_name].values()
                    if m.TYPES[type_name].asks(f) and f.name not in ("title", "date")]
    story = [p for p in problems if "heeft een tekst nodig onder de front matter" in p.message]
    assert len(story) == m.TYPES[type_name].story  # only the prompt, no story yet
    problems = [p for p in problems if p not in story]
    assert len(problems) == len(placeholders)
    for problem, f in zip(sorted(problems, key=lambda p: p.line), placeholders):
        assert lines[problem.line - 1].startswith(f"{f.name}:")
        assert PLACEHOLDER in lines[problem.line - 1]
        assert f"`{f.name}` is leeg; vul het in" in problem.message

    # Filled in (the help comments left where they are), it validates and builds.
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(fill(text, type_name))
    entries, problems = validate_tree(content, sources=True)
    assert problems == []
    assert (type_name, "een-nieuw-instrument") in entries


def test_uncommenting_an_optional_field_keeps_the_entry_valid(tmp_path):
    content = write_content(tmp_path, {})
    path = create(content, "tools", "Spelkaarten", TODAY)
    with open(path, encoding="utf-8") as fh:
        text = fill(fh.read(), "tools")
    # A contributor removes the `# ` of `duration:` and types a value before the help.
    text = re.sub(r"^# duration:( *)#", r"duration: halve dag\1#", text, flags=re.M)
    text = re.sub(r"^# region:( *)#", r"region:\1#", text, flags=re.M)  # uncommented, left empty
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    entries, problems = validate_tree(content)
    assert problems == []
    assert entries[("tools", "spelkaarten")][1]["duration"] == "halve dag"


def test_theme_hint_lists_the_themes_of_the_site(tmp_path):
    content = write_content(tmp_path, {})
    with open(create(content, "practices", "Iets", TODAY), encoding="utf-8") as fh:
        text = fh.read()
    assert "Kies uit: innovatiecultuur, participatie," in " ".join(text.split())
    assert max(len(line) for line in text.splitlines()) <= 100


def test_body_prompt_never_reaches_the_page(tmp_path):
    from helpers import build, read

    content = write_content(tmp_path, {})
    path = create(content, "tools", "Spelkaarten", TODAY)
    with open(path, encoding="utf-8") as fh:
        text = fill(fh.read(), "tools")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    output = str(tmp_path / "output")
    build(content, output)
    page = read(output, "instrumenten/spelkaarten/index.html")
    assert "Spelkaarten" in page and "Schrijf in Markdown" not in page


@pytest.mark.parametrize("title, slug", [
    ("Één nieuw instrument", "een-nieuw-instrument"),
    ("Spring Uit De Band!", "spring-uit-de-band"),
    ("Auto's   en   café's", "autos-en-cafes"),
    ("Straße, Ærø & Łódź 2024", "strasse-aero-lodz-2024"),
    ("  --Wallonië--  ", "wallonie"),
    ("Ĳsselmonde", "ijsselmonde"),
])
def test_slug(title, slug):
    assert slugify(title) == slug
    assert re.match(m.SLUG_PATTERN, slug)


def test_long_title_gives_a_slug_cut_at_a_word():
    slug = slugify("Een heel lange titel " * 10)
    assert len(slug) <= 60 and not slug.endswith("-") and re.match(m.SLUG_PATTERN, slug)


def test_refuses_to_overwrite(tmp_path):
    content = write_content(tmp_path, {})
    path = create(content, "tools", "Spelkaarten", TODAY)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("mijn werk")
    with pytest.raises(ScaffoldError, match="bestaat al"):
        create(content, "instrumenten", "spelkaarten", TODAY)
    with open(path, encoding="utf-8") as fh:
        assert fh.read() == "mijn werk"


def test_type_by_folder_section_or_label_and_a_hint_for_a_typo():
    assert resolve_type("tools").name == resolve_type("Instrumenten").name == "tools"
    assert resolve_type("schakelfiguur").name == "experts"
    with pytest.raises(ScaffoldError, match="bedoel je `tools`"):
        resolve_type("tols")
    with pytest.raises(ScaffoldError, match="bedoel je `tools`"):
        resolve_type("instrumnten")


def test_titles_that_yaml_would_misread_are_quoted():
    for title in ("Titel: met dubbele punt", "Stap #1", "yes", "- lijst", "[haakjes]", '"Aanhalingstekens"'):
        text = render("tools", title, TODAY)
        from harvest.content.document import parse

        doc = parse(text.encode(), "x.md")
        assert doc.data["title"] == title


def test_no_title_no_file(tmp_path):
    content = write_content(tmp_path, {})
    for title in ("", "   ", "?!"):
        with pytest.raises(ScaffoldError):
            create(content, "tools", title, TODAY)
    assert (not os.path.exists(os.path.join(content, "tools"))
            or not os.listdir(os.path.join(content, "tools")))


def _invoke(*args, cwd=ROOT):
    return subprocess.run([os.path.join(os.path.dirname(sys.executable), "invoke"), "-r", ROOT, *args],
                          cwd=cwd, capture_output=True, text=True, timeout=60)


def test_invoke_new_command(tmp_path):
    content = write_content(tmp_path, {})
    done = _invoke("new", "instrumenten", "Één nieuw instrument", "--content", content, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "content/tools/een-nieuw-instrument.md" in done.stdout
    assert "http://localhost:8000/instrumenten/een-nieuw-instrument/" in done.stdout
    assert os.path.isfile(os.path.join(content, "tools", "een-nieuw-instrument.md"))

    again = _invoke("new", "tools", "Één nieuw instrument", "--content", content, cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.strip() == ("invoke new: content/tools/een-nieuw-instrument.md bestaat al; "
                                    "kies een andere titel of bewerk dat bestand")
    assert "Traceback" not in again.stderr

    wrong = _invoke("new", "tols", "Iets", "--content", content, cwd=tmp_path)
    assert wrong.returncode == 1 and "bedoel je `tools`?" in wrong.stderr and "Traceback" not in wrong.stderr


def test_invoke_new_names_every_type_of_the_model():
    done = _invoke("--help", "new")
    assert done.returncode == 0, done.stderr
    help_text = " ".join(done.stdout.split())
    assert ", ".join(list(m.TYPES)[:-1]) + " or " + list(m.TYPES)[-1] in help_text
