"""Pelican's pipeline, as ecosystem plugins rely on it: pelican-plugins' sitemap (which collects
pages from the `content_written` signal) lists every entry page, and a harvest large enough to be
read and rendered in forked workers (above both PARALLEL_FROM) builds exactly what one process
builds."""

from __future__ import annotations

import os
import sys

import pytest

from harvest.content import reading
from harvest.integration import rendering
from harvest.model import types as m
from helpers import ROOT, build, output_files

sys.path.insert(0, ROOT)
from bench.synth import generate  # noqa: E402

pytestmark = pytest.mark.slow

SIZE = max(reading.PARALLEL_FROM, rendering.PARALLEL_FROM) + 20


@pytest.fixture(scope="module")
def harvest(tmp_path_factory):
    content = str(tmp_path_factory.mktemp("groot") / "content")
    generate(content, SIZE, body_words=60)
    return content


def test_pelican_sitemap_lists_every_entry_page(harvest, tmp_path):
    pytest.importorskip("pelican.plugins.sitemap")
    output = str(tmp_path / "output")
    build(harvest, output, "publishconf.py", SITEURL="https://oogst.test",
          PLUGINS=["harvest", "harvest_search", "pelican.plugins.sitemap"], SITEMAP={"format": "txt"})
    with open(os.path.join(output, "sitemap.txt"), encoding="utf-8") as fh:
        listed = set(fh.read().split())
    entries = {f"https://oogst.test/{rel[:-len('index.html')]}" for rel in output_files(output)
               if rel.count("/") == 2 and rel.endswith("/index.html")
               and rel.split("/")[0] in {t.section for t in m.TYPES.values()}}
    assert len(entries) >= SIZE - 5  # (drafts are not published)
    assert entries <= listed, sorted(entries - listed)[:5]


def test_forked_reading_and_rendering_build_what_one_process_builds(harvest, tmp_path, monkeypatch):
    forked = str(tmp_path / "forked")
    build(harvest, forked)
    monkeypatch.setattr(reading, "PARALLEL_FROM", 10 ** 9)
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 10 ** 9)
    single = str(tmp_path / "single")
    build(harvest, single)
    a, b = output_files(forked), output_files(single)
    assert sorted(a) == sorted(b)
    differ = [rel for rel in a if a[rel] != b[rel]]
    assert differ == []
