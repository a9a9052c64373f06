"""A link in a body to the site's own pages must name a page the build writes: a typo or a renamed
entry is reported by `make validate` and the build alike, at its line, with the nearest address."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import ROOT, VALID, build, entry, write_content

from harvest.report import ContentErrors

GOOD = ("Zie [het instrument](/instrumenten/diagnose-innovatie/), [dit thema](/themas/participatie/), "
        "[afgeronde projecten](/projecten/fase/afgerond/), [zoeken](/zoeken/?q=spring), "
        "[de data](/data/oogst.json), [de kennis](/kennis/#lijst) en [home](/).")


def validate(content):
    environ = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")}
    return subprocess.run([sys.executable, "-m", "harvest", "validate", content], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=120)


def test_links_to_pages_that_exist_build(tmp_path):
    content = write_content(str(tmp_path), {**VALID, "practices/verwijst.md": entry(
        "Verwijst", kind="goede-praktijk", body=GOOD)})
    assert validate(content).returncode == 0
    build(content, str(tmp_path / "output"))


@pytest.mark.parametrize("written, near", [
    ("/instrumenten/diagnose-inovatie/", "/instrumenten/diagnose-innovatie/"),
    ("/instrumenten/diagnose-innovatie", None),  # without the slash: the page exists, accepted
    ("/projecten/spring-uit-de-band-2/", "/projecten/spring-uit-de-band/"),
    ("/thema/participatie/", "/themas/participatie/"),
])
def test_a_broken_link_is_refused_at_its_line_with_the_nearest_page(tmp_path, capsys, written, near):
    body = f"Eerste regel.\n\nLees [meer]({written}) hierover."
    content = write_content(str(tmp_path), {**VALID, "practices/verwijst.md": entry(
        "Verwijst", kind="goede-praktijk", body=body)})
    done = validate(content)
    if near is None:
        assert done.returncode == 0, done.stderr
        return
    expected = (f"content/practices/verwijst.md:10:13: de link `{written}` wijst naar geen pagina van de "
                f"site; bedoel je `{near}`?")
    assert done.returncode == 1 and expected in done.stderr, done.stderr
    with pytest.raises(ContentErrors):
        build(content, str(tmp_path / "output"))
    assert expected in capsys.readouterr().err
