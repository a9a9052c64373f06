"""The project's own documentation reads as GitHub shows it: parsed with cmark-gfm (GitHub's parser),
no table that failed to become one, every row of a table with the header's number of cells, every
code fence closed, every relative link pointing at a file (and heading) that exists."""

from __future__ import annotations

import glob
import os
import re
import unicodedata
import urllib.parse

import cmarkgfm
import pytest
from bs4 import BeautifulSoup
from cmarkgfm.cmark import Options

from helpers import ROOT

# A table's delimiter row (`|---|:--:|`) or a row of cells, seen in running text: a table that
# cmark-gfm could not read as one (pasted into a paragraph, or with a header of another width).
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_PIPE = re.compile(r"(?<!\\)\|")


def doc_files() -> list[str]:
    names = ["README.md", "CONTRIBUTING.md", "SECURITY.md", *sorted(glob.glob("docs/*.md", root_dir=ROOT))]
    return [n for n in names if os.path.exists(os.path.join(ROOT, n))]


def _line(element) -> int:
    return int((element.get("data-sourcepos") or "0:0").split(":")[0])


def _span(element) -> tuple[int, int]:
    start, end = element["data-sourcepos"].split("-")
    return int(start.split(":")[0]), int(end.split(":")[0])


def _cells(line: str) -> int:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return len(_PIPE.split(line))


def github_anchor(text: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", text.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def markdown_problems(text: str, path: str, root: str = ROOT) -> list[str]:
    """What is broken in the Markdown file `path` (relative to `root`), as `path:line: what`."""
    problems = []
    lines = text.split("\n")
    opened = None
    for number, line in enumerate(lines, 1):
        fence = _FENCE.match(line)
        if fence is None:
            continue
        if opened is None:
            opened = (number, fence.group(1))
        elif fence.group(1)[0] == opened[1][0] and len(fence.group(1)) >= len(opened[1]) \
                and not line.strip()[len(fence.group(1)):].strip():
            opened = None
    if opened is not None:
        problems.append(f"{path}:{opened[0]}: dit codeblok (```) wordt nergens gesloten")

    options = Options.CMARK_OPT_SOURCEPOS | Options.CMARK_OPT_UNSAFE
    soup = BeautifulSoup(cmarkgfm.github_flavored_markdown_to_html(text, options=options), "html.parser")
    # A delimiter row outside every table and code block that cmark-gfm made.
    kept = set()
    for block in soup.find_all(["table", "pre"]):
        first, last = _span(block)
        kept.update(range(first, last + 1))
    for number, line in enumerate(lines, 1):
        if _DELIMITER.match(line.lstrip("`")) and number not in kept:
            problems.append(f"{path}:{number}: een tabel staat midden in de tekst "
                            "(kop en scheidingsregel met evenveel kolommen, een lege regel ervoor)")
    for table in soup.find_all("table"):
        rows = table.find_all("tr")
        width = _cells(lines[_line(rows[0]) - 1])
        for row in rows[1:]:
            number = _line(row)
            if _cells(lines[number - 1]) != width:
                problems.append(f"{path}:{number}: deze tabelrij heeft {_cells(lines[number - 1])} "
                                f"cellen, de kop {width}")

    anchors = {github_anchor(h.get_text()) for h in soup.find_all(re.compile(r"^h[1-6]$"))}
    here = os.path.dirname(path)
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            target = element.get(attribute, "")
            parsed = urllib.parse.urlsplit(target)
            if parsed.scheme or parsed.netloc or not target:
                continue
            line = _line(element.find_parent(attrs={"data-sourcepos": True}))
            if not parsed.path:
                if parsed.fragment and parsed.fragment not in anchors:
                    problems.append(f"{path}:{line}: geen kop met anker `#{parsed.fragment}` in dit bestand")
                continue
            where = os.path.normpath(os.path.join(root, here, urllib.parse.unquote(parsed.path)))
            if not os.path.exists(where):
                problems.append(f"{path}:{line}: de link `{target}` wijst naar een bestand dat niet bestaat")
    return problems


@pytest.mark.parametrize("path", doc_files())
def test_documentation_is_well_formed_markdown(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as fh:
        assert markdown_problems(fh.read(), path) == []


def test_the_check_catches_what_broke_before(tmp_path):
    """The paragraph of docs/performance.md that had a table pasted into it, and its kin."""
    damaged = ("- **Zoekindex**: de hele index in één bestand komt er alleen met\n"
               "  `| zoekvraag | Oogst | Pagefind | verhouding |\n"
               "|---|---|---|---|\n"
               "| innovatie | 37,9 KB | 150 KB | 0,25 |_WHOLE_INDEX = True`.\n")
    assert any("tabel staat midden in de tekst" in p for p in markdown_problems(damaged, "x.md"))
    uneven = "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| 4 |\n"
    assert markdown_problems(uneven, "x.md") == ["x.md:3: deze tabelrij heeft 3 cellen, de kop 2",
                                                 "x.md:4: deze tabelrij heeft 1 cellen, de kop 2"]
    assert markdown_problems("Tekst\n\n```sh\nmake test\n", "x.md") == [
        "x.md:3: dit codeblok (```) wordt nergens gesloten"]
    (tmp_path / "docs").mkdir()
    (tmp_path / "bestaat.md").write_text("# Kop\n")
    links = ("# Een kop, met komma\n\n[goed](../bestaat.md) [weg](../weg.md) "
             "[anker](#een-kop-met-komma) [fout](#geen-kop)\n")
    assert markdown_problems(links, "docs/x.md", str(tmp_path)) == [
        "docs/x.md:3: de link `../weg.md` wijst naar een bestand dat niet bestaat",
        "docs/x.md:3: geen kop met anker `#geen-kop` in dit bestand"]


def test_contributing_writes_out_both_pull_request_paths():
    """Someone who never opened a pull request finds every step, each on its own line."""
    with open(os.path.join(ROOT, "CONTRIBUTING.md"), encoding="utf-8") as fh:
        text = fh.read()
    browser = text[text.index("### 2. In je browser"):text.index("### 3. Op je eigen computer")]
    local = text[text.index("### 3. Op je eigen computer"):text.index("## Concepten")]
    steps = [re.compile(r"^\d+\. .*" + re.escape(s), re.M) for s in (
        "**Add file**", "**Fork this repository**", "**Propose changes**", "**Create pull request**")]
    assert all(s.search(browser) for s in steps)
    for command in ("**Fork**", "git config --global user.name", "git config --global user.email",
                    "git clone https://github.com/<jouw-gebruikersnaam>/oogst.git", "git switch -c",
                    "git add", "git commit -m", "git push -u origin", "**Compare & pull request**"):
        assert re.search(r"^\d+\. .*" + re.escape(command), local, re.M), command
