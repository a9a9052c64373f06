"""Small Python-Markdown extensions for what GitHub's preview (cmark-gfm) does and no kept
extension does: lists that start right after a sentence or nest by two spaces, backslash line
breaks, and heading levels that fit under the page's <h1>. Free of Pelican imports (markup.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# A list marker as CommonMark reads it, after the line's indentation: `-`, `+`, `*`, `1.` or `1)`,
# then spaces and text, or nothing (an empty item).
_MARKER = re.compile(r"([-+*]|(\d{1,9})[.)])(?:( +)(?=\S)| *$)")
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?: *\1){2,} *$")
# Lines that end a list instead of continuing its last paragraph lazily.
_BLOCK_START = re.compile(r" {0,3}(?:#{1,6}(?: |$)|>|```|~~~|<)")


class _Item:
    __slots__ = ("content", "loose")

    def __init__(self, content: int):
        self.content = content  # column where the item's text starts in the source
        self.loose = False  # two of its blocks are apart: its list is loose (CommonMark)


class ListsPreprocessor(Preprocessor):
    """Rewrites list indentation the way Python-Markdown reads it (four spaces a level, a blank
    line before a list that follows a paragraph), from the columns CommonMark counts: an item's
    content starts after its marker, so `- a` nests what is indented by two, `1. a` by three.
    Runs after fenced code is stashed, so code inside fences is never touched."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        stack: list[_Item] = []
        previous = "blank"  # blank, text (a paragraph a list may interrupt) or other
        for line in lines:
            if not line.strip():
                out.append("")
                previous = "blank"
                continue
            indent = len(line) - len(line.lstrip(" "))
            depth = sum(1 for item in stack if item.content <= indent)
            base = stack[depth - 1].content if depth else 0
            text = line[indent:]
            marker = None if indent - base >= 4 or _THEMATIC_BREAK.match(line) else _MARKER.match(text)
            if marker and previous == "text" and depth == len(stack) and not self._interrupts(marker):
                marker = None  # `2020. Een jaar` or an empty item inside a sentence stays text
            if marker:
                if previous == "text" and not stack:
                    out.append("")  # Python-Markdown needs the blank line GitHub does not
                if previous != "blank" and len(stack) > depth and stack[depth].loose:
                    out.append("")  # else Python-Markdown reads the item into the paragraph
                del stack[depth:]
                spaces = len(marker.group(3) or " ")
                width = len(marker.group(1)) + (spaces if spaces <= 4 else 1)
                stack.append(_Item(indent + width))
                out.append(" " * (4 * depth) + marker.group(1) + " " + text[marker.end(1):].lstrip(" "))
                previous = "text"
                continue
            if stack and previous != "blank" and depth < len(stack) and not _BLOCK_START.match(line):
                # A lazy continuation line belongs to the deepest item's paragraph.
                out.append(" " * (4 * len(stack)) + text)
                previous = "text"
                continue
            del stack[depth:]
            if depth and previous == "blank":
                stack[-1].loose = True
            out.append(" " * (4 * depth + indent - base) + text if depth else line)
            previous = "other" if _BLOCK_START.match(line) or indent - base >= 4 else "text"
        return out

    @staticmethod
    def _interrupts(marker: re.Match) -> bool:
        """CommonMark: a list interrupts a paragraph only with text, and an ordered one from 1."""
        return marker.group(3) is not None and marker.group(2) in (None, "1")


class HardBreakProcessor(InlineProcessor):
    """A backslash at the end of a line is a line break, as two trailing spaces are."""

    def handleMatch(self, m, data):
        return etree.Element("br"), m.start(0), m.end(0)


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
        md.inlinePatterns.register(HardBreakProcessor(r"\\\n", md), "gfm_hard_break", 185)
        # Before toc (5), so that anchors and the table of contents see the final levels.
        md.treeprocessors.register(HeadingLevels(md), "gfm_heading_levels", 6)


def makeExtension(**kwargs):
    return GitHubExtension(**kwargs)
