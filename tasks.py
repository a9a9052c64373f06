"""Editors' and contributors' tasks (`invoke --list`). The Makefile calls these."""

import os
import subprocess
import sys

from invoke import task

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, "plugins"))
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")}

from harvest.model.types import TYPES  # noqa: E402 (after the path it is found on)

TYPE_NAMES = ", ".join(list(TYPES)[:-1]) + " or " + list(TYPES)[-1]


def _pelican(settings, output="output"):
    """Build in a fresh interpreter, so that edits to plugins and settings take effect."""
    cmd = [sys.executable, "-m", "pelican", "content", "-s", settings, "-o", output]
    return subprocess.run(cmd, cwd=ROOT, env=ENV).returncode


@task
def i18n(c):
    """Extract the interface text again into locales/oogst.pot (after changing a template, a
    script or a marked string in the plugins)."""
    from harvest.tools.catalogue import write

    print(os.path.relpath(write(ROOT), ROOT))


@task
def validate(c, content="content"):
    """Check every entry against the content model; writes nothing."""
    from harvest.tools.cli import main

    sys.exit(main(["validate", content]))


@task(help={"settings": "pelicanconf.py (preview, with drafts) or publishconf.py (published)"})
def build(c, settings="pelicanconf.py", output="output"):
    """Validate and build the site (into output/)."""
    code = _pelican(settings, output)
    if code:
        sys.exit(code)


@task(help={
    "port": "port (default 8000)",
    "host": "address to listen on (default localhost)",
    "settings": "settings file (default pelicanconf.py: with drafts)",
    "content": "content folder (default content)",
    "output": "folder that is served (default output)",
})
def serve(c, port=8000, host="localhost", settings="pelicanconf.py", content="content", output="output"):
    """Build, serve at http://localhost:8000 and rebuild + reload the browser on every change."""
    from harvest.tools.serving import serve as run

    os.chdir(ROOT)  # settings name theme and plugins relative to the project
    run(ROOT, settings, content, output, host, int(port), ENV)


@task(positional=["type_", "title"], help={
    "type_": f"{TYPE_NAMES} (or the Dutch section name)",
    "title": "the entry's title, in quotes",
    "content": "content folder (default content)",
})
def new(c, type_, title, content="content"):
    """Start a new entry: `invoke new tools "Titel van het instrument"`."""
    from harvest.model.messages import say
    from harvest.report import display_path
    from harvest.tools.scaffold import PLACEHOLDER, ScaffoldError, create

    try:
        path = create(os.path.join(ROOT, content), type_, title)
    except ScaffoldError as err:
        print(f"invoke new: {err}", file=sys.stderr)
        sys.exit(1)
    folder, name = os.path.split(path)
    section = TYPES[os.path.basename(folder)].section
    print(say("scaffoldCreated", path=display_path(path), placeholder=PLACEHOLDER, section=section,
              slug=name[:-3]))


@task
def schema(c):
    """Rewrite what is generated from the content model: schema/<type>.json, the field
    reference in CONTRIBUTING.md and the issue form."""
    from harvest.tools.derived import write_all

    written = write_all(ROOT)
    print("\n".join(f"bijgewerkt: {path}" for path in written) or "alles was al bij.")


@task(help={"base": "audit this running site instead of a fresh published build of content/"})
def audit(c, base=""):
    """Lighthouse on six kinds of page of the published build, served on 127.0.0.1: prints the four
    scores per page; fails under 100 on accessibility, best practices or SEO."""
    sys.path.insert(0, ROOT)
    from bench import lighthouse

    sys.exit(lighthouse.verdict(lighthouse.main(["--base", base] if base else [])))


@task(help={
    "sizes": "harvest sizes for the build figures, comma-separated (default 100,1000,10000)",
    "search_sizes": "sizes for the search figures against Pagefind (default 100,1000; 0 = none)",
    "runs": "first searches per engine and query (default 5)",
    "repeat": "builds per size; the median counts (default 3)",
    "lighthouse": "also Lighthouse's four scores on the starter harvest (default on; needs Chromium)",
    "work": "folder for the synthetic harvests and their builds (default bench/work); a RAM disk such as "
            "/dev/shm/oogst-bench keeps a slow or shared disk out of the build figures",
})
def bench(c, sizes="100,1000,10000", search_sizes="100,1000", runs=5, repeat=3, lighthouse=True, work=""):
    """Benchmark build and search; writes bench/results.json and bench/results.png."""
    sys.path.insert(0, ROOT)
    from bench.build_bench import main

    searched = tuple(int(n) for n in search_sizes.split(",") if int(n))
    main([int(n) for n in sizes.split(",")], work or os.path.join(ROOT, "bench", "work"),
         os.path.join(ROOT, "bench", "results"), searched, int(runs), int(repeat), lighthouse)
