"""Every rule of the content model, reported as `path:line:column: message` with a hint.

`check_entry` covers one file (the JSON Schema plus what a schema cannot say);
`check_harvest` covers what needs all files (relation targets, relations stated twice). The words
of every message are in the catalogue (model/messages.py, the file voice): here they are only named
and filled in."""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from dataclasses import dataclass, field

from .. import clock
from ..model import types as m
from ..model.messages import one_of as _one_of
from ..model.messages import say
from ..model.messages import show as _show
from ..model.schema import (
    ALIAS_MAX,
    DAY_AHEAD_DAYS,
    DAY_MIN_YEAR,
    ISBN_PATTERN,
    MOMENT_YEARS,
    URL_PATTERN,
    YEAR_MAX,
    YEAR_MIN,
    is_address,
    schema_for,
)
from ..site.events import read_moment
from .document import Document, Problem
from .schemacheck import ecma, surely_valid


def _pattern(validator, pattern, instance, schema):
    """JSON Schema's `pattern` as ECMA-262 reads it (schemacheck.ecma)."""
    if validator.is_type(instance, "string"):
        if not ecma(pattern).search(instance):
            from jsonschema import ValidationError

            yield ValidationError(f"{instance!r} does not match {pattern!r}")


_SCHEMAS = {name: schema_for(name) for name in m.TYPES}


@functools.cache
def validator(type_name: str):
    """jsonschema's validator of a type's schema, made when a file first needs it: a harvest whose
    files all pass schemacheck never imports jsonschema (a tenth of a second before the first
    file is read)."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _pattern})(_SCHEMAS[type_name])
_INT = re.compile(r"^[+-]?[0-9]+$")
_SLUG = re.compile(m.SLUG_PATTERN)
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BREAKS = re.compile("[\n\t\u2028\u2029]")  # a line end or tab: not in one line of text


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
    return say("didYouMean", match=match) if match else ""


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


def check_entry(doc: Document, type_name: str, slug: str, themes: Themes,
                today: datetime.date | None = None) -> dict:
    """Check one parsed entry; problems go onto `doc.problems`. Returns the coerced data.
    `today`: the build's day (clock.today(settings)), against which a day may lie ahead."""
    if not _SLUG.fullmatch(slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or say("slugFallback")
        doc.problems.append(Problem(doc.path, 1, 1, say("slug", slug=slug, suggestion=suggestion)))
    if not doc.ok:
        return {}
    data = coerce(doc, type_name)
    if not surely_valid(_SCHEMAS[type_name], data):  # nearly every file: jsonschema has nothing to say
        for error in validator(type_name).iter_errors(data):
            _schema_problem(doc, type_name, data, error)
    _check_rules(doc, type_name, data, themes, today or clock.today())
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
                doc.problem((), say("missing", key=name, help=f.help.rstrip("."), example=example))
        return
    if kind == "required":  # inside a link
        for name in error.validator_value:
            if name not in error.instance:
                doc.problem(path, say("linkPart", key=name))
        return
    if kind == "additionalProperties":
        allowed = error.schema["properties"]
        for name in error.instance:
            if name in allowed:
                continue
            if not path:
                elsewhere = [t for t, fs in m.FIELDS_BY_TYPE.items() if name in fs]
                if elsewhere:
                    hint = say("elsewhere", key=name, types=_one_of(elsewhere), type=type_name)
                else:
                    hint = _did_you_mean(name, allowed)
                doc.problem((name,), say("unknownField", key=name, hint=hint), key=True)
            else:
                doc.problem(path + (name,),
                            say("unknownLinkField", key=name, hint=_did_you_mean(name, allowed)), key=True)
        return
    if kind == "uniqueItems":  # point at the second mention, not the list
        seen = set()
        for i, item in enumerate(error.instance):
            if repr(item) in seen:
                doc.problem(path + (i,), say("twice", key=path[0], shown=_show(item)))
                return
            seen.add(repr(item))
    f = fields.get(path[0]) if path else None
    if f is not None and f.kind == m.THEMES and kind == "pattern":
        return  # _check_rules names the nearest existing theme instead
    if f is not None and f.kind == m.SOURCE:
        return  # _check_source says which of its forms is meant, part by part
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
    if value is None or kind == "minLength":
        return say("empty", key=name, help=f.help.rstrip("."))
    if kind == "minItems":
        return say("emptyList", key=name)
    if kind == "type" and error.validator_value == "array":
        return say("notList", key=name)
    if kind == "type" and error.validator_value == "object":
        return say("linkShape")
    if kind == "type" and isinstance(value, (list, dict)):
        return say("notOneValueList" if isinstance(value, list) else "notOneValueGroup", key=name)
    if f.kind == m.YEAR or (kind == "type" and error.validator_value == "integer"):
        if isinstance(value, int):
            return say("yearRange", key=name, min=YEAR_MIN, max=YEAR_MAX, value=value)
        return say("year", key=name, shown=_show(value))
    if f.kind == m.PLAINTEXT and kind == "maxLength":
        return say("long", key=name, length=len(value), max=m.SUMMARY_MAX)
    if f.kind == m.DATE:
        return say("date", key=name, shown=_show(value))
    if f.kind in (m.MOMENT, m.END):
        return _moment_message(f, value)
    if (f.kind == m.URL or path[-1] == "url") and isinstance(value, str):
        fixed = value.strip()
        if not fixed.startswith(("http://", "https://")) and "." in fixed and " " not in fixed:
            if re.match(URL_PATTERN, "https://" + fixed):
                return say("urlScheme", key=path[-1], fixed=fixed)
        return say("url", key=path[-1], shown=_show(value))
    if f.kind == m.EMAIL:
        return say("email", key=name, shown=_show(value))
    if f.kind == m.ISBN:
        return say("isbn", key=name, shown=_show(value))
    if kind == "enum":
        return say("choice", shown=_show(value), where="" if len(path) == 1 else say("choiceIn", key=name),
                   hint=_did_you_mean(value, f.choices, 0.5), choices=_one_of(f.choices))
    if kind == "type":
        return say("notText", key=name, shown=_show(value))
    if f.kind == m.ALIASES and kind in ("pattern", "maxLength"):
        return _alias_message(value)
    if f.kind in (m.THEMES, m.RELATION) and kind == "pattern":
        return say("notSlug", shown=_show(value))
    return say("schema", key=name, detail=error.message)


def _moment_message(f: m.Field, value) -> str:
    """Why `value` is not an event's day or time, and how to write it."""
    name = f.name
    forms = say("momentForms") + (say("orTimeAlone") if f.kind == m.END else "")
    text = str(value).strip()
    if re.fullmatch(r"[0-9]+", text):
        # YAML 1.1 tools turn an unquoted 17:00 into 1020 (minutes): the time cannot be told back.
        return say("momentNumber", key=name, number=text, forms=forms)
    clock = re.fullmatch(r"(\d{4}-\d{2}-\d{2}[ T])?(\d{1,2})[.hu](\d{2})?( ?uur)?", text)
    if clock:
        fixed = f"{clock.group(1) or ''}{clock.group(2)}:{clock.group(3) or '00'}"
        return say("momentColon", key=name, fixed=fixed, shown=_show(value))
    flipped = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(.*)", text)
    if flipped:
        day, month, year, rest = flipped.groups()
        return say("momentOrder", key=name, fixed=f"{year}-{int(month):02d}-{int(day):02d}{rest}")
    return say("moment", key=name, forms=forms, shown=_show(value))


def _alias_message(value: str) -> str:
    """Why `value` is not a clean path on this site, and what would be."""
    if len(value) > ALIAS_MAX:
        return say("aliasLong", max=ALIAS_MAX, length=len(value))
    if re.search(r"[\x00-\x1f\x7f-\x9f]", value):
        return say("aliasControl")
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", value):
        return say("aliasAddress", shown=_show(value))
    if ".." in value.split("/") or "." in value.split("/"):
        return say("aliasDots", shown=_show(value))
    if not value.startswith("/"):
        return say("aliasSlash", value=value)
    return say("aliasPath", shown=_show(value))


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)  # the scaffold's prompt is no story


def _check_rules(doc: Document, type_name: str, data: dict, themes: Themes, today: datetime.date) -> None:
    dates = {}
    latest = today + datetime.timedelta(days=DAY_AHEAD_DAYS)
    for f in m.FIELDS_BY_TYPE[type_name].values():
        name, value = f.name, data.get(f.name)
        if f.kind == m.DATE and isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                doc.problem((name,), say("dateExists", key=name, shown=_show(value)))
                continue
            if day.year < DAY_MIN_YEAR:
                doc.problem((name,), say("dateEarly", key=name, value=value, min=DAY_MIN_YEAR))
            elif day > latest:
                doc.problem((name,), say("dateLate", key=name, value=value, today=today.isoformat()))
            else:
                dates[name] = day
    if "date" in dates and "updated" in dates and dates["updated"] < dates["date"]:
        doc.problem(("updated",), say("updatedOrder", key="updated", value=dates["updated"], before="date",
                                      other=dates["date"]))
    _check_moments(doc, type_name, data)
    if "source" in data:
        _check_source(doc, data["source"])
    for group in m.TYPES[type_name].one_of if not _reported_after(data, dates) else ():
        if not any(data.get(name) for name in group):
            # At the empty field if there is one, else beside the place or time it belongs with.
            where = next(((n,) for n in (*group, "venue", "address", "starts") if (n,) in doc.keys), ())
            if where == group[:1]:  # written but left empty, as the scaffold leaves it
                f = m.FIELDS_BY_TYPE[type_name][group[0]]
                doc.problem(where, say("empty", key=f.name, help=f.help.rstrip(".")))
                continue
            doc.problem(where, say("oneOf", type=m.TYPES[type_name].label.lower(), fields=_one_of(group),
                                   first=group[0], last=group[-1]), key=bool(where))
    started, ended = data.get("started"), data.get("ended")
    if isinstance(started, int) and isinstance(ended, int) and ended < started:
        doc.problem(("ended",), say("yearOrder", key="ended", value=ended, before="started", other=started))
    isbn = data.get("isbn")
    if isinstance(isbn, str) and re.match(ISBN_PATTERN, isbn) and not isbn_valid(isbn):
        doc.problem(("isbn",), say("isbnCheck", shown=_show(isbn)))
    for f in m.FIELDS_BY_TYPE[type_name].values():
        value = data.get(f.name)
        if f.kind == m.TEXT and isinstance(value, str) and _BREAKS.search(value):
            # A title or name is one line wherever it goes: headings, feeds, CSV, messages.
            doc.problem((f.name,), say("oneLine", key=f.name))
    t = m.TYPES[type_name]
    if t.story and data.get("status") != "draft" and not _COMMENT.sub("", doc.body).strip():
        doc.problems.append(Problem(doc.path, doc.body_line, 1,
                                    say("noStory", type=t.label.lower(), prompt=t.prompt)))
    summary = data.get("summary")
    if isinstance(summary, str) and _TAG.search(summary):
        doc.problem(("summary",), say("html", key="summary"))
    for i, slug in enumerate(data.get("themes") or []):
        if isinstance(slug, str) and slug not in themes.slugs:
            doc.problem(("themes", i),
                        say("unknownTheme", shown=_show(slug), hint=_did_you_mean(slug, themes.slugs)))


def _reported_after(data: dict, dates: dict) -> bool:
    """An event that had already begun on the day it was added: harvested from a report, which may
    not say where it was. It needs no place (city or online address); an announcement does."""
    starts = data.get("starts")
    if "date" not in dates or not isinstance(starts, str):
        return False
    try:
        day = read_moment(starts.strip())[0]
    except ValueError:
        return False
    return day is not None and day < dates["date"]


def _check_source(doc: Document, value, path: tuple = ("source",)) -> None:
    """An address, {title, publisher, url} with at least a title, or a list of those."""
    if isinstance(value, list) and len(path) == 1:
        if not value:
            doc.problem(path, say("emptyList", key="source"))
        for i, item in enumerate(value):
            _check_source(doc, item, path + (i,))
        return
    if path in doc.refused:
        return  # reported where it was read (a control character)
    if isinstance(value, str):
        if not value.strip():
            doc.problem(path, say("empty", key="source", help=m.SOURCE_PARTS["title"].rstrip(".")))
        elif "\n" in value.strip() or "\t" in value:
            doc.problem(path, say("oneLine", key="source"))
        elif is_address(value) and not re.search(URL_PATTERN[:-1] + r"\Z", value):
            _source_address(doc, path, value)
        return
    if not isinstance(value, dict):
        doc.problem(path, say("sourceShape", shown=_show(value)))
        return
    for key in value:
        if key not in m.SOURCE_PARTS:
            doc.problem(path + (key,), say("unknownSourceField", key=key,
                                           hint=_did_you_mean(key, m.SOURCE_PARTS)), key=True)
    if "title" not in value:
        doc.problem(path, say("sourcePart"))
    for key in ("title", "publisher"):
        part = value.get(key)
        if key in value and (part is None or isinstance(part, str) and not part.strip()):
            doc.problem(path + (key,), say("empty", key=key, help=m.SOURCE_PARTS[key].rstrip(".")))
        elif part is not None and not isinstance(part, str):
            doc.problem(path + (key,), say("notText", key=key, shown=_show(part)))
        elif isinstance(part, str) and ("\n" in part or "\t" in part):
            doc.problem(path + (key,), say("oneLine", key=key))
    if "url" in value and not (isinstance(value["url"], str)
                               and re.search(URL_PATTERN[:-1] + r"\Z", value["url"])):
        _source_address(doc, path + ("url",), value["url"])


def _source_address(doc: Document, path: tuple, value) -> None:
    key = path[-1] if isinstance(path[-1], str) else "source"
    fixed = value.strip() if isinstance(value, str) else ""
    if fixed and not fixed.startswith(("http://", "https://")) and " " not in fixed and "." in fixed \
            and re.match(URL_PATTERN, "https://" + fixed):
        doc.problem(path, say("urlScheme", key=key, fixed=fixed))
    else:
        doc.problem(path, say("url", key=key, shown=_show(value)))


def _check_moments(doc: Document, type_name: str, data: dict) -> None:
    """An event's start and end: days and hours that exist, and the end not before the start."""
    read = {}
    for f in m.FIELDS_BY_TYPE[type_name].values():
        value = data.get(f.name)
        if f.kind not in (m.MOMENT, m.END) or not isinstance(value, str):
            continue
        try:
            read[f.name] = read_moment(value.strip())
            day = read[f.name][0]
            if day is not None and not MOMENT_YEARS[0] <= day.year <= MOMENT_YEARS[1]:
                del read[f.name]  # the order of start and end means nothing then
                doc.problem((f.name,), say("momentRange", key=f.name, value=value.strip(),
                                           min=MOMENT_YEARS[0], max=MOMENT_YEARS[1]))
        except ValueError as err:
            hour = re.search(r"(\d{1,2}):(\d{2})", value)
            if "uur" in str(err) and hour:  # an hour that does not exist, as written
                doc.problem((f.name,), say("hour", key=f.name, time=hour[0]))
            elif "geen datum of tijd" not in str(err):  # that one the schema reported
                doc.problem((f.name,), say("dateExists", key=f.name, shown=_show(value)))
    if "starts" not in read or "ends" not in read:
        return
    (start, start_time), (end, end_time) = read["starts"], read["ends"]
    if start is None:
        return
    if end is None and start_time is None:
        doc.problem(("ends",), say("endTimeOnly", key="ends", start="starts", day=start))
        return
    if end is not None and (start_time is None) != (end_time is None):
        doc.problem(("ends",), say("endKind", key="ends", start="starts"))
        return
    end = end or start
    if (end, end_time or datetime.time()) < (start, start_time or datetime.time()) or (
            end == start and end_time is not None and end_time == start_time):
        doc.problem(("ends",), say("endOrder", key="ends", value=data["ends"], start="starts",
                                   other=data["starts"]))


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
                    doc.problem(path, say("selfReference", slug=target))
                    continue
                if (target_type, target) not in entries:
                    doc.problem(path, say("unknown", slug=target, type=target_type)
                                + _did_you_mean(target, slugs_by_type[target_type], 0.5))
                    continue
                pair = frozenset({(type_name, slug), (target_type, target)})
                if pair in stated and stated[pair] != doc.path:
                    doc.problem(path, say("statedTwice", slug=target, path=stated[pair]))
                else:
                    stated[pair] = doc.path


def load_themes(doc: Document, data) -> Themes:
    """Check `content/themes.yml` (a list of {slug, title, description})."""
    themes = Themes(problems=doc.problems)
    if not isinstance(data, list):
        return themes
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            doc.problem((i,), say("themeShape"))
            continue
        for key in item:
            if key not in ("slug", "title", "description"):
                doc.problem((i, key), say("unknownField", key=key,
                                          hint=_did_you_mean(key, ("slug", "title", "description"))),
                            key=True)
        for key in ("slug", "title", "description"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                doc.problem((i, key) if key in item else (i,), say("themeMissing", key=key))
        slug = item.get("slug")
        if isinstance(slug, str):
            if not _SLUG.fullmatch(slug):
                doc.problem((i, "slug"), say("themeSlug", shown=_show(slug)))
            elif slug in themes.slugs:
                doc.problem((i, "slug"), say("themeTwice", slug=slug))
            else:
                themes.slugs[slug] = item
    return themes
