"""The live preview's warm rebuild writes only what changed, and what it serves is exactly what
a cold `pelican` build of the same content writes: after an edit in a body, in front matter, a
new entry and a removed one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from harvest.content import reading
from harvest.tools.preview import Preview
from harvest.tools.serving import mirror, snapshot
from helpers import ROOT, VALID, entry, write_content
from helpers import output_files as files


def cold(content: str, output: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")}
    subprocess.run([sys.executable, "-m", "pelican", content, "-s", "pelicanconf.py", "-o", output,
                    "-q"], cwd=ROOT, env=env, check=True, capture_output=True)
    return files(output)


def mtimes(folder: str) -> dict[str, int]:
    return {rel: os.stat(os.path.join(folder, rel)).st_mtime_ns for rel in files(folder)}


@pytest.fixture
def warm(tmp_path):
    content = write_content(tmp_path, VALID)
    served = str(tmp_path / "served")
    preview = Preview(os.path.join(ROOT, "pelicanconf.py"), path=content,
                      output=str(tmp_path / "staging"), CACHE_PATH=str(tmp_path / "cache"))

    def rebuild(clean=False) -> int:
        """As the live preview does: build, then copy what the build says it changed."""
        rebuild.preview = preview
        assert preview.build(clean=clean)
        assert (preview.changed is None) == clean
        return mirror(str(tmp_path / "staging"), served, preview.changed)

    rebuild(clean=True)
    yield content, served, rebuild


def warm_preview(rebuild) -> Preview:
    return rebuild.preview


def edit(content: str, rel: str, old: str, new: str) -> None:
    path = os.path.join(content, rel)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    assert old in text
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(old, new))


@pytest.mark.slow  # several whole builds: the slow tier
def test_warm_rebuilds_serve_what_a_cold_build_writes(warm, tmp_path):
    content, served, rebuild = warm
    assert files(served) == cold(content, str(tmp_path / "cold0"))

    # An edit in one body: that entry's page, the search index and the open data change; the
    # listings, the other entries and the feeds' neighbours are not written again.
    before = mtimes(served)
    edit(content, "practices/fouten-maken-mag.md", "Tekst van de inzending.",
         "Tekst van de inzending, met een zin over zuurdesem.")
    assert 0 < rebuild() < 30
    after = mtimes(served)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert "ervaringen/fouten-maken-mag/index.html" in changed
    assert "data/oogst.json" in changed
    assert not changed & {"ervaringen/index.html", "index.html", "projecten/spring-uit-de-band/index.html",
                          "data/oogst.csv"}
    assert b"zuurdesem" in files(served)["ervaringen/fouten-maken-mag/index.html"]
    assert files(served) == cold(content, str(tmp_path / "cold1"))

    # A title in front matter shows on many pages: they are all written again, correctly.
    edit(content, "experts/menno-spaan.md", "title: Menno Spaan", "title: Menno Spaan-Jansen")
    rebuild()
    assert files(served) == cold(content, str(tmp_path / "cold2"))

    # A new entry, then a removed one: its page appears, then disappears with its facet pages.
    write_content(tmp_path, {"tools/nieuwe-werkvorm.md": entry(
        "Nieuwe werkvorm", kind="werkvorm", themes="[samenwerking]")})
    rebuild()
    assert "instrumenten/nieuwe-werkvorm/index.html" in files(served)
    assert files(served) == cold(content, str(tmp_path / "cold3"))
    os.remove(os.path.join(content, "tools", "nieuwe-werkvorm.md"))
    rebuild()
    assert "instrumenten/nieuwe-werkvorm/index.html" not in files(served)
    assert files(served) == cold(content, str(tmp_path / "cold4"))


@pytest.mark.slow  # two builds, one cold
def test_a_title_that_reorders_entries_of_one_day_reorders_the_feeds(warm, tmp_path):
    """The feeds' newest-first order is kept while the front matter and Git days are the same:
    on one day, the titles decide it (every entry here is of 2024-05-01)."""
    content, served, rebuild = warm
    write_content(tmp_path, {"practices/bakken-met-zuurdesem.md": entry(
        "Bakken met zuurdesem", kind="verrijkende-mislukking", source="https://example.org/bron")})
    rebuild()
    before = files(served)["feeds/oogst.atom.xml"]
    assert before.index(b"Bakken met zuurdesem") < before.index(b"Fouten maken mag")
    edit(content, "practices/fouten-maken-mag.md", "title: Fouten maken mag", "title: Aaa fouten maken mag")
    rebuild()
    feed = files(served)["feeds/oogst.atom.xml"]
    assert feed.index(b"Aaa fouten maken mag") < feed.index(b"Bakken met zuurdesem")
    assert files(served) == cold(content, str(tmp_path / "cold"))


def test_a_file_changed_behind_the_builds_back_is_written_again(warm, tmp_path):
    """In the preview's staging folder (its own: Ledger.trusted) a file changed behind its back
    need not be written again, but what it serves stays what a cold build writes; a build into
    a folder others may write looks (tests/test_state.py)."""
    content, served, rebuild = warm
    staging = str(tmp_path / "staging")
    page = os.path.join(staging, "ervaringen", "fouten-maken-mag", "index.html")
    with open(page, "w", encoding="utf-8") as fh:
        fh.write("kapot")
    os.remove(os.path.join(staging, "index.html"))
    rebuild()
    assert files(served) == cold(content, str(tmp_path / "cold"))


@pytest.mark.slow  # a warm build, one cold
def test_a_page_added_is_in_the_sitemap_of_a_warm_build(warm, tmp_path):
    """The sitemap's text is kept while its dates and pages are the same: a page of content/pages
    added (the preview then empties its folder) changes neither the entries nor their dates."""
    content, served, rebuild = warm
    write_content(tmp_path, {"pages/over.md": "---\ntitle: Over\n---\nOver de oogst.\n"})
    rebuild(clean=True)
    assert b"/over/" in files(served)["sitemap.xml"]
    assert files(served) == cold(content, str(tmp_path / "cold"))


@pytest.mark.slow  # three warm builds, one cold
def test_a_change_the_watcher_missed_is_found_by_the_audit(warm, tmp_path, monkeypatch):
    """A build told what changed looks at nothing else (the preview's watcher, as Hugo's server
    trusts its own). When the report missed a file (a watcher that lost events), the audit that
    follows each such build finds it, and the build after it, which looks at every file, serves
    what a cold build writes."""
    content, served, rebuild = warm
    preview_of = warm_preview(rebuild)
    path = os.path.join(content, "practices", "fouten-maken-mag.md")
    monkeypatch.setattr(reading, "SETTLED_NS", 0)  # known by its stat at once, not after 2 s
    assert preview_of.build(changed=[path])
    assert preview_of.audit()
    edit(content, "practices/fouten-maken-mag.md", "Tekst van de inzending.", "Tekst over zuurdesem.")
    assert preview_of.build(changed=[])  # the report missed it
    mirror(str(tmp_path / "staging"), served, preview_of.changed)
    assert b"zuurdesem" not in files(served)["ervaringen/fouten-maken-mag/index.html"]
    assert not preview_of.audit()
    rebuild()  # what LivePreview does after a failed audit: a build that is told nothing
    assert b"zuurdesem" in files(served)["ervaringen/fouten-maken-mag/index.html"]
    assert preview_of.audit()
    assert files(served) == cold(content, str(tmp_path / "cold"))


@pytest.mark.slow  # several builds, one cold
def test_problems_across_files_hold_in_warm_builds_until_they_are_fixed(warm, tmp_path, capsys):
    """The rules across files (relations, links to the site's pages) run again only when front
    matter changed: a problem they found stays while only a body changes, and goes with its fix."""
    content, served, rebuild = warm
    practice, tool = "practices/fouten-maken-mag.md", "tools/diagnose-innovatie.md"
    edit(content, practice, "projects: [spring-uit-de-band]", "projects: [spring-uit-de-bandd]")
    capsys.readouterr()
    assert not preview_builds(rebuild)
    assert "spring-uit-de-bandd" in capsys.readouterr().err
    # Another entry's body: the same front matter everywhere, the same problem.
    edit(content, tool, "Tekst van de inzending.", "Tekst van de inzending, nu langer.")
    assert not preview_builds(rebuild)
    assert "spring-uit-de-bandd" in capsys.readouterr().err
    # Its title (which no rule across files reads): the same problem, at the same place; a
    # title that moves the lines below it moves the problem too.
    edit(content, practice, "title: Fouten maken mag", "title: Fouten maken mag echt")
    assert not preview_builds(rebuild)
    assert "fouten-maken-mag.md:7:" in capsys.readouterr().err
    edit(content, practice, "title: Fouten maken mag echt", "title: >-\n  Fouten maken mag echt")
    assert not preview_builds(rebuild)
    assert "fouten-maken-mag.md:8:" in capsys.readouterr().err
    edit(content, practice, "projects: [spring-uit-de-bandd]", "projects: [spring-uit-de-band]")
    rebuild()
    # A body's link to a page that does not exist; then to one that does.
    edit(content, tool, "nu langer.", "nu langer, zie [dit](/ervaringen/bestaat-niet/).")
    assert not preview_builds(rebuild)
    assert "/ervaringen/bestaat-niet/" in capsys.readouterr().err
    edit(content, tool, "/ervaringen/bestaat-niet/", "/ervaringen/fouten-maken-mag/")
    rebuild()
    assert files(served) == cold(content, str(tmp_path / "cold"))
    # A page added without emptying the folder: the sitemap of a warm build, which walks no folder.
    os.makedirs(os.path.join(content, "pages"), exist_ok=True)
    with open(os.path.join(content, "pages", "colofon.md"), "w", encoding="utf-8") as fh:
        fh.write("---\ntitle: Colofon\n---\nWie de oogst maakt.\n")
    rebuild()
    assert "/colofon/</loc>" in files(served)["sitemap.xml"].decode()
    assert files(served) == cold(content, str(tmp_path / "cold2"))


@pytest.mark.slow  # several builds, one cold
def test_a_problem_fixed_in_another_file_goes_in_a_warm_build(warm, tmp_path, capsys):
    """A file's document is kept while its bytes are the same, without what the rules across files
    put on it: an earlier address two entries claim is on the second one, and goes when the first
    lets it go."""
    content, served, rebuild = warm
    practice, tool = "practices/fouten-maken-mag.md", "tools/diagnose-innovatie.md"
    edit(content, practice, "kind: verrijkende-mislukking", "kind: verrijkende-mislukking\naliases: [/oud/]")
    edit(content, tool, "kind: werkvorm", "kind: werkvorm\naliases: [/oud/]")
    capsys.readouterr()
    assert not preview_builds(rebuild)
    assert "diagnose-innovatie.md" in capsys.readouterr().err
    edit(content, practice, "\naliases: [/oud/]", "")
    rebuild()
    assert files(served) == cold(content, str(tmp_path / "cold"))


def preview_builds(rebuild) -> bool:
    try:
        rebuild()
    except AssertionError:
        return False
    return True


def test_a_template_edit_reaches_every_page_in_a_warm_build(tmp_path):
    import shutil

    theme = str(tmp_path / "theme")
    shutil.copytree(os.path.join(ROOT, "themes", "oogst"), theme)
    content = write_content(tmp_path, VALID)
    staging = str(tmp_path / "staging")
    preview = Preview(os.path.join(ROOT, "pelicanconf.py"), path=content, output=staging,
                      THEME=theme, CACHE_PATH=str(tmp_path / "cache"))
    assert preview.build(clean=True)
    edit(theme, "templates/base.html", '{{ _("Redactie") }}</h2>', '{{ _("Redactie") }} (proef)</h2>')
    assert preview.build()
    for rel in ("index.html", "ervaringen/index.html", "ervaringen/fouten-maken-mag/index.html"):
        with open(os.path.join(staging, rel), encoding="utf-8") as fh:
            assert "Redactie (proef)</h2>" in fh.read(), rel


def _changed(before: dict, after: dict) -> set[str]:
    return {rel for rel in after if after[rel] != before.get(rel)} | (before.keys() - after.keys())


@pytest.mark.slow  # a synthetic harvest built warm and cold after each of seven edits
@pytest.mark.parametrize("told", [False, True], ids=["walked", "told"])
def test_warm_equals_cold_on_a_grown_harvest_for_every_kind_of_edit(tmp_path, told, monkeypatch):
    """A page is rendered again only when what it shows changed (site/pages.py), so the oracle
    runs on a harvest with rings of relations, many facet pages and organisations as filters:
    each kind of edit a contributor makes, then the warm build against a cold one. `told`: each
    build is told which files changed, as the preview's watcher tells it (only those are looked
    at), and the audit afterwards finds nothing it missed."""
    import re

    from bench.synth import generate
    from harvest.integration import generator

    def site_pages(harvest, settings, memo=None, inputs=b""):
        """Each page's digest of what it shows, kept or made, is the one a build without memos
        makes: stricter than the bytes (a card need not show all its entry's `shown`)."""
        pages = real(harvest, settings, memo, inputs)
        fresh = {p.save_as: p.shows for p in real(harvest, settings, None, inputs)}
        assert {p.save_as: p.shows for p in pages} == fresh
        return pages

    real = generator.site_pages
    monkeypatch.setattr(generator, "site_pages", site_pages)
    content = str(tmp_path / "content")
    generate(content, 70, body_words=40)
    served = str(tmp_path / "served")
    preview = Preview(os.path.join(ROOT, "pelicanconf.py"), path=content,
                      output=str(tmp_path / "staging"), CACHE_PATH=str(tmp_path / "cache"))
    assert preview.build(clean=True)
    mirror(str(tmp_path / "staging"), served)

    def slugs(type_name):
        return sorted(name[:-3] for name in os.listdir(os.path.join(content, type_name)))

    def rel(type_name, slug):
        return os.path.join(type_name, slug + ".md")

    def referenced(slug):
        return any(re.search(rf"[\[ ]{re.escape(slug)}[,\]]", open(os.path.join(content, t, n)).read())
                   for t in os.listdir(content) if os.path.isdir(os.path.join(content, t))
                   for n in os.listdir(os.path.join(content, t)))

    def check(step: int) -> set[str]:
        before = mtimes(served)
        now = snapshot([content])
        paths = sorted(f for f in now.keys() | seen.keys() if now.get(f) != seen.get(f))
        seen.clear()
        seen.update(now)
        assert preview.build(changed=paths if told else None), step
        assert preview.audit(), step
        mirror(str(tmp_path / "staging"), served, preview.changed)
        assert files(served) == cold(content, str(tmp_path / f"cold{step}")), step
        return _changed(before, mtimes(served))

    seen = snapshot([content])  # what the watcher would report: the files whose stat changed
    practice, organisation = slugs("practices")[0], slugs("organisations")[0]
    # A body: that page, the search index and the open data; no listing.
    edit(content, rel("practices", practice), "\n---\n", "\n---\nEen nieuwe eerste zin over zuurdesem.\n")
    changed = check(1)
    assert f"ervaringen/{practice}/index.html" in changed and "ervaringen/index.html" not in changed
    # A title: the pages that show it, not every page of the site.
    edit(content, rel("practices", practice), 'title: "', 'title: "Aaa nieuw ')
    changed = check(2)
    pages = {p for p in files(served) if p.endswith(".html")}
    assert "ervaringen/index.html" in changed and len(changed & pages) < len(pages) / 2
    # An organisation's title: a filter value on the listings of every type.
    edit(content, rel("organisations", organisation), 'title: "', 'title: "Zzz ')
    check(3)
    # A relation added: both pages, the drawings round them, the organisations' filters.
    path = os.path.join(content, rel("practices", practice))
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    text = re.sub(r"^organisations: .*\n", "", text, flags=re.M)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace("\n---\n", f"\norganisations: [{organisation}]\n---\n", 1))
    check(4)
    # A rename: the file and every reference to it.
    old = next(s for s in slugs("tools") if referenced(s))
    new = "hernoemd-" + old
    os.rename(os.path.join(content, rel("tools", old)), os.path.join(content, rel("tools", new)))
    for type_name in os.listdir(content):
        folder = os.path.join(content, type_name)
        for name in os.listdir(folder) if os.path.isdir(folder) else ():
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                text = fh.read()
            if re.search(rf"\b{re.escape(old)}\b", text):
                with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
                    fh.write(re.sub(rf"(?<=[\[ ]){re.escape(old)}(?=[,\]])", new, text))
    changed = check(5)
    assert f"instrumenten/{new}/index.html" in changed and f"instrumenten/{old}/index.html" in changed
    # A deletion of an entry nothing refers to.
    gone = next(s for s in slugs("knowledge") if not referenced(s))
    os.remove(os.path.join(content, rel("knowledge", gone)))
    check(6)
    # A theme added, and an entry that uses it.
    with open(os.path.join(content, "themes.yml"), "a", encoding="utf-8") as fh:
        fh.write("- slug: zuurdesem\n  title: Zuurdesem\n  description: Wat rijst als je wacht.\n")
    edit(content, rel("practices", practice), "themes: [", "themes: [zuurdesem, ")
    changed = check(7)
    assert "themas/zuurdesem/index.html" in changed
    # An organisation names a tool: the tools' organisation filter changes, though no tool's
    # front matter did (an entry's organisations follow from relations on either side).
    org_path = os.path.join(content, rel("organisations", organisation))
    with open(org_path, encoding="utf-8") as fh:
        text = re.sub(r"^tools: .*\n", "", fh.read(), flags=re.M)
    tool = next(s for s in slugs("tools") if s not in text and organisation not in open(
        os.path.join(content, rel("tools", s)), encoding="utf-8").read())
    with open(org_path, "w", encoding="utf-8") as fh:
        fh.write(text.replace("\n---\n", f"\ntools: [{tool}]\n---\n", 1))
    changed = check(8)
    assert "instrumenten/index.html" in changed


def test_the_first_save_after_a_build_in_workers_compiles_no_template(tmp_path, monkeypatch):
    """The first build renders its pages in forked workers; the preview then compiles the
    templates in its own process too, so that the editor's first save renders without compiling."""
    import jinja2.environment

    from harvest.integration import rendering

    monkeypatch.setattr(rendering, "PARALLEL_FROM", 1)  # workers even for a small harvest
    content = write_content(tmp_path, VALID)
    preview = Preview(os.path.join(ROOT, "pelicanconf.py"), path=content,
                      output=str(tmp_path / "staging"), CACHE_PATH=str(tmp_path / "cache"))
    assert preview.build(clean=True)
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 1000)  # the save's one page: rendered here
    parsed = []
    parse = jinja2.environment.Environment._parse

    def parsing(env, source, name, filename):
        parsed.append(name)
        return parse(env, source, name, filename)

    monkeypatch.setattr(jinja2.environment.Environment, "_parse", parsing)
    edit(content, "practices/fouten-maken-mag.md", "Tekst van de inzending.", "Tekst, nu langer.")
    assert preview.build()
    assert "ervaringen/fouten-maken-mag/index.html" in preview.changed
    assert parsed == []


@pytest.mark.slow  # several builds, one cold
def test_links_in_unchanged_bodies_are_checked_again_when_their_targets_change(warm, tmp_path, capsys):
    """A body is checked for links to the site's pages again only when it or the link targets
    changed, or when it had a broken link: a page that goes breaks a link in a body no one
    touched, and a broken link stays refused while another body changes."""
    content, served, rebuild = warm
    practice, tool = "practices/fouten-maken-mag.md", "tools/diagnose-innovatie.md"
    edit(content, tool, "Tekst van de inzending.", "Zie [dit](/ervaringen/fouten-maken-mag/).")
    rebuild()
    capsys.readouterr()
    os.remove(os.path.join(content, practice))  # the tool's body is the same: its link now breaks
    assert not preview_builds(rebuild)
    assert "/ervaringen/fouten-maken-mag/" in capsys.readouterr().err
    edit(content, "projects/spring-uit-de-band.md", "Tekst van de inzending.", "Een andere tekst.")
    assert not preview_builds(rebuild)
    assert "/ervaringen/fouten-maken-mag/" in capsys.readouterr().err
    edit(content, tool, "/ervaringen/fouten-maken-mag/", "/projecten/spring-uit-de-band/")
    rebuild()
    assert files(served) == cold(content, str(tmp_path / "cold"))


@pytest.mark.slow  # several builds, one cold
def test_an_entry_that_changes_type_in_place_changes_the_search_index(warm, tmp_path):
    """As many entries as before, the same ones at most places: a practice gone and a tool come
    in one build, so that an entry of another type holds its place in the search's order."""
    from helpers import SOURCE

    content, served, rebuild = warm
    os.remove(os.path.join(content, "practices/fouten-maken-mag.md"))
    with open(os.path.join(content, "tools/fouten-vieren.md"), "w", encoding="utf-8") as fh:
        fh.write(entry("Fouten vieren", kind="werkvorm", duration="halve dag", source=SOURCE))
    rebuild()
    assert files(served) == cold(content, str(tmp_path / "cold"))
