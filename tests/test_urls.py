"""Addresses come from settings in Pelican's style (THEME_URL/THEME_SAVE_AS, …): a site that
renames its theme pages or its feeds gets every page, link, feed, sitemap line and JSON-LD
address at the new place, and nothing at the old one."""

from __future__ import annotations

import os
import re
import runpy

from harvest.site.routes import DEFAULTS
from helpers import ROOT, VALID, build, entry, output_files, write_content

RENAMED = {
    "THEMES_URL": "onderwerpen/", "THEMES_SAVE_AS": "onderwerpen/index.html",
    "THEME_URL": "onderwerpen/{slug}.html", "THEME_SAVE_AS": "onderwerpen/{slug}.html",
    "ENTRY_URL": "{section}/{slug}.html", "ENTRY_SAVE_AS": "{section}/{slug}.html",
    "FACET_URL": "{section}/filter/{facet}-{value}/",
    "FACET_SAVE_AS": "{section}/filter/{facet}-{value}/index.html",
    "THEME_FEED_ATOM": "atom/onderwerp-{slug}.xml", "TYPE_FEED_ATOM": "atom/{section}.xml",
    "HARVEST_FEED_ATOM": "atom/alles.xml",
    "CITATION_BIB": "{section}/{slug}.bib", "CITATION_RIS": "{section}/{slug}.ris",
    "CITATION_JSON": "{section}/{slug}.csl.json",
}


def test_every_address_follows_the_settings(tmp_path):
    assert set(RENAMED) <= set(DEFAULTS)
    content = write_content(str(tmp_path), VALID)
    output = str(tmp_path / "output")
    build(content, output, "publishconf.py", SITEURL="https://oogst.test", **RENAMED)
    files = output_files(output)
    assert "onderwerpen/innovatiecultuur.html" in files and "onderwerpen/index.html" in files
    assert "projecten/spring-uit-de-band.html" in files
    assert "projecten/filter/fase-afgerond/index.html" in files
    assert {"atom/alles.xml", "atom/projecten.xml", "atom/onderwerp-participatie.xml"} <= set(files)
    assert not any(rel.startswith(("themas/", "feeds/")) or rel.endswith("spring-uit-de-band/index.html")
                   for rel in files)
    old = re.compile(rb"oogst\.test/(themas/|feeds/|projecten/spring-uit-de-band/|projecten/fase/)")
    for rel, data in files.items():
        if rel.endswith((".html", ".xml", ".json", ".csv", ".txt")):
            assert not old.search(data), rel
    home = files["index.html"].decode()
    assert 'href="https://oogst.test/onderwerpen/innovatiecultuur.html"' in home
    assert 'href="https://oogst.test/atom/alles.xml"' in home
    page = files["projecten/spring-uit-de-band.html"].decode()
    assert '"url": "https://oogst.test/onderwerpen/innovatiecultuur.html"' in page  # JSON-LD
    assert "<loc>https://oogst.test/projecten/spring-uit-de-band.html</loc>" in files["sitemap.xml"].decode()
    assert os.path.exists(os.path.join(output, "zoeken", "index.html"))
    # The link check (`make validate`, which does not build) takes the same settings: a body may
    # link to every file this build wrote, and no longer to the old addresses.
    from harvest.content.loader import validate_tree

    settings = {**runpy.run_path(os.path.join(ROOT, "publishconf.py")), **RENAMED}
    body = "\n\n".join(f"[{i}](/{rel})" for i, rel in enumerate(sorted(files)))
    write_content(str(tmp_path), {"practices/verwijst.md": entry(
        "Verwijst", kind="goede-praktijk", body=body)}, themes=None)
    assert validate_tree(content, settings=settings)[1] == []
    write_content(str(tmp_path), {"practices/verwijst.md": entry(
        "Verwijst", kind="goede-praktijk",
        body="[oud](/themas/innovatiecultuur/) [feed](/feeds/oogst.atom.xml)")}, themes=None)
    old_links = [p.message for p in validate_tree(content, settings=settings)[1]]
    assert len(old_links) == 2 and all("wijst naar geen pagina" in m for m in old_links), old_links


def test_templates_and_scripts_build_no_repository_address_themselves():
    """The repository's addresses (a file to edit, its history, a new issue, the issue form) come
    from routes.repository_url only: templates call `repository(...)`, the form gets them in its data."""
    found = []
    for folder in ("themes/oogst/templates", "themes/oogst/static/js"):
        for base, _dirs, files in os.walk(os.path.join(ROOT, folder)):
            for name in files:
                with open(os.path.join(base, name), encoding="utf-8") as fh:
                    text = fh.read()
                for hit in re.finditer(r"REPOSITORY_(?:URL|BRANCH|CONTENT_PATH)\s*(?:~|\}\})|/issues/new|"
                                       r"nieuwe-inzending\.yml|/(?:edit|blob|commits)/", text):
                    found.append(f"{name}: {text[max(0, hit.start() - 30):hit.end() + 10]!r}")
    assert found == []
