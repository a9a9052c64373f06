"""A one-off build of a large harvest makes its search index in a forked process, begun as soon as
the entries are read (harvest_search/apart.py): the site and the ledger are what one process makes,
an entry whose body links to the site's own files waits for its body as shown, and should that
process fail or die, this one makes the index, with the same result."""

from __future__ import annotations

import glob
import io
import os
import re
import sys

import pytest
from PIL import Image

from helpers import ROOT, build, output_files

sys.path.insert(0, ROOT)
from bench.synth import generate  # noqa: E402

SIZE = 40


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def _content(tmp_path) -> str:
    content = str(tmp_path / "content")
    generate(content, SIZE, body_words=60)
    # A body with links Pelican fills in from every generator's content ({static}: the static
    # files, known only after the harvest's context): that entry's document waits for them.
    path = sorted(glob.glob(os.path.join(content, "tools", "*.md")))[0]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n![Schets van het proces]({static}/images/schets.png) en "
                 "[een ander]({filename}/" + os.path.relpath(path, content).replace(os.sep, "/") + ")\n")
    os.makedirs(os.path.join(content, "images"))
    with open(os.path.join(content, "images", "schets.png"), "wb") as fh:
        fh.write(_png())
    return content


def _build(tmp_path, monkeypatch, name: str, apart: bool, fail: str = "", **overrides):
    """A one-off build whose index is made in a process apart or here; returns (its files, its
    ledger, the processes search_files ran in, this process)."""
    from pelican.settings import read_settings

    from harvest.integration.build import run_pelican
    from harvest.state import BuildState
    from harvest_search import generator

    monkeypatch.setattr(generator, "APART_FROM", 1 if apart else 10 ** 9)
    main, log = os.getpid(), tmp_path / f"{name}.log"
    search_files = generator.search_files

    def noted(*args, **kwargs):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        if os.getpid() != main and fail == "raise":
            raise RuntimeError("a bug, in the process apart only")
        if os.getpid() != main and fail == "die":
            os._exit(3)
        return search_files(*args, **kwargs)

    monkeypatch.setattr(generator, "search_files", noted)
    settings = read_settings(os.path.join(ROOT, "pelicanconf.py"), override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / name),
        "CACHE_PATH": str(tmp_path / "cache"), **overrides})
    state = BuildState(remember=False)
    run_pelican(settings, state)
    assert state.early == []  # the process apart is gone with the build
    ran = log.read_text(encoding="utf-8").split()
    return output_files(str(tmp_path / name)), state.ledger, ran, str(main)


@pytest.mark.slow
@pytest.mark.parametrize("whole", [False, True])
def test_the_index_made_apart_is_the_one_made_here(tmp_path, monkeypatch, whole):
    _content(tmp_path)
    here, here_ledger, ran, main = _build(tmp_path, monkeypatch, "here", False, SEARCH_WHOLE_INDEX=whole)
    assert ran == [main]
    apart, apart_ledger, ran, main = _build(tmp_path, monkeypatch, "apart", True, SEARCH_WHOLE_INDEX=whole)
    assert len(ran) == 1 and ran != [main]
    assert sorted(apart) == sorted(here) and any(rel.endswith("/lunr.json") for rel in here) == whole
    assert [rel for rel in here if here[rel] != apart[rel]] == []
    assert apart_ledger.written == here_ledger.written and apart_ledger.produced == here_ledger.produced
    # What each file was made of (a page's key holds the settings, so its output folder: not those)
    assert {rel: r.key for rel, r in apart_ledger.known.items() if not rel.endswith(".html")} == \
        {rel: r.key for rel, r in here_ledger.known.items() if not rel.endswith(".html")}
    # The entry that waited for its body: its record holds the image's text and the address.
    records = [text for rel, text in here.items() if "/d/" in rel and b"Schets van het proces" in text]
    assert len(records) == 1


@pytest.mark.slow
@pytest.mark.parametrize("fail", ["raise", "die"])
def test_a_failed_process_apart_leaves_the_index_to_this_one(tmp_path, monkeypatch, fail):
    _content(tmp_path)
    here, here_ledger, _, _ = _build(tmp_path, monkeypatch, "here", False)
    again, again_ledger, ran, main = _build(tmp_path, monkeypatch, "again", True, fail=fail)
    assert len(ran) == 2 and ran[-1] == main  # tried apart, then made here
    assert sorted(again) == sorted(here)
    assert [rel for rel in here if here[rel] != again[rel]] == []
    assert again_ledger.written == here_ledger.written and again_ledger.produced == here_ledger.produced


@pytest.mark.slow
def test_a_build_that_stops_stops_the_process_apart(tmp_path, monkeypatch):
    """An error the rules across files find (after the entries are read, so after the process
    apart began): no file of the index is written, and no process is left behind."""
    import multiprocessing

    from harvest.report import ContentErrors
    from harvest_search import generator

    content = _content(tmp_path)
    for path in sorted(glob.glob(os.path.join(content, "practices", "*.md"))):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if re.search(r"^tools: ", text, re.M):
            break
    with open(path, "w", encoding="utf-8") as fh:  # a relation to an entry that does not exist
        fh.write(re.sub(r"^tools: .*$", "tools: [bestaat-niet]", text, count=1, flags=re.M))
    monkeypatch.setattr(generator, "APART_FROM", 1)
    begun = []
    begin = generator.Apart.begin
    monkeypatch.setattr(generator.Apart, "begin", lambda self, *a: begun.append(begin(self, *a)))
    before = set(multiprocessing.active_children())
    with pytest.raises(ContentErrors):
        build(content, str(tmp_path / "out"))
    assert begun  # it had begun
    assert set(multiprocessing.active_children()) <= before
    assert not glob.glob(str(tmp_path / "out" / "**" / "meta.json"), recursive=True)
