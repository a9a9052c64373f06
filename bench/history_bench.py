"""The cost of the Git record (content/history.py) alone: a synthetic harvest of N entries in a
repository of its own, with a history of several commits by several authors, read the way a
build reads it (one `git log` for the folder). Compared with the build time of that size in
bench/results.json: the issue allows +5 % at 10,000 entries.

    PYTHONPATH=plugins .venv/bin/python -m bench.history_bench 10000"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from bench.synth import generate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUTHORS = ["Ann Peeters", "Bram van der Berg", "Els De Smet", "Joris Janssens", "Mila Claes"]


def repository(size: int, work: str, commits: int = 20) -> str:
    """A repository with `size` entries: one commit adds them all, then `commits` commits by
    various authors each change 5 % of them."""
    content = os.path.join(work, "content")
    generate(content, size)
    env = {"PATH": os.environ["PATH"], "HOME": work, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_COMMITTER_NAME": "Redactie", "GIT_COMMITTER_EMAIL": "r@oogst.example"}

    def git(*args, author="Redactie", day=1):
        stamp = f"2025-01-{day:02d}T12:00:00+01:00"
        subprocess.run(["git", *args], cwd=work, check=True, capture_output=True,
                       env={**env, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@oogst.example",
                            "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "Alles")
    files = [os.path.join(where, name) for where, _, names in os.walk(content) for name in names
             if name.endswith(".md")]
    rng = random.Random(1)
    for i in range(commits):
        for path in rng.sample(files, max(1, len(files) // 20)):
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"\nWijziging {i}.\n")
        git("add", "-A")
        git("commit", "-q", "-m", f"Wijziging {i}", author=AUTHORS[i % len(AUTHORS)], day=2 + i % 27)
    return content


def main(size: int, repeat: int = 5) -> dict:
    from harvest.content import history

    work = tempfile.mkdtemp(prefix="oogst-history-")
    try:
        content = repository(size, work)
        seconds = []
        for _ in range(repeat):
            start = time.perf_counter()
            found = history.read(content)
            seconds.append(time.perf_counter() - start)
        assert len(found.records) == size + 1, len(found.records)  # the entries and themes.yml
        start = time.perf_counter()
        history.read(content, pending=True)  # the preview: also `git status`
        pending = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(ROOT, "bench", "results.json"), encoding="utf-8") as fh:
        builds = {row["entries"]: row["build"] for row in json.load(fh)["build"]}
    row = {"entries": size, "git_seconds": statistics.median(seconds), "runs": seconds,
           "with_status_seconds": pending, "build_seconds": builds.get(size)}
    if row["build_seconds"]:
        row["share_of_build_percent"] = 100 * row["git_seconds"] / row["build_seconds"]
    return row


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000), indent=2))
