"""How problems reach people: one `path:line:column: message` line each, and on GitHub
Actions also as workflow commands, so they show on the pull request's diff."""

from __future__ import annotations

import os
import sys


class ContentErrors(SystemExit):
    """Raised when the content has problems. A SystemExit, so that `pelican` exits non-zero
    without a traceback; the problems were already printed."""

    def __init__(self, problems):
        super().__init__(1)
        self.problems = problems


def _escape(text: str, properties: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def github_annotation(problem) -> str:
    return (f"::error file={_escape(problem.path, True)},line={problem.line},"
            f"col={problem.column}::{_escape(problem.message)}")


def print_problems(problems, outcome: str) -> None:
    """Problems go to stderr; annotations to stdout, where the Actions runner reads them."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem, file=sys.stderr)
        if github:
            print(github_annotation(problem), flush=True)
    files = len({p.path for p in problems})
    print(f"{len(problems)} {'probleem' if len(problems) == 1 else 'problemen'} in {files} "
          f"{'bestand' if files == 1 else 'bestanden'}; {outcome}", file=sys.stderr)
