"""What Git knows of each entry file: the day it last changed (the author date of the last commit
that touched it, in Brussels) and the people who wrote those commits.

One `git log` for the whole content folder, parsed once, never one process per file: a harvest of
ten thousand entries costs one walk of the history. Git is an outside program: it runs without a
shell, with a time limit, and whatever goes wrong (no Git, no repository, a shallow clone, too
slow) leaves the build with no history, never without a site: the entry's own dates stand in.

The log depends on the commit alone, so a build of one commit writes the same bytes on any
machine. Only the preview asks (`pending`) which files differ from the last commit: those say
"nog niet gepubliceerd"."""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass

from ..clock import ZONE

logger = logging.getLogger(__name__)

SECONDS = 30.0  # the longest Git may take for the log (HARVEST_GIT_SECONDS)
_HEAD = "\x1e"  # starts each commit's line in the log; a file name with it is quoted by Git
_SEP = "\x1f"
# Reproducible and safe whatever the machine's Git configuration: no pager, no prompt, no
# replacement objects, no locks, no helper programs that a configuration could name.
_ENV = {"GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_OPTIONAL_LOCKS": "0", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}
_CONFIG = ("-c", "core.quotepath=on", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
           "-c", "diff.external=", "-c", "core.hooksPath=/dev/null")


@dataclass(frozen=True)
class Record:
    """An entry file's history: `changed`, the day of its last commit; `authors`, who wrote its
    commits, the most recent first; `pending`, changed since the last commit (preview only)."""

    changed: datetime.date
    authors: tuple[str, ...] = ()
    pending: bool = False
    committed: bool = True  # False: no Git history; `changed` is the entry's own date


@dataclass
class History:
    """The records of one content folder, by path relative to it (`practices/x.md`)."""

    records: dict[str, tuple[datetime.date, tuple[str, ...]]]
    pending: frozenset = frozenset()
    head: str = ""  # the commit the log was read at ("" without Git)
    path: tuple = ()  # the content folder and its place in the repository

    def record(self, rel: str, fallback: datetime.date) -> Record:
        found = self.records.get(rel)
        if found is None:  # never committed (or no Git): the entry's own date stands in
            return Record(fallback, (), rel in self.pending, committed=False)
        return Record(found[0], found[1], rel in self.pending)


NONE = History({})


def _git(args: list[str], cwd: str, seconds: float) -> str | None:
    """Git's output, or None when it is absent, fails or takes too long (said once, in the log)."""
    program = shutil.which("git")
    if program is None:
        logger.warning("Oogst: Git is niet gevonden; de data 'bijgewerkt op' komen uit de inzendingen.")
        return None
    env = {**{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "SYSTEMROOT")}, **_ENV}
    try:
        done = subprocess.run([program, *_CONFIG, *args], cwd=cwd, env=env, capture_output=True,
                              timeout=seconds, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        logger.warning("Oogst: Git deed er langer dan %s s over; de data 'bijgewerkt op' komen uit de "
                       "inzendingen.", seconds)
        return None
    except OSError as error:
        logger.warning("Oogst: Git starten lukte niet (%s); de data komen uit de inzendingen.", error)
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def parse_log(text: str, prefix: str) -> dict[str, tuple[datetime.date, tuple[str, ...]]]:
    """`git log --format=<_HEAD>%at<_SEP>%aN --name-only` -> {path under `prefix`: (day of the
    newest commit, authors newest first)}. The log lists the newest commit first."""
    records: dict[str, tuple[datetime.date, list[str]]] = {}
    day, author = None, ""
    for line in text.split("\n"):
        if line.startswith(_HEAD):
            stamp, _, author = line[1:].partition(_SEP)
            try:
                day = datetime.datetime.fromtimestamp(int(stamp), ZONE).date()
            except (ValueError, OverflowError, OSError):
                day = None
            # A name as people read it: no control characters, one space between words.
            author = " ".join("".join(c for c in author if c.isprintable() or c.isspace()).split())
            continue
        if day is None or not line.startswith(prefix) or line.startswith('"'):
            continue
        rel = line[len(prefix):]
        found = records.get(rel)
        if found is None:
            found = records[rel] = (day, [])
        # Bots (dependabot[bot]) commit, but do not write entries.
        if author and not author.endswith("[bot]") and author not in found[1]:
            found[1].append(author)
    return {rel: (day, tuple(authors)) for rel, (day, authors) in records.items()}


def read(path: str, pending: bool = False, seconds: float = SECONDS, known: History | None = None) -> History:
    """The history of the content folder `path`, from one `git log`; NONE without Git history.
    `pending`: also ask which files differ from the last commit (one `git status`). `known`: the
    last build's history, whose log holds while the commit is the same (the warm preview)."""
    path = os.path.abspath(path)
    if not os.path.isdir(path):
        return NONE
    where = _git(["rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD"], path, seconds)
    if where is None:
        return NONE  # not in a repository (a tarball), or no commit yet
    shallow, prefix, head = (where.split("\n") + ["", "", ""])[:3]
    if shallow.strip() == "true":
        logger.warning("Oogst: dit is een ondiepe kloon (shallow clone): de geschiedenis is onvolledig. "
                       "Haal de hele geschiedenis op (git fetch --unshallow, of fetch-depth: 0 in CI); "
                       "tot dan komen de data 'bijgewerkt op' uit de inzendingen.")
        return NONE
    head = head.strip()
    if known is not None and known.head == head and known.path == (path, prefix):
        records = known.records
    else:
        log = _git(["log", "--no-merges", "--no-renames", "--name-only", f"--format={_HEAD}%at{_SEP}%aN",
                    "HEAD", "--", "."], path, seconds)
        if log is None:
            return NONE
        records = parse_log(log, prefix)
    changed = frozenset()
    if pending:
        status = _git(["status", "--porcelain", "-z", "--untracked-files=all", "--", "."], path, seconds)
        if status:
            # `XY path` entries separated by NUL; a rename adds its old path as the next entry.
            names, skip = [], False
            for item in status.split("\0"):
                if skip or len(item) < 4:
                    skip = False
                    continue
                skip = item[0] in "RC"
                names.append(item[3:])
            changed = frozenset(n[len(prefix):] for n in names if n.startswith(prefix))
    return History(records, changed, head, (path, prefix))
