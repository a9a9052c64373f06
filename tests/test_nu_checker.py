"""The W3C Nu Html Checker (npm `vnu-jar`, on the machine's Java) finds no error in any page,
stylesheet or SVG of the published build, nor in pages whose bodies use every kind of Markdown
the parity corpus holds; and no page skips a heading level (issues 12 and 13). One JVM run, since
starting Java is the slow part."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT, VALID, build, entry, write_content
from markdown_corpus import CORPUS

pytestmark = pytest.mark.slow

VNU = os.path.join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
CHECKED = (".html", ".css", ".svg")


def files(folder: str) -> list[str]:
    return sorted(os.path.join(where, name) for where, _, names in os.walk(folder)
                  for name in names if name.endswith(CHECKED))


@pytest.fixture(scope="module")
def markdown_site(tmp_path_factory):
    """Every corpus body as the body of a practice, built with publishconf.py (the image points
    at a file the build has)."""
    root = tmp_path_factory.mktemp("markdown-site")
    bodies = {f"practices/corpus-{number}.md":
              entry(f"Voorbeeld {number}", kind="goede-praktijk",
                    body=body.replace("images/doetank.jpg", "/theme/favicon.svg"))
              for number, body in enumerate(CORPUS.values())}
    content = write_content(root, {**VALID, **bodies})
    output = str(root / "output")
    build(content, output, "publishconf.py", SITEURL="https://oogst.test")
    return output


def test_every_page_stylesheet_and_svg_passes_the_nu_checker(published, markdown_site):
    if not shutil.which("java"):
        pytest.skip("Java ontbreekt: installeer een JRE (bv. `apt-get install default-jre-headless`) "
                    "om de W3C Nu Html Checker te draaien")
    if not os.path.exists(VNU):
        pytest.skip("vnu-jar ontbreekt: `npm ci` installeert de W3C Nu Html Checker in node_modules")
    checked = files(published) + [path for path in files(markdown_site) if path.endswith(".html")]
    assert any(p.endswith(".css") for p in checked) and any(p.endswith(".svg") for p in checked)
    result = subprocess.run(
        ["java", "-jar", VNU, "--errors-only", "--format", "json", "--also-check-css",
         "--also-check-svg", *checked], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m.get('url', '?').removeprefix('file:')}:{m.get('lastLine', 0)}:"
              f"{m.get('firstColumn', m.get('lastColumn', 0))}: {m['message']}"
              for m in messages if m["type"] in ("error", "non-document-error")]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("which", ["published", "markdown_site"])
def test_no_page_skips_a_heading_level(which, request):
    folder = request.getfixturevalue(which)
    skipped = []
    for path in files(folder):
        if not path.endswith(".html"):
            continue
        with open(path, encoding="utf-8") as fh:
            soup = BeautifulSoup(fh.read(), "html.parser")
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        if levels and (levels[0] != 1 or any(b > a + 1 for a, b in zip(levels, levels[1:]))):
            skipped.append(f"{os.path.relpath(path, folder)}: {levels}")
    assert not skipped, "\n".join(skipped)
