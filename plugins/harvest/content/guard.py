"""The content tree's guard: which files may be read, copied into the site or linked.

A pull request is untrusted input. Only regular files inside the content folder count: a symbolic
link or a device could pull in files from the build machine, a pipe could stall the build. Under
the static folders (images/, extra/) only real raster images (by their bytes, not their name) and
files a setting lists are published, so nothing served from the site's own origin can run script.
Pages (content/pages/) are Markdown with front matter, checked like entries. `{static}`, `{attach}`
and `{filename}` links must name such a file inside the tree, written without `..`.

`validate` and the build both call `check`; the build also checks what Pelican is about to copy
(`check_static_copies`) in case a setting sends it elsewhere. No Pelican imports here."""

from __future__ import annotations

import os
import posixpath
import re
import stat
import warnings
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import unquote, urlparse

from ..model import types as m
from ..site.routes import site_folders
from ..text import visible
from .document import Document, Problem, parse

# Pillow's format name -> the file name endings that say so.
IMAGE_TYPES = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "WEBP": (".webp",), "GIF": (".gif",)}
IMAGE_ENDINGS = {end: fmt for fmt, ends in IMAGE_TYPES.items() for end in ends}
IMAGE_MAX_BYTES = 2_000_000  # HARVEST_IMAGE_MAX_BYTES
IMAGE_MAX_PIXELS = 25_000_000  # HARVEST_IMAGE_MAX_PIXELS: width x height, against decompression bombs
DEPTH_MAX = 8  # folders below content/ (content/images/a/b/c/d/e/f/g/ is 8 deep)
PAGE_FOLDERS = ("pages", "blog")  # read by Pelican's own generators, with the harvest's reader
PAGE_FIELDS = {"title": "de titel van de pagina", "summary": "een korte samenvatting, gewone tekst",
               "status": "`published`, `hidden` of `draft`"}
PAGE_STATUSES = ("published", "hidden", "draft")
# Top-level folders the site writes itself (theme files, feeds, open data, themes, search).
LINK_KINDS = ("static", "attach", "filename")
# Pelican's intrasite links (its INTRASITE_LINK_REGEX inside an attribute), as it finds them.
_LINK = re.compile(r"""<[^>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*"""
                   r"""(?P<quote>["'])[{|](?P<what>.*?)[|}](?P<value>.*?)(?P=quote)""")
_SLUG = re.compile(m.SLUG_PATTERN)


@dataclass(frozen=True)
class Rules:
    static_paths: tuple[str, ...] = ("images", "extra")
    allowed: frozenset[str] = frozenset()  # content-relative paths published whatever they hold
    image_max_bytes: int = IMAGE_MAX_BYTES
    image_max_pixels: int = IMAGE_MAX_PIXELS
    seconds: float = 2.0  # HARVEST_TIME_BUDGET: a page's Markdown, as an entry's
    site_folders: tuple[str, ...] = site_folders()  # no page may take one (routes.py)

    @classmethod
    def of(cls, settings: dict) -> Rules:
        return cls(static_paths=tuple(p.strip("/") for p in settings.get("STATIC_PATHS", cls.static_paths)),
                   allowed=frozenset(settings.get("HARVEST_STATIC_ALLOWED", ())),
                   image_max_bytes=int(settings.get("HARVEST_IMAGE_MAX_BYTES", IMAGE_MAX_BYTES)),
                   image_max_pixels=int(settings.get("HARVEST_IMAGE_MAX_PIXELS", IMAGE_MAX_PIXELS)),
                   seconds=float(settings.get("HARVEST_TIME_BUDGET", cls.seconds)),
                   site_folders=site_folders(settings))


@dataclass
class Tree:
    """What the walk found: content-relative paths of the files that passed, and problems."""

    root: str
    rules: Rules
    static: set = field(default_factory=set)  # published as they are (images/, extra/)
    sources: set = field(default_factory=set)  # .md files: entries and pages
    pages: list = field(default_factory=list)  # (rel, Document) of content/pages and blog
    problems: list = field(default_factory=list)
    images: dict = field(default_factory=dict)  # see `check`


def check(content_path: str, rules: Rules, display=lambda p: p, images: dict | None = None) -> Tree:
    """Walk the tree without following links; check every file and every page. `display` turns
    a path into how messages name it. `images`: a memo of checked images, (path, size, mtime,
    rules) -> verdict, kept by the caller (the build state) so that a warm build does not open
    them again."""
    tree = Tree(root=content_path, rules=rules, images={} if images is None else images)
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            found = sorted(os.scandir(os.path.join(content_path, folder)), key=lambda e: e.name)
        except FileNotFoundError:
            return tree  # the loader reports a missing content folder
        for item in found:
            rel = posixpath.join(folder, item.name) if folder else item.name
            if not item.name.isprintable():  # a line end, a control character or not UTF-8
                tree.problems.append(Problem(display(_escaped(item.path)), 1, 1, (
                    "deze naam bevat een onzichtbaar teken of is geen UTF-8; hernoem het met "
                    "letters, cijfers en koppeltekens, bv. `foto-1.png`")))
                continue
            kind = _kind(item)
            if kind == "dir" and rel.count("/") + 1 > DEPTH_MAX:
                # Not walked further: Pelican's own walk recurses per level and crashes at ~1,000.
                tree.problems.append(Problem(display(item.path), 1, 1, (
                    f"deze map ligt meer dan {DEPTH_MAX} mappen diep in content/ en wordt niet "
                    "gelezen; zet wat erin staat hoger, bv. in content/images/")))
            elif kind == "dir":
                stack.append(rel)
            elif kind != "file":
                tree.problems.append(Problem(display(item.path), 1, 1, kind))
            else:
                _check_file(tree, rules, rel, item, display)
    for rel, doc in tree.pages:
        if doc.ok:
            check_page(doc, rel, rules.site_folders)
            if mentions_links(doc.body):
                from .reading import render_within

                html = render_within(doc, rules.seconds)
                if html is not None:
                    check_links(doc, html, rel, tree)
        tree.problems.extend(doc.problems)
    return tree


def update(tree: Tree, paths) -> Tree | None:
    """The tree after only the entry files `paths` (absolute) changed, appeared or went, as the
    live preview's watcher reports them; None when a full walk must tell instead: the last walk
    found problems, or a path is not a plain entry file in a type's folder (a link, a pipe, a
    folder, a page, an image, an odd name)."""
    if tree.problems:
        return None
    sources = set(tree.sources)
    for path in paths:
        rel = os.path.relpath(path, tree.root).replace(os.sep, "/")
        folder, _, name = rel.partition("/")
        if (folder not in m.TYPES or "/" in name or not name.endswith(".md") or name.startswith(".")
                or not rel.isprintable() or rel in tree.rules.allowed
                or folder in tree.rules.static_paths or folder in PAGE_FOLDERS):
            return None
        try:
            if not stat.S_ISDIR(os.lstat(os.path.join(tree.root, folder)).st_mode):
                return None
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            sources.discard(rel)
            continue
        if not stat.S_ISREG(mode):
            return None  # the walk names what is wrong with it
        sources.add(rel)
    return Tree(root=tree.root, rules=tree.rules, static=tree.static, sources=sources, pages=tree.pages,
                images=tree.images)


def _escaped(path: str) -> str:
    """A path with its unprintable characters escaped (`\\xff`, `\\u202e`): a message stays one line."""
    return visible(path)


def _kind(item: os.DirEntry) -> str:
    """"dir", "file" or what is wrong with it."""
    if item.is_symlink():
        return ("dit is een symbolische koppeling: alleen gewone bestanden en mappen in de "
                "inhoudsmap worden gelezen; zet het bestand zelf hier in de plaats van de koppeling")
    # The kind as the folder's listing gives it (no stat of each of 10,000 files; where the file
    # system does not give it, os.scandir asks lstat).
    if item.is_dir(follow_symlinks=False):
        return "dir"
    if item.is_file(follow_symlinks=False):
        return "file"
    return "dit is geen gewoon bestand (een pipe, socket of apparaat); verwijder het"


def _check_file(tree: Tree, rules: Rules, rel: str, item: os.DirEntry, display) -> None:
    top = rel.split("/", 1)[0]
    if rel in rules.allowed:
        tree.static.add(rel)
        return
    if top in rules.static_paths and "/" in rel:
        message = check_static(item.path, rel, rules, tree.images)
        if message:
            tree.problems.append(Problem(display(item.path), 1, 1, message))
        else:
            tree.static.add(rel)
        return
    ext = os.path.splitext(item.name)[1].lower()
    if top in PAGE_FOLDERS and "/" in rel:
        if ext != ".md":
            tree.problems.append(Problem(display(item.path), 1, 1, _page_type_message(item.name)))
            return
        with open(item.path, "rb") as fh:
            tree.pages.append((rel, parse(fh.read(), display(item.path))))
    if ext == ".md":
        tree.sources.add(rel)


def _page_type_message(name: str) -> str:
    stem, ext = os.path.splitext(name)
    if ext.lower() in (".html", ".htm", ".rst", ".txt", ".markdown"):
        return (f"pagina's zijn Markdown: `{ext}` wordt niet gelezen (HTML en reStructuredText kunnen "
                f"scripts en bestanden van de bouwmachine binnenhalen); hernoem naar `{stem}.md` en "
                "schrijf de tekst in Markdown")
    return ("in content/pages/ staan alleen pagina's als .md-bestanden; zet afbeeldingen in "
            "content/images/")


def check_static(path: str, rel: str, rules: Rules, images: dict | None = None) -> str | None:
    """What is wrong with publishing the regular file `path` (content-relative `rel`), or None.
    `images`: a memo of earlier verdicts (see `check`)."""
    if rel in rules.allowed:
        return None
    st = os.stat(path, follow_symlinks=False)
    if images is None:
        return _check_image(path, rel, st.st_size, rules)
    key = (path, st.st_size, st.st_mtime_ns, rules)
    if key not in images:
        images[key] = _check_image(path, rel, st.st_size, rules)
    return images[key]


def _check_image(path: str, rel: str, size: int, rules: Rules) -> str | None:
    name = posixpath.basename(rel)
    ext = os.path.splitext(name)[1].lower()
    allowed = ", ".join(f"`{p}`" for p in sorted(rules.allowed)) or "nu geen"
    if ext not in IMAGE_ENDINGS:
        why = {".svg": "een SVG kan scripts bevatten", ".html": "HTML kan scripts bevatten",
               ".htm": "HTML kan scripts bevatten", ".js": "scripts komen niet uit bijdragen",
               ".mjs": "scripts komen niet uit bijdragen"}.get(ext, "het is geen afbeelding")
        return (f"hier staan alleen afbeeldingen in PNG, JPEG, WebP of GIF ({why}); zet een foto "
                f"of grafiek om naar PNG of JPEG, of laat het bestand weg (andere bestanden alleen als "
                f"HARVEST_STATIC_ALLOWED in pelicanconf.py ze noemt: {allowed})")
    if size > rules.image_max_bytes:
        return (f"de afbeelding is {_amount(size)}; houd ze onder {_amount(rules.image_max_bytes)} "
                "(verklein ze, bv. tot 2000 pixels breed, of sla ze op als JPEG of WebP)")
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=list(IMAGE_TYPES)) as image:
                real, (width, height) = image.format, image.size
                if width * height > rules.image_max_pixels:
                    return (f"de afbeelding is {width} × {height} pixels; houd ze onder "
                            f"{rules.image_max_pixels / 1e6:.0f} miljoen pixels (verklein ze)")
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (f"dit is geen PNG-, JPEG-, WebP- of GIF-afbeelding, ook al heet het `{name}`; "
                "sla de afbeelding opnieuw op in een van die formaten")
    except (OSError, SyntaxError, ValueError, EOFError):
        return f"de afbeelding `{name}` is beschadigd of onvolledig; sla ze opnieuw op"
    if IMAGE_ENDINGS[ext] != real:
        stem = os.path.splitext(name)[0]
        return (f"dit is een {real}-afbeelding, geen {IMAGE_ENDINGS[ext]}; hernoem het bestand "
                f"naar `{stem}{IMAGE_TYPES[real][0]}`")
    return None


def _amount(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"


def check_page(doc: Document, rel: str, folders: tuple[str, ...] = site_folders()) -> None:
    """A page's front matter: `title`, optionally `summary` and `status`; nothing else (Pelican
    would honour `save_as`, `url` or `template` from a contributor)."""
    slug = posixpath.splitext(posixpath.basename(rel))[0]
    if not _SLUG.fullmatch(slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "mijn-pagina"
        doc.problems.append(Problem(doc.path, 1, 1, f"de bestandsnaam `{slug}.md` is geen geldige slug: "
                                    "gebruik kleine letters, cijfers en enkele koppeltekens, "
                                    f"bv. `{suggestion}.md`"))
    elif slug in m.TYPE_BY_SECTION or slug in folders:
        doc.problems.append(Problem(doc.path, 1, 1, f"een pagina `{slug}` zou /{slug}/ van de site "
                                    "overschrijven; kies een andere bestandsnaam"))
    for key, value in doc.data.items():
        if key not in PAGE_FIELDS:
            from .validate import nearest

            hint = nearest(key, PAGE_FIELDS)
            doc.problem((key,), f"onbekend veld `{key}` in een pagina"
                        + (f"; bedoel je `{hint}`?" if hint
                           else f" (een pagina kent {', '.join(PAGE_FIELDS)})"),
                        key=True)
        elif not isinstance(value, str) or not value.strip():
            doc.problem((key,), f"`{key}` moet tekst zijn: {PAGE_FIELDS[key]}")
        elif key == "status" and value not in PAGE_STATUSES:
            doc.problem((key,), f"onbekende status `{value}` (kies uit {', '.join(PAGE_STATUSES)})")
        elif key == "summary" and re.search(r"<[a-zA-Z/!][^>]*>", value):
            doc.problem((key,), "`summary` is gewone tekst: laat HTML-tags weg")
    if "title" not in doc.data:
        doc.problems.append(Problem(doc.path, 1, 1, "verplicht veld `title` ontbreekt; voeg bv. "
                                    "`title: Over Oogst` toe aan de front matter"))


def mentions_links(body: str) -> bool:
    """Cheap test before `check_links`: Pelican acts only on these words written literally."""
    return any(kind in body for kind in LINK_KINDS)  # `in` is many times faster than a regex


def check_links(doc: Document, html: str, rel: str, tree: Tree) -> None:
    """Every `{static}`, `{attach}` and `{filename}` link in a rendered body must name a file of
    the tree that passed (`tree.static` or `tree.sources`), without `..`. Problems go on `doc`."""
    folder = posixpath.dirname(rel)
    for match in _LINK.finditer(html):
        what, value = match.group("what"), match.group("value")
        if what not in LINK_KINDS:
            continue  # {index}, {tag}, ...: Pelican makes an address of them, reads no file
        message = _link_problem(what, value, folder, tree)
        if message:
            line, column = _position(doc, (f"{{{what}}}{value}", f"|{what}|{value}", value))
            doc.problems.append(Problem(doc.path, line, column, message))


def _link_problem(what: str, value: str, folder: str, tree: Tree) -> str | None:
    raw = urlparse(value).path
    shown = f"`{{{what}}}{_escaped(value[:80])}`"
    # Pelican tries the path as written, unquoted and HTML-unescaped: each must be safe.
    targets = set()
    # `//host/...` names another site, never a file here (as written or once unescaped).
    if urlparse(value).netloc or urlparse(unescape(value)).netloc or value.startswith("//"):
        example = "/tools/diagnose-innovatie.md" if what == "filename" else "/images/foto.png"
        return (f"{shown} wijst buiten de inhoudsmap; schrijf het pad vanaf content/ met één `/` ervoor, "
                f"bv. `{{{what}}}{example}`")
    for path in {raw, unquote(raw), urlparse(unescape(value)).path, unquote(urlparse(unescape(value)).path)}:
        if "\\" in path or "\0" in path:
            return f"{shown}: een pad met `\\` kan niet; schrijf het met `/` vanaf de inhoudsmap"
        rel = path[1:] if path.startswith("/") else posixpath.join(folder, path)
        if rel.startswith("/") or ".." in rel.split("/"):
            example = "/tools/diagnose-innovatie.md" if what == "filename" else "/images/foto.png"
            return (f"{shown} wijst buiten de inhoudsmap of gebruikt `..`; schrijf het pad vanaf "
                    f"content/, bv. `{{{what}}}{example}`")
        targets.add(posixpath.normpath(rel))
    if what == "filename":
        if not targets & tree.sources:
            return (f"{shown} noemt geen inzending of pagina in content/ "
                    f"(bv. `{{filename}}/tools/diagnose-innovatie.md`)")
        return None
    if not targets & tree.static:
        where = " of ".join(f"content/{p}/" for p in tree.rules.static_paths)
        return (f"{shown} noemt geen bestand dat gepubliceerd wordt; een afbeelding hoort in "
                f"{where}, bv. `{{{what}}}/images/foto.png`")
    return None


def _position(doc: Document, needles: tuple[str, ...]) -> tuple[int, int]:
    """Where the link is written in the body (its first occurrence), else the body's start."""
    for needle in needles:
        index = doc.body.find(needle)
        if index >= 0:
            line_start = doc.body.rfind("\n", 0, index) + 1
            return doc.body_line + doc.body.count("\n", 0, index), index - line_start + 1
    return doc.body_line, 1


def check_static_copies(content_path: str, sources: list[str], rules: Rules,
                        display=lambda p: p) -> list[Problem]:
    """What Pelican's static generator is about to copy (`sources`, relative to the content folder
    as Pelican names them): each must be a regular file inside the folder (real path), reached
    without `..` or links, in a static folder or listed, and pass `check_static`."""
    root = os.path.realpath(content_path)
    problems = []
    for source in sources:
        path = os.path.join(content_path, source)
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(content_path)).replace(os.sep, "/")
        parts = rel.split("/")
        if ".." in parts or ".." in source.replace(os.sep, "/").split("/"):
            message = ("Pelican zou een bestand buiten de inhoudsmap kopiëren; dat gebeurt niet "
                       "(pas STATIC_PATHS aan)")
        elif not os.path.lexists(path) or os.path.realpath(path) != os.path.join(root, *parts):
            message = "dit bestand ligt (via een koppeling) buiten de inhoudsmap en wordt niet gekopieerd"
        elif not stat.S_ISREG(os.lstat(path).st_mode):
            message = "dit is geen gewoon bestand en wordt niet gekopieerd"
        elif parts[0] not in rules.static_paths and rel not in rules.allowed:
            message = ("alleen bestanden in " + ", ".join(f"content/{p}/" for p in rules.static_paths)
                       + " worden gekopieerd")
        else:
            message = check_static(path, rel, rules)
        if message:
            problems.append(Problem(display(path), 1, 1, message))
    return problems


def guard_static_copies(generator) -> None:
    """Pelican's static_generator_finalized: stop the build, before anything is copied, when a
    file it found (STATIC_PATHS, or a `{static}` link it followed) does not pass."""
    from ..report import ContentErrors, display_path, print_problems

    problems = check_static_copies(generator.path, [sc.source_path for sc in generator.staticfiles],
                                   Rules.of(generator.settings), display_path)
    if problems:
        print_problems(problems, "er is niets gebouwd.")
        raise ContentErrors(problems)
