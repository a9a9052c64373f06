"""Lighthouse, a judge no one here wrote, on six kinds of page of the published build: 100 on
accessibility, best practices and SEO. Performance is recorded, not asserted: on a shared machine
it measures the machine as much as the site (`invoke bench` keeps it in bench/results.json)."""

from __future__ import annotations

import os

import pytest

from bench.lighthouse import CATEGORIES, JUDGED, LIGHTHOUSE, PAGES, audit

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("kind", PAGES)  # one test per page: the workers share the six
def test_lighthouse_scores_100(chromium_path, live_site, kind, record_property):
    if not os.path.exists(LIGHTHOUSE):
        pytest.skip("Lighthouse ontbreekt in node_modules (npm ci)")
    scores = audit(live_site + PAGES[kind], chromium_path)
    record_property("lighthouse", {c: scores[c] for c in CATEGORIES})
    assert {c: scores[c] for c in JUDGED} == {c: 100 for c in JUDGED}, scores["failed"]
    assert 0 < scores["performance"] <= 100
