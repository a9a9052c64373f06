"""Finding the harvest's files and checking the whole tree: shared by `validate` and the build."""

from __future__ import annotations

import os

from . import model as m
from . import tree as guard
from .document import Document, Problem, decode, parse, read_yaml
from .validate import Themes, check_entry, check_harvest, load_themes, nearest

THEMES_FILE = "themes.yml"
# Folders of content/ that are not entry types: Pelican's pages, blog and static files.
OTHER_FOLDERS = ("pages", "blog", "images", "extra", "static")


def display_path(path: str) -> str:
    """How a file is named in messages: relative to where the command runs, when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def read_themes(content_path: str) -> Themes:
    path = os.path.join(content_path, THEMES_FILE)
    doc = Document(path=display_path(path))
    if os.path.islink(path) or os.path.exists(path) and not os.path.isfile(path):
        return Themes()  # not read: the tree's guard (tree.py) names it
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        doc.problems.append(Problem(doc.path, 1, 1, "dit bestand ontbreekt: het somt de thema's op "
                                                    "als lijst van {slug, title, description}"))
        return Themes(problems=doc.problems)
    text = decode(raw, doc)
    data = read_yaml(text, doc, first_line=1, expect=list) if text is not None else None
    return load_themes(doc, data)


def entry_files(content_path: str) -> tuple[list[tuple[str, str, str]], list[Problem]]:
    """All entry files as (type, slug, path), sorted; and problems with the tree itself."""
    files, problems = [], []
    try:
        folders = sorted(os.scandir(content_path), key=lambda e: e.name)
    except FileNotFoundError:
        return [], [Problem(display_path(content_path), 1, 1, "deze inhoudsmap bestaat niet")]
    for folder in folders:
        if folder.name.startswith("."):
            continue
        if not folder.is_dir(follow_symlinks=False):  # links: tree.py refuses them
            if folder.name.endswith(".md"):
                problems.append(Problem(
                    display_path(folder.path), 1, 1,
                    f"een inzending hoort in een map per soort: zet ze in content/<soort>/ "
                    f"({_types()})"))
            continue
        if folder.name in OTHER_FOLDERS:
            continue
        if folder.name not in m.TYPES:
            for name in sorted(os.listdir(folder.path)):
                if name.endswith(".md"):
                    hint = nearest(folder.name, m.TYPES, 0.5)
                    problems.append(Problem(
                        display_path(os.path.join(folder.path, name)), 1, 1,
                        f"de map `{folder.name}` is geen soort inzending"
                        + (f"; bedoel je `{hint}`?" if hint else f" (kies uit {_types()})")))
            continue
        for entry in sorted(os.scandir(folder.path), key=lambda e: e.name):
            if not entry.is_file(follow_symlinks=False) or entry.name.startswith("."):
                continue
            stem, ext = os.path.splitext(entry.name)
            if ext == ".md":
                files.append((folder.name, stem, entry.path))
            elif ext.lower() in (".md", ".markdown", ".mkd", ".txt"):
                problems.append(Problem(display_path(entry.path), 1, 1,
                                        f"alleen .md-bestanden worden gelezen: hernoem naar `{stem}.md`"))
    return files, problems


def _types() -> str:
    return ", ".join(m.TYPES)


def validate_tree(content_path: str, rules: guard.Rules | None = None) -> tuple[dict, list[Problem]]:
    """Read and check everything under `content_path`; a body is rendered only to check its
    `{static}`/`{attach}`/`{filename}` links. Returns ({(type, slug): (doc, data)}, problems)."""
    tree = guard.check(content_path, rules or guard.Rules(), display_path)
    themes = read_themes(content_path)
    files, problems = entry_files(content_path)
    entries = {}
    for type_name, slug, path in files:
        with open(path, "rb") as fh:
            doc = parse(fh.read(), display_path(path))
        entries[(type_name, slug)] = (doc, check_entry(doc, type_name, slug, themes))
        if doc.ok and guard.mentions_links(doc.body):
            from .markup import render

            guard.check_links(doc, render(doc.body), f"{type_name}/{slug}.md", tree)
    return entries, collect(themes, [*tree.problems, *problems], entries)


def collect(themes: Themes, tree_problems: list, entries: dict) -> list[Problem]:
    check_harvest(entries)
    problems = [*themes.problems, *tree_problems]
    for doc, _ in entries.values():
        problems.extend(doc.problems)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.message))
