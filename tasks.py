"""Editors' and contributors' tasks (`invoke --list`). The Makefile calls these."""

import os
import subprocess
import sys

from invoke import task

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, "plugins"))
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")}
# What the preview watches: Pelican's own autoreload misses plugins and theme overrides.
WATCHED = ("content", "themes", "plugins", "pelicanconf.py", "publishconf.py")


def _pelican(settings, output="output"):
    """Build in a fresh interpreter, so that edits to plugins and settings take effect."""
    cmd = [sys.executable, "-m", "pelican", "content", "-s", settings, "-o", output]
    return subprocess.run(cmd, cwd=ROOT, env=ENV).returncode


@task
def validate(c, content="content"):
    """Check every entry against the content model; writes nothing."""
    from harvest.cli import main

    sys.exit(main(["validate", content]))


@task(help={"settings": "pelicanconf.py (preview, with drafts) or publishconf.py (published)"})
def build(c, settings="pelicanconf.py", output="output"):
    """Validate and build the site (into output/)."""
    code = _pelican(settings, output)
    if code:
        sys.exit(code)


@task(help={"port": "port on localhost (default 8000)"})
def serve(c, port=8000):
    """Build, serve at http://localhost:PORT and rebuild + reload the browser on every change."""
    from livereload import Server

    def rebuild():
        if _pelican("pelicanconf.py"):
            print("De bouw is mislukt (zie hierboven); de vorige versie blijft zichtbaar.", file=sys.stderr)

    rebuild()
    server = Server()
    for path in WATCHED:
        server.watch(os.path.join(ROOT, path), rebuild, delay=0.3)
    server.serve(root=os.path.join(ROOT, "output"), host="localhost", port=int(port),
                 open_url_delay=None, restart_delay=0)
