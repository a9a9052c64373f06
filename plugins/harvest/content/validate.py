"""Every rule of the content model, reported as `path:line:column: message` with a hint.

`check_entry` covers one file (the JSON Schema plus what a schema cannot say);
`check_harvest` covers what needs all files (relation targets, relations stated twice)."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field

from jsonschema import Draft202012Validator, ValidationError, validators

from .. import clock
from ..model import types as m
from ..site.events import read_moment
from .document import Document, Problem
from ..model.schema import ALIAS_MAX, ISBN_PATTERN, URL_PATTERN, YEAR_MAX, YEAR_MIN, schema_for



def _pattern(validator, pattern, instance, schema):
    r"""JSON Schema's `pattern` as ECMA-262 reads it: Python's `$` also matches before a final
    newline, so `slug\n` or `2024-01-01\n` would pass; `\Z` ends the text only."""
    if validator.is_type(instance, "string"):
        python = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
        if not re.search(python, instance):
            yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})
_VALIDATORS = {name: _Validator(schema_for(name)) for name in m.TYPES}
_INT = re.compile(r"^[+-]?[0-9]+$")
_SLUG = re.compile(m.SLUG_PATTERN)
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def nearest(word, candidates, cutoff: float = 0.6) -> str | None:
    if not isinstance(word, str):
        return None
    candidates = list(candidates)
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=cutoff)
    return match[0] if match else None


def _did_you_mean(word, candidates, cutoff: float = 0.6) -> str:
    match = nearest(word, candidates, cutoff)
    return f"; bedoel je `{match}`?" if match else ""


def _show(value) -> str:
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


def _one_of(values) -> str:
    values = [f"`{v}`" for v in values]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " of " + values[-1]


@dataclass
class Themes:
    slugs: dict = field(default_factory=dict)  # slug -> {slug, title, description}
    problems: list = field(default_factory=list)


def coerce(doc: Document, type_name: str) -> dict:
    """Turn the written text into what each field asks for. A plain `2019` becomes a number
    only where a year is asked; a single value where a list is asked becomes a list of one;
    an empty optional field counts as absent."""
    fields = m.FIELDS_BY_TYPE[type_name]
    data = {}
    for key, value in doc.data.items():
        f = fields.get(key)
        if f is None:
            data[key] = value
            continue
        if value is None and not f.required:
            continue
        if f.kind == m.YEAR and (key,) in doc.plain and _INT.match(value):
            value = int(value)
        elif f.is_list and f.kind != m.LINKS and isinstance(value, str):
            value = [value]
        data[key] = value
    return data


def check_entry(doc: Document, type_name: str, slug: str, themes: Themes) -> dict:
    """Check one parsed entry; problems go onto `doc.problems`. Returns the coerced data."""
    if not _SLUG.fullmatch(slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "mijn-inzending"
        doc.problems.append(Problem(
            doc.path, 1, 1,
            f"de bestandsnaam `{slug}.md` is geen geldige slug: gebruik kleine letters, cijfers "
            f"en enkele koppeltekens, bv. `{suggestion}.md`"))
    if not doc.ok:
        return {}
    data = coerce(doc, type_name)
    for error in _VALIDATORS[type_name].iter_errors(data):
        _schema_problem(doc, type_name, data, error)
    _check_rules(doc, type_name, data, themes)
    return data


def _schema_problem(doc: Document, type_name: str, data: dict, error) -> None:
    fields = m.FIELDS_BY_TYPE[type_name]
    path = tuple(error.absolute_path)
    kind = error.validator
    if any(path[:n] in doc.refused for n in range(len(path) + 1)) or (
            kind == "type" and any(r[:len(path)] == path for r in doc.refused)):
        return  # reported where it was read (a control character): once is enough
    if kind == "required" and not path:
        for name in error.validator_value:
            if name not in data:
                f = fields[name]
                example = _example(f)
                doc.problem((), f"verplicht veld `{name}` ontbreekt ({f.help.rstrip('.')}); "
                                f"voeg bv. `{name}: {example}` toe")
        return
    if kind == "required":  # inside a link
        for name in error.validator_value:
            if name not in error.instance:
                doc.problem(path, f"deze link mist `{name}`; een link heeft `title` en `url`")
        return
    if kind == "additionalProperties":
        allowed = error.schema["properties"]
        for name in error.instance:
            if name in allowed:
                continue
            if not path:
                elsewhere = [t for t, fs in m.FIELDS_BY_TYPE.items() if name in fs]
                if elsewhere:
                    hint = f"; `{name}` hoort bij {_one_of(elsewhere)}, niet bij {type_name}"
                else:
                    hint = _did_you_mean(name, allowed)
                doc.problem((name,), f"onbekend veld `{name}`{hint}", key=True)
            else:
                doc.problem(path + (name,), f"onbekend veld `{name}` in een link{_did_you_mean(name, allowed)}"
                            " (een link heeft `title` en `url`)", key=True)
        return
    if kind == "uniqueItems":  # point at the second mention, not the list
        seen = set()
        for i, item in enumerate(error.instance):
            if repr(item) in seen:
                doc.problem(path + (i,), f"`{path[0]}` noemt {_show(item)} twee keer; laat er één staan")
                return
            seen.add(repr(item))
    f = fields.get(path[0]) if path else None
    if f is not None and f.kind == m.THEMES and kind == "pattern":
        return  # _check_rules names the nearest existing theme instead
    if f is None:
        doc.problem(path, error.message)
        return
    doc.problem(path, _field_message(f, path, error))


def _example(f: m.Field) -> str:
    if f.example is not None:
        return ("[" + ", ".join(f.example) + "]") if isinstance(f.example, list) else str(f.example)
    if f.kind == m.DATE:
        return clock.today().isoformat()
    if f.choices:
        return next(iter(f.choices))
    return "…"


def _field_message(f: m.Field, path: tuple, error) -> str:
    name, value, kind = f.name, error.instance, error.validator
    if value is None:
        return f"`{name}` is leeg; vul het in ({f.help.rstrip('.')})"
    if kind == "minItems":
        return f"`{name}` is een lege lijst; noem er minstens één"
    if kind == "type" and error.validator_value == "array":
        return f"`{name}` moet een lijst zijn, bv. `{name}: [eerste, tweede]`"
    if kind == "type" and error.validator_value == "object":
        return "een link moet `title` en `url` hebben, bv. `- {title: Verslag, url: https://…}`"
    if kind == "type" and isinstance(value, (list, dict)):
        return f"`{name}` moet één waarde zijn, geen {'lijst' if isinstance(value, list) else 'groep velden'}"
    if f.kind == m.YEAR or (kind == "type" and error.validator_value == "integer"):
        if isinstance(value, int):
            return f"`{name}` moet een jaartal tussen {YEAR_MIN} en {YEAR_MAX} zijn, niet {value}"
        return f"`{name}` moet een jaartal zijn, bv. `{name}: 2019`, niet {_show(value)}"
    if f.kind == m.PLAINTEXT and kind == "maxLength":
        return (f"`{name}` is {len(value)} tekens lang; houd het op hoogstens {m.SUMMARY_MAX} "
                "(de rest hoort in de tekst onder de front matter)")
    if kind == "minLength":
        return f"`{name}` is leeg; vul het in ({f.help.rstrip('.')})"
    if f.kind == m.DATE:
        return f"`{name}` moet een datum JJJJ-MM-DD zijn, bv. `{name}: 2024-05-17`, niet {_show(value)}"
    if f.kind in (m.MOMENT, m.END):
        return _moment_message(f, value)
    if (f.kind == m.URL or path[-1] == "url") and isinstance(value, str):
        fixed = value.strip()
        if not fixed.startswith(("http://", "https://")) and "." in fixed and " " not in fixed:
            if re.match(URL_PATTERN, "https://" + fixed):
                return f"`{path[-1]}` moet beginnen met https:// of http://; bedoel je `https://{fixed}`?"
        return f"`{path[-1]}` moet een volledig webadres zijn (https://…), niet {_show(value)}"
    if f.kind == m.EMAIL:
        return f"`{name}` is geen e-mailadres zoals `naam@voorbeeld.be`: {_show(value)}"
    if f.kind == m.ISBN:
        return f"`{name}` is geen ISBN: gebruik 10 of 13 cijfers (koppeltekens mogen), niet {_show(value)}"
    if kind == "enum":
        where = "" if len(path) == 1 else f" in `{name}`"
        return (f"onbekende waarde {_show(value)}{where}{_did_you_mean(value, f.choices, 0.5)} "
                f"(kies uit {_one_of(f.choices)})")
    if kind == "type":
        return f"`{name}` moet tekst zijn, niet {_show(value)}"
    if f.kind == m.ALIASES and kind in ("pattern", "maxLength"):
        return _alias_message(value)
    if f.kind in (m.THEMES, m.RELATION) and kind == "pattern":
        return (f"{_show(value)} is geen geldige slug: kleine letters, cijfers en koppeltekens, "
                "zoals de bestandsnaam zonder .md")
    return f"`{name}`: {error.message}"


def _moment_message(f: m.Field, value) -> str:
    """Why `value` is not an event's day or time, and how to write it."""
    name = f.name
    forms = "een dag `JJJJ-MM-DD` of dag en uur `JJJJ-MM-DD UU:MM`" + (
        ", of alleen een uur `UU:MM`" if f.kind == m.END else "")
    text = str(value).strip()
    if re.fullmatch(r"[0-9]+", text):
        # YAML 1.1 tools turn an unquoted 17:00 into 1020 (minutes): the time cannot be told back.
        return (f"`{name}` is het getal {text}, geen tijd: schrijf {forms}, bv. `{name}: 2026-12-10 17:00`; "
                f"een uur alleen zet je tussen aanhalingstekens: `{name}: '17:00'`")
    clock = re.fullmatch(r"(\d{4}-\d{2}-\d{2}[ T])?(\d{1,2})[.hu](\d{2})?( ?uur)?", text)
    if clock:
        fixed = f"{clock.group(1) or ''}{clock.group(2)}:{clock.group(3) or '00'}"
        return f"`{name}` schrijft het uur met een dubbelepunt: `{name}: {fixed}`, niet {_show(value)}"
    flipped = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(.*)", text)
    if flipped:
        day, month, year, rest = flipped.groups()
        return (f"`{name}` schrijft de datum als jaar-maand-dag: bedoel je "
                f"`{year}-{int(month):02d}-{int(day):02d}{rest}`?")
    return f"`{name}` moet {forms} zijn, bv. `{name}: 2026-12-10 14:00`, niet {_show(value)}"


def _alias_message(value: str) -> str:
    """Why `value` is not a clean path on this site, and what would be."""
    example = "bv. `/ervaringen/oude-slug/`"
    if len(value) > ALIAS_MAX:
        return f"een eerder adres is hoogstens {ALIAS_MAX} tekens lang, dit is er {len(value)}"
    if re.search(r"[\x00-\x1f\x7f-\x9f]", value):
        return "dit eerdere adres bevat een onzichtbaar stuurteken; typ het opnieuw, " + example
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", value):
        return (f"een eerder adres is een pad op deze site, zonder `https://` en domeinnaam: "
                f"{example}, niet {_show(value)}")
    if ".." in value.split("/") or "." in value.split("/"):
        return f"een eerder adres mag geen `.` of `..` als deel hebben: {_show(value)}"
    if not value.startswith("/"):
        return f"een eerder adres begint met `/`: bedoel je `/{value}`?"
    return (f"{_show(value)} is geen eenvoudig pad op deze site: gebruik letters, cijfers, `-` en `_` "
            f"tussen `/`, eindigend op `/` of `.html`, {example}")


def _check_rules(doc: Document, type_name: str, data: dict, themes: Themes) -> None:
    dates = {}
    for name in ("date", "updated"):
        value = data.get(name)
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            try:
                dates[name] = datetime.date.fromisoformat(value)
            except ValueError:
                doc.problem((name,), f"`{name}` is geen bestaande datum: {_show(value)}")
    if "date" in dates and "updated" in dates and dates["updated"] < dates["date"]:
        doc.problem(("updated",), f"`updated` ({dates['updated']}) ligt vóór `date` ({dates['date']}); "
                                  "een inzending kan niet bijgewerkt zijn voor ze werd toegevoegd")
    _check_moments(doc, type_name, data)
    for group in m.TYPES[type_name].one_of:
        if not any(data.get(name) for name in group):
            # At the empty field if there is one, else beside the place or time it belongs with.
            where = next(((n,) for n in (*group, "venue", "address", "starts") if (n,) in doc.keys), ())
            if where == group[:1]:  # written but left empty, as the scaffold leaves it
                f = m.FIELDS_BY_TYPE[type_name][group[0]]
                doc.problem(where, f"`{f.name}` is leeg; vul het in ({f.help.rstrip('.')})")
                continue
            doc.problem(where, f"een {m.TYPES[type_name].label.lower()} heeft {_one_of(group)} of beide: "
                               f"voeg bv. `{group[0]}: Brussel` of `{group[-1]}: https://…` toe", key=bool(where))
    started, ended = data.get("started"), data.get("ended")
    if isinstance(started, int) and isinstance(ended, int) and ended < started:
        doc.problem(("ended",), f"`ended` ({ended}) ligt vóór `started` ({started})")
    isbn = data.get("isbn")
    if isinstance(isbn, str) and re.match(ISBN_PATTERN, isbn) and not isbn_valid(isbn):
        doc.problem(("isbn",), f"het controlecijfer van ISBN {_show(isbn)} klopt niet; "
                               "neem het nummer over van het boek of de uitgever")
    for f in m.FIELDS_BY_TYPE[type_name].values():
        value = data.get(f.name)
        if f.kind == m.TEXT and isinstance(value, str) and ("\n" in value or "\t" in value):
            # A title or name is one line wherever it goes: headings, feeds, CSV, messages.
            doc.problem((f.name,), f"`{f.name}` is één regel tekst: haal regeleinden en tabs weg")
    summary = data.get("summary")
    if isinstance(summary, str) and _TAG.search(summary):
        doc.problem(("summary",), "`summary` is gewone tekst: laat HTML-tags weg")
    for i, slug in enumerate(data.get("themes") or []):
        if isinstance(slug, str) and slug not in themes.slugs:
            doc.problem(("themes", i), f"onbekend thema {_show(slug)}"
                        f"{_did_you_mean(slug, themes.slugs)} (de thema's staan in content/themes.yml)")


def _check_moments(doc: Document, type_name: str, data: dict) -> None:
    """An event's start and end: days and hours that exist, and the end not before the start."""
    read = {}
    for f in m.FIELDS_BY_TYPE[type_name].values():
        value = data.get(f.name)
        if f.kind not in (m.MOMENT, m.END) or not isinstance(value, str):
            continue
        try:
            read[f.name] = read_moment(value.strip())
        except ValueError as err:
            if "uur" in str(err):
                doc.problem((f.name,), f"`{f.name}`: {err}; een uur loopt van 00:00 tot 23:59")
            elif "geen datum of tijd" not in str(err):  # that one the schema reported
                doc.problem((f.name,), f"`{f.name}` is geen bestaande datum: {_show(value)}")
    if "starts" not in read or "ends" not in read:
        return
    (start, start_time), (end, end_time) = read["starts"], read["ends"]
    if start is None:
        return
    if end is None and start_time is None:
        doc.problem(("ends",), "`ends` is alleen een uur, maar `starts` heeft geen uur: geef ook het "
                               f"beginuur, bv. `starts: {start} 14:00`, of laat `ends` weg")
        return
    if end is not None and (start_time is None) != (end_time is None):
        doc.problem(("ends",), "geef `starts` en `ends` allebei met een uur (`JJJJ-MM-DD UU:MM`) of "
                               "allebei als hele dagen (`JJJJ-MM-DD`)")
        return
    end = end or start
    if (end, end_time or datetime.time()) < (start, start_time or datetime.time()) or (
            end == start and end_time is not None and end_time == start_time):
        doc.problem(("ends",), f"`ends` ({data['ends']}) ligt niet na `starts` ({data['starts']}); "
                               "een bijeenkomst eindigt na ze begint")


def isbn_valid(isbn: str) -> bool:
    digits = isbn.replace("-", "").replace(" ", "").upper()
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * int(d) for i, d in enumerate(digits[:9]))
        total += 10 if digits[9] == "X" else int(digits[9])
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        return (10 - total % 10) % 10 == int(digits[12])
    return False


def check_harvest(entries: dict) -> None:
    """Cross-file rules. `entries` maps (type, slug) -> (doc, data). Problems go onto the docs."""
    slugs_by_type: dict[str, list[str]] = {t: [] for t in m.TYPES}
    for type_name, slug in entries:
        slugs_by_type[type_name].append(slug)
    stated: dict[frozenset, str] = {}
    for (type_name, slug), (doc, data) in sorted(entries.items()):
        for target_type in m.TYPES:
            targets = data.get(target_type)
            if not isinstance(targets, list):
                continue
            for i, target in enumerate(targets):
                if not isinstance(target, str) or not _SLUG.fullmatch(target):
                    continue
                path = (target_type, i)
                if (target_type, target) == (type_name, slug):
                    doc.problem(path, f"de inzending verwijst naar zichzelf (`{target}`); haal dit weg")
                    continue
                if (target_type, target) not in entries:
                    doc.problem(path, f"`{target}` bestaat niet in content/{target_type}/"
                                f"{_did_you_mean(target, slugs_by_type[target_type], 0.5)}")
                    continue
                pair = frozenset({(type_name, slug), (target_type, target)})
                if pair in stated and stated[pair] != doc.path:
                    doc.problem(path, f"de relatie met `{target}` staat al in {stated[pair]}; "
                                      "een relatie noem je aan één kant, ze verschijnt op beide pagina's")
                else:
                    stated[pair] = doc.path


def load_themes(doc: Document, data) -> Themes:
    """Check `content/themes.yml` (a list of {slug, title, description})."""
    themes = Themes(problems=doc.problems)
    if not isinstance(data, list):
        return themes
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            doc.problem((i,), "elk thema heeft `slug`, `title` en `description`")
            continue
        for key in item:
            if key not in ("slug", "title", "description"):
                doc.problem((i, key), f"onbekend veld `{key}`"
                            f"{_did_you_mean(key, ('slug', 'title', 'description'))}", key=True)
        for key in ("slug", "title", "description"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                doc.problem((i, key) if key in item else (i,), f"dit thema mist `{key}` (tekst)")
        slug = item.get("slug")
        if isinstance(slug, str):
            if not _SLUG.fullmatch(slug):
                doc.problem((i, "slug"), f"{_show(slug)} is geen geldige slug: kleine letters, cijfers "
                                         "en koppeltekens")
            elif slug in themes.slugs:
                doc.problem((i, "slug"), f"thema `{slug}` staat twee keer in de lijst")
            else:
                themes.slugs[slug] = item
    return themes
