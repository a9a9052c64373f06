"""A link in a body to the site's own pages must name a page the build writes: a typo or a renamed
entry is reported by `make validate` and the build alike, at its line, with the nearest address."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from urllib.parse import quote

import pytest

from harvest.report import ContentErrors
from helpers import ROOT, SOURCE, VALID, build, entry, output_files, write_content

GOOD = ("Zie [het instrument](/instrumenten/diagnose-innovatie/), [dit thema](/themas/participatie/), "
        "[afgeronde projecten](/projecten/fase/afgerond/), [zoeken](/zoeken/?q=spring), "
        "[de data](/data/oogst.json), [de kennis](/kennis/#lijst) en [home](/).")


def validate(content):
    environ = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")}
    return subprocess.run([sys.executable, "-m", "harvest", "validate", content], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=120)


def test_links_to_pages_that_exist_build(tmp_path):
    content = write_content(str(tmp_path), {**VALID, "practices/verwijst.md": entry(
        "Verwijst", kind="goede-praktijk", source=SOURCE, body=GOOD)})
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
        "Verwijst", kind="goede-praktijk", source=SOURCE, body=body)})
    done = validate(content)
    if near is None:
        assert done.returncode == 0, done.stderr
        return
    expected = (f"content/practices/verwijst.md:11:13: de link `{written}` wijst naar geen pagina van de "
                f"site; bedoel je `{near}`?")
    assert done.returncode == 1 and expected in done.stderr, done.stderr
    with pytest.raises(ContentErrors):
        build(content, str(tmp_path / "output"))
    assert expected in capsys.readouterr().err


def test_validate_accepts_links_to_the_sites_own_pages_and_files(tmp_path):
    """The network page, the form and the events' calendars are pages the build writes too."""
    body = ("Zie [de verbanden](/verbanden/), [doe mee](/meedoen/) en zet\n"
            "[alle bijeenkomsten](/bijeenkomsten/agenda.ics) of\n"
            "[deze](/bijeenkomsten/het-congres/agenda.ics) "
            "in je agenda; volg [de feed](/feeds/oogst.atom.xml), lees [de sitemap](/sitemap.xml).")
    content = write_content(str(tmp_path), {
        **VALID, "practices/verwijst.md": entry("Verwijst", kind="goede-praktijk", source=SOURCE, body=body),
        "events/het-congres.md": entry("Het congres", kind="workshop", starts="2026-06-01 10:00",
                                       city="Gent", source=SOURCE)})
    done = validate(content)
    assert done.returncode == 0, done.stderr
    build(content, str(tmp_path / "output"))  # the build agrees


def _starter_with_every_kind_of_file(root) -> str:
    """The starter harvest, with what it lacks: a page of content/pages, an image and an entry
    with an earlier address (a redirect page)."""
    content = os.path.join(root, "content")
    shutil.copytree(os.path.join(ROOT, "content"), content)
    write_content(root, {"pages/over.md": "---\ntitle: Over Oogst\n---\nOver de oogst.\n",
                         "images/foto.png": png(),
                         "practices/hernoemd.md": entry("Hernoemd", kind="goede-praktijk",
                                                        aliases="[/oud/adres/, /oud/pagina.html]")},
                  themes=None)
    return content


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_every_file_the_build_writes_is_a_link_target_and_nothing_else(tmp_path):
    """`make validate` does not build, yet accepts a link to every file the build writes (pages,
    calendars, feeds, data, the search page, theme files, ...), and refuses others at their line."""
    content = _starter_with_every_kind_of_file(str(tmp_path))
    output = str(tmp_path / "output")
    build(content, output)
    written = sorted(output_files(output))
    for rel in ("404.html", "sitemap.xml", "robots.txt", "verbanden/index.html", "meedoen/index.html",
                "bijeenkomsten/agenda.ics", "data/oogst.json", "zoeken/index.html", "over/index.html",
                "images/foto.png", "oud/adres/index.html", "oud/pagina.html", "feeds/oogst.atom.xml"):
        assert rel in written, rel
    broken = {"/verbanden/oud/": None, "/meedoen/formulier.jsn": "/meedoen/formulier.json",
              "/feeds/themas/bestaat-niet.atom.xml": None, "/data/oogst.xml": None,
              "/zoeken/index": None, "/oud/ander-adres/": None,
              "/projecten/fase/afgerondd/": "/projecten/fase/afgerond/", "/projecten/jaar/1999/": None}
    lines = [f"[{i}](/{quote(rel)})" for i, rel in enumerate(written)] + [f"[x]({b})" for b in broken]
    write_content(str(tmp_path), {"practices/verwijst.md": entry(
        "Verwijst", kind="goede-praktijk", body="\n\n".join(lines))}, themes=None)
    done = validate(content)
    with open(os.path.join(content, "practices", "verwijst.md"), encoding="utf-8") as fh:
        text = fh.read()
    found = [line for line in done.stderr.splitlines() if "wijst naar geen pagina" in line]
    for written_link, near in broken.items():
        at = text.index(f"({written_link})") + 1
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        expected = (f"content/practices/verwijst.md:{line}:{column}: de link `{written_link}` "
                    "wijst naar geen pagina")
        assert any(expected in f for f in found), (expected, done.stderr[-2000:])
        if near:
            assert any(expected in f and f"bedoel je `{near}`?" in f for f in found)
    assert len(found) == len(broken), found  # every file the build wrote was accepted
