"""Files derived from the content model and kept in the repository: `schema/<type>.json`
(the validator's own JSON Schemas, for editors), the field reference in CONTRIBUTING.md and
the issue form for people who cannot open a pull request. `invoke schema` rewrites them;
tests/test_schema_files.py fails when one is out of date."""

from __future__ import annotations

import json
import os
import re

from ..model import types as m
from ..model.messages import MESSAGES, person_help
from ..model.schema import schema_for
from ..site import routes

BEGIN_MARK = "<!-- velden:begin"
BEGIN = (f"{BEGIN_MARK} (gegenereerd uit plugins/harvest/model/types.py met `invoke schema`; "
         "niet met de hand bewerken) -->")
END = "<!-- velden:end -->"
EXAMPLE_DATE = "2024-05-17"  # fixed, so the generated text does not change from day to day
CONTRIBUTING = "CONTRIBUTING.md"
ISSUE_FORM = os.path.join(".github", "ISSUE_TEMPLATE", routes.ISSUE_FORM)
# Labels of the issue form that are no field of the model; `make intake` reads them back.
ISSUE_SUBMISSION_LABEL = "Je inzending van de site"  # the form's text, filled in by the site
ISSUE_KIND_LABEL = "Soort, fase of rol"
ISSUE_RELATIONS_LABEL = "Verbanden"
# Field ids that GitHub's new-issue address takes for itself (title, body, labels, ...): renamed.
ISSUE_IDS = {"title": "titel", "body": "verhaal"}

_KIND_LABELS = {
    m.TEXT: "tekst",
    m.PLAINTEXT: f"gewone tekst, hoogstens {m.SUMMARY_MAX} tekens",
    m.DATE: "datum `JJJJ-MM-DD`",
    m.MOMENT: "dag `JJJJ-MM-DD` of dag en uur `JJJJ-MM-DD UU:MM`",
    m.END: "dag `JJJJ-MM-DD`, dag en uur `JJJJ-MM-DD UU:MM` of een uur `UU:MM`",
    m.YEAR: "jaartal, bv. `2019`",
    m.URL: "webadres `https://…`",
    m.EMAIL: "e-mailadres",
    m.ISBN: "ISBN-10 of ISBN-13",
    m.CHOICE: "één waarde uit de lijst",
    m.CHOICES: "lijst van één of meer waarden uit de lijst",
    m.TEXTS: "lijst van teksten, bv. `[Eerste, Tweede]`",
    m.THEMES: "lijst van thema-slugs, bv. `[innovatiecultuur]`",
    m.LINKS: "lijst van `{title: …, url: https://…}`",
    m.SOURCE: "webadres `https://…` of `{title: …, publisher: …, url: https://…}`, of een lijst ervan",
    m.RELATION: "lijst van slugs, bv. `[een-slug]`",
    m.ALIASES: "lijst van paden op deze site, bv. `[/ervaringen/oude-slug/]`",
}


def schema_text(type_name: str) -> str:
    """The schema the validator uses for `type_name`, as the file editors read."""
    return json.dumps(schema_for(type_name), ensure_ascii=False, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    return {os.path.join("schema", f"{name}.json"): schema_text(name) for name in m.TYPES}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _value(f: m.Field) -> str:
    text = _KIND_LABELS[f.kind]
    if f.choices:
        text += ": " + ", ".join(f"`{value}` ({label})" for value, label in f.choices.items())
    return text


def _table(fields) -> list[str]:
    rows = ["| veld | verplicht | waarde | uitleg |", "|---|---|---|---|"]
    for f in fields:
        needed = "ja" if f.required else "ja, behalve in een concept" if f.name in m.TO_PUBLISH else "nee"
        rows.append(f"| `{f.name}` | {needed} | {_cell(_value(f))} | "
                    f"{_cell(f.help)} |")
    return rows


def field_reference() -> str:
    """The field reference of CONTRIBUTING.md, in Dutch, from the model."""
    lines = [BEGIN, "", "### Velden van elke soort", "", *_table(m.COMMON_FIELDS), ""]
    for t in m.TYPES.values():
        lines += [f"### {t.plural} (`content/{t.name}/`)", "", t.description, "", *_table(t.fields), "",
                  f"Een kleinste geldige inzending, bv. `content/{t.name}/voorbeeld.md`:", "",
                  "```markdown", example(t.name), "```", ""]
    lines += [
        "### Verbanden met andere inzendingen",
        "",
        "Elke inzending kan inzendingen van elke soort noemen, in een lijstveld met de naam van die "
        "soort. Noem een verband aan één kant: het verschijnt op beide pagina's.",
        "",
        *_table(m.RELATION_FIELDS),
        "",
        END,
    ]
    return "\n".join(lines)


def example(type_name: str) -> str:
    """The smallest valid entry of a type: its required fields, filled from the model (and the
    first field of each group the type needs one of, and what a published entry needs)."""
    lines = ["---"]
    needed = {group[0] for group in m.TYPES[type_name].one_of} | set(m.TO_PUBLISH)
    for f in m.FIELDS_BY_TYPE[type_name].values():
        if not f.required and f.name not in needed:
            continue
        value = f.example
        if f.kind == m.DATE:
            value = EXAMPLE_DATE
        elif value is None and f.choices:
            value = next(iter(f.choices))
        if isinstance(value, list):
            value = "[" + ", ".join(value) + "]"
        lines.append(f"{f.name}: {value}")
    return "\n".join([*lines, "---", "De tekst van de inzending, in Markdown."])


def with_field_reference(text: str, path: str = CONTRIBUTING) -> str:
    """`text` (CONTRIBUTING.md) with the part between the markers regenerated."""
    start, end = text.find(BEGIN_MARK), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{path}: de markeringen `{BEGIN_MARK} -->` en `{END}` ontbreken")
    return text[:start] + field_reference() + text[end + len(END):]


def _yaml(value) -> str:
    # JSON scalars are valid YAML: no escaping rules of our own.
    return json.dumps(value, ensure_ascii=False)


def _one_of_words(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " of " + words[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _block(kind: str, id_: str | None, label: str, description: str = "", required: bool = False,
           options=(), **extra) -> list[str]:
    """One element of an issue form. Checkbox options are {label, required} objects; the
    options of a dropdown are plain strings."""
    out = [f"  - type: {kind}"] + ([f"    id: {id_}"] if id_ else []) + ["    attributes:"]
    out.append(f"      label: {_yaml(label)}")
    if description:
        out.append(f"      description: {_yaml(description)}")
    for key, value in extra.items():
        out.append(f"      {key}: {_yaml(value)}")
    if options:
        out.append("      options:")
        for option in options:
            if kind == "checkboxes":
                out.append(f"        - label: {_yaml(option)}")
                if required:
                    out.append("          required: true")
            else:
                out.append(f"        - {_yaml(option)}")
    if required and kind != "checkboxes":
        out += ["    validations:", "      required: true"]
    return out


def issue_form(themes: dict) -> str:
    """The issue form `nieuwe-inzending.yml`: the fields of the content model that a
    non-developer can fill in, with the model's labels, help and choices. `themes` maps
    slug -> {title, ...} (content/themes.yml)."""
    common = m.FIELDS_BY_TYPE["projects"]

    def field(name: str, kind: str = "input", description: str | None = None, **extra) -> list[str]:
        f = common[name]
        # Not required here: whoever comes from the site has it all in the first field; the
        # workflow says what is missing (tools/intake.py).
        return _block(kind, ISSUE_IDS.get(f.name, f.name), f.label, description or person_help(f), **extra)

    # Issue forms cannot show fields depending on an earlier answer, so one dropdown lists the
    # required choice of every type (kind, stage or roles), each prefixed with its type.
    # An organisation's kind is optional (a source may not say) but it is still its card's choice.
    kinds = [f"{t.label}: {label}" for t in m.TYPES.values() for f in t.fields
             if f.name == t.card for value, label in f.choices.items()]
    own = []
    for name in dict.fromkeys(f.name for t in m.TYPES.values() for f in t.fields if f.name != t.card):
        owners = [t for t in m.TYPES.values() if any(f.name == name for f in t.fields)]
        f = next(f for f in owners[0].fields if f.name == name)
        where = ", ".join(t.label.lower() for t in owners)
        # A field several types share has type-specific help: describe the value instead.
        help = person_help(f) if len(owners) == 1 else (
            _SHARED_HELP.get(f.name) or _KIND_LABELS[f.kind].capitalize() + ".")
        kind = "textarea" if f.kind in (m.TEXTS,) and f.search_field != "names" else "input"
        if f.kind == m.TEXTS:
            help += " " + (_ONE_PER_LINE if kind == "textarea" else _COMMAS)
        if f.kind in (m.MOMENT, m.END):
            help += " " + _DAY
        own += _block(kind, f.name, f"{f.label} (bij {where})", help)
    lines = [
        "# Generated from plugins/harvest/model/types.py and content/themes.yml by `invoke schema`.",
        "name: Nieuwe inzending",
        "description: Stel een inzending voor de oogst voor, zonder zelf een pull request te openen.",
        "title: \"Nieuwe inzending: \"",
        "labels: [inzending]",
        "body:",
        "  - type: markdown",
        "    attributes:",
        "      value: " + _yaml(
            "Dank je om iets te delen! Een redacteur leest je inzending na en antwoordt hier. Alles wat "
            "je hier schrijft is meteen openbaar. Zodra je het issue bewaart, kijkt een controle na of "
            "alles erin staat: ze zegt hier wat er nog ontbreekt, of maakt er een voorstel van."),
        *_block("textarea", "inzending", ISSUE_SUBMISSION_LABEL,
                "Kom je van het formulier op de site? Dan staat je inzending hier al en hoef je verder "
                "niets in te vullen: vink onderaan de drie vakjes aan en klik op Submit new issue. Pas "
                "de tekst hier niet aan."),
        "  - type: markdown",
        "    attributes:",
        "      value: " + _yaml("Geen formulier van de site? Vul dan hieronder in wat je wilt delen."),
        *_block("dropdown", "soort", MESSAGES["readType"].file, "Wat wil je delen? " + " ".join(
            f"{t.label}: {_lower_first(re.sub(rf'^(een )?{t.label}: ', '', t.description, flags=re.I))}"
            for t in m.TYPES.values()), False, [t.label for t in m.TYPES.values()]),
        *field("title"),
        *field("summary", "textarea"),
        *_block("checkboxes", "themes", common["themes"].label, person_help(common["themes"]), False,
                [theme.get("title", slug) for slug, theme in themes.items()]),
        *_block("dropdown", "kind", ISSUE_KIND_LABEL,
                "Kies wat bij de soort inzending hoort; bij een schakelfiguur mag je meer rollen kiezen.",
                False, kinds, multiple=True),
        *_block("textarea", ISSUE_IDS["body"], MESSAGES["readStory"].file,
                "Wat is het, voor wie, hoe ging het, wat leer je eruit? Een witregel begint een nieuwe "
                "alinea."),
        *field("region", "dropdown", options=list(m.REGIONS.values())),
        *field("links", "textarea", "Eén link per regel: de titel, een dubbele punt en het hele adres, "
               "bijvoorbeeld Verslag: https://www.gent.be/verslag"),
        *field("source"),
        *field("license"),
        *field("contributors",
               description="Namen van wie aan deze inzending schreef, gescheiden door komma's."),
        *own,
        *_block("textarea", "relations", ISSUE_RELATIONS_LABEL,
                _one_of_words([t.plural.lower() for t in m.TYPES.values()]).capitalize()
                + " op de site waarmee dit samenhangt: één naam per regel, zoals de site ze noemt. Een "
                "naam die nog niet in de oogst staat, mag ook."),
        *_block("checkboxes", "checks", "Controle", "Wat de redactie nakijkt voor ze publiceert.", True,
                list(CHECKS)),
    ]
    return "\n".join(lines) + "\n"


_SHARED_HELP = {"website": "Het hele adres, bijvoorbeeld https://www.gent.be.",
                "url": "Het hele adres waar je er meer over vindt, bijvoorbeeld https://www.gent.be.",
                "year": "Het jaar waarin het gebeurde of verscheen, zoals je bron het zegt, "
                        "bijvoorbeeld 2019."}
_ONE_PER_LINE = "Eén per regel."
_COMMAS = "Gescheiden door komma's."
_DAY = "Dag, maand en jaar, en het uur als dat vastligt, bijvoorbeeld 10-12-2026 om 14:00."


# What reviewers check, shared by CONTRIBUTING.md, the pull request template and the issue form.
CHECKS = (
    "De tekst is in gewone taal: korte zinnen, geen jargon of afkortingen zonder uitleg.",
    "Elk feit staat in de bron die de inzending noemt (`source`); overgenomen tekst heeft een licentie "
    "(`license`) die overnemen toelaat.",
    "Wie als schakelfiguur genoemd wordt, gaf toestemming (ook voor een e-mailadres).",
)


def generated_files(root: str) -> dict[str, str]:
    """Every derived file, path relative to `root` -> text it should hold."""
    from ..content.loader import read_themes

    files = schema_files()
    path = os.path.join(root, CONTRIBUTING)
    with open(path, encoding="utf-8") as fh:
        files[CONTRIBUTING] = with_field_reference(fh.read(), path)
    files[ISSUE_FORM] = issue_form(read_themes(os.path.join(root, "content")).slugs)
    return files


def write_all(root: str) -> list[str]:
    """Write the derived files that changed; returns their paths."""
    written = []
    for rel, text in generated_files(root).items():
        path = os.path.join(root, rel)
        try:
            with open(path, encoding="utf-8") as fh:
                if fh.read() == text:
                    continue
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written.append(rel)
    return written
