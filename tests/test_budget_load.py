"""The Markdown budget under load: CPU time, so a busy machine cannot refuse a valid entry, and a
pathological body is still stopped (content/budget.py)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time

import pytest

from harvest.content import budget
from harvest.content.document import BODY_MAX, parse
from harvest.content.markup import default_markdown
from helpers import ROOT, VALID, entry, write_content
from test_bounded_work import pelican, refused


def size_cap_body() -> str:
    """Ordinary prose just under the body's cap: the harvest's own texts, one after another,
    with their headings, lists, links and emphasis."""
    texts = []
    for where, _, names in sorted(os.walk(os.path.join(ROOT, "content"))):
        for name in sorted(names):
            if name.endswith(".md"):
                with open(os.path.join(where, name), encoding="utf-8") as fh:
                    texts.append(parse(fh.read().encode(), name).body.strip())
    parts, size = [], 0
    while size < BODY_MAX - 3000:
        text = texts[len(parts) % len(texts)]
        parts.append(text)
        size += len(text) + 2
    body = "\n\n".join(parts)[:BODY_MAX - 1000]
    assert BODY_MAX - 3000 <= len(body) < BODY_MAX
    return body


def cpu_seconds(body: str) -> float:
    """What rendering and sanitising `body` costs in CPU time, here, once warmed up."""
    markdown = default_markdown().ready()
    markdown.render("Opwarmen.")
    start = time.process_time()
    markdown.render(body)
    return time.process_time() - start


@contextlib.contextmanager
def busy(count: int):
    """`count` processes that each keep a core busy, as other jobs on a CI runner do."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for process in loops:
            process.kill()
            process.wait()


def tool(body: str) -> str:
    return entry("Een lang instrument", kind="werkvorm", body=body)


def test_an_entry_at_the_size_cap_has_ample_headroom():
    """The headroom: CPU time of a valid text at the cap against the budget (the note reports it)."""
    spent = cpu_seconds(size_cap_body())
    print(f"size-cap entry: {spent:.3f} s CPU of a {budget.DEFAULT:g} s budget "
          f"(headroom {budget.DEFAULT / spent:.1f}x)")
    assert spent < budget.DEFAULT / 2


@pytest.mark.slow
@pytest.mark.skipif(not budget.CPU_TIMER, reason="without a CPU timer the budget is the clock")
def test_an_entry_at_the_size_cap_builds_while_eight_processes_keep_the_machine_busy(tmp_path):
    content = write_content(str(tmp_path), {**VALID, "tools/lang.md": tool(size_cap_body())})
    with busy(8):
        code, out, seconds = pelican(content, str(tmp_path / "output"), timeout=300)
    assert code == 0, out
    assert os.path.exists(tmp_path / "output" / "instrumenten" / "lang" / "index.html")
    print(f"built under load in {seconds:.1f} s")


@pytest.mark.slow
def test_a_pathological_body_is_refused_in_bounded_time_under_load(tmp_path):
    content = write_content(str(tmp_path), {**VALID, "tools/haken.md": tool("[x" * 20000)})
    with busy(8):
        code, out, seconds = pelican(content, str(tmp_path / "output"), timeout=300)
    refused(code, out, "haken.md:8:1:", "te complex om op te maken")
    # The CPU budget, stretched by the load, and never past the clock ceiling.
    assert seconds < budget.DEFAULT * budget.CEILING + 30
