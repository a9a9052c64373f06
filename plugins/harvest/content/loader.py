"""Finding the harvest's files and checking the whole tree: shared by `validate` and the build."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import compress
from operator import and_, eq, is_, itemgetter, not_

from .. import clock
from ..model import types as m
from ..model.messages import say
from ..report import display_path
from ..site.aliases import check_aliases
from ..state import digest
from . import guard
from .document import FILE_MAX, Document, Problem, control_problems, decode, read_capped, read_yaml
from .validate import Themes, check_entry, check_harvest, load_themes, nearest

THEMES_FILE = "themes.yml"
# Folders of content/ that are not entry types: Pelican's pages, blog and static files.
OTHER_FOLDERS = ("pages", "blog", "images", "extra", "static")


def read_themes(content_path: str) -> Themes:
    path = os.path.join(content_path, THEMES_FILE)
    doc = Document(path=display_path(path))
    if os.path.islink(path) or os.path.exists(path) and not os.path.isfile(path):
        return Themes()  # not read: the tree's guard (guard.py) names it
    try:
        raw = read_capped(path)
    except FileNotFoundError:
        doc.problems.append(Problem(doc.path, 1, 1, "dit bestand ontbreekt: het somt de thema's op "
                                                    "als lijst van {slug, title, description}"))
        return Themes(problems=doc.problems)
    if len(raw) > FILE_MAX:
        doc.problems.append(Problem(doc.path, 1, 1, f"dit bestand is groter dan {FILE_MAX // 1024} KB"))
        return Themes(problems=doc.problems)
    text = decode(raw, doc)
    if text is not None and control_problems(text, doc):
        text = None
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
        if not folder.is_dir(follow_symlinks=False):  # links: guard.py refuses them
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


def entry_files_after(files: list[tuple[str, str, str]], content_path: str,
                      paths) -> list[tuple[str, str, str]]:
    """entry_files' list after only the entry files `paths` changed, appeared or went (as
    guard.update found them: plain files in a type's folder), in entry_files' order."""
    known = {f[2] for f in files}
    there = {os.path.join(content_path, os.path.relpath(path, content_path)) for path in paths}
    there = {path: os.path.isfile(path) for path in there}
    if all(known_ == (path in known) for path, known_ in there.items()):
        return files  # edited in place: the same list
    by_path = {f[2]: f for f in files}
    for path, exists in there.items():
        folder, name = os.path.split(os.path.relpath(path, content_path))
        if exists:
            by_path[path] = (folder, name[:-3], path)
        else:
            by_path.pop(path, None)
    return sorted(by_path.values(), key=lambda f: (f[0], os.path.basename(f[2])))


def validate_tree(content_path: str, rules: guard.Rules | None = None, settings: dict | None = None,
                  markdown=None, sources: bool = False) -> tuple[dict, list[Problem]]:
    """Read and check everything under `content_path`; a body is rendered only to check its
    `{static}`/`{attach}`/`{filename}` links. Returns ({(type, slug): (doc, data)}, problems).
    `sources`: every entry that is not a draft must name its source (`make validate`, the gate of
    every pull request; the preview and test builds show an entry without one)."""
    from .reading import read_all

    rules = rules or guard.Rules()
    tree = guard.check(content_path, rules, display_path)
    themes = read_themes(content_path)
    files, problems = entry_files(content_path)
    entries = {}
    # Bodies are rendered as the build renders them, within the same time budget: a text too
    # complex to build is refused here too.
    read = read_all([path for _, _, path in files], markdown=markdown, seconds=rules.seconds)
    bodies = []
    try:
        today = clock.today(settings)
    except ValueError as err:  # HARVEST_TODAY that is not a day: said once, checked against today
        problems.append(Problem("pelicanconf.py", 1, 1, str(err)))
        today = clock.today()
    for (type_name, slug, _path), record in zip(files, read):
        doc, html = record.document, record.html
        entries[(type_name, slug)] = (doc, check_entry(doc, type_name, slug, themes, today))
        if sources:
            check_source_named(doc, entries[(type_name, slug)][1])
        if doc.ok and html and guard.mentions_links(doc.body):
            guard.check_links(doc, html, f"{type_name}/{slug}.md", tree)
        bodies.append((doc, html))
    check_site_links(settings or {}, entries, themes, tree, page_slugs(content_path), bodies)
    return entries, collect(themes, [*tree.problems, *problems], entries, page_slugs(content_path),
                            settings, tree.static)


def check_source_named(doc: Document, data: dict) -> None:
    """Every published entry says where its facts come from (CONTRIBUTING: "schrijf alleen wat je
    bron zegt; zeg waar het vandaan komt"). Reported at `license` when only that is given, else at
    the line that closes the front matter, where the field would go."""
    if not doc.ok or data.get("status") == "draft" or all(name in data for name in m.TO_PUBLISH):
        return  # a bad source is reported already, as what is wrong with it
    f = m.FIELDS_BY_TYPE["projects"]["source"]  # one field, the same in every type
    if ("source",) in doc.keys:  # written but left empty, as `make new` leaves it
        doc.problem(("source",), say("empty", key="source", help=f.help.rstrip(".")), key=True)
        return
    # The words of any missing required field, as the form says them too.
    missing = say("missing", key="source", help=f.help.rstrip("."), example=f.example)
    if ("license",) in doc.keys:  # a licence without its source
        doc.problem(("license",), missing, key=True)
    else:
        doc.problems.append(Problem(doc.path, max(doc.body_line - 1, 1), 1, missing))


def check_site_links(settings: dict, entries: dict, themes: Themes, tree, pages, bodies,
                     known=None) -> None:
    """Links to the site's own pages in the bodies (sitelinks.py): each must name a page.
    `known`: the link targets (`link_targets`), when the caller has them."""
    from . import sitelinks

    known = known or link_targets(settings, entries, themes, tree, pages)
    for doc, html in bodies:
        if html:
            sitelinks.check(doc, html, known)


def link_targets(settings: dict, entries: dict, themes: Themes, tree, pages):
    """What a body may link to (sitelinks.Targets): the pages of the valid entries, the rest of the site."""
    from . import sitelinks

    aliases = [a for _, data in entries.values() if isinstance((data or {}).get("aliases"), list)
               for a in data["aliases"] if isinstance(a, str)]  # an invalid one is reported already
    valid = {key: data if not doc.problems else None for key, (doc, data) in entries.items()}
    return sitelinks.targets(settings, valid, themes.slugs, tree.static, pages, aliases)


@dataclass
class Across:
    """What the rules across files gave in the last build, by their inputs (a warm build whose
    front matter is the same but for titles, as after an edit in a body or a title, finds the
    same): the problems they put on each entry, and the link targets of the valid entries."""

    key: bytes = b""  # the settings, themes, other files, and what the rules read of each entry
    added: dict | None = None  # (type, slug) -> [Problem]; None: not run with these inputs yet
    targets_key: bytes = b""  # `key` and which entries are valid
    targets: object = None
    read: dict = field(default_factory=dict)  # (type, slug) -> (front's digest, checked as, _read's)
    linked: tuple | None = None  # what _check_links returned: the bodies checked, and which were clean


def _check_links(bodies: list, known, last: tuple | None) -> tuple:
    """check_site_links for `bodies` ([(document, body HTML)], in the files' order) against the
    link targets `known`; `last`: what the last call returned. A body checked against the same
    targets object, of the same document with the same HTML, that gave no problem then, gives none
    now (the check reads those alone, and only adds problems): it is not checked again. Returns
    (known, documents, bodies' HTML, whether each gave none) for the next call."""
    from . import sitelinks

    docs, htmls = list(map(itemgetter(0), bodies)), list(map(itemgetter(1), bodies))
    if last is not None and last[0] is known and len(last[1]) == len(bodies):
        clean = list(last[3])
        same = map(and_, map(and_, map(is_, docs, last[1]), map(eq, htmls, last[2])), clean)
        todo = compress(range(len(bodies)), map(not_, same))
    else:
        clean, todo = [True] * len(bodies), range(len(bodies))
    for i in todo:
        doc, html = bodies[i]
        before = len(doc.problems)
        if html:
            sitelinks.check(doc, html, known)
        clean[i] = len(doc.problems) == before
    return known, docs, htmls, clean


def _read(doc, data) -> bytes:
    """What the rules across files read of an entry: its front matter but the title (they check
    relations, earlier addresses and links; a link's target is an address, made of slugs and
    facet values), and where each value is written (for the message)."""
    return digest(repr({k: v for k, v in (data or {}).items() if k != "title"}),
                  repr([(p, at) for p, at in doc.values.items() if p[:1] != ("title",)]),
                  repr([(p, at) for p, at in doc.keys.items() if p[:1] != ("title",)]))


def check_across(settings: dict, checked: dict, fronts: dict, inputs: bytes, themes: Themes, tree,
                 tree_problems: list, bodies: list, memo: Across | None = None,
                 keep: bool = True) -> tuple[list, Across | None]:
    """check_site_links, then collect, for the build: the problems of the whole harvest, and the
    memo for the next build. `fronts`: (type, slug) -> the digest of its file's front matter
    (ReadRecord.front), in the order of `checked`; `inputs`: a digest of the settings and the day;
    `memo`: the last build's Across. The rules across files read the front matter alone (their
    data, and where each value is written, for the message), so the same inputs give the same
    problems: those are put on the documents again without running the rules. `keep` False (a
    one-off build, which keeps no memo): the rules run, and no memo is made (at 10,000 entries,
    what it is keyed by cost 0.2 s)."""
    pages = page_slugs(tree.root)
    if not keep:
        _check_links(bodies, link_targets(settings, checked, themes, tree, pages), None)
        return collect(themes, tree_problems, checked, pages, settings, tree.static), None
    last = memo.read if memo is not None else {}
    read, checked_as = {}, digest(inputs, repr(themes.slugs))  # the data is checked against these
    for k, (doc, data) in checked.items():  # made again only for a file whose front changed
        known = last.get(k)
        if known is None or known[0] != fronts[k] or known[1] != checked_as:
            known = (fronts[k], checked_as, _read(doc, data))
        read[k] = known
    key = digest(inputs, repr(themes.slugs), repr(sorted(tree.static)), repr(sorted(pages)),
                 repr([(k, doc.path) for k, (doc, _) in checked.items()]),
                 b"".join(r[2] for r in read.values()))
    memo = memo if memo is not None and memo.key == key else Across(key)
    memo.read = read
    # A body's problem (a broken link in it) makes its entry invalid: no link may lead there.
    targets_key = digest(key, bytes(not doc.problems for doc, _ in checked.values()))
    if memo.targets is None or memo.targets_key != targets_key:
        memo.targets_key, memo.targets = targets_key, link_targets(settings, checked, themes, tree, pages)
    memo.linked = _check_links(bodies, memo.targets, memo.linked)
    if memo.added is not None:
        for k, (doc, _) in checked.items():
            doc.problems.extend(memo.added.get(k, ()))
        return collect(themes, tree_problems, checked, across=False), memo
    before = {k: len(doc.problems) for k, (doc, _) in checked.items()}
    problems = collect(themes, tree_problems, checked, pages, settings, tree.static)
    memo.added = {k: doc.problems[before[k]:] for k, (doc, _) in checked.items()
                  if len(doc.problems) > before[k]}
    return problems, memo


def page_slugs(content_path: str) -> set[str]:
    """The slugs of content/pages, each a page at /<slug>/ (an alias must not take one)."""
    try:
        names = os.listdir(os.path.join(content_path, "pages"))
    except OSError:
        return set()
    return {os.path.splitext(name)[0] for name in names if not name.startswith(".")}


def collect(themes: Themes, tree_problems: list, entries: dict, pages=(), settings=None,
            static=(), across: bool = True) -> list[Problem]:
    """Every problem of the harvest, after the rules across files (unless `across` is False:
    their problems are on the documents already)."""
    if across:
        check_harvest(entries)
        check_aliases(entries, pages, settings, static)  # the addresses come from the settings
    problems = [*themes.problems, *tree_problems]
    for doc, _ in entries.values():
        problems.extend(doc.problems)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.message))
