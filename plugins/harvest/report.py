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
    # The escaping of GitHub's toolkit (escapeData / escapeProperty).
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def _repository_path(path: str) -> str:
    """GitHub puts an annotation on a file by its path from the repository root (the
    workspace), whatever folder the command ran in."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return path
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(workspace))
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def github_annotation(problem) -> str:
    return (f"::error file={_escape(_repository_path(problem.path), True)},line={problem.line},"
            f"col={problem.column}::{_escape(problem.message)}")


def _step_summary(problems, path: str) -> None:
    """All problems on the run's summary page too: GitHub shows at most 10 error
    annotations per step on the diff."""
    pipe = "\\|"  # a literal | would end the table cell
    rows = [f"| `{_repository_path(p.path)}` | {p.line}:{p.column} | {p.message.replace('|', pipe)} |"
            for p in problems]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("### Problemen in de inhoud\n\n| bestand | regel:kolom | probleem |\n|---|---|---|\n")
        fh.write("\n".join(rows) + "\n\n")


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
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if github and summary and problems:
        try:
            _step_summary(problems, summary)
        except OSError:
            pass  # the summary is a convenience; the problems were printed above
