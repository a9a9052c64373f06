"""The editors' preview: `invoke serve` rebuilds on changes to content, theme, plugins and
settings, reloads the browser, keeps the last good site when a build fails and does not spin
the CPU; drafts show there with a banner and never in the published build; every entry page
links to its file on GitHub."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from harvest.tools.serving import ignored, mirror, watched_paths
from helpers import ROOT, VALID, build, entry, read, write_content

DRAFT = {"tools/nog-niet-klaar.md": entry("Nog niet klaar", kind="tool", status="draft")}
PLUGIN = """from pelican import signals


def subtitle(pelican):
    pelican.settings["SITESUBTITLE"] = "Proefplugin {version}"


def register():
    signals.initialized.connect(subtitle)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except (urllib.error.URLError, ConnectionError, OSError):
            result = None
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def edit(path, old: str, new: str) -> None:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    assert old in text, old
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(old, new, 1))


class Reloads:
    """A browser's livereload connection, in a thread of its own (whatever event loop the
    test process runs): collects the messages the server sends."""

    def __init__(self, port: int):
        self.messages: queue.Queue = queue.Queue()
        self.loop = asyncio.new_event_loop()
        self.ws = None
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._listen(port),),
                                       daemon=True)
        self.thread.start()
        assert self.next(10)["command"] == "hello"
        time.sleep(0.5)  # let the server register this browser

    async def _listen(self, port: int):
        from tornado.websocket import websocket_connect

        self.ws = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        await self.ws.write_message(json.dumps({"command": "hello",
                                                "protocols": ["http://livereload.com/protocols/official-7"]}))
        first = True
        while (message := await self.ws.read_message()) is not None:
            self.messages.put(json.loads(message))
            if first:  # livereload.js then says which page it shows; from then on it counts
                await self.ws.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
                first = False

    def next(self, timeout: float) -> dict | None:
        """The next message within `timeout` seconds, or None."""
        try:
            return self.messages.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self):
        if self.ws is not None:
            self.loop.call_soon_threadsafe(self.ws.close)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def served(tmp_path):
    """`invoke serve` on a small harvest, with a copy of the theme and its own settings file."""
    content = write_content(tmp_path, {**VALID, **DRAFT})
    theme = str(tmp_path / "theme")
    shutil.copytree(os.path.join(ROOT, "themes", "oogst"), theme)
    # A plugin of our own, to change while the preview runs.
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "proef.py").write_text(PLUGIN.format(version="versie 1"))
    settings = tmp_path / "preview.py"
    settings.write_text(f"import os, sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *  # noqa\n"
                        f"THEME = {theme!r}\n"
                        f"PLUGIN_PATHS = [{os.path.join(ROOT, 'plugins')!r}, {str(tmp_path / 'plugins')!r}]\n"
                        "PLUGINS = [*PLUGINS, 'proef']\nSITENAME = 'Oogst'\n")
    port = free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "invoke"), "serve", "--host", "127.0.0.1",
         "--port", str(port), "--settings", str(settings), "--content", content,
         "--output", str(tmp_path / "output")],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: get(base + "/"), 90, "the first build and the server")
        yield {"base": base, "content": content, "theme": theme, "settings": settings, "log": log,
               "plugin": tmp_path / "plugins" / "proef.py",
               "process": process, "port": port}
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl+C, as an editor stops it
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

        def group_gone():
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return True
            return False

        try:
            wait_for(group_gone, 10, "the build worker to stop with the server")
        finally:
            if not group_gone():
                os.killpg(process.pid, signal.SIGKILL)
            log.close()


def logged(served) -> str:
    served["log"].flush()
    with open(served["log"].name, encoding="utf-8") as fh:
        return fh.read()


@pytest.mark.slow
def test_live_preview(served):
    base, page = served["base"], "/instrumenten/diagnose-innovatie/"
    html = get(base + page)
    assert "<h1>Diagnose innovatie</h1>" in html
    assert "livereload.js" in html  # the browser connects back for reloads
    # Drafts are in the preview, with their banner.
    assert "draft-banner" in get(base + "/instrumenten/nog-niet-klaar/")

    browser = Reloads(served["port"])
    try:
        # Idle: the watcher waits for the OS to report a change, it does not spin.
        pid = served["process"].pid
        before, started = cpu_seconds(pid), time.monotonic()
        time.sleep(3)
        idle = (cpu_seconds(pid) - before) / (time.monotonic() - started)
        assert idle < 0.1, f"the idle preview uses {idle:.0%} of a CPU"

        # Content: rebuilt, and the browser is told to reload.
        tool = os.path.join(served["content"], "tools", "diagnose-innovatie.md")
        edit(tool, "title: Diagnose innovatie", "title: Diagnose innovatie bijgewerkt")
        assert browser.next(30)["command"] == "reload"
        assert "<h1>Diagnose innovatie bijgewerkt</h1>" in get(base + page)

        # Theme (an override folder Pelican's autoreload misses).
        edit(os.path.join(served["theme"], "templates", "entry.html"), "Deze pagina bewerken op GitHub",
             "Deze pagina verbeteren op GitHub")
        assert browser.next(30)["command"] == "reload"
        assert "Deze pagina verbeteren op GitHub" in get(base + page)

        # Settings.
        edit(served["settings"], "SITENAME = 'Oogst'", "SITENAME = 'Oogst proef'")
        assert browser.next(30)["command"] == "reload"
        assert "Oogst proef" in get(base + page)

        # A plugin: its new code runs (a warm process would still run the old one).
        assert "Proefplugin versie 1" in get(base + page)
        edit(served["plugin"], "versie 1", "versie 2")
        assert browser.next(30)["command"] == "reload"
        assert "Proefplugin versie 2" in get(base + page)

        # A broken entry: the problem is printed, no reload, the last good site stays.
        edit(tool, "kind: werkvorm", "kind: werkvrom")
        wait_for(lambda: "De bouw is mislukt (" in logged(served), 30, "the failed build")
        assert ("diagnose-innovatie.md:6:7: onbekende waarde `werkvrom`; bedoel je `werkvorm`?"
                in logged(served))
        assert browser.next(2) is None
        assert "<h1>Diagnose innovatie bijgewerkt</h1>" in get(base + page)
        assert "Traceback" not in logged(served)

        # A broken template is a failed build too.
        edit(os.path.join(served["theme"], "templates", "entry.html"), "{% block content %}",
             "{% block content %}{% if %}")
        edit(tool, "kind: werkvrom", "kind: werkvorm")
        wait_for(lambda: logged(served).count("De bouw is mislukt (") >= 2, 30, "the second failed build")
        assert "<h1>Diagnose innovatie bijgewerkt</h1>" in get(base + page)

        # Fixed: back to normal.
        edit(os.path.join(served["theme"], "templates", "entry.html"), "{% block content %}{% if %}",
             "{% block content %}")
        assert browser.next(30)["command"] == "reload"
        assert "Deze pagina verbeteren op GitHub" in get(base + page)
    finally:
        browser.close()
    assert "Traceback" not in logged(served).split("TemplateSyntaxError")[0]


def test_everything_a_build_depends_on_is_watched(tmp_path):
    paths = watched_paths(ROOT, os.path.join(ROOT, "pelicanconf.py"), os.path.join(ROOT, "content"))
    assert paths == [os.path.join(ROOT, p) for p in
                     ("content", "themes/oogst", "plugins", "pelicanconf.py", "publishconf.py")]
    # Plugins are watched as a folder: a new plugin module triggers a build too.
    assert os.path.isdir(os.path.join(ROOT, "plugins", "harvest"))


def test_editor_litter_is_ignored():
    for path in ("plugins/harvest/__pycache__/model.cpython-311.pyc", "content/tools/.x.md.swp",
                 "content/tools/x.md~", "content/tools/.#x.md", "content/tools/4913", "output/a.partial"):
        assert ignored(path), path
    for path in ("content/tools/x.md", "themes/oogst/templates/entry.html", "plugins/harvest/model/types.py"):
        assert not ignored(path), path


def test_mirror_rewrites_only_what_changed(tmp_path):
    source, target = tmp_path / "new", tmp_path / "served"
    (source / "a").mkdir(parents=True)
    (source / "a" / "same.html").write_text("zelfde")
    (source / "a" / "changed.html").write_text("oud")
    (target / "old").mkdir(parents=True)
    (target / "old" / "gone.html").write_text("weg")
    assert mirror(str(source), str(target)) == 3  # two copied, one removed
    assert not (target / "old").exists()
    same_inode = os.stat(target / "a" / "same.html").st_ino
    (source / "a" / "changed.html").write_text("new")  # same size: the time tells
    os.utime(source / "a" / "changed.html", ns=(1, 1))
    assert mirror(str(source), str(target)) == 1
    assert (target / "a" / "changed.html").read_text() == "new"
    assert os.stat(target / "a" / "same.html").st_ino == same_inode
    assert mirror(str(source), str(target)) == 0


def test_a_file_written_anew_is_linked_and_the_served_copy_never_changes_in_place(tmp_path):
    """The open data (44 MB at 10,000 entries) is written as a new file (state.write_file with
    parts of bytes): the mirror links it instead of copying it, and the next build's write leaves
    the served file as it was until the mirror takes the new one."""
    from harvest.state import BuildState

    source, target = tmp_path / "staging", tmp_path / "served"
    state = BuildState(own_output=True)
    state.begin({"OUTPUT_PATH": str(source)})
    assert state.write("data/oogst.json", [b"oud"], lambda: [b"{", b"oud", b"}\n"])
    assert state.write("a.html", "pagina")  # text: written in place, so copied, never linked
    assert state.ledger.fresh == {"data/oogst.json"}
    assert mirror(str(source), str(target), ["data/oogst.json", "a.html"], ["data/oogst.json"]) == 2
    assert os.path.samefile(source / "data" / "oogst.json", target / "data" / "oogst.json")
    assert not os.path.samefile(source / "a.html", target / "a.html")
    assert (target / "data" / "oogst.json").read_bytes() == b"{oud}\n"
    state.begin({"OUTPUT_PATH": str(source)})
    parts = [b"{", *[b"nieuw,"] * 3000, b"}\n"]  # more parts than one writev takes
    assert state.write("data/oogst.json", [b"nieuw"], lambda: parts)
    assert (target / "data" / "oogst.json").read_bytes() == b"{oud}\n"  # not yet mirrored
    assert (source / "data" / "oogst.json").read_bytes() == b"".join(parts)
    assert sorted(os.listdir(source / "data")) == ["oogst.json"]  # no partial file left
    assert mirror(str(source), str(target), ["data/oogst.json"], ["data/oogst.json"]) == 1
    assert (target / "data" / "oogst.json").read_bytes() == b"".join(parts)
    assert mirror(str(source), str(target)) == 0  # the full mirror sees them as the same


def test_drafts_never_in_the_published_build(tmp_path):
    content = write_content(tmp_path, {**VALID, **DRAFT})
    preview, published = str(tmp_path / "preview"), str(tmp_path / "published")
    build(content, preview)
    build(content, published, "publishconf.py", SITEURL="https://oogst.test")
    page = read(preview, "instrumenten/nog-niet-klaar/index.html")
    assert 'class="draft-banner"' in page and "Concept" in page
    assert not os.path.exists(os.path.join(published, "instrumenten", "nog-niet-klaar"))
    for folder, _, files in os.walk(published):
        for name in files:
            with open(os.path.join(folder, name), "rb") as fh:
                assert b"nog-niet-klaar" not in fh.read(), os.path.join(folder, name)


def test_edit_link_opens_the_file_on_github(tmp_path):
    content = write_content(tmp_path, VALID)
    output = str(tmp_path / "output")
    build(content, output, REPOSITORY_URL="https://github.com/voorbeeld/oogst", REPOSITORY_BRANCH="hoofd")
    from bs4 import BeautifulSoup

    page = BeautifulSoup(read(output, "ervaringen/fouten-maken-mag/index.html"), "html.parser")
    link = page.find("a", string="Deze pagina bewerken op GitHub")
    assert link["href"] == "https://github.com/voorbeeld/oogst/edit/hoofd/content/practices/fouten-maken-mag.md"
    assert link.find_parent("article")
    # The file the link names exists at that path in the repository.
    assert os.path.isfile(os.path.join(tmp_path, "content", "practices", "fouten-maken-mag.md"))


def test_an_open_page_reloads_with_the_new_text(chromium, served):
    """As an editor meets it: the entry open in a browser, its file saved, the page reloads by
    itself under the site's own Content-Security-Policy, and the console stays clean."""
    context = chromium.new_context()
    page = context.new_page()
    errors, sent = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Attached as the socket opens, before any frame is dispatched: the client's "info" is its
    # sign that the server now counts it among the pages to reload.
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    try:
        page.goto(served["base"] + "/instrumenten/diagnose-innovatie/")
        assert page.locator("h1").inner_text() == "Diagnose innovatie"
        deadline = time.monotonic() + 20
        while not any('"info"' in str(payload) for payload in sent):
            assert time.monotonic() < deadline, f"livereload.js never connected: {errors}"
            page.wait_for_timeout(100)
        edit(os.path.join(served["content"], "tools", "diagnose-innovatie.md"), "title: Diagnose innovatie",
             "title: Diagnose innovatie herschreven")
        sync_api = pytest.importorskip("playwright.sync_api")
        sync_api.expect(page.locator("h1")).to_have_text("Diagnose innovatie herschreven", timeout=30_000)
        assert errors == []
    finally:
        context.close()


def in_own_loop(coroutine):
    """Run `coroutine` in a thread of its own: Playwright's sync API may hold this thread's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_changes_are_reported_by_notification_not_polling(tmp_path, monkeypatch):
    """`make serve` hears of a save from the OS (watchfiles) within a fraction of the old 0.8 s
    poll, keeps the ignore rules, and polls only when notifications cannot be had."""
    from harvest.tools import serving

    content, settings = tmp_path / "content", tmp_path / "conf.py"
    (content / "tools").mkdir(parents=True)
    settings.write_text("X = 1\n")
    (tmp_path / "elders.py").write_text("")
    polled = []

    async def poll(paths, on_change, last=None):
        polled.append(paths)

    async def run():
        seen: asyncio.Queue = asyncio.Queue()
        stop = asyncio.Event()
        tasks = await serving.watch([str(content), str(settings)], seen.put_nowait, stop)
        try:
            (content / "tools" / ".x.md.swp").write_text("litter")
            (tmp_path / "elders.py").write_text("not watched")
            started = time.monotonic()
            (content / "tools" / "x.md").write_text("saved")
            assert await asyncio.wait_for(seen.get(), 10) == [str(content / "tools" / "x.md")]
            latency = time.monotonic() - started
            settings.with_name("conf.py.tmp").write_text("X = 2\n")  # saved as editors do: by renaming
            os.replace(settings.with_name("conf.py.tmp"), settings)
            assert await asyncio.wait_for(seen.get(), 10) == [str(settings)]
            return latency
        finally:
            stop.set()
            await asyncio.wait_for(asyncio.gather(*tasks), 10)  # the watchers end when told

    monkeypatch.setattr(serving, "_poll", poll)
    assert in_own_loop(run()) < 0.5
    assert polled == []

    # Where notifications fail (no inotify, its limit reached), the poll takes over.
    import watchfiles

    def broken(*args, **kwargs):
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(watchfiles, "awatch", broken)

    async def fallback():
        tasks = await serving.watch([str(content)], print, asyncio.Event())
        await asyncio.gather(*tasks)

    in_own_loop(fallback())
    assert polled == [[str(content)]]


def test_a_reader_who_goes_away_is_no_error(served, tmp_path):
    from test_fresh_machine import hang_up

    (tmp_path / "output" / "groot.bin").write_bytes(b"x" * 8_000_000)  # more than the socket buffers hold
    for _ in range(3):
        hang_up(served["port"], "/groot.bin")
    assert "<h1>Diagnose innovatie</h1>" in get(served["base"] + "/instrumenten/diagnose-innovatie/")
    time.sleep(0.5)
    assert "Traceback" not in logged(served) and "Error" not in logged(served)


def test_a_missing_page_gets_the_sites_404_page(served):
    """As GitHub Pages answers: status 404 with the site's own 404.html (and, here, the reload)."""
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(served["base"] + "/projecten/bestaat-niet/")
    assert missing.value.code == 404
    html = missing.value.read().decode("utf-8")
    assert "<h1>Deze pagina bestaat niet (meer)</h1>" in html and "livereload.js" in html
