"""The site's own Markdown extensions (plugins/harvest/content/gfm.py) on what the parity corpus does not
reach: hostile nesting stays fast, the tight-list mark never leaks, headings never skip."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from harvest.content.gfm import MAX_LIST_DEPTH
from harvest.content.markup import render

LINES = ["- a", "  - b", "    - c", "1. x", "2) y", "", "tekst", "> q", "> - z", "```", "    code",
         "# h", "#### h", "* s", "- [x] t", "- [ ] u", "<div>", "| a | b |", "|---|---|", "---", "  vervolg",
         "regel\\", "https://e.org", "-", "1.", "   3. n", "\t- tab", "2020. Jaar"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=25))
def test_any_mix_of_list_lines_renders_without_leftovers(lines):
    html = render("\n".join(lines))
    assert "\x02" not in html and "\x03" not in html and "tight" not in html
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert 1 not in levels
    assert all(b <= a + 1 for a, b in zip([1] + levels, levels)), html


def test_hostile_nesting_is_read_flat_past_the_limit_and_stays_fast():
    body = "\n".join("  " * level + "- punt" for level in range(2000))
    start = time.perf_counter()
    html = render(body)
    assert time.perf_counter() - start < 5
    assert html.count("<ul") == MAX_LIST_DEPTH
    assert html.count("<li") == 2000


def test_tight_and_loose_lists_are_decided_per_list():
    tight = render("Stappen:\n- een\n  - half\n- twee\n")
    assert "<p>een" not in tight and "<li>een" in tight
    loose = render("- een\n- twee\n\n- drie\n")
    assert loose.count("<p>") == 3


def test_task_checkboxes_are_named_by_their_text():
    html = render("- [x] begroting goedgekeurd\n- [ ] evaluatie\n")
    assert ('<label><input type="checkbox" disabled="disabled" checked=""> begroting goedgekeurd</label>'
            in html)
    assert '<label><input type="checkbox" disabled="disabled"> evaluatie</label>' in html
