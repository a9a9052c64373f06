"""One build layer with explicit state (issue 14): what a builder remembers lives in its own
BuildState, not in module globals. Two content folders built in one process, each with its own
state and alternating, each give what a fresh cold build gives; a state reused for another folder
does not leak the first's entries; builds change no module-level container; our Writer rewrites
and announces only the pages whose inputs changed; `pelican -q`/`-v` govern the plugin's output;
the import direction stays one way."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys

from harvest.state import BuildState
from helpers import ROOT, VALID, entry, output_files, write_content

PLUGINS = os.path.join(ROOT, "plugins")


def build_with(state: BuildState | None, content: str, output: str, **overrides) -> None:
    from pelican.settings import read_settings

    from harvest.integration.build import run_pelican

    settings = read_settings(os.path.join(ROOT, "pelicanconf.py"), override={
        "PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": os.path.join(output, "..", ".cache"),
        **overrides})
    run_pelican(settings, state)


def folders(tmp_path):
    """Two harvests: different entries, and the same slug in one type with other text."""
    a = write_content(str(tmp_path / "a"), VALID)
    b = write_content(str(tmp_path / "b"), {
        "tools/diagnose-innovatie.md": entry("Diagnose in een andere oogst", kind="werkvorm",
                                            body="Een heel andere tekst over dromen en durven."),
        "projects/stadslab.md": entry("Stadslab", stage="lopend", started=2021,
                                      themes="[participatie]", body="Samen de stad maken."),
    })
    return a, b


def cold(content: str, output: str) -> dict[str, bytes]:
    build_with(None, content, output)  # a fresh state of its own
    return output_files(output)


def test_two_folders_in_one_process_each_build_what_a_cold_build_writes(tmp_path):
    a, b = folders(tmp_path)
    expected = {a: cold(a, str(tmp_path / "cold-a")), b: cold(b, str(tmp_path / "cold-b"))}
    assert expected[a]["instrumenten/diagnose-innovatie/index.html"] != \
        expected[b]["instrumenten/diagnose-innovatie/index.html"]
    states = {a: BuildState(), b: BuildState()}  # as two previews in one process would keep
    for round_ in range(2):  # alternating, so each state's second build is warm
        for content in (a, b):
            output = str(tmp_path / f"out-{os.path.basename(os.path.dirname(content))}")
            build_with(states[content], content, output)
            assert output_files(output) == expected[content], (round_, content)
    assert states[a].warm and states[b].warm


def test_a_state_reused_for_another_folder_does_not_leak_the_first(tmp_path):
    a, b = folders(tmp_path)
    expected = cold(b, str(tmp_path / "cold-b"))
    state, output = BuildState(), str(tmp_path / "out")
    build_with(state, a, output)
    assert "projecten/spring-uit-de-band/index.html" in output_files(output)
    build_with(state, b, output)  # warm, same output folder, another harvest
    assert output_files(output) == expected
    assert all(path.startswith(b) for path in state.reads)


def _module_containers() -> dict[str, str]:
    """repr of every dict, list and set that a plugin module holds at module level."""
    found = {}
    for package in ("harvest", "harvest_search"):
        module = importlib.import_module(package)
        names = [package] + [info.name for info in pkgutil.walk_packages(module.__path__, f"{package}.")]
        for name in names:
            if name in ("harvest.__main__",):
                continue
            mod = importlib.import_module(name)
            for key, value in vars(mod).items():
                if type(value) in (dict, list, set) or isinstance(value, (dict, list, set)) and \
                        not isinstance(value, type):
                    found[f"{name}.{key}"] = repr(value)
    return found


def test_builds_change_no_module_level_container(tmp_path):
    """Constants only at module level (the model, settings defaults, Markdown configuration…):
    no build adds to or changes any of them. Pure-function memos (functools.lru_cache of a sort
    key or a word's term) are not containers and hold nothing a build could leak."""
    a, b = folders(tmp_path)
    before = _module_containers()
    state = BuildState()
    build_with(state, a, str(tmp_path / "out-a"))
    build_with(state, b, str(tmp_path / "out-b"))
    build_with(None, a, str(tmp_path / "out-a"))
    after = _module_containers()
    assert after.keys() == before.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []


def test_a_warm_rebuild_writes_and_announces_only_the_edited_entrys_page(tmp_path):
    """content_written (what pelican-sitemap and the preview listen to) for written pages only."""
    from pelican import signals

    content = write_content(str(tmp_path), VALID)
    output = str(tmp_path / "output")
    state = BuildState()
    build_with(state, content, output)
    search_page = os.path.join(output, "zoeken", "index.html")
    mtime = os.stat(search_page).st_mtime_ns
    path = os.path.join(content, "tools", "diagnose-innovatie.md")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace("Tekst van de inzending.", "Een nieuwe alinea."))
    announced = []

    def written(path, context=None):
        announced.append(os.path.relpath(path, output))

    signals.content_written.connect(written)
    try:
        build_with(state, content, output)
    finally:
        signals.content_written.disconnect(written)
    # Not the other pages: their text is the same. The search page holds the index's table of
    # contents (its version changed with the body), so it is written again, through our Writer.
    assert sorted(announced) == [os.path.join("instrumenten", "diagnose-innovatie", "index.html"),
                                 os.path.join("zoeken", "index.html")]
    assert "Een nieuwe alinea." in output_files(output)["instrumenten/diagnose-innovatie/index.html"].decode()
    assert os.stat(search_page).st_mtime_ns != mtime
    # What shows the body: its page, the open data's JSON, the feeds and the search index.
    assert sorted(rel for rel in state.ledger.written if rel.endswith(".html")) == \
        ["instrumenten/diagnose-innovatie/index.html", "zoeken/index.html"]
    assert {rel for rel in state.ledger.written
            if not rel.startswith(("feeds/", "zoeken/index/"))} == \
        {"instrumenten/diagnose-innovatie/index.html", "data/oogst.json", "zoeken/index.html"}


def test_a_markdown_setting_is_merged_over_ours_and_keeps_gfm_and_the_sanitiser(tmp_path):
    body = "## Aanpak\n\nTekst ~~weg~~ ~ongeveer <script>alert(1)</script>\n\n| a |\n|---|\n| 1 |\n"
    content = write_content(str(tmp_path), {**VALID, "tools/diagnose-innovatie.md": entry(
        "Diagnose innovatie", kind="werkvorm", duration="halve dag", experts="[menno-spaan]", body=body)})
    output = str(tmp_path / "output")
    state = BuildState()
    build_with(state, content, output)  # warm afterwards: the bodies read are remembered
    assert 'href="#aanpak"' not in output_files(output)["instrumenten/diagnose-innovatie/index.html"].decode()
    build_with(state, content, output, MARKDOWN={
        "extension_configs": {"markdown.extensions.toc": {"permalink": True}},
        "extensions": [], "output_format": "html"})
    html = output_files(output)["instrumenten/diagnose-innovatie/index.html"].decode()
    assert 'href="#aanpak"' in html  # the user's toc configuration: a permalink per heading
    assert "<del>weg</del> ~ongeveer" in html and "<table>" in html  # GitHub's Markdown still
    assert "alert(1)" not in html  # the sanitiser is not a setting


def pelican(content: str, output: str, *args) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    environ.pop("PYTHONPATH", None)
    return subprocess.run([sys.executable, "-m", "pelican", content,
                           "-s", os.path.join(ROOT, "pelicanconf.py"), "-o", output, *args],
                          cwd=os.path.dirname(content),
                          env={**environ, "COLUMNS": "200"}, capture_output=True, text=True, timeout=180)


def test_quiet_prints_nothing_and_verbose_shows_the_plugins_lines(tmp_path):
    content = write_content(str(tmp_path), VALID)
    quiet = pelican(content, str(tmp_path / "q"), "-q")
    assert quiet.returncode == 0 and quiet.stdout.strip() == "" and quiet.stderr.strip() == ""
    plain = pelican(content, str(tmp_path / "p"))
    assert "Oogst: 6 inzendingen gelezen" not in plain.stdout + plain.stderr
    verbose = pelican(content, str(tmp_path / "v"), "-v")
    said = verbose.stdout + verbose.stderr
    assert verbose.returncode == 0, said
    assert "Oogst: 6 inzendingen gelezen (koud)" in said
    assert "bestanden geschreven" in said


def test_the_sites_own_folders_follow_the_url_settings():
    """An earlier address (alias) or a page may not take a folder the site writes; which folders
    those are follows the URL settings, not a list in the code."""
    from harvest.site.aliases import reserved
    from harvest.site.routes import site_folders

    assert {"themas", "feeds"} <= set(site_folders({}))
    moved = {"THEMES_SAVE_AS": "onderwerpen/index.html", "THEME_SAVE_AS": "onderwerpen/{slug}/index.html",
             "HARVEST_FEED_ATOM": "rss/oogst.xml", "TYPE_FEED_ATOM": "rss/{section}.xml",
             "THEME_FEED_ATOM": "rss/onderwerpen/{slug}.xml", "LISTING_SAVE_AS": "{section}/alle.html"}
    assert {"onderwerpen", "rss"} <= set(site_folders(moved)) and "themas" not in site_folders(moved)
    assert (reserved("onderwerpen/oud/index.html", (), moved)
            and not reserved("themas/oud/index.html", (), moved))
    assert reserved("projecten/alle.html", (), moved) and not reserved("projecten/index.html", (), moved)
    assert reserved("projecten/thema/x/index.html", (), moved)  # a facet page, from FACET_SAVE_AS


def test_a_warm_read_knows_a_settled_file_by_its_stat_and_reads_a_changed_one(tmp_path, monkeypatch):
    """A file whose stat (size, times, inode) is as it was when read, and old enough to trust,
    is not read again; a change that keeps its size and its modification time (set back by a
    tool) still changes its ctime, and is read."""
    from harvest.content import reading

    path = str(tmp_path / "fouten-maken-mag.md")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(VALID["practices/fouten-maken-mag.md"])
    old = os.stat(path).st_mtime_ns - 10_000_000_000
    os.utime(path, ns=(old, old))
    monkeypatch.setattr(reading, "SETTLED_NS", 0)  # ctime is now: trusted at once in this test
    state = BuildState()
    reading.read_all([path], state=state)
    reading.read_all([path], state=state)  # read, the same bytes: known by its stat from now on
    opened = []
    real = reading.read_capped
    monkeypatch.setattr(reading, "read_capped", lambda p: opened.append(p) or real(p))
    [record] = reading.read_all([path], state=state)
    assert opened == [] and "Tekst van de inzending." in record.document.body
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace("Tekst van de inzending.", "Tekst van de inzendinG."))
    os.utime(path, ns=(old, old))
    [record] = reading.read_all([path], state=state)
    assert opened == [path] and "Tekst van de inzendinG." in record.document.body


def test_a_warm_build_into_a_folder_others_write_writes_again_what_was_changed_there(tmp_path):
    content = write_content(str(tmp_path), VALID)
    output = str(tmp_path / "output")
    state = BuildState()
    build_with(state, content, output)
    page = os.path.join(output, "ervaringen", "fouten-maken-mag", "index.html")
    with open(page, encoding="utf-8") as fh:
        text = fh.read()
    with open(page, "w", encoding="utf-8") as fh:
        fh.write("kapot")
    os.remove(os.path.join(output, "index.html"))
    build_with(state, content, output)
    with open(page, encoding="utf-8") as fh:
        assert fh.read() == text
    assert os.path.exists(os.path.join(output, "index.html"))


def test_memory_a_phase_freed_goes_back_to_the_system():
    """give_back returns freed memory where the C library can (glibc's malloc_trim), and does
    nothing where it cannot."""
    from harvest import state

    state.give_back()
    if sys.platform.startswith("linux"):
        import platform

        if platform.libc_ver()[0] == "glibc":
            assert state._malloc_trim is not None


def test_a_file_is_written_as_a_text_file_is(tmp_path):
    """write_file writes a text whole through the system (no text layer): the bytes, line endings
    and returned size and mtime are those of open(path, "w", newline=...); a list of parts goes
    through the text layer, and a missing folder is made."""
    from harvest.state import write_file

    text = "Één regel\nnog één\r\nen 😀 \u2028 een derde\n"
    for newline in ("\n", "", None, "\r\n", "\r"):
        with open(tmp_path / "expected", "w", encoding="utf-8", newline=newline) as fh:
            fh.write(text)
        for name, given in (("whole", text), ("parts", [text[:5], text[5:]])):
            size, mtime = write_file(str(tmp_path), f"new/{name}-{newline!r}.txt", given, newline)
            path = tmp_path / "new" / f"{name}-{newline!r}.txt"
            assert path.read_bytes() == (tmp_path / "expected").read_bytes()
            assert (size, mtime) == (path.stat().st_size, path.stat().st_mtime_ns)
    write_file(str(tmp_path), "new/whole-'\\n'.txt", "korter")  # an existing file: replaced whole
    assert (tmp_path / "new" / "whole-'\\n'.txt").read_bytes() == b"korter"


def test_a_digest_of_parts_of_one_kind_is_that_of_each_part_after_the_other():
    """digest joins parts of one kind before hashing them (10,000 at once): the same value as
    hashing each part and its NUL in turn, for str, bytes, both mixed, and none."""
    import hashlib

    from harvest.state import digest

    def one_by_one(*parts):
        h = hashlib.blake2b(digest_size=16)
        for part in parts:
            h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
            h.update(b"\0")
        return h.digest()

    for parts in [(), ("",), (b"",), ("a", "b"), (b"a", b"b"), ("a", b"b"), (b"a", "b", "c"),
                  ("\ud800x", "Wallonië"), ("x" * 100_000, "a\0b"), (bytearray(b"ab"), b"c")]:
        assert digest(*parts) == one_by_one(*parts), parts


def test_a_one_off_build_ends_without_the_collector_walking_the_harvest_again():
    """After a one-off build gave its objects back to the collector (unsettle), the interpreter's
    exit would walk them all once more: 1.1 s at 10,000 entries. They are frozen again at exit, so
    a cycle left by the build is not visited (its finaliser does not run) while the process ends."""
    script = (
        "import gc\n"
        "from harvest.state import BuildState, settle, unsettle\n"
        "class Left:\n"
        "    def __del__(self): print('walked at exit')\n"
        "state = BuildState(remember=False)\n"
        "settle(state); settle(state)\n"
        "left = Left(); left.me = left\n"
        "unsettle(state)\n"
        "del left\n"
        "print('given back' if gc.get_freeze_count() == 0 else 'still frozen')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": PLUGINS}, check=True)
    assert done.stdout.split("\n") == ["given back", ""]
    again = script.replace("settle(state); settle(state)\n", "")  # a process no build settled
    done = subprocess.run([sys.executable, "-c", again], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": PLUGINS}, check=True)
    assert "walked at exit" in done.stdout
