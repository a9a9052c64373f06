"""A new entry file, written from the content model (`invoke new <type> "Titel"`).

Every field of the type is in the file. Required fields the command cannot fill are left
empty behind a `# VUL IN:` comment: an empty required field is exactly what the validator
reports ("`summary` is leeg; vul het in (...)") on that line, so an unfilled scaffold never
validates, and filling in the value (the comment may stay) is all it takes. Optional fields
are commented out with their Dutch help, like Hugo's archetypes."""

from __future__ import annotations

import datetime
import os
import textwrap

from .. import clock
from ..model import types as m
from ..model.messages import say
from ..report import display_path
from ..text import slugify, yaml_scalar

PLACEHOLDER = say("scaffoldPlaceholder")
LINE_MAX = 100

class ScaffoldError(Exception):
    """A problem with the request itself (unknown type, empty title, existing file)."""


def resolve_type(name: str) -> m.EntryType:
    """The entry type named by its folder (`tools`), section (`instrumenten`) or label
    (`instrument`), case-insensitively."""
    wanted = name.strip().lower()
    if not wanted:
        raise ScaffoldError(say("noType"))
    for t in m.TYPES.values():
        if wanted in (t.name, t.section, t.label.lower(), t.plural.lower()):
            return t
    from ..content.validate import nearest

    names = [*m.TYPES, *(t.section for t in m.TYPES.values())]
    hint = nearest(wanted, names, 0.5)
    hint = (say("didYouMean", match=m.TYPE_BY_SECTION[hint].name if hint in m.TYPE_BY_SECTION else hint)
            if hint else "")
    choices = ", ".join(f"{t.name} ({t.plural.lower()})" for t in m.TYPES.values())
    raise ScaffoldError(say("unknownType", name=name, hint=hint, choices=choices))


# How to write a list, per kind of field: the catalogue's example.
_EXAMPLES = {m.TEXTS: "scaffoldExampleTexts", m.RELATION: "scaffoldExampleSlugs",
             m.LINKS: "scaffoldExampleLinks"}


def _hint(f: m.Field, themes: list[str]) -> str:
    """One line of Dutch help: the model's help plus how to write the value."""
    help = f.help.rstrip(".")
    choose = say("scaffoldChoose", choices=", ".join(f.choices))
    if f.kind == m.CHOICE:
        if all(f"`{c}`" in f.help for c in f.choices):  # the help already names them all
            return f"{help}."
        return f"{help}. {choose}"
    if f.kind == m.CHOICES:
        return f"{say('scaffoldExample', help=help, example=f'[{next(iter(f.choices))}]')} {choose}"
    if f.kind == m.THEMES:
        shown = f" {say('scaffoldChoose', choices=', '.join(themes))}" if themes else ""
        example = ", ".join(themes[:2]) or say("scaffoldExampleTheme")
        return say("scaffoldExample", help=help, example=f"[{example}]") + shown
    if f.kind in _EXAMPLES:
        return say("scaffoldExample", help=help, example=say(_EXAMPLES[f.kind]))
    if f.kind == m.YEAR:
        return f"{help}." if "bv." in help else f"{help}. {say('scaffoldYear')}"
    return f"{help}."


def read_theme_slugs(content: str) -> list[str]:
    """Theme slugs from content/themes.yml, for the hint; none when it cannot be read."""
    from ..content.loader import read_themes

    return list(read_themes(content).slugs)


def render(type_name: str, title: str, today: datetime.date | None = None,
           themes: list[str] | None = None) -> str:
    """The text of a new entry of `type_name` titled `title`."""
    t = m.TYPES[type_name]
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError(say("noTitle"))
    today = today or clock.today()
    themes = themes or []
    fields = list(m.FIELDS_BY_TYPE[type_name].values())
    filled = {"title": yaml_scalar(title), "date": today.isoformat()}
    required, optional, relations = m.field_groups(type_name)
    width = max(len(f.name) for f in fields) + 4

    def line(f: m.Field, prefix: str = "") -> str:
        value = filled.get(f.name)
        if value is not None and f.name == "date":
            # Filled in with today, but people take it for the project's date: say what it is.
            return "\n".join([*textwrap.wrap(f"# {f.label} ({f.name}): {_hint(f, themes)} "
                                              + say("scaffoldToday"), LINE_MAX, subsequent_indent="#   "),
                              f"{prefix}{f.name}: {value}"])
        if value is not None:
            return f"{prefix}{f.name}: {value}"
        note = f"{PLACEHOLDER}: " if t.asks(f) else ""
        # The help comments start in one column, commented-out fields included; long help
        # continues on comment lines, so no line needs sideways scrolling in the web editor.
        head = (prefix + f.name + ":").ljust(width)
        return "\n".join(textwrap.wrap(f"{head}# {note}{_hint(f, themes)}", LINE_MAX,
                                        subsequent_indent=" " * width + "#   ",
                                        break_on_hyphens=False))

    lines = [
        "---",
        *textwrap.wrap(say("scaffoldHead", label=t.label.lower(), description=t.description[0].lower()
                           + t.description[1:].rstrip(".")), LINE_MAX, subsequent_indent="# "),
        say("scaffoldFill", placeholder=PLACEHOLDER),
        *(line(f) for f in required),
        say("scaffoldOptional"),
        *(line(f, "# ") for f in optional),
        say("scaffoldRelations"),
        *(line(f, "# ") for f in relations),
        "---",
        # The type's prompt, from its declaration.
        *textwrap.wrap(say("scaffoldBody", prompt=t.prompt), LINE_MAX, subsequent_indent="     "),
        "",
    ]
    return "\n".join(lines)


def create(content: str, type_name: str, title: str, today: datetime.date | None = None) -> str:
    """Write a new entry under `content`; returns its path. Never overwrites."""
    t = resolve_type(type_name)
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(say("noSlug", title=title))
    text = render(t.name, title, today, read_theme_slugs(content))
    folder = os.path.join(content, t.name)
    path = os.path.join(folder, f"{slug}.md")
    os.makedirs(folder, exist_ok=True)
    try:
        # "x": fails if the file exists, even if it appeared a moment ago.
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(say("taken", path=display_path(path))) from None
    return path
