"""Issue 11, the tree: a contribution can only publish regular files of the content folder, images
that are really images, and Markdown pages checked like entries. Each refusal is named as
`path:line:column` by `validate` and by the build, before anything is written."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from harvest.content.guard import Rules
from harvest.content.loader import validate_tree
from harvest.report import ContentErrors
from helpers import ROOT, VALID, build, entry, output_files, read, write_content

PAGE = "---\ntitle: Over Oogst\n---\n"


def image(fmt: str, size=(4, 3)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def outside(tmp_path, name="secret.txt", text="GEHEIM-buiten-de-map\n") -> str:
    """A file beside (not in) the content folder."""
    folder = tmp_path / "buiten"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return str(folder / name)


def refused(tmp_path, files: dict, setup=None, rules: Rules | None = None, **settings) -> list[str]:
    """Problems of validate and of the build, as `rel:line:column: message`; asserts they agree and
    that the build wrote nothing."""
    content = write_content(str(tmp_path), {**VALID, **files})
    if setup:
        setup(content)
    _, problems = validate_tree(content, rules or Rules.of({"STATIC_PATHS": ["images", "extra"], **settings}))
    found = [f"{p.path.split('content/', 1)[1]}:{p.line}:{p.column}: {p.message}" for p in problems]
    out = str(tmp_path / "out")
    with pytest.raises(ContentErrors) as raised:
        build(content, out, **settings)
    built = [f"{p.path.split('content/', 1)[1]}:{p.line}:{p.column}: {p.message}"
             for p in raised.value.problems]
    assert built == found
    assert not os.path.exists(out) or output_files(out) == {}
    return found


def link(content, rel, target, directory=False):
    if os.path.exists(os.path.join(content, rel)):
        os.remove(os.path.join(content, rel))
    os.symlink(target, os.path.join(content, rel), target_is_directory=directory)


# --- rule 1: only regular files inside the tree ----------------------------------------------

@pytest.mark.parametrize("rel, target", [
    ("images/logo.png", "secret"),  # an image that is a file of the build machine
    ("images/home", "folder"),  # a folder of it (was: a whole home folder copied)
    ("knowledge/link.md", "entry"),  # an entry read from elsewhere, even a valid one
    ("tools", "folder"),  # a whole type folder
    ("images/copy.png", "inside"),  # a link that stays inside: refused too, as simple to check
    ("themes.yml", "secret"),
])
def test_symbolic_links_anywhere_are_refused(tmp_path, rel, target):
    secret = outside(tmp_path)
    valid_entry = outside(tmp_path, "entry.md", entry(kind="literatuur"))

    def setup(content):
        os.makedirs(os.path.join(content, "images"), exist_ok=True)
        with open(os.path.join(content, "images", "real.png"), "wb") as fh:
            fh.write(image("PNG"))
        if rel == "tools":
            import shutil

            shutil.rmtree(os.path.join(content, "tools"))
        where = {"secret": secret, "entry": valid_entry, "folder": os.path.dirname(secret),
                 "inside": os.path.join(content, "images", "real.png")}[target]
        link(content, rel, where, directory=target == "folder")

    found = refused(tmp_path, {}, setup)
    assert f"{rel}:1:1: dit is een symbolische koppeling: alleen gewone bestanden en mappen in de " \
           "inhoudsmap worden gelezen; zet het bestand zelf hier in de plaats van de koppeling" in found
    assert not any("GEHEIM" in problem for problem in found)


@pytest.mark.parametrize("rel", ["pages/pijp.md", "knowledge/pijp.md", "images/pijp.png"])
def test_pipes_are_refused_without_reading_them(tmp_path, rel):
    # Reading a pipe blocks forever: the guard looks at the file's type, never opens it.
    found = refused(tmp_path, {}, lambda content: (os.makedirs(os.path.dirname(os.path.join(content, rel)),
                                                               exist_ok=True),
                                                   os.mkfifo(os.path.join(content, rel))))
    assert f"{rel}:1:1: dit is geen gewoon bestand (een pipe, socket of apparaat); verwijder het" in found


@pytest.mark.parametrize("name, shown", [
    (b"images/a\nb.png", "images/a\\nb.png"),  # would split the `path:line:column` line
    (b"images/\xff.png", "images/\\xff.png"),  # not UTF-8
    (b"pages/over\x1b[31m.md", "pages/over\\x1b[31m.md"),  # a terminal escape
])
def test_names_with_unprintable_characters_are_refused(tmp_path, name, shown):
    def setup(content):
        path = os.path.join(os.fsencode(content), name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(image("PNG") if name.endswith(b".png") else PAGE.encode())

    found = refused(tmp_path, {}, setup)
    assert found == [f"{shown}:1:1: deze naam bevat een onzichtbaar teken of is geen UTF-8; hernoem het "
                     "met letters, cijfers en koppeltekens, bv. `foto-1.png`"]


# --- rule 1: links resolve inside the tree, never by `..` -------------------------------------

@pytest.mark.parametrize("where", ["tools/t.md", "pages/over.md"])
@pytest.mark.parametrize("written, hint", [
    ("[a]({attach}/../../../../proc/self/environ)", "wijst buiten de inhoudsmap of gebruikt `..`"),
    ("![a]({static}../secret.txt)", "wijst buiten de inhoudsmap of gebruikt `..`"),
    ("[a]({attach}/%2e%2e/buiten/secret.txt)", "wijst buiten de inhoudsmap of gebruikt `..`"),
    ('<a href="{static}/images/../../buiten/secret.txt">a</a>', "wijst buiten de inhoudsmap"),
    ("[a]({filename}/../buiten/entry.md)", "wijst buiten de inhoudsmap of gebruikt `..`"),
    ("[a](|attach|/../../etc/hostname)", "wijst buiten de inhoudsmap of gebruikt `..`"),
    ("[a]({static}/themes.yml)", "noemt geen bestand dat gepubliceerd wordt"),
    ("[a]({attach}/tools/t.md)", "noemt geen bestand dat gepubliceerd wordt"),
    ("[a]({filename}/tools/bestaat-niet.md)", "noemt geen inzending of pagina"),
])
def test_links_to_files_resolve_only_inside_the_tree(tmp_path, where, written, hint):
    outside(tmp_path)
    body = f"Eerste regel.\n\nZie {written} hier."
    text = entry(kind="tool", body=body) if where.startswith("tools") else PAGE + body + "\n"
    line = text.split("\n").index(f"Zie {written} hier.") + 1
    column = len("Zie ") + min(written.find(c) for c in "{|" if c in written) + 1
    found = refused(tmp_path, {where: text})
    assert len(found) == 1, found
    assert found[0].startswith(f"{where}:{line}:{column}: `")
    assert hint in found[0]


def test_links_inside_the_tree_are_kept(tmp_path):
    page = PAGE + "![Foto]({static}/images/foto.png) [Diagnose]({filename}/tools/diagnose-innovatie.md)\n"
    content = write_content(str(tmp_path), {**VALID, "pages/over.md": page,
                                            "images/foto.png": image("PNG")})
    assert validate_tree(content)[1] == []
    out = str(tmp_path / "out")
    build(content, out)
    html = read(out, "over/index.html")
    assert 'src="/images/foto.png"' in html and 'href="/instrumenten/diagnose-innovatie/"' in html
    assert output_files(out)["images/foto.png"] == image("PNG")


def test_static_copying_outside_the_tree_is_stopped(tmp_path):
    # A setting (trusted, but mistaken) sends Pelican's static copying out of the folder: the
    # last check before copying refuses, and nothing is written.
    outside(tmp_path)
    content = write_content(str(tmp_path), VALID)
    out = str(tmp_path / "out")
    with pytest.raises(ContentErrors) as raised:
        build(content, out, STATIC_PATHS=["images", "../buiten"])
    assert [p.message for p in raised.value.problems] == [
        "Pelican zou een bestand buiten de inhoudsmap kopiëren; dat gebeurt niet (pas STATIC_PATHS aan)"]
    assert not os.path.exists(out) or output_files(out) == {}


# --- rule 2: only what the site means to serve -----------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'


@pytest.mark.parametrize("rel, data, hint", [
    ("images/x.svg", SVG, "(een SVG kan scripts bevatten)"),
    ("images/x.html", "<script>alert(1)</script>", "(HTML kan scripts bevatten)"),
    ("images/x.js", "alert(1)", "(scripts komen niet uit bijdragen)"),
    ("extra/x.js", "alert(1)", "(scripts komen niet uit bijdragen)"),
    ("extra/robots.txt", "User-agent: *\nDisallow: /", "(het is geen afbeelding)"),
    ("images/.htaccess", "x", "(het is geen afbeelding)"),
    ("images/nep.png", "<html><script>alert(1)</script></html>", "dit is geen PNG-, JPEG-, WebP- of GIF"),
    ("images/nep.gif", b"GIF89a<script>alert(1)</script>", "dit is geen PNG-, JPEG-, WebP- of GIF"),
    ("images/kapot.png", image("PNG", (64, 64))[:-20], "beschadigd of onvolledig"),
    ("images/kop.png", image("PNG")[:40], "dit is geen PNG-, JPEG-, WebP- of GIF"),
    ("images/foto.png", image("JPEG"),
     "dit is een JPEG-afbeelding, geen PNG; hernoem het bestand naar `foto.jpg`"),
    ("images/sub/map/svg.jpg", SVG, "dit is geen PNG-, JPEG-, WebP- of GIF"),
])
def test_static_folders_hold_only_real_raster_images(tmp_path, rel, data, hint):
    found = refused(tmp_path, {rel: data})
    assert len(found) == 1 and found[0].startswith(f"{rel}:1:1: ") and hint in found[0], found


def test_images_are_capped_in_pixels(tmp_path):
    bomb = image("PNG", (6000, 5000))  # 30 million pixels in 90 KB: a decompression bomb in small
    assert refused(tmp_path, {"images/bom.png": bomb}) == [
        "images/bom.png:1:1: de afbeelding is 6000 × 5000 pixels; "
        "houd ze onder 25 miljoen pixels (verklein ze)"]


def test_images_are_capped_in_bytes(tmp_path):
    photo = image("JPEG", (300, 300))
    assert refused(tmp_path, {"images/groot.jpg": photo}, HARVEST_IMAGE_MAX_BYTES=1000) == [
        f"images/groot.jpg:1:1: de afbeelding is {len(photo) / 1e3:.0f} KB; houd ze onder 1 KB "
        "(verklein ze, bv. tot 2000 pixels breed, of sla ze op als JPEG of WebP)"]


def test_real_images_and_listed_files_are_published(tmp_path):
    files = {"images/a.png": image("PNG"), "images/b.jpeg": image("JPEG"), "images/c.webp": image("WEBP"),
             "images/sub/d.gif": image("GIF"), "extra/CNAME": "oogst.example\n"}
    content = write_content(str(tmp_path), {**VALID, **files})
    allowed = {"HARVEST_STATIC_ALLOWED": ["extra/CNAME"]}
    assert validate_tree(content, Rules.of(allowed))[1] == []
    out = str(tmp_path / "out")
    build(content, out, **allowed)
    written = output_files(out)
    for rel, data in files.items():
        assert written[rel] == (data if isinstance(data, bytes) else data.encode())


@pytest.mark.parametrize("name, text", [
    ("over.html", "<html><body><script src='/images/x.js'></script></body></html>"),
    ("info.rst", "Info\n====\n\n.. include:: /etc/hostname\n"),
    ("raw.rst", "Raw\n===\n\n.. raw:: html\n   :file: /etc/hostname\n"),
    ("oud.markdown", PAGE + "Tekst.\n"),
])
def test_pages_are_markdown_only(tmp_path, name, text):
    found = refused(tmp_path, {f"pages/{name}": text})
    assert len(found) == 1 and found[0].startswith(f"pages/{name}:1:1: "), found
    assert "hernoem naar" in found[0]


@pytest.mark.parametrize("text, expected", [
    ("---\ntitle: Over\nsave_as: ../../index.html\n---\nTekst.\n",
     "pages/over.md:3:1: onbekend veld `save_as` in een pagina (een pagina kent title, summary, status)"),
    ("---\ntitle: Over\ntemplate: base\n---\nTekst.\n",
     "pages/over.md:3:1: onbekend veld `template` in een pagina"),
    ("---\ntitel: Over\n---\nTekst.\n",
     "pages/over.md:2:1: onbekend veld `titel` in een pagina; bedoel je `title`?"),
    ("---\ntitle: Over\nsummary: <b>vet</b>\n---\nTekst.\n",
     "pages/over.md:3:10: `summary` is gewone tekst: laat HTML-tags weg"),
    ("---\ntitle: [a, b]\n---\nTekst.\n", "pages/over.md:2:8: `title` moet tekst zijn"),
    ("Geen front matter.\n", "pages/over.md:1:1: de front matter ontbreekt"),
    ("---\ntitle: Over\nstatus: geheim\n---\n", "pages/over.md:3:9: onbekende status `geheim`"),
])
def test_pages_are_validated_like_entries(tmp_path, text, expected):
    found = refused(tmp_path, {"pages/over.md": text})
    assert [p for p in found if p.startswith(expected)], found


@pytest.mark.parametrize("name, hint", [("projecten.md", "zou /projecten/ van de site overschrijven"),
                                        ("zoeken.md", "zou /zoeken/ van de site overschrijven"),
                                        ("Over Ons.md", "is geen geldige slug")])
def test_page_names_are_slugs_that_overwrite_nothing(tmp_path, name, hint):
    found = refused(tmp_path, {f"pages/{name}": PAGE + "Tekst.\n"})
    assert len(found) == 1 and hint in found[0], found


def test_pages_are_sanitised_like_entries(tmp_path):
    page = PAGE + "Hallo <script>alert(1)</script> <img src=x onerror=alert(2)> [a](javascript:alert(3))\n"
    content = write_content(str(tmp_path), {**VALID, "pages/over.md": page})
    out = str(tmp_path / "out")
    build(content, out)
    html = read(out, "over/index.html")
    assert "Hallo" in html
    assert "alert" not in html and "onerror" not in html and "javascript:" not in html


def test_html_and_rst_readers_are_off_and_docutils_cannot_include(tmp_path):
    from pelican.readers import Readers, RstReader
    from pelican.settings import read_settings

    settings = read_settings(os.path.join(ROOT, "pelicanconf.py"))
    readers = Readers(settings)
    assert {"html", "htm", "rst"}.isdisjoint(readers.readers)
    # Should someone turn rst back on: docutils refuses to include files or raw HTML.
    secret = outside(tmp_path)
    for directive in (f".. include:: {secret}", f".. raw:: html\n   :file: {secret}",
                      ".. raw:: html\n\n   <script>alert(1)</script>"):
        path = tmp_path / "info.rst"
        path.write_text(f"Info\n====\n\n{directive}\n")
        try:
            html, _ = RstReader(settings).read(str(path))
        except Exception as error:  # docutils halts on the disabled directive
            html = str(error)
        assert "GEHEIM" not in html and "<script>" not in html


# --- rule 7: a planted secret never reaches the output ----------------------------------------

@pytest.mark.slow  # several whole builds: the slow tier
def test_planted_secret_never_reaches_the_site_or_the_log(tmp_path):
    """An environment variable and a file outside the tree, each tried through every way in that
    once worked; `validate` and `pelican` refuse with messages, not tracebacks, and neither the
    log nor any output file holds either secret. Without the hostile files the rest builds."""
    import secrets
    import subprocess
    import sys

    env_secret, file_secret = f"ENV-{secrets.token_hex(12)}", f"FILE-{secrets.token_hex(12)}"
    secret = outside(tmp_path, "secret.txt", file_secret + "\n")
    valid_entry = outside(tmp_path, "entry.md", entry(kind="literatuur", summary=file_secret))
    up = "/.." * 24
    hostile = {
        "pages/over.md": PAGE + f"[env]({{attach}}{up}/proc/self/environ) [f]({{static}}{up}{secret})\n",
        "tools/lek.md": entry(kind="tool", body='<a href="{attach}/%2e%2e/buiten/secret.txt">x</a> '
                                                "![i]({static}../../buiten/secret.txt)"),
        "pages/info.rst": f"Info\n====\n\n.. include:: {secret}\n\n.. raw:: html\n   :file: {secret}\n",
        "pages/oud.html": f'<html><body><script src="/images/x.js"></script><a href="file://{secret}">a</a></body></html>',
        "images/x.svg": SVG, "images/x.js": "alert(document.cookie)", "extra/x.html": "<script></script>",
    }
    links = {"images/logo.png": secret, "images/thuis": os.path.dirname(secret),
             "knowledge/link.md": valid_entry, "extra/environ": "/proc/self/environ"}
    content = write_content(str(tmp_path), {**VALID, **hostile})
    for rel, target in links.items():
        link(content, rel, target, directory=os.path.isdir(target))
    os.mkfifo(os.path.join(content, "pages", "pijp.md"))
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins"), "OOGST_PLANTED_SECRET": env_secret}
    out = str(tmp_path / "out")

    def run(*args):
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=120)
        log = result.stdout + result.stderr
        assert env_secret not in log and file_secret not in log and "Traceback" not in log, log
        return result

    def assert_clean(folder):
        for rel, data in output_files(folder).items():
            assert env_secret.encode() not in data and file_secret.encode() not in data, rel

    # A good build first: a refused build leaves it as it was, even with publishconf's emptying.
    good = write_content(str(tmp_path / "goed"), VALID)
    assert run("-m", "pelican", good, "-s", "publishconf.py", "-o", out).returncode == 0
    before = output_files(out)
    validated = run("-m", "harvest", "validate", content)
    built = run("-m", "pelican", content, "-s", "publishconf.py", "-o", out)
    assert validated.returncode == built.returncode == 1
    for rel in [*hostile, *links, "pages/pijp.md"]:
        assert f"content/{rel}:" in validated.stderr and f"content/{rel}:" in built.stderr, rel
    assert output_files(out) == before
    assert_clean(out)

    # Without the refused files, the rest builds (and still holds no secret).
    for rel in [*hostile, *links, "pages/pijp.md"]:
        os.remove(os.path.join(content, rel))
    assert run("-m", "harvest", "validate", content).returncode == 0
    assert run("-m", "pelican", content, "-s", "pelicanconf.py", "-o", out + "2").returncode == 0
    assert os.path.exists(os.path.join(out + "2", "instrumenten", "diagnose-innovatie", "index.html"))
    assert_clean(out + "2")


def test_live_preview_refuses_and_keeps_the_last_good_site(tmp_path, capsys):
    """The warm process checks the tree on every build: a link or a swapped image that appears
    between two builds is refused, the staged site stays as it was, and a fix builds again."""
    from harvest.tools.preview import Preview

    secret = outside(tmp_path)
    content = write_content(str(tmp_path), {**VALID, "images/foto.png": image("PNG"),
                                            "pages/over.md": PAGE + "![f]({static}/images/foto.png)\n"})
    staging = str(tmp_path / "staging")
    cwd = os.getcwd()
    os.chdir(ROOT)  # the settings name theme and plugins relative to the project
    try:
        preview = Preview(os.path.join(ROOT, "pelicanconf.py"), path=content, output=staging,
                          CACHE_PATH=str(tmp_path / "cache"))
        assert preview.build(clean=True)
        good = output_files(staging)
        steps = [
            lambda: link(content, "images/logo.png", secret),
            lambda: write_content(str(tmp_path), {"images/foto.png": SVG}, themes=None),  # same name
            lambda: write_content(str(tmp_path), {"tools/diagnose-innovatie.md": entry(
                kind="werkvorm", body="[a]({attach}/../../buiten/secret.txt)")}, themes=None),
        ]
        for step in steps:
            step()
            assert not preview.build()
            assert output_files(staging) == good
        os.remove(os.path.join(content, "images", "logo.png"))
        write_content(str(tmp_path), {"images/foto.png": image("JPEG"),
                                      "pages/over.md": PAGE + "Geen foto.\n",
                                      "tools/diagnose-innovatie.md": VALID["tools/diagnose-innovatie.md"]},
                      themes=None)
        assert not preview.build()  # a JPEG named .png: the cache knows the file changed
        os.remove(os.path.join(content, "images", "foto.png"))
        assert preview.build()
    finally:
        os.chdir(cwd)
    problems = capsys.readouterr().err
    assert "content/images/logo.png:1:1: dit is een symbolische koppeling" in problems
    assert "content/images/foto.png:1:1: dit is geen PNG-, JPEG-, WebP- of GIF-afbeelding" in problems
    assert "content/tools/diagnose-innovatie.md:" in problems
    assert "content/images/foto.png:1:1: dit is een JPEG-afbeelding, geen PNG" in problems
    assert "GEHEIM" not in problems and "GEHEIM" not in str(output_files(staging))


def test_validate_reads_the_same_allowances_as_the_build(tmp_path, capsys):
    from harvest.tools.cli import main

    content = write_content(str(tmp_path), {**VALID, "extra/CNAME": "oogst.example\n"})
    settings = tmp_path / "instellingen.py"
    settings.write_text('STATIC_PATHS = ["images", "extra"]\nHARVEST_STATIC_ALLOWED = ["extra/CNAME"]\n')
    assert main(["validate", content, "--settings", str(settings)]) == 0
    assert main(["validate", content, "--settings", str(tmp_path / "bestaat-niet.py")]) == 1
    assert "content/extra/CNAME:1:1: hier staan alleen afbeeldingen" in capsys.readouterr().err


def test_any_link_the_guard_lets_through_lands_on_a_checked_file():
    """Random paths of `..`, `.`, slashes, %-escapes and HTML entities: whatever the guard accepts,
    each way Pelican resolves it (as written, unquoted, unescaped) names a file that passed."""
    from html import unescape
    from urllib.parse import unquote, urlparse

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from harvest.content.guard import Tree, _link_problem

    tree = Tree(root="content", rules=Rules(), static={"images/a.png", "extra/b.gif"},
                sources={"tools/t.md", "pages/over.md"})
    part = st.sampled_from(["..", ".", "", "images", "a.png", "extra", "b.gif", "tools", "t.md", "%2e%2e",
                            "%2E.", "&#46;&#46;", "&period;.", "%2f", "etc", "passwd", "~", "%00"])

    @settings(max_examples=600, deadline=None)
    @given(what=st.sampled_from(["static", "attach", "filename"]),
           lead=st.sampled_from(["", "/", "//", "./"]),
           parts=st.lists(part, max_size=6), folder=st.sampled_from(["tools", "pages", "pages/sub"]))
    def check(what, lead, parts, folder):
        value = lead + "/".join(parts)
        if _link_problem(what, value, folder, tree) is not None:
            return
        allowed = tree.sources if what == "filename" else tree.static
        for path in (urlparse(value).path, unquote(urlparse(value).path), urlparse(unescape(value)).path):
            rel = path[1:] if path.startswith("/") else os.path.join(folder, path)
            resolved = os.path.normpath(rel)
            assert not os.path.isabs(resolved) and not resolved.startswith(".."), value
        assert any(os.path.normpath(p[1:] if p.startswith("/") else os.path.join(folder, p)) in allowed
                   for p in (urlparse(value).path, unquote(urlparse(value).path))), value

    check()
    for value in ("/images/a.png", "/./images/a.png", "/extra/b.gif", "/images/%61.png"):
        assert _link_problem("static", value, "pages", tree) is None, value
    assert _link_problem("filename", "../tools/t.md", "pages", tree) is not None
