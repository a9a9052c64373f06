"""How problems reach people: one `path:line:column: message` line each, and on GitHub
Actions also as workflow commands, so they show on the pull request's diff."""

from __future__ import annotations

import html
import logging
import os
import re
import sys

from .text import visible


def display_path(path: str) -> str:
    """How a file is named in messages: relative to where the command runs, when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


class ContentErrors(Exception):
    """Raised when the content has problems, after they were printed one per line. `pelican`
    exits with `exitcode`; the log filter below keeps Pelican from adding a traceback."""

    exitcode = 1

    def __init__(self, problems):
        files = len({p.path for p in problems})
        super().__init__(f"{len(problems)} {'probleem' if len(problems) == 1 else 'problemen'} in {files} "
                         f"{'bestand' if files == 1 else 'bestanden'}; er is niets gebouwd.")
        self.problems = problems


class WithoutTraceback(logging.Filter):
    """Pelican logs an exception that ends a build with its traceback. For problems in the
    content (a contributor's mistake, already reported at their lines) the one-line summary is
    enough; any other exception keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], ContentErrors):
            record.msg, record.args, record.exc_info = "%s", (str(record.exc_info[1]),), None
        return True


def _escape(text: str, properties: bool = False) -> str:
    # The escaping of GitHub's toolkit (escapeData / escapeProperty).
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


# What a contributor wrote is shown escaped (text.visible): control characters and line separators,
# so that a newline in a quoted value cannot start a line of its own, where the Actions runner would
# read `::add-mask::` or a fake `::notice::` from it; bidi controls and invisible characters, so a
# file name or title reads as it is; noncharacters and bytes that are not UTF-8. In the path as in
# the message, on the terminal as in the annotation and the summary.
def printable(text: str) -> str:
    return visible(text)


def _repository_path(path: str) -> str:
    """GitHub puts an annotation on a file by its path from the repository root (the
    workspace), whatever folder the command ran in."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return path
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(workspace))
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def github_annotation(problem) -> str:
    return (f"::error file={_escape(visible(_repository_path(problem.path)), True)},line={problem.line},"
            f"col={problem.column}::{_escape(visible(problem.message, lines=True))}")


_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_\[\]!#~()|:]")


def _inert(text: str) -> str:
    """Text that GitHub's Markdown shows as it is: HTML escaped and punctuation as character
    references, which are never syntax (backslashes would show inside code)."""
    return _MARKDOWN_PUNCTUATION.sub(lambda m: f"&#{ord(m.group(0))};", html.escape(printable(text)))


def _summary_text(text: str) -> str:
    """A cell of the summary's table: no HTML, link, image, line break or cell end a contributor
    could smuggle in; their backticked code stays code."""
    parts = text.split("`")
    return "".join(f"<code>{_inert(part)}</code>" if i % 2 and i < len(parts) - 1 else _inert(part)
                   for i, part in enumerate(parts))


def _step_summary(problems, path: str) -> None:
    """All problems on the run's summary page too: GitHub shows at most 10 error
    annotations per step on the diff."""
    rows = [f"| <code>{_inert(_repository_path(p.path))}</code> | "
            f"{p.line}:{p.column} | {_summary_text(p.message)} |" for p in problems]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("### Problemen in de inhoud\n\n| bestand | regel:kolom | probleem |\n|---|---|---|\n")
        fh.write("\n".join(rows) + "\n\n")


def print_problems(problems, outcome: str) -> None:
    """Problems go to stderr; annotations to stdout, where the Actions runner reads them."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(printable(str(problem)), file=sys.stderr)
        if github:
            print(github_annotation(problem), flush=True)
    files = len({p.path for p in problems})
    print(f"{len(problems)} {'probleem' if len(problems) == 1 else 'problemen'} in {files} "
          f"{'bestand' if files == 1 else 'bestanden'}; {outcome}", file=sys.stderr)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if github and summary and problems:
        try:
            _step_summary(problems, summary)
        except OSError:
            pass  # the summary is a convenience; the problems were printed above
