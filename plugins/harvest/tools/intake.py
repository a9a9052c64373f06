"""`make intake file=PATH`: a submission that did not come as a pull request becomes an entry.

It reads the "Deel je oogst" form's mail (pasted as text, or a `.eml`), or the body of an issue made
with the issue form as GitHub writes it (`### Label`, a blank line, the value; `_No response_`;
`- [X] option`), and writes `content/<type>/<slug>.md`. Where the mail carries the file below its
marked line, that file is the entry; else the answers in words are placed field by field, by the
model's labels. It says what it could not place (a name the harvest lacks), refuses what it cannot
read at the line of the input, and checks the result as `make validate` does before keeping it.
The issue workflow (.github/workflows/inzending.yml) runs the same code on the issue's body.

The input is untrusted: it is read as text, capped, and only ever decides the values of fields and
a slug made of `[a-z0-9-]`; the one file written is inside the content folder, or nothing is."""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import re
import runpy
import sys
import unicodedata
from dataclasses import dataclass, field

from ..content.document import parse
from ..content.loader import read_themes, validate_tree
from ..model import types as m
from ..model.messages import MESSAGES, fill, say
from ..outputs.form import entry_text
from ..text import slugify
from .derived import ISSUE_KIND_LABEL, ISSUE_RELATIONS_LABEL, ISSUE_SUBMISSION_LABEL

INPUT_MAX = 400_000  # characters: a story of 100,000 characters and room to spare
NO_RESPONSE = "_No response_"  # what GitHub writes for an empty field of an issue form
_BIJ = re.compile(r"\s*\(bij [^)]*\)$")  # the issue form's "(bij project)" after a shared field


class IntakeError(Exception):
    """The input cannot become an entry: `problems` are (line, message) in plain Dutch."""

    def __init__(self, problems):
        super().__init__("\n".join(f"{line}: {message}" for line, message in problems))
        self.problems = problems


@dataclass
class Answer:
    label: str
    value: str
    line: int  # the input's line of the label


@dataclass
class Intake:
    """What was read: the entry's type, values and story, or its file; and what did not fit."""

    type_name: str = ""
    values: dict = field(default_factory=dict)
    body: str = ""
    file: str = ""  # the file below the marked line, when it could be read
    lines: dict = field(default_factory=dict)  # field -> the input's line
    new: list = field(default_factory=list)  # (relation field, name): not in the harvest yet
    notes: list = field(default_factory=list)  # (line, message): what could not be placed
    problems: list = field(default_factory=list)  # (line, message): what must be fixed


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _words(name: str) -> str:
    return MESSAGES[name].voice()


def tell(name: str, **params) -> str:
    """A message as the form says it to a person (the person voice)."""
    return fill(MESSAGES[name].voice(person=True), params)


# ---- reading the input ------------------------------------------------------------------------------

def read_text(raw: bytes) -> str:
    """The text of the input: a mail's plain-text part (quoted-printable, base64, any charset) or
    the text itself."""
    head = raw[:4096].decode("utf-8", "replace")
    if re.match(r"(?:[A-Za-z-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)+\r?\n", head.replace("\r\n", "\n")) \
            and re.search(r"(?im)^(from|subject|content-type|mime-version):", head):
        message = email.message_from_bytes(raw, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))
        if part is None:
            raise IntakeError([(1, say("intakeEmpty"))])
        try:
            text = part.get_content()
        except (LookupError, ValueError):
            text = part.get_payload(decode=True).decode("utf-8", "replace")
    else:
        text = raw.decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if len(text) > INPUT_MAX:
        raise IntakeError([(1, say("intakeTooLong", max=INPUT_MAX))])
    return text


def _is_mark(line: str) -> bool:
    words = fold(_words("readMark").strip("- "))
    return fold(line.strip().strip("-> ").strip()) == words


def issue_answers(text: str) -> list[Answer] | None:
    """The sections of an issue-form body (`### Label`, the value), or None when it is not one."""
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if line.startswith("### ")]
    if not heads:
        return None
    answers = []
    for k, i in enumerate(heads):
        end = heads[k + 1] if k + 1 < len(heads) else len(lines)
        value = "\n".join(lines[i + 1:end]).strip("\n")
        value = "" if value.strip() == NO_RESPONSE else value
        answers.append(Answer(lines[i][4:].strip(), value, i + 1))
    return answers


def word_answers(lines: list[str], first: int = 1) -> list[Answer]:
    """The submission in words, as the form writes it: `Label: value`, or `Label:` and lines
    `- item`; the story under its label to the end. A reply's `> ` quoting is taken off."""
    answers, story = [], fold(_words("readStory"))
    i = 0
    while i < len(lines):
        line = re.sub(r"^(?:> ?)+", "", lines[i]).rstrip()
        found = re.match(r"^([^:\n]{1,60}):(?: (.*))?$", line)
        if not found or found[1].startswith("-"):
            i += 1
            continue
        label, value, number = found[1].strip(), (found[2] or "").strip(), first + i
        i += 1
        if fold(label) == story and not value:
            rest = "\n".join(re.sub(r"^(?:> ?)+", "", x) for x in lines[i:])
            answers.append(Answer(label, rest.strip("\n"), number))
            break
        if not value:
            items = []
            while i < len(lines) and re.match(r"^(?:> ?)*- ", lines[i]):
                items.append(re.sub(r"^(?:> ?)*- ", "", lines[i]).strip())
                i += 1
            value = "\n".join(items)
        answers.append(Answer(label, value, number))
    return answers


def read_submission(text: str) -> tuple[list[Answer], str, int]:
    """(answers, the file below the marked line or "", its first line in the input)."""
    lines = text.split("\n")
    sections = issue_answers(text)
    if sections is not None:
        own = [a for a in sections if fold(a.label) == fold(ISSUE_SUBMISSION_LABEL) and a.value.strip()]
        if not own:
            return sections, "", 0
        # Sent from the site: the form's text, pasted into the issue (offset to its lines).
        inner, file, at = read_submission(own[0].value)
        for a in inner:
            a.line += own[0].line + 1
        return inner, file, at + own[0].line + 1 if file else 0
    mark = next((i for i, line in enumerate(lines) if _is_mark(line)), None)
    if mark is None:
        return word_answers(lines), "", 0
    file_lines = [re.sub(r"^(?:> ?)+", "", x) if x.startswith(">") else x for x in lines[mark + 1:]]
    return word_answers(lines[:mark]), "\n".join(file_lines).strip("\n") + "\n", mark + 2


# ---- placing the answers ---------------------------------------------------------------------------

def _type_of(answers: list[Answer], intake: Intake) -> None:
    label = fold(_words("readType"))
    for a in answers:
        if fold(a.label) == label and a.value.strip():
            wanted = fold(a.value.strip())
            t = next((t for t in m.TYPES.values() if wanted in (fold(t.label), fold(t.plural), t.name)), None)
            if t:
                intake.type_name = t.name
                return
            intake.problems.append((a.line, tell("noTypeChosen", choices=_choices(
                t.label for t in m.TYPES.values()))))
            return
    intake.problems.append((1, tell("noTypeChosen", choices=_choices(t.label for t in m.TYPES.values()))))


def _choices(labels) -> str:
    labels = [str(x) for x in labels]
    return labels[0] if len(labels) == 1 else say("listOr", most=", ".join(labels[:-1]), last=labels[-1])


def _items(value: str, split_commas: bool) -> list[str]:
    items = []
    for line in value.split("\n"):
        line = re.sub(r"^\s*(?:[-*]\s+(?:\[[ xX]\]\s*)?)?", "", line).strip()
        if line:
            items += [x.strip() for x in line.split(",")] if split_commas else [line]
    return [x for x in items if x]


def _checked(value: str) -> list[str] | None:
    """The ticked options of a checkbox answer (`- [X] option`), or None when it is not one."""
    boxes = re.findall(r"^\s*- \[([ xX])\] (.*)$", value, re.M)
    return [text.strip() for mark, text in boxes if mark in "xX"] if boxes else None


def _match(option: str, pairs) -> str | None:
    """The value whose label (or value) an option names; `Label (value)` and `Soort: Label` too."""
    wanted = fold(re.sub(r"\s*\([a-z0-9-]+\)$", "", option))
    wanted_tail = wanted.split(": ", 1)[-1]
    for value, label in pairs:
        if wanted in (fold(label), value) or wanted_tail in (fold(label), value):
            return value
    return None


_MOMENT = re.compile(r"^(?:(\d{1,2})-(\d{1,2})-(\d{4})|(\d{4})-(\d{2})-(\d{2}))"
                     r"(?:,?\s+(?:om\s+)?(\d{1,2})[:.u](\d{2}))?$|^(\d{1,2})[:.u](\d{2})$")


def _moment(text: str) -> str:
    found = _MOMENT.match(text.strip())
    if not found:
        return text.strip()
    g = found.groups()
    if g[8]:
        return f"{int(g[8]):02d}:{g[9]}"
    day = f"{g[2]}-{int(g[1]):02d}-{int(g[0]):02d}" if g[0] else f"{g[3]}-{g[4]}-{g[5]}"
    return f"{day} {int(g[6]):02d}:{g[7]}" if g[6] else day


_SHARED = {fold(f.label): f.name for t in m.TYPES.values() for f in t.fields}


class Harvest:
    """The titles and themes of the harvest, to name relations and themes by their words."""

    def __init__(self, content: str, entries: dict):
        self.themes = [(slug, t.get("title", slug)) for slug, t in read_themes(content).slugs.items()]
        self.titles = {name: [] for name in m.TYPES}
        for (type_name, slug), (_doc, data) in entries.items():
            self.titles[type_name].append((slug, str(data.get("title", slug))))


def place(answers: list[Answer], intake: Intake, harvest: Harvest) -> None:
    """Each answer into its field, by the type's labels; what fits nowhere is noted."""
    t = m.TYPES[intake.type_name]
    fields = {fold(f.label): f for f in m.FIELDS_BY_TYPE[t.name].values()}
    known = {fold(_words("readType")), fold(ISSUE_SUBMISSION_LABEL), fold("Controle")}
    new_words = " (" + _words("readNew") + ")"
    for a in answers:
        label = fold(_BIJ.sub("", a.label))
        if label in known or not a.value.strip():
            continue
        if label == fold(_words("readStory")):
            intake.body = a.value.strip("\n") + "\n"
            continue
        if label == fold(ISSUE_RELATIONS_LABEL):  # the issue form's one field for every relation
            for name in _items(a.value, False):
                _relate(intake, harvest, None, name.replace(new_words, ""), a.line)
            continue
        # A field several types share is labelled once in the issue form, by its first type's label.
        f = fields.get(label) or m.FIELDS_BY_TYPE[t.name].get(_SHARED.get(label, ""))
        if label == fold(ISSUE_KIND_LABEL):
            f = next(x for x in t.fields if x.name == t.card)
        if f is None or f.name in ("date", "updated", "status", "aliases"):
            # Another type's field, or none: said, never silently dropped.
            intake.notes.append((a.line, say("intakeUnplaced", label=a.label, value=_short(a.value))))
            continue
        intake.lines[f.name] = a.line
        _set(intake, harvest, f, a, new_words)


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 80 else value[:80] + "…"


def _set(intake: Intake, harvest: Harvest, f: m.Field, a: Answer, new_words: str) -> None:
    value = a.value.strip()
    if f.kind == m.RELATION:
        for name in _items(value, False):
            _relate(intake, harvest, f.name, name.replace(new_words, ""), a.line)
    elif f.kind in (m.CHOICE, m.CHOICES, m.THEMES):
        pairs = harvest.themes if f.kind == m.THEMES else list(f.choices.items())
        options = _checked(value)
        options = _items(value, True) if options is None else options
        chosen = []
        for option in options:
            found = _match(option, pairs)
            if found is None and ": " in option and f.kind != m.THEMES:
                continue  # the issue form's shared dropdown: another type's choice
            if found is None:
                message = "intakeTheme" if f.kind == m.THEMES else "intakeChoice"
                intake.problems.append((a.line, say(message, value=option, labelLower=f.label.lower(),
                                                    choices=_choices(label for _, label in pairs))))
            elif found not in chosen:
                chosen.append(found)
        if chosen:
            intake.values[f.name] = chosen[0] if f.kind == m.CHOICE else chosen
    elif f.kind == m.TEXTS:
        intake.values[f.name] = _items(value, f.search_field == "names" and "\n" not in value)
    elif f.kind == m.LINKS:
        links = []
        for item in _items(value, False):
            found = re.match(r"^(.*?)[:\s]\s*((?:https?://|www\.)\S+)$", item)
            if not found or not found[1].strip(" :"):
                intake.problems.append((a.line, say("intakeLink", value=_short(item))))
            else:
                links.append({"title": found[1].strip(" :"), "url": found[2]})
        intake.values[f.name] = links
    elif f.kind == m.YEAR:
        if re.fullmatch(r"\d{1,4}", value):
            intake.values[f.name] = value
        else:
            intake.problems.append((a.line, say("intakeYear", value=_short(value))))
    elif f.kind in (m.MOMENT, m.END):
        intake.values[f.name] = _moment(value)
    elif f.kind in (m.PLAINTEXT, m.TEXT, m.SOURCE):  # a source in words: one line, its title or address
        intake.values[f.name] = " ".join(value.split())
    else:
        intake.values[f.name] = value


def _relate(intake: Intake, harvest: Harvest, type_name: str | None, name: str, line: int) -> None:
    name = name.strip()
    for t in ([type_name] if type_name else list(m.TYPES)):
        slug = next((s for s, title in harvest.titles[t] if fold(title) == fold(name) or s == name), None)
        if slug:
            intake.values.setdefault(t, [])
            if slug not in intake.values[t]:
                intake.values[t].append(slug)
            return
    label = m.TYPES[type_name].plural if type_name else ISSUE_RELATIONS_LABEL
    intake.new.append((label, name))
    intake.notes.append((line, say("intakeNew", name=name, labelLower=label.lower())))


def _required(intake: Intake) -> None:
    """Every required field that is missing, said as the form says it."""
    t = m.TYPES[intake.type_name]
    for f in m.FIELDS_BY_TYPE[t.name].values():
        if t.asks(f) and f.name != "date" and not intake.values.get(f.name) and f.name not in intake.lines:
            name = f"missing_{f.name}" if f"missing_{f.name}" in MESSAGES else "missing"
            if any(f.name in group for group in t.one_of):
                group = next(g for g in t.one_of if f.name in g)
                if any(intake.values.get(n) for n in group):
                    continue
                first, last = (m.FIELDS_BY_TYPE[t.name][n].label for n in (group[0], group[-1]))
                message = tell("oneOf", type=t.label.lower(), firstLabelLower=first.lower(),
                               lastLabelLower=last.lower())
            else:
                message = tell(name, labelLower=f.label.lower(), typeLower=t.label.lower())
            intake.problems.append((1, message))
    if t.story and not re.sub(r"<!--.*?(?:-->|$)", "", intake.body, flags=re.S).strip():
        intake.problems.append((1, tell("noStory", prompt=t.prompt)))


def read_intake(text: str, harvest: Harvest) -> Intake:
    answers, file, file_line = read_submission(text)
    intake = Intake()
    _type_of(answers, intake)
    if not intake.type_name:
        return intake
    if file:
        doc = parse(file.encode("utf-8"), "inzending.md")
        if doc.ok and doc.data.get("title"):
            intake.file = file
            for a in answers:  # names the harvest lacks are in the words, not in the file
                if a.value and fold(_BIJ.sub("", a.label)) in {fold(t.plural) for t in m.TYPES.values()}:
                    for name in _items(a.value, False):
                        if name.endswith(" (" + _words("readNew") + ")"):
                            _relate(intake, harvest, next(t.name for t in m.TYPES.values()
                                                          if fold(t.plural) == fold(a.label)),
                                    name[:-len(" (" + _words("readNew") + ")")], a.line)
            intake.values = {"title": str(doc.data["title"])}
            return intake
        detail = "; ".join(p.message for p in doc.problems[:1]) or say("missing", key="title", help="",
                                                                         example="")
        intake.notes.append((file_line, say("intakeFile", detail=detail)))
    place(answers, intake, harvest)
    _required(intake)
    return intake


# ---- writing ------------------------------------------------------------------------------------

def _new_names_note(intake: Intake) -> str:
    if not intake.new:
        return ""
    groups: dict[str, list[str]] = {}
    for label, name in intake.new:
        groups.setdefault(label, []).append(name)
    text = "; ".join(f"{label}: {', '.join(names)}" for label, names in groups.items())
    return "<!-- " + _words("readNew") + ": " + text.replace("--", "- -") + " -->\n"


def write_entry(content: str, intake: Intake, today: str, taken) -> str:
    """Write the entry under `content` and return its path; never outside it, never over a file."""
    title = intake.values.get("title", "")
    slug = slugify(title)
    if not slug:
        raise IntakeError([(intake.lines.get("title", 1), tell("noSlug"))])
    base, n = slug, 2
    while (intake.type_name, slug) in taken or os.path.lexists(os.path.join(content, intake.type_name,
                                                                             slug + ".md")):
        slug, n = f"{base}-{n}", n + 1
    root = os.path.realpath(content)
    folder = os.path.join(root, intake.type_name)
    path = os.path.join(folder, slug + ".md")
    if os.path.islink(folder) or os.path.realpath(path) != path or not path.startswith(root + os.sep):
        shown = os.path.join(content, intake.type_name, slug + ".md")
        raise IntakeError([(1, say("intakeOutside", path=shown))])
    os.makedirs(folder, exist_ok=True)
    text = intake.file or entry_text(intake.type_name, {**intake.values, "date": today}, _body_of(intake))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o644), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return path


def _body_of(intake: Intake) -> str:
    note = _new_names_note(intake)
    body = intake.body.rstrip("\n")
    return ((body + "\n\n" + note) if body else note) if note else body


def intake(text: str, content: str, today: str, settings: dict | None = None) -> tuple[str, Intake]:
    """Read `text`, write its entry under `content`, check it as `make validate` does. Returns
    (path, what was read); raises IntakeError with the input's lines, and then nothing is written."""
    entries, _problems = validate_tree(content, settings=settings)
    harvest = Harvest(content, entries)
    read = read_intake(text, harvest)
    if read.problems or not read.type_name:
        raise IntakeError(sorted(read.problems) or [(1, say("intakeEmpty"))])
    path = write_entry(content, read, today, set(entries))
    _entries, problems = validate_tree(content, settings=settings)
    own = [p for p in problems if os.path.realpath(p.path) == path or p.path.endswith(
        os.path.join(read.type_name, os.path.basename(path)))]
    if own:
        os.remove(path)
        raise IntakeError([(_line_of(read, p.message), p.message) for p in own])
    return path, read


def _line_of(read: Intake, message: str) -> int:
    keys = re.findall(r"`([a-z_]+)`", message)
    return next((read.lines[k] for k in keys if k in read.lines), 1)


# ---- the command and the workflow ------------------------------------------------------------------

def reply_problems(problems) -> str:
    lines = [say("intakeProblems"), ""]
    lines += [f"- {message[:1].upper() + message[1:]}" for _line, message in problems]
    return "\n".join(lines + ["", say("intakeEditIssue"), ""])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="harvest intake",
                                     description="Maak van een mail of een issue een inzending.")
    parser.add_argument("file", nargs="?", help="de mail (tekst of .eml) of de tekst van het issue")
    parser.add_argument("--event", help="het GitHub-event (issues) met de tekst van het issue")
    parser.add_argument("--content", default="content", help="de inhoudsmap (standaard: content)")
    parser.add_argument("--reply", help="schrijf hier het antwoord voor het issue (Markdown)")
    parser.add_argument("--result", help="schrijf hier het resultaat (JSON) voor de workflow")
    parser.add_argument("--copy", help="schrijf hier ook het nieuwe bestand (voor de workflow)")
    parser.add_argument("--settings", default="pelicanconf.py")
    args = parser.parse_args(argv)
    from .. import clock

    settings = runpy.run_path(args.settings) if os.path.isfile(args.settings) else {}
    name = args.event or args.file
    if not name:
        parser.error("geef een bestand: make intake file=PAD")
    try:
        with open(name, "rb") as fh:
            raw = fh.read(INPUT_MAX * 4 + 1)
    except OSError as error:
        print(f"{name}: niet te lezen ({error.strerror})", file=sys.stderr)
        return 2
    result = {"ok": False, "path": "", "type": "", "problems": [], "notes": []}
    try:
        if args.event:
            event = json.loads(raw.decode("utf-8", "replace"))
            text = str(((event.get("issue") or {}).get("body")) or "")
            text = text.replace("\r\n", "\n")
            if len(text) > INPUT_MAX:
                raise IntakeError([(1, say("intakeTooLong", max=INPUT_MAX))])
        else:
            text = read_text(raw)
        path, read = intake(text, args.content, clock.today(settings).isoformat(), settings)
    except (IntakeError, ValueError) as error:
        problems = error.problems if isinstance(error, IntakeError) else [(1, say("intakeEmpty"))]
        for line, message in problems:
            print(f"{name}:{line}: {message}", file=sys.stderr)
        result["problems"] = [message for _line, message in problems]
        _finish(args, result, reply_problems(problems))
        return 1
    print(say("intakeWritten", path=os.path.join(args.content, read.type_name, os.path.basename(path))))
    if args.copy:
        with open(path, encoding="utf-8") as src, open(args.copy, "w", encoding="utf-8") as out:
            out.write(src.read())
    for line, message in read.notes:
        print(f"{name}:{line}: {message}")
    result.update(ok=True, path=os.path.relpath(path, os.path.dirname(os.path.realpath(args.content))),
                  type=read.type_name, notes=[message for _line, message in read.notes])
    notes = [f"- {message[:1].upper() + message[1:]}" for _line, message in read.notes]
    reply = say("intakeProposed", link="{link}", days=settings.get("EDITORS_REPLY_DAYS", 10))
    _finish(args, result, reply + ("\n\n" + "\n".join(notes) if notes else "") + "\n")
    return 0


def _finish(args, result: dict, reply: str) -> None:
    if args.reply:
        with open(args.reply, "w", encoding="utf-8") as fh:
            fh.write(reply)
    if args.result:
        with open(args.result, "w", encoding="utf-8") as fh:
            json.dump(result, fh, ensure_ascii=False)
