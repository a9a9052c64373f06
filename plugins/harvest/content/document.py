"""Reading one entry file: YAML front matter with the position of every key and value,
and the Markdown body. No Pelican here, so `validate` stays fast and the logic is testable.

YAML 1.1 would turn `no` into False and `12:30` into 750. We compose the YAML into nodes
and build values ourselves: every scalar stays the text that was written, and only the
validator, which knows what a field asks for, turns a plain `2019` into a number."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import yaml

from ..text import INVISIBLE, MISLEADING, NOT_TEXT

Path = tuple  # a path into the front matter: ("links", 0, "url")

# libyaml's composer is several times faster and gives the same node positions.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}
_DELIMITER = re.compile(r"^---[ \t]*$")
# Caps that bound the work one file can cause (a contribution is a few pages of text; these leave
# ample room). The file is read no further than its cap.
FILE_MAX = 256 * 1024  # bytes
FRONT_MATTER_MAX = 16 * 1024  # characters
BODY_MAX = 128 * 1024  # characters
# Nesting of the front matter: the model needs three levels (links: - title:); libyaml's parser
# slows quadratically and its composer recurses with depth, so a rough bound is checked on the
# text before libyaml reads it; the exact depth on its events or, when those are not walked, on
# the composed nodes (at most the rough bound deep, which neither slows nor crashes libyaml).
DEPTH_MAX = 20
_ROUGH_DEPTH_MAX = 100
_FLOW = re.compile(r"[\[\]{}]")
_BLOCK = re.compile(rf"^(?: |[-?:][ \t]){{{_ROUGH_DEPTH_MAX}}}", re.MULTILINE)
# C0 and C1 control characters and DEL; tab and newline are text (\r is gone by then).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What no file may hold anywhere: control characters and noncharacters (text.py), which are not
# text and break every XML file they reach (feeds, sitemap, GraphML).
UNREADABLE = re.compile(f"[{CONTROL.pattern[1:-1]}{NOT_TEXT.pattern[1:-1]}]")  # one class: fast
INVISIBLE_ONLY = re.compile(f"[{INVISIBLE}]")
# What no field may hold, in one class (one search per value): the above, bidi controls, invisibles.
_NOT_IN_FIELDS = re.compile(f"[{UNREADABLE.pattern[1:-1]}{MISLEADING.pattern[1:-1]}]")
_SEPARATORS = re.compile("[\u2028\u2029]")  # Unicode's line and paragraph separators
_CLOSERS = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass
class Document:
    path: str  # as it is reported
    data: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    values: dict = field(default_factory=dict)  # Path -> (line, column) of the value
    keys: dict = field(default_factory=dict)  # Path -> (line, column) of the key
    plain: set = field(default_factory=set)  # Paths of unquoted scalars
    refused: set = field(default_factory=set)  # Paths of values refused while reading (reported)
    problems: list = field(default_factory=list)
    ok: bool = True  # False when the front matter could not be read at all
    offset: int = 2  # file line of the YAML's first line

    def at(self, path: Path, key: bool = False) -> tuple[int, int]:
        """Best position for a problem at `path`: the key or value, else its nearest parent."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return (1, 1)

    def problem(self, path: Path, message: str, key: bool = False) -> None:
        line, column = self.at(path, key)
        self.problems.append(Problem(self.path, line, column, message))


def decode(raw: bytes, doc: Document) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        doc.problems.append(Problem(
            doc.path, line, column,
            f"het bestand is geen geldige UTF-8 (byte 0x{raw[err.start]:02x}); "
            "sla het op met codering UTF-8"))
        doc.ok = False
        return None
    # A byte-order mark and Windows or old Mac line ends read like any other file.
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_capped(path: str) -> bytes:
    """A file's bytes, no more than one past the cap (enough for `parse` to refuse it)."""
    with open(path, "rb") as fh:
        return fh.read(FILE_MAX + 1)


def _kb(limit: int) -> str:
    return f"{limit // 1024} KB"


def control_problems(text: str, doc: Document, raw: bytes | None = None) -> bool:
    """Record where `text` (a whole file) holds control characters or noncharacters, the first
    five of them. True when there were any. `raw`: the bytes `text` was decoded from, if at hand
    (the same noncharacters, without encoding the text again)."""
    pattern = UNREADABLE if _may_hold_noncharacters(text, raw) else CONTROL
    found = list(itertools.islice(pattern.finditer(text), 5))
    for match in found:
        line, column = _line_column(text, match.start())
        message = unreadable_message(match.group(), "hier staat")
        doc.problems.append(Problem(doc.path, line + 1, column, message))
    return bool(found)


def unreadable(text: str):
    """The first control character or noncharacter in `text`, as a match; None when it has none."""
    return (UNREADABLE if _may_hold_noncharacters(text) else CONTROL).search(text)


def _may_hold_noncharacters(text: str, raw: bytes | None = None) -> bool:
    """A quick look before the slower search for them (a class of many code points, at every
    character): in UTF-8 every noncharacter is EF B7 xx (U+FDD0-FDEF) or ends in BF BE or BF BF."""
    if text.isascii():
        return False
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    return b"\xef\xb7" in raw or b"\xbf\xbe" in raw or b"\xbf\xbf" in raw


def unreadable_message(char: str, where: str) -> str:
    """Why `char` may not be in the file: `where` begins the sentence (`hier staat`)."""
    if CONTROL.fullmatch(char):
        return (f"{where} een onzichtbaar stuurteken (U+{ord(char):04X}); haal het weg "
                "(alleen tab en regeleinde mogen in tekst)")
    return (f"{where} een teken dat geen tekst is (U+{ord(char):04X}, een \"noncharacter\"); haal het "
            "weg: het maakt feeds en andere XML-bestanden onleesbaar")


def misleading_message(char: str) -> str:
    """Why a field may not hold `char`, a bidi control or an invisible character (text.py)."""
    what = "een teken dat de leesrichting omkeert" if not INVISIBLE_ONLY.fullmatch(char) else \
        "een onzichtbaar teken"
    return (f"deze waarde bevat {what} (U+{ord(char):04X}); haal het weg: in een titel, naam of adres "
            "laat het de tekst anders lezen dan ze er staat")


def _refused(doc: Document, line: int, message: str) -> Document:
    """The document with a problem that stops it from being read further."""
    doc.problems.append(Problem(doc.path, line, 1, message))
    doc.ok = False
    return doc


def parse(raw: bytes, path: str) -> Document:
    """Split and read a file's bytes. Problems are collected on the document, never raised."""
    doc = Document(path=path)
    if len(raw) > FILE_MAX:
        return _refused(doc, 1, f"het bestand is groter dan {_kb(FILE_MAX)}; houd een inzending korter "
                                "en verwijs met een link naar lange documenten")
    text = decode(raw, doc)
    if text is None:
        return doc
    if control_problems(text, doc, raw):
        doc.ok = False
        return doc
    lines = text.split("\n")
    if not lines or not _DELIMITER.match(lines[0]):
        return _refused(doc, 1, "de front matter ontbreekt: begin het bestand met een regel `---`, dan "
                                "de velden, dan weer een regel `---`")
    end = next((i for i in range(1, len(lines)) if _CLOSERS.match(lines[i])), None)
    if end is None:
        return _refused(doc, 1, "de front matter is niet afgesloten: zet een regel `---` na het laatste veld")
    doc.body = "\n".join(lines[end + 1:])
    doc.body_line = end + 2
    if len(doc.body) > BODY_MAX:
        doc.problems.append(Problem(
            path, doc.body_line, 1,
            f"de tekst is {len(doc.body)} tekens lang; houd hem onder {_kb(BODY_MAX)} "
            "en verwijs met een link naar lange documenten"))
    front = "\n".join(lines[1:end])
    if len(front) > FRONT_MATTER_MAX:
        return _refused(doc, 2, f"de front matter is groter dan {_kb(FRONT_MATTER_MAX)}; houd de velden "
                                "kort (lange tekst hoort onder de tweede `---`)")
    separator = _SEPARATORS.search(front)
    if separator:  # YAML reads it as a line end: every later position would be off
        line, column = _line_column(front, separator.start())
        doc.problems.append(Problem(path, line + 2, column, (
            f"hier staat een regelscheidingsteken (U+{ord(separator.group()):04X}); een veld is één regel: "
            "haal het weg, of begin een nieuwe regel met Enter")))
        doc.ok = False
        return doc
    doc.data = read_yaml(front, doc, first_line=2) or {}
    return doc


_YAML_HINTS = (
    ("mapping values are not allowed",
     "een waarde bevat `: `; zet de tekst tussen aanhalingstekens"),
    ("cannot start any token",
     "dit teken mag hier niet staan (een tab? gebruik spaties; `@` of `` ` ``? zet de tekst "
     "tussen aanhalingstekens)"),
    ("found undefined alias", "`*` begint hier een YAML-verwijzing; zet de tekst tussen aanhalingstekens"),
    ("expected <block end>", "de inspringing klopt niet; lijn velden uit met spaties"),
    ("could not find expected ':'", "er ontbreekt een `:` tussen veldnaam en waarde"),
    ("found unexpected end of stream", "een aanhalingsteken of haakje is niet gesloten"),
    ("while scanning a quoted scalar", "een aanhalingsteken is niet gesloten"),
    ("expected ',' or ']'", "een lijst `[...]` is niet goed gesloten"),
    ("expected ',' or '}'", "een `{...}` is niet goed gesloten"),
)


def read_yaml(source: str, doc: Document, first_line: int, expect: type = dict):
    """Compose YAML into plain values with positions; `first_line` is the file line of the
    source's first line. Returns None (and records a problem) when it cannot be read."""
    doc.offset = first_line
    try:
        # Anchors and aliases need `&` or `*`: most files skip the walk over the events.
        if not _bounded(source, doc) or ("&" in source or "*" in source) and not _events_allowed(source, doc):
            doc.ok = False
            return None
        if expect is dict and "&" not in source and "*" not in source:
            data = _simple(source, doc)
            if data is not None:
                return data
        node = yaml.compose(source, Loader=_LOADER)
        if node is None:
            doc.problems.append(Problem(doc.path, first_line, 1, "er staat niets in: vul de velden in"))
        elif expect is dict and not isinstance(node, yaml.MappingNode):
            line, column = _pos(node, doc)
            doc.problems.append(Problem(
                doc.path, line, column, "verwacht velden `naam: waarde`, één per regel"))
        elif expect is list and not isinstance(node, yaml.SequenceNode):
            line, column = _pos(node, doc)
            doc.problems.append(Problem(doc.path, line, column, "verwacht een lijst met `- ` per item"))
        else:
            return _build(node, (), doc, frozenset())
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = f"{err.problem or ''} {err.context or ''}".strip()
        hint = next((h for key, h in _YAML_HINTS if key in problem), None)
        message = f"ongeldige YAML ({problem})" + (f": {hint}" if hint else "")
        line, column = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        doc.problems.append(Problem(doc.path, line, column, message))
    except yaml.YAMLError as err:  # e.g. a reader error on a control character
        doc.problems.append(Problem(doc.path, first_line, 1, f"ongeldige YAML: {err}"))
    except RecursionError:
        doc.problems.append(Problem(doc.path, first_line, 1, "de YAML is te diep genest"))
    doc.ok = False
    return None


def _bounded(source: str, doc: Document) -> bool:
    """A rough bound on the nesting, from the text alone: brackets and, per line, indentation
    and `- ` indicators. Only text far beyond anything the model needs is refused here."""
    depth = 0
    if source.count("[") + source.count("{") > _ROUGH_DEPTH_MAX:
        for match in _FLOW.finditer(source):
            depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
            if depth > _ROUGH_DEPTH_MAX:
                return _too_deep(doc, *_line_column(source, match.start()))
    match = _BLOCK.search(source)
    return _too_deep(doc, *_line_column(source, match.end())) if match else True


def _line_column(source: str, index: int) -> tuple[int, int]:
    """0-based line and 1-based column of a character of `source`, as libyaml's marks."""
    return source.count("\n", 0, index), index - (source.rfind("\n", 0, index) + 1) + 1


def _too_deep(doc: Document, line: int, column: int) -> bool:
    doc.problems.append(Problem(
        doc.path, line + doc.offset, column,
        f"de velden zijn hier te diep genest (meer dan {DEPTH_MAX} niveaus); het model kent er "
        "hoogstens drie (bv. `links:` > `- title:`)"))
    return False


def _events_allowed(source: str, doc: Document) -> bool:
    """Walk libyaml's events before anything is composed: anchors and aliases (`&a`, `*a`) are
    refused, since a few hundred bytes of them expand to gigabytes; and the exact depth."""
    depth = 0
    for event in yaml.parse(source, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line, column = event.start_mark.line + doc.offset, event.start_mark.column + 1
            doc.problems.append(Problem(
                doc.path, line, column,
                "YAML-ankers en -verwijzingen (`&naam`, `*naam`) zijn niet toegestaan: schrijf de "
                "waarde voluit, of zet tekst met `&` of `*` vooraan tussen aanhalingstekens"))
            return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > DEPTH_MAX:
                return _too_deep(doc, event.start_mark.line, event.start_mark.column + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def _pos(node, doc: Document) -> tuple[int, int]:
    # Marks are 0-based and relative to the YAML source.
    return (node.start_mark.line + doc.offset, node.start_mark.column + 1)


def _scalar(doc: Document, path: Path, value: str, plain: bool, position: tuple[int, int],
            clean: bool = False):
    """A scalar's value, as written; None when it is refused (a problem where it stands) or empty.
    `clean`: the value is known to hold nothing _NOT_IN_FIELDS finds."""
    # Written as an escape ("\x0b", "\uFFFE"), or in the text: bidi controls and invisible
    # characters have no place in a field (titles, names, slugs, addresses).
    bad = None if clean else _NOT_IN_FIELDS.search(value)
    if bad:
        char = bad.group()
        message = (misleading_message(char) if MISLEADING.fullmatch(char)
                   else unreadable_message(char, "deze waarde bevat"))
        doc.problems.append(Problem(doc.path, *position, message))
        doc.refused.add(path)
        return None
    if plain:
        if value in _NULLS:
            return None
        doc.plain.add(path)
    return value


def _new_key(doc: Document, result: dict, path: Path, key: str, position: tuple[int, int]) -> bool:
    """True when `key` is new in the mapping `result`, whose value is at `path` (its position
    noted); else a problem."""
    if key in result:
        first = doc.keys[path][0]
        doc.problems.append(Problem(
            doc.path, *position,
            f"veld `{key}` staat hier voor de tweede keer (eerst op regel {first}); houd er één over"))
        return False
    doc.keys[path] = position
    return True


def _build(node, path: Path, doc: Document, parents: frozenset):
    doc.values[path] = _pos(node, doc)
    if isinstance(node, yaml.ScalarNode):  # plain: style None (Python parser) or "" (libyaml)
        return _scalar(doc, path, node.value, not node.style, doc.values[path])
    if id(node) in parents:  # an alias that contains itself
        line, column = _pos(node, doc)
        doc.problems.append(Problem(doc.path, line, column, "een YAML-verwijzing verwijst naar zichzelf"))
        return None
    parents = parents | {id(node)}
    if len(path) >= DEPTH_MAX:
        _too_deep(doc, node.start_mark.line, node.start_mark.column + 1)
        return None
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, parents) for i, item in enumerate(node.value)]
    result = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            line, column = _pos(key_node, doc)
            doc.problems.append(Problem(doc.path, line, column, "een veldnaam moet gewone tekst zijn"))
            continue
        key = key_node.value
        inner = path + (key,)
        if _new_key(doc, result, inner, key, _pos(key_node, doc)):
            result[key] = _build(value_node, inner, doc, parents)
    return result


# The front matter as the form, the scaffold and most people write it: one `name: value` per line,
# the value plain, quoted without escapes, or a `[...]` list of plain words. Read by these patterns,
# it gives what libyaml's nodes give (values, positions, plain or quoted: tests/test_front_matter.py
# compares the two), in a fraction of the time; any other line (a nested field, a block scalar,
# a comment, an escape, an indicator YAML reads otherwise) sends the whole text to libyaml.
_PLAIN_START = r"""[^\s\-?:,\[\]{}#&*!|>'"%@`]"""
_SIMPLE_LINE = re.compile(r"""([A-Za-z_][A-Za-z0-9_-]{0,99}):( +)"""
                          r"""(?:"([^"\\]*)"|'([^']*)'|\[([^\]]*+)\]|(""" + _PLAIN_START + r"""[^#]*+)) *""")
_FLOW_ITEM = re.compile("(" + _PLAIN_START + r"""[^,\[\]{}#:'"]*+)(?:(,) *|$)""")
# A value (plain, or a list's inside) is taken whole, its spaces at either end too (stripped
# after), and never given back (`*+`): two quantifiers over the same spaces (`*?` or ` *` beside
# `[^#]*`) tried every split, so a line of 16 KB of spaces took 1-2.6 s of CPU (a pull request
# can hold thousands of such files).


def _flow_items(text: str) -> list | None:
    """The words of a `[...]` list's inside, each with where it starts; None when not all plain."""
    items, at = [], len(text) - len(text.lstrip(" "))  # after the spaces that open it
    while at < len(text):
        match = _FLOW_ITEM.match(text, at)
        if match is None:
            return None
        items.append((match[1].rstrip(" "), match.start(1)))
        at = match.end()
        if (match[2] is None) != (at == len(text)):  # a last comma, or words not parted by one
            return None
    return items


def _simple(source: str, doc: Document) -> dict | None:
    """The front matter read by _SIMPLE_LINE, or None (nothing recorded) when a line is not so."""
    if "\t" in source or "\ufeff" in source:  # libyaml's own reading of tabs and byte-order marks
        return None
    read = []
    for number, line in enumerate(source.split("\n")):
        if not line:
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None:
            return None
        plain = match[6] and match[6].rstrip(" ")
        if plain is not None and (": " in plain or plain[-1] == ":"):
            return None  # `: ` once more is no text in YAML (an error, or a mapping)
        items = _flow_items(match[5]) if match[5] is not None else None
        if match[5] is not None and items is None:
            return None
        read.append((number + doc.offset, match, items, plain))
    if not read:
        return None
    # Nearly always: no value need be searched (_NOT_IN_FIELDS, in parts: its one class is slower
    # over a whole text than these three together).
    clean = MISLEADING.search(source) is None and CONTROL.search(source) is None \
        and not _may_hold_noncharacters(source)
    doc.values[()] = (read[0][0], 1)
    result: dict = {}
    for line, match, items, plain in read:
        key = match[1]
        path = (key,)
        if not _new_key(doc, result, path, key, (line, 1)):
            continue
        column = match.end(2) + 1  # 1-based, as libyaml's marks are shown
        position = doc.values[path] = (line, column)
        if items is not None:
            value = result[key] = []
            for i, (item, start) in enumerate(items):
                inner = path + (i,)
                at = doc.values[inner] = (line, match.start(5) + start + 1)
                value.append(_scalar(doc, inner, item, True, at, clean))
        elif plain is not None:
            result[key] = _scalar(doc, path, plain, True, position, clean)
        else:
            result[key] = _scalar(doc, path, match[3] if match[3] is not None else match[4], False,
                                  position, clean)
    return result
