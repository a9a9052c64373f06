"""A new entry file, written from the content model (`invoke new <type> "Titel"`).

Every field of the type is in the file. Required fields the command cannot fill are left
empty behind a `# VUL IN:` comment: an empty required field is exactly what the validator
reports ("`summary` is leeg; vul het in (...)") on that line, so an unfilled scaffold never
validates, and filling in the value (the comment may stay) is all it takes. Optional fields
are commented out with their Dutch help, like Hugo's archetypes."""

from __future__ import annotations

import datetime
import os
import re
import textwrap
import unicodedata

from . import model as m
from .loader import display_path

PLACEHOLDER = "VUL IN"
SLUG_MAX = 60
LINE_MAX = 100

# Letters that Unicode does not decompose into a base letter plus accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
                       "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ı": "i"})
_APOSTROPHES = re.compile(r"['’‘`´]")

# What to write about in the body, per type: a prompt in an HTML comment, which the reader's
# sanitiser drops, so a prompt left in place never reaches the site.
BODY_PROMPTS = {
    "projects": "Waarover gaat het project, wie doet mee, wat is er al bereikt en wat is de volgende stap?",
    "practices": "Wat deed je, wat liep goed of fout, en wat leer je eruit? Schrijf het zo dat een collega "
                 "in een andere organisatie het kan overnemen of vermijden.",
    "tools": "Wat is het instrument, voor wie is het bedoeld, en hoe gebruik je het stap voor stap?",
    "knowledge": "Wat zegt deze theorie, dit model of deze tekst, en wat heb je eraan in de praktijk?",
    "experts": "Wie is deze persoon, waarvoor kun je bij haar of hem terecht, en uit welke projecten "
               "ken je haar of hem? Noem alleen wat de persoon zelf goed vindt.",
    "organisations": "Wat doet deze organisatie en wat is haar rol in de innovatieoogst?",
    "events": "Vooraf de uitnodiging: voor wie is de bijeenkomst, wat staat op het programma, wie spreekt? "
              "Achteraf het verslag: wat werd er gedeeld en geoogst? Noem de ervaringen in `practices`.",
}


class ScaffoldError(Exception):
    """A problem with the request itself (unknown type, empty title, existing file)."""


def slugify(title: str) -> str:
    """`Één nieuw instrument` -> `een-nieuw-instrument`: lower case, accents folded, ASCII
    letters and digits joined by single hyphens, at most SLUG_MAX characters."""
    text = _APOSTROPHES.sub("", title.translate(_FOLD))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    if len(slug) > SLUG_MAX:  # cut at a word boundary, so the slug stays readable
        slug = slug[:SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX + 1] else slug[:SLUG_MAX]
    return slug.strip("-")


def resolve_type(name: str) -> m.EntryType:
    """The entry type named by its folder (`tools`), section (`instrumenten`) or label
    (`instrument`), case-insensitively."""
    wanted = name.strip().lower()
    if not wanted:
        raise ScaffoldError("noem de soort en de titel, bv. `make new type=tools title=\"Mijn instrument\"` "
                            "of `.venv/bin/invoke new tools \"Mijn instrument\"`")
    for t in m.TYPES.values():
        if wanted in (t.name, t.section, t.label.lower(), t.plural.lower()):
            return t
    from .validate import nearest

    names = [*m.TYPES, *(t.section for t in m.TYPES.values())]
    hint = nearest(wanted, names, 0.5)
    hint = f"; bedoel je `{m.TYPE_BY_SECTION[hint].name if hint in m.TYPE_BY_SECTION else hint}`?" if hint else ""
    choices = ", ".join(f"{t.name} ({t.plural.lower()})" for t in m.TYPES.values())
    raise ScaffoldError(f"onbekende soort `{name}`{hint} Kies uit: {choices}.")


# A text is written plain only when no YAML reader could take it for anything else; otherwise it
# is double-quoted. A fixed rule rather than a trial parse, so that the "Deel je oogst" form
# (theme/js/contribute-rules.js) writes byte for byte the same file; tests check both.
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`.+<=~ ")
_UNSAFE_ANYWHERE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff,\[\]{}]|: |:$| #")
_NUMBER_LIKE = re.compile(r"[0-9][0-9a-fA-FxXoObB_.:+\- tTzZ]*")
_WORDS = re.compile(r"(?i)y|n|yes|no|true|false|on|off|null")


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when safe by the rule above, else double-quoted."""
    if (text and text == text.strip() and text[0] not in _UNSAFE_START
            and not _UNSAFE_ANYWHERE.search(text) and not _NUMBER_LIKE.fullmatch(text)
            and not _WORDS.fullmatch(text)):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]", lambda c: f"\\u{ord(c[0]):04x}", escaped)
    return f'"{escaped}"'



def field_groups(type_name: str) -> tuple[list[m.Field], list[m.Field], list[m.Field]]:
    """A type's fields in the scaffold's order: (required, optional, relations)."""
    t, fields = m.TYPES[type_name], list(m.FIELDS_BY_TYPE[type_name].values())
    return ([f for f in fields if t.asks(f)],
            [f for f in fields if not t.asks(f) and f.kind != m.RELATION],
            [f for f in fields if f.kind == m.RELATION])


def _hint(f: m.Field, themes: list[str]) -> str:
    """One line of Dutch help: the model's help plus how to write the value."""
    help = f.help.rstrip(".")
    if f.kind == m.CHOICE:
        if all(f"`{c}`" in f.help for c in f.choices):  # the help already names them all
            return f"{help}."
        return f"{help}. Kies uit: {', '.join(f.choices)}."
    if f.kind == m.CHOICES:
        return f"{help}, bv. [{next(iter(f.choices))}]. Kies uit: {', '.join(f.choices)}."
    if f.kind == m.THEMES:
        shown = f" Kies uit: {', '.join(themes)}." if themes else ""
        return f"{help}, bv. [{', '.join(themes[:2]) or 'innovatiecultuur'}].{shown}"
    if f.kind == m.TEXTS:
        return f"{help}, bv. [Eerste, Tweede]."
    if f.kind == m.RELATION:
        return f"{help}, bv. [een-slug]."
    if f.kind == m.YEAR:
        return f"{help}." if "bv." in help else f"{help}. Een jaartal, bv. 2019."
    if f.kind == m.LINKS:
        return f"{help}, bv. [{{title: Verslag, url: https://…}}]."
    return f"{help}."


def read_theme_slugs(content: str) -> list[str]:
    """Theme slugs from content/themes.yml, for the hint; none when it cannot be read."""
    from .loader import read_themes

    return list(read_themes(content).slugs)


def render(type_name: str, title: str, today: datetime.date | None = None,
           themes: list[str] | None = None) -> str:
    """The text of a new entry of `type_name` titled `title`."""
    t = m.TYPES[type_name]
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("geef een titel, bv. `make new type=tools title=\"Mijn instrument\"`")
    today = today or datetime.date.today()
    themes = themes or []
    fields = list(m.FIELDS_BY_TYPE[type_name].values())
    filled = {"title": yaml_scalar(title), "date": today.isoformat()}
    required, optional, relations = field_groups(type_name)
    width = max(len(f.name) for f in fields) + 4

    def line(f: m.Field, prefix: str = "") -> str:
        value = filled.get(f.name)
        if value is not None and f.name == "date":
            # Filled in with today, but people take it for the project's date: say what it is.
            return "\n".join([*textwrap.wrap(f"# {f.label} ({f.name}): {_hint(f, themes)} "
                                              "Ingevuld met vandaag.", LINE_MAX, subsequent_indent="#   "),
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
        *textwrap.wrap(f"# Nieuwe inzending: {t.label.lower()} ({t.description[0].lower()}"
                       f"{t.description[1:].rstrip('.')}).", LINE_MAX, subsequent_indent="# "),
        f"# Vul elk veld met `# {PLACEHOLDER}` in: typ de waarde na de dubbele punt; de uitleg erachter",
        "# mag blijven staan. Een optioneel veld gebruik je door het `# ` vooraan de regel weg te halen.",
        "# Alle velden staan uitgelegd in CONTRIBUTING.md, onder \"Velden\".",
        *(line(f) for f in required),
        "# Optioneel:",
        *(line(f, "# ") for f in optional),
        "# Verbanden met andere inzendingen (optioneel; noem een verband aan één kant):",
        *(line(f, "# ") for f in relations),
        "---",
        *textwrap.wrap(f"<!-- {BODY_PROMPTS[type_name]} Schrijf in Markdown: een kopje met ##, een "
                       "lijst met -. Deze opmerking verschijnt niet op de site; haal ze weg als je "
                       "tekst er staat. -->", LINE_MAX, subsequent_indent="     "),
        "",
    ]
    return "\n".join(lines)


def create(content: str, type_name: str, title: str, today: datetime.date | None = None) -> str:
    """Write a new entry under `content`; returns its path. Never overwrites."""
    t = resolve_type(type_name)
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"uit de titel `{title}` valt geen bestandsnaam te maken: "
                            "gebruik letters of cijfers")
    text = render(t.name, title, today, read_theme_slugs(content))
    folder = os.path.join(content, t.name)
    path = os.path.join(folder, f"{slug}.md")
    os.makedirs(folder, exist_ok=True)
    try:
        # "x": fails if the file exists, even if it appeared a moment ago.
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} bestaat al; kies een andere titel of bewerk dat bestand") from None
    return path
