"""Small content folders made in the test, and a Pelican build of them."""

from __future__ import annotations

import os
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

THEMES = """\
- slug: innovatiecultuur
  title: Innovatiecultuur
  description: Hoe een organisatie ruimte maakt voor vernieuwing.
- slug: participatie
  title: Participatie
  description: Burgers en belanghebbenden die meedenken en meedoen.
- slug: samenwerking
  title: Samenwerking
  description: Samen over de grenzen van organisaties heen.
"""


def entry(title="Een titel", summary="Een korte samenvatting.", themes="[innovatiecultuur]",
          date="2024-05-01", body="Tekst van de inzending.", **fields) -> str:
    """Front matter and body of one entry; extra fields are written as given (YAML text)."""
    lines = ["---", f"title: {title}", f"summary: {summary}", f"themes: {themes}", f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n---\n" + body + "\n"


# Where test entries say their facts come from: `make validate` asks every published entry for one.
SOURCE = "https://example.org/bron"

VALID = {
    "projects/spring-uit-de-band.md": entry("Spring Uit De Band", stage="afgerond", started=2012,
                                            ended=2014, organisations="[vlaamse-overheid]", source=SOURCE),
    "practices/fouten-maken-mag.md": entry("Fouten maken mag", kind="verrijkende-mislukking",
                                          projects="[spring-uit-de-band]", source=SOURCE),
    "tools/diagnose-innovatie.md": entry("Diagnose innovatie", kind="werkvorm", duration="halve dag",
                                        experts="[menno-spaan]", source=SOURCE),
    "knowledge/van-indammen-naar-laten-stromen.md": entry(
        "Van indammen naar laten stromen", kind="literatuur", year=2018, authors="[Menno Spaan]",
        source=SOURCE),
    "experts/menno-spaan.md": entry("Menno Spaan", roles="[expert, inspirator]", source=SOURCE),
    "organisations/vlaamse-overheid.md": entry("Vlaamse overheid", kind="overheid", source=SOURCE),
}


def write_content(root, files: dict, themes: str = THEMES) -> str:
    """Write `files` ({relative path: text or bytes}) under root/content; return that path."""
    content = os.path.join(root, "content")
    os.makedirs(content, exist_ok=True)
    if themes is not None:
        with open(os.path.join(content, "themes.yml"), "w", encoding="utf-8") as fh:
            fh.write(themes)
    for rel, text in files.items():
        path = os.path.join(content, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = "wb" if isinstance(text, bytes) else "w"
        with open(path, mode, **({} if isinstance(text, bytes) else {"encoding": "utf-8"})) as fh:
            fh.write(text if isinstance(text, bytes) else textwrap.dedent(text))
    return content


def build(content: str, output: str, settings_file: str = "pelicanconf.py", **overrides):
    """Run Pelican end to end as `make build` does, on `content`, into `output`."""
    from pelican.settings import read_settings

    from harvest.integration.build import run_pelican

    # Pelican makes the settings' relative paths (theme, plugins) absolute from the settings file.
    settings = read_settings(os.path.join(ROOT, settings_file), override={
        "PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": os.path.join(output, "..", ".cache"),
        **overrides})
    run_pelican(settings)


def output_files(folder: str) -> dict[str, bytes]:
    """Every file under `folder`: {relative path: bytes}."""
    found = {}
    for where, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(where, name)
            with open(path, "rb") as fh:
                found[os.path.relpath(path, folder)] = fh.read()
    return found


def read(output: str, rel: str) -> str:
    with open(os.path.join(output, rel), encoding="utf-8") as fh:
        return fh.read()
