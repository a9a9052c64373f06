"""The editors' preview (`make serve`): build, serve, rebuild on every change, reload the browser.

Pelican's own autoreload misses plugins and theme override folders, so we watch content,
theme, plugins and settings ourselves, with the OS's notifications (watchfiles, as Pelican does);
only where those fail do we fall back to a stat of every watched file each 0.8 s.
Builds run in a worker process that stays warm while only content and theme change and is
replaced by a fresh interpreter when plugins or settings change, so their new code runs. The
worker writes into a staging folder; only a build that succeeds is copied into the served
folder, so a failed build prints its problems and the last good site stays up."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import sys
import time

# Editor and tool litter that must not trigger a build.
_IGNORED_DIRS = ("__pycache__", ".cache", ".pytest_cache", ".hypothesis", "node_modules", ".git")
_IGNORED_SUFFIXES = (".pyc", ".pyo", ".swp", ".swx", ".swo", ".tmp", ".partial", "~")


def ignored(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    return (any(part in _IGNORED_DIRS for part in parts) or name.endswith(_IGNORED_SUFFIXES)
            or name.startswith(".#") or name == "4913")  # vim writes 4913 to test a folder


def watched_paths(root: str, settings_file: str, content: str) -> list[str]:
    """Everything a build depends on: content, theme, plugins and the settings files."""
    from ..integration.build import settings_of

    settings = settings_of(settings_file)
    paths = [content, settings["THEME"], *settings.get("PLUGIN_PATHS", ()), settings_file]
    # publishconf.py imports pelicanconf.py: a change in either changes the build.
    paths += [os.path.join(root, name) for name in ("pelicanconf.py", "publishconf.py")]
    found = []
    for path in paths:
        path = os.path.abspath(os.path.join(root, path))
        if os.path.exists(path) and path not in found:
            found.append(path)
    return found


def _same(src: os.stat_result, dst: str) -> bool:
    try:
        stat = os.stat(dst)
    except FileNotFoundError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == (src.st_size, src.st_mtime_ns)


def _copy(src: str, dst: str, link: bool = False) -> None:
    partial = dst + ".partial"
    if link:
        try:
            os.remove(partial)  # left by an interrupted copy
        except FileNotFoundError:
            pass
        try:
            os.link(src, partial)
        except OSError:  # another file system, or none with links: a copy
            link = False
    if not link:
        shutil.copy2(src, partial)
    os.replace(partial, dst)


def mirror(source: str, target: str, only: list[str] | None = None, fresh=()) -> int:
    """Make `target` hold exactly the files of `source`, copying only files that differ (each
    replaced atomically, so the server never sends half a file). Copies keep their source's
    modification time, so that size and time tell a changed file: the build leaves the files it
    did not change untouched. `only`: the paths (relative) that can have changed, when the build
    knows them. `fresh`: those of them the build wrote as new files, which it never changes in
    place (Preview.fresh): linked, not copied (the 44 MB of open data at 10,000 entries).
    Returns how many files were written or removed."""
    if only is not None:
        fresh = set(fresh)
        return sum(_mirror_one(source, target, rel, rel in fresh) for rel in only)
    changed = 0
    wanted = set()
    for folder, _, files in os.walk(source):
        rel = os.path.relpath(folder, source)
        os.makedirs(os.path.join(target, rel), exist_ok=True)
        for name in files:
            src, dst = os.path.join(folder, name), os.path.normpath(os.path.join(target, rel, name))
            wanted.add(dst)
            if _same(os.stat(src), dst):
                continue
            _copy(src, dst)
            changed += 1
    for folder, _, files in os.walk(target, topdown=False):
        for name in files:
            path = os.path.normpath(os.path.join(folder, name))
            if path not in wanted:
                os.remove(path)
                changed += 1
        if folder != target and not os.listdir(folder):
            os.rmdir(folder)
    return changed


def _mirror_one(source: str, target: str, rel: str, link: bool = False) -> bool:
    src, dst = os.path.join(source, rel), os.path.join(target, rel)
    try:
        stat = os.stat(src)
    except FileNotFoundError:  # removed by the build
        if not os.path.exists(dst):
            return False
        os.remove(dst)
        folder = os.path.dirname(dst)
        while folder != target and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
        return True
    if _same(stat, dst):
        return False
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    _copy(src, dst, link)
    return True


# How the build worker answers a request, on a line of its own among Pelican's output: a
# machine protocol over the worker's stdout, so printed, never logged.
_ANSWER = "\x1eoogst-build:"

logger = logging.getLogger(__name__)


def _console_logging() -> None:
    """The preview's own messages (this module's and preview.py's) as plain lines on stderr, as
    a command-line tool shows them; Pelican's records go where Pelican's logging sends them."""
    harvest = logging.getLogger("harvest")
    if not harvest.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        harvest.addHandler(handler)
        harvest.setLevel(logging.INFO)


def worker(settings: str, content: str, staging: str) -> None:
    """The build worker (`python -m harvest.tools.serving worker ...`): builds on every line it reads,
    warm (harvest.tools.preview: unchanged entries are not read again), and answers ok or failed."""
    import signal

    from .preview import Preview

    # Ctrl+C in the terminal reaches the whole process group: the server stops this worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _console_logging()
    preview = Preview(settings, path=content, output=staging)
    for line in sys.stdin:
        # "clean", "build", "build\t[the entry files that changed]" or "audit" (Preview.audit).
        command, _, paths = line.rstrip("\n").partition("\t")
        if command == "audit":
            print(f"{_ANSWER}{'ok' if preview.audit() else 'stale'}", flush=True)
            continue
        ok = preview.build(clean=command == "clean", changed=json.loads(paths) if paths else None)
        sys.stderr.flush()
        # After "ok", the files that changed when the build knows them (so only those are copied),
        # and which of them may be linked (written as new files).
        changed = "" if not ok or preview.changed is None else \
            f"\t{json.dumps(preview.changed)}\t{json.dumps(preview.fresh)}"
        print(f"{_ANSWER}{'ok' if ok else 'failed'}{changed}", flush=True)


class LivePreview:
    """Builds the preview in a worker process and copies each good build to the served folder.

    The worker stays warm between builds of changed content or theme. A change in the plugins or
    settings replaces it with a fresh interpreter, so the new code really runs; so does a worker
    that died (a plugin that called sys.exit, say)."""

    def __init__(self, root: str, settings: str, content: str, output: str, env: dict):
        self.root = root
        self.settings = os.path.abspath(os.path.join(root, settings))
        self.content = os.path.abspath(os.path.join(root, content))
        self.output = os.path.abspath(os.path.join(root, output))
        # Beside the served folder, so that the final copy stays on one file system.
        self.staging = os.path.join(os.path.dirname(self.output), ".cache",
                                    f"{os.path.basename(self.output)}-staging")
        self.env = env
        self.code_paths: tuple[str, ...] = ()  # a change here needs a fresh worker
        self.process = None
        self.fresh_worker = False
        # Empty the staging folder before the next build: needed when something other than an
        # entry changed (a removed page or theme file must disappear), and after a failure.
        self.clean = True
        self.building = False
        self.pending = False
        # The entry files that changed since the last build began (the watcher's reports), which
        # the next build looks at instead of the whole tree; None: unknown, it walks everything.
        self.paths: set | None = set()
        self.told = False  # the last build was told what changed: audited afterwards
        self.on_success = None  # called after a good build (reloads the browsers)

    async def _worker(self):
        if self.process is not None and (self.fresh_worker or self.process.returncode is not None):
            if self.process.returncode is None:
                self.process.kill()
            await self.process.wait()
            self.process = None
        if self.process is None:
            self.fresh_worker = False
            self.clean = True  # a new worker does not know what the last one wrote
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "harvest.tools.serving", "worker", self.settings, self.content,
                self.staging, cwd=self.root, env=self.env, stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE)
        return self.process

    async def build(self) -> bool:
        """One build; True when it succeeded and the served folder holds it."""
        started = time.monotonic()
        process = await self._worker()
        paths, self.paths = self.paths, set()
        self.told = not self.clean and paths is not None
        process.stdin.write(b"clean\n" if self.clean else b"build\n" if paths is None
                            else f"build\t{json.dumps(sorted(paths))}\n".encode())
        self.clean = False
        await process.stdin.drain()
        ok, only, fresh = False, None, []
        while line := await process.stdout.readline():  # empty: the worker died
            text = line.decode("utf-8", "replace")
            if text.startswith(_ANSWER):
                answer, _, changed = text.rstrip("\n").partition("\t")
                ok = answer == f"{_ANSWER}ok"
                if ok and changed:
                    changed, _, linked = changed.partition("\t")
                    only, fresh = json.loads(changed), json.loads(linked or "[]")
                break
            sys.stdout.write(text)  # Pelican's own messages
        sys.stdout.flush()
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        if not ok:
            self.clean = True
            logger.error("De bouw is mislukt (%s s; de meldingen staan hierboven). De voorbeeldweergave "
                         "toont nog de laatste versie die wel lukte; verbeter het bestand en bewaar het "
                         "opnieuw.", seconds)
            return False
        changed = mirror(self.staging, self.output, only, fresh)
        logger.info("Site bijgewerkt in %s s: %d %s gewijzigd.", seconds, changed,
                    "bestand" if changed == 1 else "bestanden")
        return True

    async def audit(self) -> bool:
        """After a build that was told what changed: does the content folder hold what it saw
        (Preview.audit)? False when the watcher missed a change; the caller then builds again,
        looking at every file. Runs after the browsers reloaded, off the editor's wait."""
        process = self.process
        if process is None or self.fresh_worker or process.returncode is not None:
            return True  # the next build is a fresh worker's, which walks everything
        process.stdin.write(b"audit\n")
        await process.stdin.drain()
        while line := await process.stdout.readline():
            text = line.decode("utf-8", "replace")
            if text.startswith(_ANSWER):
                return text.rstrip("\n") == f"{_ANSWER}ok"
            sys.stdout.write(text)
        return True  # the worker died: the next build starts a fresh one

    def is_entry(self, path: str) -> bool:
        """An entry's Markdown file (content/<type>/<slug>.md): a warm build handles its changes,
        its removal included, without emptying the staging folder."""
        from ..model import types as m

        parts = os.path.relpath(path, self.content).split(os.sep)
        return len(parts) == 2 and parts[0] in m.TYPES and parts[1].endswith(".md")

    def changed(self, files) -> None:
        """Called by the watcher with the files that changed: one build at a time, and one
        more afterwards when files changed during a build."""
        if any(f == self.settings or f.startswith(self.code_paths) for f in files):
            self.fresh_worker = True
        if not all(self.is_entry(f) for f in files):
            self.clean = True
        if self.paths is not None:
            self.paths.update(files)
        if self.building:
            self.pending = True
            return
        self.building = True
        asyncio.get_event_loop().create_task(self._rebuild())

    async def _rebuild(self) -> None:
        try:
            while True:
                self.pending = False
                ok = await self.build()
                if self.pending:
                    continue
                if ok and self.on_success:
                    self.on_success()
                if ok and self.told and not await self.audit():
                    logger.info("Niet elke wijziging was gemeld; de site wordt opnieuw gebouwd uit alle "
                                "bestanden.")
                    self.paths = None
                    continue
                if not self.pending:
                    break
        finally:
            self.building = False

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()  # reaped while the loop still runs, else asyncio complains


def snapshot(paths: list[str]) -> dict:
    """(modification time, size) of every file under `paths` that a build reads."""
    files = {}
    for path in paths:
        if os.path.isfile(path):
            found = [path]
        else:
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if d not in _IGNORED_DIRS]
                found += [os.path.join(folder, name) for name in names]
        for file in found:
            if not ignored(file):
                try:
                    stat = os.stat(file)
                except FileNotFoundError:  # removed while we looked
                    continue
                files[file] = (stat.st_mtime_ns, stat.st_size)
    return files


async def _poll(paths: list[str], on_change, last: dict | None = None) -> None:
    """The fallback: compare a snapshot every 0.8 s."""
    last = snapshot(paths) if last is None else last
    while True:
        await asyncio.sleep(0.8)
        now = snapshot(paths)
        if now != last:
            changed = {f for f in now.keys() | last.keys() if now.get(f) != last.get(f)}
            last = now
            on_change(sorted(changed))


async def _notified(paths: list[str], on_change, stop: asyncio.Event) -> None:
    """Report changes under `paths` as the OS notifies them: folders recursively, single files
    through their folder (an editor that saves by renaming replaces the file a watch would hold).
    Falls back to polling when notifications cannot be had (no inotify, its limit reached)."""
    from watchfiles import awatch

    files = {p for p in paths if not os.path.isdir(p)}  # all or none: watch() groups them
    folders = sorted({os.path.dirname(f) for f in files}) if files else paths
    keep = (lambda _, path: path in files) if files else (lambda _, path: not ignored(path))
    last = snapshot(paths)  # taken now, so that a fallback misses nothing since the start
    try:
        # step: a save is reported 50 ms after the last write of a burst (git checkout, say).
        async for changes in awatch(*folders, watch_filter=keep, recursive=not files, step=50,
                                  stop_event=stop):
            on_change(sorted({path for _, path in changes}))
    except (OSError, RuntimeError) as error:  # watchfiles' internal error is a RuntimeError
        logger.warning("Meldingen van het besturingssysteem over gewijzigde bestanden werken hier niet "
                       "(%s); de voorbeeldweergave kijkt nu elke 0,8 s zelf.", error)
        await _poll(paths, on_change, last)


async def watch(paths: list[str], on_change, stop: asyncio.Event) -> list[asyncio.Task]:
    """Start watching `paths` (folders and single files); `on_change(files)` is called once per
    batch of changes, until `stop` is set (a cancelled task alone would wait on watchfiles'
    thread). Returns once the watchers are in place: no later change goes unseen."""
    folders = [p for p in paths if os.path.isdir(p)]
    files = [p for p in paths if not os.path.isdir(p)]
    tasks = [asyncio.ensure_future(_notified(group, on_change, stop)) for group in (folders, files) if group]
    await asyncio.sleep(0)  # each task runs to its first wait: its watcher exists from then on
    return tasks


# The reload client as a same-origin file: the site's Content-Security-Policy (`script-src
# 'self'`) forbids the inline snippet livereload itself injects, so the page would never reload.
_RELOAD_SCRIPT = '<script src="/livereload.js?port={port}"></script>'


def reload_browsers() -> None:
    """Tell every open page (livereload.js) to reload."""
    from livereload.handlers import LiveReloadHandler
    from tornado.websocket import WebSocketClosedError

    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message({"command": "reload", "path": "*", "liveCSS": False, "liveImg": False})
        except WebSocketClosedError:  # the tab was closed
            LiveReloadHandler.waiters.discard(waiter)


def application(output: str, port: int):
    """The preview's web server: the site in `output`, each HTML page with the reload client."""
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
    from tornado import web

    script = _RELOAD_SCRIPT.format(port=port).encode()

    class ReloadScript(web.OutputTransform):
        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
                chunk = chunk.replace(b"</head>", script + b"</head>", 1)
                if "Content-Length" in headers:
                    headers["Content-Length"] = str(int(headers["Content-Length"]) + len(script))
            return status_code, headers, chunk

    class Site(StaticFileHandler):
        def write_error(self, status_code, **kwargs):
            """A missing page gets the site's own 404.html, as GitHub Pages serves it."""
            page = os.path.join(output, "404.html")
            if status_code != 404 or not os.path.isfile(page):
                return super().write_error(status_code, **kwargs)
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            with open(page, "rb") as fh:
                self.finish(fh.read())

    return web.Application([
        (r"/livereload", LiveReloadHandler),
        (r"/livereload.js", LiveReloadJSHandler),
        (r"/(.*)", Site, {"path": output, "default_filename": "index.html"}),
    ], transforms=[ReloadScript])


def serve(root: str, settings: str, content: str, output: str, host: str, port: int, env: dict) -> None:
    _console_logging()
    try:
        asyncio.run(_serve(root, settings, content, output, host, port, env))
    except KeyboardInterrupt:  # Ctrl+C: how an editor stops the preview
        logger.info("Voorbeeldweergave gestopt.")


async def _serve(root: str, settings: str, content: str, output: str, host: str, port: int,
                 env: dict) -> None:
    preview = LivePreview(root, settings, content, output, env)
    try:
        paths = watched_paths(root, preview.settings, preview.content)
        # Plugins and settings files: what only a fresh interpreter picks up.
        preview.code_paths = tuple(p for p in paths if p not in (preview.content, _theme(preview.settings)))
        stop = asyncio.Event()
        watchers = await watch(paths, preview.changed, stop)  # before the first build: none goes unseen
        if not await preview.build():
            os.makedirs(preview.output, exist_ok=True)
        preview.on_success = reload_browsers
        server = application(preview.output, port).listen(port, address=host)
        logger.info("Voorbeeldweergave op http://%s:%s/ (stoppen met Ctrl+C). Elke wijziging in deze "
                    "mappen en bestanden bouwt de site opnieuw:%s", host, port,
                    "".join(f"\n  {os.path.relpath(p, root)}" for p in paths))
        try:
            await asyncio.gather(*watchers)  # runs until Ctrl+C
        finally:
            stop.set()
            server.stop()
    finally:
        await preview.stop()


def _theme(settings_file: str) -> str:
    from ..integration.build import settings_of

    return os.path.abspath(settings_of(settings_file)["THEME"])


if __name__ == "__main__" and sys.argv[1:2] == ["worker"]:
    worker(*sys.argv[2:5])
