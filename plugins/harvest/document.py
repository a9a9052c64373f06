"""Reading one entry file: YAML front matter with the position of every key and value,
and the Markdown body. No Pelican here, so `validate` stays fast and the logic is testable.

YAML 1.1 would turn `no` into False and `12:30` into 750. We compose the YAML into nodes
and build values ourselves: every scalar stays the text that was written, and only the
validator, which knows what a field asks for, turns a plain `2019` into a number."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

Path = tuple  # a path into the front matter: ("links", 0, "url")

# libyaml's composer is several times faster and gives the same node positions.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}
_DELIMITER = re.compile(r"^---[ \t]*$")
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


def parse(raw: bytes, path: str) -> Document:
    """Split and read a file's bytes. Problems are collected on the document, never raised."""
    doc = Document(path=path)
    text = decode(raw, doc)
    if text is None:
        return doc
    lines = text.split("\n")
    if not lines or not _DELIMITER.match(lines[0]):
        doc.problems.append(Problem(
            path, 1, 1,
            "de front matter ontbreekt: begin het bestand met een regel `---`, dan de velden, "
            "dan weer een regel `---`"))
        doc.ok = False
        return doc
    end = next((i for i in range(1, len(lines)) if _CLOSERS.match(lines[i])), None)
    if end is None:
        doc.problems.append(Problem(
            path, 1, 1,
            "de front matter is niet afgesloten: zet een regel `---` na het laatste veld"))
        doc.ok = False
        return doc
    doc.body = "\n".join(lines[end + 1:])
    doc.body_line = end + 2
    doc.data = read_yaml("\n".join(lines[1:end]), doc, first_line=2) or {}
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


def _pos(node, doc: Document) -> tuple[int, int]:
    # Marks are 0-based and relative to the YAML source.
    return (node.start_mark.line + doc.offset, node.start_mark.column + 1)


def _build(node, path: Path, doc: Document, parents: frozenset):
    doc.values[path] = _pos(node, doc)
    if id(node) in parents:  # an alias that contains itself
        line, column = _pos(node, doc)
        doc.problems.append(Problem(doc.path, line, column, "een YAML-verwijzing verwijst naar zichzelf"))
        return None
    parents = parents | {id(node)}
    if isinstance(node, yaml.ScalarNode):
        if not node.style:  # plain: None (Python parser) or "" (libyaml)
            if node.value in _NULLS:
                return None
            doc.plain.add(path)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, parents) for i, item in enumerate(node.value)]
    result = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            line, column = _pos(key_node, doc)
            doc.problems.append(Problem(doc.path, line, column, "een veldnaam moet gewone tekst zijn"))
            continue
        key = key_node.value
        if key in result:
            line, column = _pos(key_node, doc)
            first = doc.keys[path + (key,)][0]
            doc.problems.append(Problem(
                doc.path, line, column,
                f"veld `{key}` staat hier voor de tweede keer (eerst op regel {first}); "
                "houd er één over"))
            continue
        doc.keys[path + (key,)] = _pos(key_node, doc)
        result[key] = _build(value_node, path + (key,), doc, parents)
    return result
