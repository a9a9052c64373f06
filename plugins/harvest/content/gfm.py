"""Small Python-Markdown extensions for what GitHub's preview (cmark-gfm) does and no kept
extension does: lists that start right after a sentence or nest by two spaces, tight and loose
lists, quotes read as Markdown of their own, code spans and backslash line breaks as CommonMark has
them, task checkboxes named by their text, and heading levels that fit under the page's <h1>.
Free of Pelican imports (see markup.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor, InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

# A list marker as CommonMark reads it, after the line's indentation: `-`, `+`, `*`, `1.` or `1)`,
# then spaces and text, or nothing (an empty item).
_MARKER = re.compile(r"([-+*]|(\d{1,9})[.)])(?:( +)(?=\S)| *$)")
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?: *\1){2,} *$")
# Lines that end a list instead of continuing its last paragraph lazily.
_BLOCK_START = re.compile(r" {0,3}(?:#{1,6}(?: |$)|>|```|~~~|<)")
# A block that fenced code or raw HTML left stashed on a line of its own.
_STASHED = re.compile(" *" + HTML_PLACEHOLDER % r"\d+" + " *$")


# Deeper lists are read as the deepest level: Python-Markdown's nesting costs time and stack with
# every level (hostile input), and no text needs more.
MAX_LIST_DEPTH = 12
MAX_QUOTE_DEPTH = 8
_QUOTE = re.compile(r" {0,3}> ?")

# Marks the items of a tight list (no blank line between its items or their blocks) for
# TightLists; STX/ETX never reach Python-Markdown from the source, it strips them.
TIGHT = "\x02tight\x03"
_TASK = re.compile(r"\[[ xX]\] ")


class _List:
    __slots__ = ("lines", "items", "loose")

    def __init__(self):
        self.lines: list[tuple[int, int]] = []  # (output line, column of the item's text)
        self.items: list[_Item] = []
        self.loose = False


class _Item:
    __slots__ = ("content", "loose", "list")

    def __init__(self, content: int, owner: _List):
        self.content = content  # column where the item's text starts in the source
        self.loose = False  # two of its blocks are apart: its list is loose (CommonMark)
        self.list = owner


class ListsPreprocessor(Preprocessor):
    """Rewrites list indentation the way Python-Markdown reads it (four spaces a level, a blank
    line before a list that follows a paragraph), from the columns CommonMark counts: an item's
    content starts after its marker, so `- a` nests what is indented by two, `1. a` by three.
    Runs after fenced code is stashed, so code inside fences is never touched."""

    def run(self, lines: list[str], quotes: int = 0) -> list[str]:
        out: list[str] = []
        stack: list[_Item] = []
        lists: list[_List] = []
        previous = "blank"  # blank, text (a paragraph a list may interrupt) or other
        quoted = False  # the last line that was not blank was a block quote's
        index = -1
        while index + 1 < len(lines):
            index += 1
            line = lines[index]
            if not line.strip():
                out.append("")
                previous = "blank"
                continue
            quote = bool(_QUOTE.match(line)) and not stack
            if quote and quoted and previous == "blank":
                # Two quotes apart, as on GitHub: Python-Markdown would join them, unless an empty
                # block stands between.
                out.extend([self.md.htmlStash.store("<!-- -->"), ""])
            elif quoted and not quote and previous != "blank" and not line.startswith("    ") and (
                    quoted == "empty" or _BLOCK_START.match(line) or _THEMATIC_BREAK.match(line)
                    or _MARKER.match(line.lstrip(" "))):
                # Only a paragraph's text continues a quote lazily; a list, a rule or a heading
                # ends it (and `---` is no heading underline here).
                out.append("")
                previous = "blank"
            quoted = ("empty" if line.strip() == ">" else True) if quote else False
            if quote and quotes < MAX_QUOTE_DEPTH:
                # A quote's lines are Markdown of their own: read them the same way, inside.
                group = [line]
                while index + 1 < len(lines) and _QUOTE.match(lines[index + 1]):
                    index += 1
                    group.append(lines[index])
                inner = self.run([_QUOTE.sub("", quoted_line, 1) for quoted_line in group], quotes + 1)
                out.extend(">" + (" " + inner_line if inner_line else "") for inner_line in inner)
                quoted = "empty" if group[-1].strip() == ">" else True
                previous = "other"
                continue
            if _STASHED.match(line) and previous == "text":
                # GitHub ends a paragraph where a fence starts; Python-Markdown wants a blank line.
                out.append("")
                previous = "blank"
            indent = len(line) - len(line.lstrip(" "))
            depth = sum(1 for item in stack if item.content <= indent)
            base = stack[depth - 1].content if depth else 0
            text = line[indent:]
            marker = None if indent - base >= 4 or _THEMATIC_BREAK.match(line) else _MARKER.match(text)
            if marker and previous == "text" and depth == len(stack) and not self._interrupts(marker):
                marker = None  # `2020. Een jaar` or an empty item inside a sentence stays text
            if marker:
                depth = min(depth, MAX_LIST_DEPTH - 1)
                if previous == "text" and not stack:
                    out.append("")  # Python-Markdown needs the blank line GitHub does not
                if previous != "blank" and any(item.loose for item in stack[depth:]):
                    out.append("")  # else Python-Markdown reads the item into the paragraph
                if depth < len(stack):
                    owner = stack[depth].list
                    owner.loose |= previous == "blank"  # a blank line between two items
                else:
                    owner = _List()
                    lists.append(owner)
                    if depth and previous == "blank":
                        stack[depth - 1].loose = True
                del stack[depth:]
                spaces = len(marker.group(3) or " ")
                width = len(marker.group(1)) + (spaces if spaces <= 4 else 1)
                item = _Item(indent + width, owner)
                stack.append(item)
                owner.items.append(item)
                prefix = " " * (4 * depth) + marker.group(1) + " "
                owner.lines.append((len(out), len(prefix)))
                out.append(prefix + text[marker.end(1):].lstrip(" "))
                previous = "text"
                continue
            if stack and previous != "blank" and depth < len(stack) and not _BLOCK_START.match(line):
                # A lazy continuation line belongs to the deepest item's paragraph.
                escaped = "\\" + text if _MARKER.match(text) else text  # text, not a nested list
                out.append(" " * (4 * len(stack)) + escaped)
                previous = "text"
                continue
            del stack[depth:]
            if depth and previous == "blank":
                stack[-1].loose = True
            out.append(" " * (4 * depth + indent - base) + text if depth else line)
            previous = "other" if _BLOCK_START.match(line) or indent - base >= 4 else "text"
            if _STASHED.match(line):
                out.append("")  # what follows a fence is a paragraph of its own
                previous = "blank"
        for owner in lists:
            if not owner.loose and not any(item.loose for item in owner.items):
                for number, column in owner.lines:
                    out[number] = self._mark(out[number], column)
        return out

    @staticmethod
    def _mark(line: str, column: int) -> str:
        """The tight mark goes before the item's text (after a task's box), or, where that text
        opens a block (`> `, `# `, a fence, another marker), before the line's end."""
        task = _TASK.match(line, column)
        column = task.end() if task else column
        rest = line[column:]
        opens = _BLOCK_START.match(rest) or _MARKER.match(rest) or _THEMATIC_BREAK.match(rest)
        if opens or (rest[:1] and rest[:1] in "|="):
            column = len(re.sub(r"(?:\\| *)$", "", line))
        return line[:column] + TIGHT + line[column:]

    @staticmethod
    def _interrupts(marker: re.Match) -> bool:
        """CommonMark: a list interrupts a paragraph only with text, and an ordered one from 1."""
        return marker.group(3) is not None and marker.group(2) in (None, "1")


class TightLists(Treeprocessor):
    """CommonMark decides per list: tight, every item's text bare, or loose, every item's text a
    paragraph. Python-Markdown decides per item (after a blank line, a paragraph), and needs blank
    lines GitHub does not; the preprocessor marks tight lists, and this makes each list one kind."""

    BLOCKS = {"p", "ul", "ol", "pre", "blockquote", "table", "div", "dl", "hr",
              "h1", "h2", "h3", "h4", "h5", "h6"}

    def run(self, root):
        for lst in root.iter():
            if lst.tag not in ("ul", "ol"):
                continue
            items = [item for item in lst if item.tag == "li"]
            tight = [self._untag(item) for item in items]
            if any(tight):
                for item in items:
                    if len(item) and item[0].tag == "p" and not (item.text or "").strip():
                        self._unwrap(item, item[0])
            elif any(len(item) and item[0].tag == "p" for item in items):
                for item in items:
                    self._wrap(item)

    @staticmethod
    def _untag(item) -> bool:
        found = False
        for node in item.iter():
            for attr in ("text", "tail"):
                value = getattr(node, attr)
                if value and TIGHT in value:
                    setattr(node, attr, value.replace(TIGHT, ""))
                    found |= node is item or attr == "tail" or node.tag == "p"
            if node.tag in ("ul", "ol") and node is not item:
                break
        return found

    @staticmethod
    def _unwrap(item, paragraph):
        index = list(item).index(paragraph)
        item.remove(paragraph)
        item.text = (item.text or "") + (paragraph.text or "")
        for offset, child in enumerate(paragraph):
            item.insert(index + offset, child)
        tail = paragraph.tail or ""
        if len(paragraph):
            paragraph[-1].tail = (paragraph[-1].tail or "") + tail
        else:
            item.text += tail

    def _wrap(self, item):
        inline = []
        for child in item:
            if child.tag in self.BLOCKS:
                break
            inline.append(child)
        if not (item.text or "").strip() and not inline:
            return
        paragraph = etree.Element("p")
        paragraph.text, item.text = (item.text or "").strip("\n"), None
        for child in inline:
            item.remove(child)
            paragraph.append(child)
        if len(paragraph):
            paragraph[-1].tail = (paragraph[-1].tail or "").rstrip("\n")
        item.insert(0, paragraph)


class TaskLabels(Treeprocessor):
    """A task's text becomes its checkbox's <label>, so that a screen reader names the box (axe's
    `label` rule): `<li><label><input …> gedaan</label></li>`. GitHub leaves the box unnamed."""

    def run(self, root):
        # pymdownx.tasklist (25) has stashed the box at the start of the item's text or of its
        # first paragraph's; inline Markdown is still unparsed here (20), so it moves along.
        for item in root.iter("li"):
            if "task-list-item" not in item.get("class", ""):
                continue
            if not (item.text or "").strip() and not len(item):
                continue
            holder = item if (item.text or "").strip() else item[0]
            label = etree.Element("label")
            label.text, holder.text = holder.text, None
            for child in list(holder):
                if child.tag in TightLists.BLOCKS:
                    break
                holder.remove(child)
                label.append(child)
            holder.insert(0, label)


class TightMarksRemoved(Postprocessor):
    """No mark survives, wherever Python-Markdown put the line it was on (a heading, code)."""

    def run(self, text):
        return text.replace(TIGHT, "")


class HardBreakProcessor(InlineProcessor):
    """A backslash at the end of a line is a line break, as two trailing spaces are."""

    def handleMatch(self, m, data):
        return etree.Element("br"), m.start(0), m.end(0)


class CodeSpans(BacktickInlineProcessor):
    """CommonMark's code span: line endings are spaces, and one space is taken off each end only
    when both ends have one (`` `` `x` `` `` shows `x` in backticks); Python-Markdown strips all."""

    def handleMatch(self, m, data):
        if m.group(1):
            return super().handleMatch(m, data)
        begin = m.start(0)
        start, end = self.find_code_spans(begin, data)
        if end is None:
            return None, begin, start
        text = data[start:end].replace("\n", " ")
        if len(text) > 1 and text[0] == text[-1] == " " and text.strip(" "):
            text = text[1:-1]
        element = etree.Element("code")
        element.text = util.AtomicString(util.code_escape(text))
        return element, begin, end + (start - begin)


class HeadingLevels(Treeprocessor):
    """The page's <h1> is the entry's title, so a body's `#` and `##` are both <h2>, and a level
    is never skipped (`####` right after `##` becomes <h3>): screen readers navigate by level."""

    def run(self, root):
        previous = 1
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1] in "123456":
                level = min(max(int(element.tag[1]), 2), previous + 1)
                element.tag = f"h{level}"
                previous = level


class GitHubExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(ListsPreprocessor(md), "gfm_lists", 15)
        md.inlinePatterns.register(CodeSpans(BACKTICK_RE), "backtick", 190)
        md.inlinePatterns.register(HardBreakProcessor(r"\\\n", md), "gfm_hard_break", 185)
        # Before toc (5), so that anchors and the table of contents see the final levels.
        md.treeprocessors.register(HeadingLevels(md), "gfm_heading_levels", 6)
        md.treeprocessors.register(TightLists(md), "gfm_tight_lists", 4)
        md.treeprocessors.register(TaskLabels(md), "gfm_task_labels", 24)  # after tasklist (25)
        md.postprocessors.register(TightMarksRemoved(md), "gfm_tight_marks", 0)


def makeExtension(**kwargs):
    return GitHubExtension(**kwargs)
