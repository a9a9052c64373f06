"""Worker processes. Where the system cannot fork (Windows), they are spawned (budget.start_method;
forced here with OOGST_START_METHOD=spawn): a harvest large enough to be read in worker processes
builds exactly what one process builds, and the time budget still stops a body that takes too
long. A build that fails while pages render in workers stops them."""

from __future__ import annotations

import os
import shutil
import sys
import time

import pytest

from harvest.content import budget, reading
from harvest.content.reading import read_all
from harvest.integration import rendering
from helpers import ROOT, VALID, build, entry, output_files, write_content

sys.path.insert(0, ROOT)
from bench.synth import generate  # noqa: E402

SIZE = 40


@pytest.fixture
def spawn(monkeypatch):
    monkeypatch.setenv(budget.START_METHOD, "spawn")
    assert budget.start_method() == "spawn" and not budget.forks()


@pytest.mark.slow
def test_spawned_workers_build_what_one_process_builds(tmp_path, monkeypatch):
    content = str(tmp_path / "content")
    generate(content, SIZE, body_words=60)
    monkeypatch.setattr(reading, "PARALLEL_FROM", 10 ** 9)
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 10 ** 9)
    build(content, str(tmp_path / "single"))
    monkeypatch.setattr(reading, "PARALLEL_FROM", SIZE // 4)  # two workers, and more chunks
    monkeypatch.setattr(rendering, "PARALLEL_FROM", SIZE // 4)
    monkeypatch.setenv(budget.START_METHOD, "spawn")
    runs, run = [], budget.run

    def counted(func, items, seconds, workers=1, chunk=1, **kwargs):
        runs.append(workers)
        return run(func, items, seconds, workers, chunk, **kwargs)

    monkeypatch.setattr(budget, "run", counted)
    build(content, str(tmp_path / "spawned"))
    assert runs == [os.cpu_count() or 1]  # one read, by as many spawned workers as cores
    single, spawned = output_files(str(tmp_path / "single")), output_files(str(tmp_path / "spawned"))
    assert sorted(spawned) == sorted(single)
    assert [rel for rel in single if single[rel] != spawned[rel]] == []
    assert len([rel for rel in single if rel.endswith("/index.html")]) > SIZE


def test_a_spawned_worker_is_stopped_after_the_budget(tmp_path, spawn):
    content = write_content(str(tmp_path), {**VALID, "tools/haken.md": entry(
        "Haken", kind="werkvorm", body="[x" * 10000)})
    tools = os.path.join(content, "tools")
    paths = [os.path.join(tools, name) for name in sorted(os.listdir(tools))]
    start = time.perf_counter()
    records = read_all(paths, seconds=1.0)
    assert time.perf_counter() - start < 15
    problems = {os.path.basename(p): [x.message for x in r.document.problems] for p, r in zip(paths, records)}
    assert any("te complex om op te maken" in m for m in problems.pop("haken.md"))
    assert all(m == [] for m in problems.values()), problems
    assert all(r.html for p, r in zip(paths, records) if not p.endswith("haken.md"))


def _burn_on_two(item):
    if item == 2:
        while True:  # CPU time, as a pathological text spends it
            pass
    return item * 10


def test_the_budget_stops_and_replaces_a_spawned_worker(spawn):
    start = time.perf_counter()
    assert budget.run(_burn_on_two, list(range(6)), 0.5, workers=2, chunk=2) == \
        [0, 10, budget.STOPPED, 30, 40, 50]
    assert time.perf_counter() - start < 15


def test_an_unknown_start_method_is_refused(monkeypatch):
    monkeypatch.setenv(budget.START_METHOD, "draad")
    with pytest.raises(ValueError, match="OOGST_START_METHOD=draad: kies uit"):
        budget.start_method()


def test_a_build_that_fails_while_pages_render_stops_its_workers(tmp_path, monkeypatch):
    """The search page's template is missing: the build fails after the page workers started;
    they are stopped then, not left to the interpreter's exit (which complained "Exception
    ignored in: <function Pool.__del__ …>")."""
    from pelican.settings import read_settings

    from harvest.integration.build import run_pelican
    from harvest.state import BuildState

    content = write_content(str(tmp_path), VALID)
    theme = shutil.copytree(os.path.join(ROOT, "themes", "oogst"), tmp_path / "theme")
    os.remove(theme / "templates" / "search.html")
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 1)
    settings = read_settings(os.path.join(ROOT, "pelicanconf.py"), override={
        "PATH": content, "OUTPUT_PATH": str(tmp_path / "output"), "THEME": str(theme),
        "CACHE_PATH": str(tmp_path / "cache")})
    state = BuildState()
    with pytest.raises(Exception, match="search"):
        run_pelican(settings, state)
    assert state.pending.pool is None


def test_the_main_process_does_its_part_while_workers_read():
    """`meanwhile` runs once in this process while the workers are on their items (the
    templates compile there during a build); with nothing to read it still runs, once."""
    calls = []
    assert budget.run(_burn_on_two, [0, 1, 3, 4], 2.0, workers=2, chunk=1,
                      meanwhile=lambda: calls.append(os.getpid())) == [0, 10, 30, 40]
    assert calls == [os.getpid()]
    assert budget.run(_burn_on_two, [], 2.0, meanwhile=lambda: calls.append("leeg")) == []
    assert calls == [os.getpid(), "leeg"]


@pytest.mark.slow
def test_the_main_process_renders_the_shares_no_worker_took(tmp_path, monkeypatch):
    """Once its own writers are done, the main process takes the page shares the workers have
    not begun: slowed workers leave it some. Every page is written once, and the site is the
    one a single process builds."""
    content = str(tmp_path / "content")
    generate(content, SIZE, body_words=60)
    monkeypatch.setattr(reading, "PARALLEL_FROM", 10 ** 9)
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 10 ** 9)
    build(content, str(tmp_path / "single"))
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 1)
    monkeypatch.setattr(rendering, "SHARE", 2)
    main, log = os.getpid(), tmp_path / "written.log"
    write_file = rendering.write_file

    def noted(root, rel, text):
        if os.getpid() != main:
            time.sleep(0.02)  # a busy worker
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {rel}\n")
        return write_file(root, rel, text)

    monkeypatch.setattr(rendering, "write_file", noted)
    build(content, str(tmp_path / "shared"))
    lines = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    rels = [rel for _, rel in lines]
    assert len(rels) == len(set(rels)) > SIZE  # each page once
    assert str(main) in {pid for pid, _ in lines}  # the main process took its part
    assert len({pid for pid, _ in lines}) > 1  # and so did the workers
    single, shared = output_files(str(tmp_path / "single")), output_files(str(tmp_path / "shared"))
    assert sorted(shared) == sorted(single)
    assert [rel for rel in single if single[rel] != shared[rel]] == []


def test_a_one_off_build_keeps_no_cards(tmp_path, monkeypatch):
    """A one-off build (BuildState(remember=False), as a plain `pelican` run) renders each card
    once per process but neither keeps it nor sends it back from a worker; a builder that builds
    again keeps them (its warm builds render only the cards whose entry changed)."""
    from pelican.settings import read_settings

    from harvest.integration.build import run_pelican
    from harvest.state import BuildState

    content = write_content(str(tmp_path), VALID)
    made = []
    cards = rendering.Renderer.cards

    def watched(self, context, entries, facets=False):
        html = cards(self, context, entries, facets)
        made.append((self.keep, len(self.made)))
        return html

    monkeypatch.setattr(rendering.Renderer, "cards", watched)
    for remember in (False, True):
        made.clear()
        settings = read_settings(os.path.join(ROOT, "pelicanconf.py"), override={
            "PATH": content, "OUTPUT_PATH": str(tmp_path / f"output-{remember}"),
            "CACHE_PATH": str(tmp_path / "cache")})
        state = BuildState(remember=remember)
        run_pelican(settings, state)
        assert made and {keep for keep, _ in made} == {remember}
        if remember:
            assert made[-1][1] > 0 and state.cards.html
        else:
            assert {count for _, count in made} == {0}


def generator_writers() -> tuple:
    from harvest.outputs import WRITERS

    return WRITERS


def _files_apart_build(tmp_path, monkeypatch, name: str, apart: bool, fail_apart: bool = False):
    """A one-off build whose files beside the pages (generator.Apart) are written by a process
    apart or here; returns (its files, its ledger, the processes each writer ran in)."""
    from pelican.settings import read_settings

    from harvest.integration import generator
    from harvest.integration.build import run_pelican
    from harvest.state import BuildState

    monkeypatch.setattr(generator, "APART_FROM", 1 if apart else 10 ** 9)
    main, log = os.getpid(), tmp_path / f"{name}.log"

    def noted(write):
        def run(harvest, settings, files):
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()} {write.__name__}\n")
            if fail_apart and os.getpid() != main:
                raise RuntimeError("a bug in a writer, in the process apart only")
            return write(harvest, settings, files)
        return run

    monkeypatch.setattr(generator, "WRITERS", tuple(map(noted, generator.WRITERS)))
    settings = read_settings(os.path.join(ROOT, "pelicanconf.py"), override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / name),
        "CACHE_PATH": str(tmp_path / "cache")})
    state = BuildState(remember=False)
    run_pelican(settings, state)
    ran = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    return output_files(str(tmp_path / name)), state.ledger, ran, main


@pytest.mark.slow
def test_the_files_beside_the_pages_written_apart_are_those_written_here(tmp_path, monkeypatch):
    """A one-off build of a large harvest writes its feeds, open data, citations... in a forked
    process apart (generator.Apart), while this one lists and renders the pages: the site and
    the ledger are what one process makes. Should that process fail, this one writes them."""
    import gc

    generate(str(tmp_path / "content"), SIZE, body_words=60)
    # An earlier test's failed build through Pelican's own class can leave objects frozen in this
    # process (nothing calls unsettle there): the build must leave the count as it found it.
    frozen = gc.get_freeze_count()
    here, here_ledger, ran, main = _files_apart_build(tmp_path, monkeypatch, "here", apart=False)
    assert {pid for pid, _ in ran} == {str(main)}
    apart, apart_ledger, ran, main = _files_apart_build(tmp_path, monkeypatch, "apart", apart=True)
    assert str(main) not in {pid for pid, _ in ran} and len(ran) == len(generator_writers())
    assert sorted(apart) == sorted(here)
    assert [rel for rel in here if here[rel] != apart[rel]] == []
    assert apart_ledger.written == here_ledger.written and apart_ledger.produced == here_ledger.produced
    # What each file was made of (a page's key holds the settings, so its output folder: not those)
    assert {rel: r.key for rel, r in apart_ledger.known.items() if not rel.endswith(".html")} == \
        {rel: r.key for rel, r in here_ledger.known.items() if not rel.endswith(".html")}
    assert gc.get_freeze_count() == frozen  # the collector as it was before the build (state.unsettle)
    again, again_ledger, ran, main = _files_apart_build(tmp_path, monkeypatch, "again", apart=True,
                                                        fail_apart=True)
    assert str(main) in {pid for pid, _ in ran} and len({pid for pid, _ in ran}) == 2  # redone here
    assert sorted(again) == sorted(here)
    assert [rel for rel in here if here[rel] != again[rel]] == []
    assert again_ledger.written == here_ledger.written
