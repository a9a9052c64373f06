"""The editors' preview (`make serve`): build, serve, rebuild on every change, reload the browser.

Pelican's own autoreload misses plugins and theme override folders, so we watch content,
theme, plugins and settings ourselves (a stat of every watched file each 0.8 s, no busy loop). Each build runs in a fresh interpreter, so edits to plugins and settings
take effect, and writes into a staging folder; only a build that succeeds is copied into the
served folder. A failed build prints its problems and the last good site stays up."""

from __future__ import annotations

import asyncio
import filecmp
import os
import shutil
import subprocess
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
    from pelican.settings import read_settings

    settings = read_settings(settings_file)
    paths = [content, settings["THEME"], *settings.get("PLUGIN_PATHS", ()), settings_file]
    # publishconf.py imports pelicanconf.py: a change in either changes the build.
    paths += [os.path.join(root, name) for name in ("pelicanconf.py", "publishconf.py")]
    found = []
    for path in paths:
        path = os.path.abspath(os.path.join(root, path))
        if os.path.exists(path) and path not in found:
            found.append(path)
    return found


def mirror(source: str, target: str) -> int:
    """Make `target` hold exactly the files of `source`, rewriting only files that differ
    (each replaced atomically, so the server never sends half a file). Returns how many
    files were written or removed."""
    changed = 0
    wanted = set()
    for folder, _, files in os.walk(source):
        rel = os.path.relpath(folder, source)
        os.makedirs(os.path.join(target, rel), exist_ok=True)
        for name in files:
            src, dst = os.path.join(folder, name), os.path.normpath(os.path.join(target, rel, name))
            wanted.add(dst)
            if os.path.isfile(dst) and filecmp.cmp(src, dst, shallow=False):
                continue
            partial = dst + ".partial"
            shutil.copyfile(src, partial)
            os.replace(partial, dst)
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


class LivePreview:
    def __init__(self, root: str, settings: str, content: str, output: str, env: dict):
        self.root = root
        self.settings = os.path.abspath(os.path.join(root, settings))
        self.content = os.path.abspath(os.path.join(root, content))
        self.output = os.path.abspath(os.path.join(root, output))
        # Beside the served folder, so that the final copy stays on one file system.
        self.staging = os.path.join(os.path.dirname(self.output), ".cache",
                                    f"{os.path.basename(self.output)}-staging")
        self.env = env
        self.building = False
        self.pending = False
        self.on_success = None  # called after a good build (reloads the browsers)

    def command(self) -> list[str]:
        return [sys.executable, "-m", "pelican", self.content, "-s", self.settings,
                "-o", self.staging, "--delete-output-directory"]

    def finish(self, code: int, started: float) -> bool:
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        if code:
            print(f"De bouw is mislukt ({seconds} s; de meldingen staan hierboven). De voorbeeldweergave "
                  "toont nog de laatste versie die wel lukte; verbeter het bestand en bewaar het opnieuw.",
                  file=sys.stderr, flush=True)
            return False
        changed = mirror(self.staging, self.output)
        print(f"Gebouwd in {seconds} s; {changed} {'bestand' if changed == 1 else 'bestanden'} gewijzigd.",
              flush=True)
        return True

    def build_now(self) -> bool:
        """Build and wait (before the server starts)."""
        started = time.monotonic()
        return self.finish(subprocess.run(self.command(), cwd=self.root, env=self.env).returncode, started)

    def changed(self) -> None:
        """Called by the watcher on a change: one build at a time, and one more afterwards
        when files changed during a build."""
        if self.building:
            self.pending = True
            return
        self.building = True
        asyncio.get_event_loop().create_task(self._build())

    async def _build(self) -> None:
        try:
            while True:
                self.pending = False
                started = time.monotonic()
                # The event loop waits on the subprocess: the server keeps answering meanwhile.
                process = await asyncio.create_subprocess_exec(*self.command(), cwd=self.root, env=self.env)
                ok = self.finish(await process.wait(), started)
                if not self.pending:
                    if ok and self.on_success:
                        self.on_success()
                    break
        finally:
            self.building = False


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


def _poller(paths: list[str], on_change):
    """A livereload watcher that only reports changes (one call per batch of changes, however
    many files) and leaves reloading to us: livereload's own would reload browsers as soon
    as a file changes, before the new build is there."""
    from livereload.watcher import Watcher
    from tornado.ioloop import PeriodicCallback

    class Poller(Watcher):
        def __init__(self):
            super().__init__()
            self._tasks = {path: {} for path in paths}  # else livereload watches the cwd
            self.last = snapshot(paths)

        def start(self, callback):
            PeriodicCallback(self.poll, 800).start()
            return True  # livereload need not poll: we do

        def poll(self):
            now = snapshot(paths)
            if now != self.last:
                self.last = now
                on_change()

        def examine(self):
            return None, None

    return Poller()


def serve(root: str, settings: str, content: str, output: str, host: str, port: int, env: dict) -> None:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    preview = LivePreview(root, settings, content, output, env)
    paths = watched_paths(root, preview.settings, preview.content)
    watcher = _poller(paths, preview.changed)  # before the first build: no change goes unseen
    if not preview.build_now():
        os.makedirs(preview.output, exist_ok=True)
    preview.on_success = LiveReloadHandler.reload_waiters
    print(f"Voorbeeldweergave op http://{host}:{port}/ (stoppen met Ctrl+C). Elke wijziging in deze "
          "mappen en bestanden bouwt de site opnieuw:", *(os.path.relpath(p, root) for p in paths),
          sep="\n  ", flush=True)
    Server(watcher=watcher).serve(root=preview.output, host=host, port=int(port), open_url_delay=None,
                                  restart_delay=0)
