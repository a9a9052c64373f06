"""The search benchmark runs end to end on a tiny synthetic harvest: both engines answer the same
query, and the bytes and times it reports are real measurements."""

from __future__ import annotations

import shutil

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node_modules for the site")
def test_the_search_bench_measures_both_engines(tmp_path, chromium_path):
    from bench.search_bench import main

    rows = main(["--sizes", "24", "--work", str(tmp_path), "--queries", "innovatie", "--runs", "1",
                 "--results", str(tmp_path / "search.json"), "--chromium", chromium_path])
    row = rows[0]
    assert row["size"] == 24 and row["oogst_store"]["files"] == 24
    m = row["queries"]["innovatie"]
    for engine in ("oogst", "pagefind"):
        assert m[engine]["results"] > 0 and m[engine]["bytes"] > 1000 and m[engine]["ms"] > 0
    # The whole page as a reader meets it, on loopback and on an emulated phone network.
    for network in ("loopback", "phone"):
        pages = m["pages"][network]
        for engine in ("oogst", "pagefind"):
            assert pages[engine]["ms"] > 0 and pages[engine]["bytes"] > 1000, (network, engine)
    assert m["pages"]["phone"]["oogst"]["ms"] > m["pages"]["loopback"]["oogst"]["ms"]
    assert (tmp_path / "search.json").exists()
