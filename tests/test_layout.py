"""The plugin's folders show its architecture, and the tree keeps it so (a newcomer's map):

    model  <-  site  <-  content  <-  outputs  <-  integration  <-  tools
    (and the core beside them all: clock, report, state, text)

A module imports its own folder or folders to its left, never to its right; nothing imports in a
circle (imports inside functions count); only `integration/` imports Pelican; a build never
imports `tools/`; no folder holds more than 15 modules; only `clock.py` reads the clock."""

from __future__ import annotations

import ast
import os

from helpers import ROOT

PLUGINS = os.path.join(ROOT, "plugins")
HARVEST = os.path.join(PLUGINS, "harvest")
ORDER = ["core", "model", "site", "content", "outputs", "integration", "tools"]
FOLDER_MAX = 15


def _modules() -> dict[str, str]:
    """Dotted name -> path of every module of both plugins."""
    found = {}
    for package in ("harvest", "harvest_search"):
        for folder, _dirs, files in os.walk(os.path.join(PLUGINS, package)):
            for name in files:
                if name.endswith(".py"):
                    rel = os.path.relpath(os.path.join(folder, name), PLUGINS)[:-3].replace(os.sep, ".")
                    found[rel.removesuffix(".__init__")] = os.path.join(folder, name)
    return found


MODULES = _modules()


def _imports(name: str) -> tuple[set[str], set[str]]:
    """(the plugins' modules that `name` imports anywhere in it, the other top-level packages)."""
    path = MODULES[name]
    package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
    own, other = set(), set()
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                if full in MODULES:
                    own.add(full)
                elif target in MODULES:
                    own.add(target)
                else:
                    other.add(target.split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                (own if alias.name in MODULES else other).add(alias.name.split(".")[0])
    own.discard(name)
    return own, other


def _folder(name: str) -> str:
    parts = name.split(".")
    if parts[0] == "harvest_search":
        return "search"
    folder = len(parts) > 2 or MODULES[name].endswith("__init__.py") and len(parts) == 2
    return parts[1] if folder else "core"


def test_no_import_cycle_counting_imports_inside_functions():
    graph = {name: _imports(name)[0] for name in MODULES}
    # harvest/__init__.py is Pelican's entry point (register): it imports from every layer and
    # nothing imports it back except through the package itself.
    graph = {n: {d for d in deps if d not in ("harvest", "harvest_search")} for n, deps in graph.items()}
    done, path, cycles = set(), [], []

    def visit(node):
        if node in path:
            cycles.append(path[path.index(node):] + [node])
            return
        if node in done:
            return
        path.append(node)
        for dep in sorted(graph[node]):
            visit(dep)
        path.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)
    assert cycles == []


def test_each_folder_imports_only_to_its_left():
    rank = {folder: i for i, folder in enumerate(ORDER)}
    wrong = []
    for name in MODULES:
        if name in ("harvest", "harvest.__main__") or not name.startswith("harvest."):
            continue
        for dep in _imports(name)[0]:
            if dep.startswith("harvest.") and rank[_folder(dep)] > rank[_folder(name)]:
                wrong.append(f"{name} -> {dep}")
    assert wrong == []
    # The core and the model stand on their own: core modules import no folder but the model.
    for name in MODULES:
        if name.startswith("harvest.") and name != "harvest.__main__" and _folder(name) in ("core", "model"):
            assert {_folder(d) for d in _imports(name)[0]} <= {"core", "model"}, name


def test_only_the_integration_layer_imports_pelican():
    importers = sorted(name for name in MODULES if "pelican" in _imports(name)[1])
    # Each package's register() connects its plugin to Pelican's signals (its one entry point);
    # the search plugin is small enough to be a generator and nothing else.
    outside = [n for n in importers if not n.startswith("harvest.integration.")]
    assert outside == ["harvest", "harvest_search", "harvest_search.generator"]


def test_a_build_never_imports_the_tools():
    build = {n for n in MODULES if _folder(n) not in ("tools",) and n != "harvest.__main__"}
    reached, todo = set(), ["harvest", "harvest_search", "harvest.integration.build"]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        todo.extend(_imports(name)[0])
    assert sorted(n for n in reached if _folder(n) == "tools") == []
    assert reached - build == set()


def test_the_search_plugin_builds_on_the_harvest_never_the_reverse():
    for name in MODULES:
        if name.startswith("harvest.") or name == "harvest":
            assert not any(d.startswith("harvest_search") for d in _imports(name)[0]), name
            assert "harvest_search" not in _imports(name)[1], name


def test_no_folder_holds_more_than_fifteen_modules():
    for folder, _dirs, files in os.walk(HARVEST):
        modules = [f for f in files if f.endswith(".py") and f != "__init__.py"]
        assert len(modules) <= FOLDER_MAX, (folder, len(modules))


def test_only_the_clock_reads_the_clock():
    """The build's day is `clock.today(settings)`; a `date.today()` or `datetime.now()` anywhere
    else would make the output depend on the machine's zone and hour."""
    readers = []
    for name, path in MODULES.items():
        if name == "harvest.clock":
            continue
        for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("today", "now", "utcnow", "localtime", "gmtime", "ctime")
                    and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "clock")):
                readers.append(f"{name}:{node.lineno}")
    assert readers == []


def test_the_map_names_every_module():
    """docs/architectuur.md has one line per module: a newcomer's map that cannot go stale."""
    with open(os.path.join(ROOT, "docs", "architectuur.md"), encoding="utf-8") as fh:
        text = fh.read()
    missing = []
    for name, path in MODULES.items():
        package = name.split(".")[0]
        if "." in name and path.endswith("__init__.py"):  # a folder's docstring says what it holds
            continue
        rel = os.path.relpath(path, os.path.join(PLUGINS, package)).replace(os.sep, "/")
        if f"| `{rel}` |" not in text:
            missing.append(f"{package}/{rel}")
    assert missing == [], "add a line to docs/architectuur.md for each"
