"""The benchmark runs end to end on a tiny harvest (the real sizes live in `invoke bench`)."""

from __future__ import annotations

import json
import os

import pytest

from bench.build_bench import main

pytestmark = pytest.mark.slow


def test_bench_runs_on_twenty_entries(tmp_path):
    results = str(tmp_path / "results")
    rows = main([20], str(tmp_path / "work"), results, repeat=2)
    row = rows[0]
    assert row["repeat"] == 2
    assert 0 < row["rebuild_files"] < row["pages"]  # the warm rebuild copies only what changed
    assert row["entries"] == 20 and sum(row["types"].values()) == 20
    assert row["pages"] > 20
    assert 0 < row["rebuild_title_files"] < row["pages"]
    for key in ("floor", "build", "build_bare", "rebuild", "rebuild_title"):
        assert row[key] > 0, key
    # The build without drawings really left them out (what the drawings cost is measured).
    bare = os.path.join(str(tmp_path / "work"), "build", "20", "output-bare")
    assert os.path.isfile(os.path.join(bare, "index.html"))
    assert not os.path.exists(os.path.join(bare, "data", "verbanden.json"))
    assert os.path.exists(os.path.join(str(tmp_path / "work"), "build", "20", "output", "data",
                                       "verbanden.json"))
    assert row["build_peak_mb"] > 10
    with open(results + ".json", encoding="utf-8") as fh:
        assert json.load(fh)["build"][0]["entries"] == 20
    with open(results + ".png", "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(results + ".png") > 10_000
