"""Bounded work and clean text (issue 11, rules 3 and 4): hostile files are refused with a
`path:line:column` message in Dutch, in bounded time and memory, by `validate` and the build alike;
never a traceback, a RecursionError, a MemoryError or a crash."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time

import pytest

from harvest.content import budget
from harvest.content.document import BODY_MAX, FILE_MAX, FRONT_MATTER_MAX, parse
from harvest.tools.preview import Preview
from helpers import ROOT, VALID, entry, write_content

ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")}
TOOL = "tools/{}.md"


def run(*args: str, timeout: float = 60) -> tuple[int, str, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          timeout=timeout)
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - start


def validate(content: str) -> tuple[int, str, float]:
    return run("-m", "harvest", "validate", content)


def pelican(content: str, output: str, timeout: float = 60) -> tuple[int, str, float]:
    return run("-m", "pelican", content, "-s", "pelicanconf.py", "-o", output, "-q", timeout=timeout)


def refused(code: int, out: str, where: str, words: str) -> None:
    """Refused cleanly: non-zero, the file and position named, the words said, no traceback."""
    assert code not in (0, -signal.SIGSEGV), out
    assert "Traceback" not in out and "Error:" not in out.replace("ContentErrors", ""), out
    assert where in out and words in out, out


def tool(body: str = "Tekst.", **fields) -> str:
    return entry("Een instrument", kind="werkvorm", body=body, **fields)


# Each hostile file, where its message points and what it says; validate and build agree.
HOSTILE = {
    "alias-bomb": ("---\ntitle: x\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
                   + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 7))
                   + "---\n", ":3:5:", "YAML-ankers en -verwijzingen"),
    "one-alias": (tool().replace("title: Een instrument", "title: &t Een instrument\nsummary2: *t"),
                  ":2:8:", "YAML-ankers"),
    # The segfault: 30,000 `[` deep; within the front matter's cap, 6,000 deep.
    "flow-nesting-30000": ("---\ntitle: " + "[" * 30000 + "]" * 30000 + "\n---\n", ":2:1:",
                           f"groter dan {FRONT_MATTER_MAX // 1024} KB"),
    "flow-nesting": ("---\ntitle: " + "[" * 6000 + "]" * 6000 + "\n---\n", ":2:", "te diep genest"),
    "block-nesting": ("---\ntitle:\n" + "- " * 5000 + "x\n---\n", ":3:", "te diep genest"),
    "moderate-nesting": ("---\ntitle: " + "[" * 25 + "]" * 25 + "\n---\n", ":2:27:", "te diep genest"),
    "front-matter-size": ("---\n" + "".join(f"veld{i}: {'x' * 60}\n" for i in range(300)) + "---\nx\n",
                          ":2:1:", f"groter dan {FRONT_MATTER_MAX // 1024} KB"),
    "body-size": (tool("Tekst. " * (BODY_MAX // 7 + 10)), ":8:1:", f"onder {BODY_MAX // 1024} KB"),
    "file-size": (tool("x" * FILE_MAX), ":1:1:", f"groter dan {FILE_MAX // 1024} KB"),
    "escaped-vt-in-title": (tool().replace("title: Een instrument", 'title: "Gewoon \\x0b"'),
                            ":2:8:", "stuurteken (U+000B)"),
    "raw-soh-in-body": (tool("Eerste regel\nmet \x01 erin"), ":9:5:", "stuurteken (U+0001)"),
    "c1-in-body": (tool("Een \x85 NEL en \x9b CSI"), ":8:5:", "stuurteken (U+0085)"),
    "del-in-summary": (tool().replace("Een korte samenvatting.", "Een korte\x7f samenvatting."),
                       ":3:19:", "stuurteken (U+007F)"),
    "newline-in-title": (tool().replace("title: Een instrument", 'title: "Twee\\nregels"'),
                         ":2:8:", "één regel tekst"),
    "newline-after-date": (tool().replace("date: 2024-05-01", 'date: "2024-05-01\\n"'),
                           ":5:7:", "datum JJJJ-MM-DD"),
    "newline-after-relation": (tool(experts='["menno-spaan\\n"]'), ":7:", "geen geldige slug"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_refused_by_validate_and_build(tmp_path, name):
    text, where, words = HOSTILE[name]
    content = write_content(str(tmp_path), {**VALID, TOOL.format(name): text.encode()})
    code, out, seconds = validate(content)
    refused(code, out, f"{name}.md{where}", words)
    assert seconds < 20
    code, out, seconds = pelican(content, str(tmp_path / "output"))
    refused(code, out, f"{name}.md{where}", words)
    assert not os.path.exists(tmp_path / "output" / "instrumenten" / name)


def test_tab_and_newline_are_text(tmp_path):
    content = write_content(str(tmp_path), {**VALID, TOOL.format("tabs"): tool("Een\ttab.\n\nEn regels.")})
    code, out, _ = pelican(content, str(tmp_path / "output"))
    assert code == 0, out
    with open(tmp_path / "output" / "instrumenten" / "tabs" / "index.html", encoding="utf-8") as fh:
        html = fh.read()
    assert "Een" in html and "tab." in html and "En regels." in html


def test_a_slug_is_matched_whole(tmp_path):
    """`$` matches before a final newline: a file named `nieuw` + newline + `.md` slipped through."""
    content = write_content(str(tmp_path), {**VALID, "tools/nieuw\n.md": tool()})
    code, out, _ = validate(content)
    refused(code, out, "nieuw\\n.md:1:1:", "geen geldige slug")  # shown as an escape, on one line
    code, out, _ = pelican(content, str(tmp_path / "output"))
    refused(code, out, "nieuw\\n.md:1:1:", "geen geldige slug")  # shown as an escape, on one line


@pytest.mark.slow
def test_a_body_beyond_the_budget_is_refused_in_a_small_harvest(tmp_path):
    """Below PARALLEL_FROM too, rendering runs in a worker that is stopped after the budget."""
    content = write_content(str(tmp_path), {**VALID, TOOL.format("haken"): tool("[x" * 10000)})
    code, out, seconds = pelican(content, str(tmp_path / "output"))
    refused(code, out, "haken.md:8:1:", "te complex om op te maken")
    assert seconds < 30


@pytest.mark.slow
def test_the_warm_preview_refuses_too_complex_and_recovers(tmp_path, capsys):
    content = write_content(str(tmp_path), VALID)
    preview = Preview(os.path.join(ROOT, "pelicanconf.py"), path=content, output=str(tmp_path / "out"),
                      CACHE_PATH=str(tmp_path / "cache"), THEME=os.path.join(ROOT, "themes", "oogst"),
                      PLUGIN_PATHS=[os.path.join(ROOT, "plugins")], HARVEST_TIME_BUDGET=1.0)
    assert preview.build(clean=True)
    path = os.path.join(content, TOOL.format("diagnose-innovatie"))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("[a](b" * 4000)
    start = time.perf_counter()
    assert not preview.build()
    assert time.perf_counter() - start < 20
    err = capsys.readouterr().err
    assert "diagnose-innovatie.md:" in err and "meer dan 1 s rekentijd" in err and "Traceback" not in err
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(VALID[TOOL.format("diagnose-innovatie")])
    assert preview.build()


def _burn() -> None:
    while True:  # CPU time, as a pathological text spends it
        pass


def _overrun_on_two(item):
    if item == 2:
        _burn()
    if item == 4:
        os.kill(os.getpid(), signal.SIGSEGV)
    if item == 6:
        return _overrun_on_two.__call__(item)  # RecursionError
    return item * 10


def test_budget_stops_replaces_and_goes_on():
    """A worker that overruns is killed, one that crashes or recurses is replaced; the rest of
    its chunk is done by others, in order."""
    start = time.perf_counter()
    results = budget.run(_overrun_on_two, list(range(10)), 0.5, workers=2, chunk=4)
    assert time.perf_counter() - start < 10
    assert results == [0, 10, budget.STOPPED, 30, budget.STOPPED, 50, budget.STOPPED, 70, 80, 90]


def _wait_on_one(item):
    if item == 1:
        time.sleep(1.5)
    return item


def _stall_on_one(item):
    if item == 1:
        time.sleep(60)
    return item


@pytest.mark.skipif(not budget.CPU_TIMER, reason="the budget is the clock where the system has no CPU timer")
def test_the_budget_is_cpu_time_not_the_clock():
    """Waiting costs no CPU: an item that takes three budgets by the clock but hardly any CPU (as
    any item does on a machine busy with other work) is done; one that burns CPU is stopped, by
    the kernel, within its budget of CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert budget.run(_wait_on_one, [0, 1, 2], 0.5) == [0, 1, 2]
    assert budget.run(_overrun_on_two, [1, 2, 3], 0.5) == [10, budget.STOPPED, 30]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert spent < 0.5 + 0.5  # the budget, and two workers' start and end


def test_a_worker_that_neither_computes_nor_finishes_is_stopped_at_the_ceiling():
    start = time.perf_counter()
    assert budget.run(_stall_on_one, [0, 1, 2], 0.5, ceiling=1.0) == [0, budget.STOPPED, 2]
    assert time.perf_counter() - start < 10


CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))]


@pytest.mark.parametrize("where", ["title", "escaped", "body"])
@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_control_character_is_refused(char, where):
    """C0 and C1 controls and DEL, raw or as a YAML escape, in front matter or body."""
    if char == "\r" and where != "escaped":  # a raw CR is a line end (Windows and old Mac files)
        return
    if where == "body":
        text = tool(f"Een {char} erin")
    elif where == "escaped":
        text = tool().replace("title: Een instrument", f'title: "Een \\x{ord(char):02x}"')
    else:
        text = tool().replace("title: Een instrument", f"title: Een {char}")
    doc = parse(text.encode(), "t.md")
    assert any("stuurteken" in p.message for p in doc.problems), (where, hex(ord(char)), doc.problems)
