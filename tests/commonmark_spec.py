"""The CommonMark spec's own examples (npm `commonmark-spec`), per section, rendered by the site's
Markdown and compared as tests/markdown_compare.py compares. Shared by the test that asserts the
pass rate and the summary pytest prints at the end of a run."""

from __future__ import annotations

import os
import re
from collections import Counter

from markdown_compare import normalise

SPEC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    "node_modules", "commonmark-spec", "spec.txt")
# What contributors write in entries (issue 12); GitHub adds tables, strikethrough, autolinks and
# task lists, which the parity corpus covers.
SECTIONS = ("Lists", "List items", "Emphasis and strong emphasis", "Links", "Autolinks",
            "Block quotes", "Code spans", "Indented code blocks", "Fenced code blocks",
            "Hard line breaks", "Soft line breaks")
# The same pattern as the package's index.js: an example, or a heading that opens a section.
_EXAMPLE = re.compile(r"^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$", re.M)


def examples(path: str = SPEC) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        text = fh.read().split("<!-- END TESTS -->")[0]
    found, section = [], ""
    for match in _EXAMPLE.finditer(text):
        if match.group(3) is not None:
            section = match.group(3)
        else:
            # The spec shows tabs as →.
            found.append({"markdown": match.group(1).replace("→", "\t"),
                          "html": match.group(2).replace("→", "\t"), "section": section,
                          "number": len(found) + 1})
    return found


def pass_rates(convert, sections=SECTIONS) -> dict[str, tuple[int, int]]:
    """Section -> (passed, examples) for a function from Markdown to HTML."""
    passed, total = Counter(), Counter()
    for example in examples():
        if example["section"] in sections:
            total[example["section"]] += 1
            try:
                same = normalise(convert(example["markdown"])) == normalise(example["html"])
            except Exception:  # a crash on an example counts as a failure, not an error
                same = False
            passed[example["section"]] += same
    return {section: (passed[section], total[section]) for section in sections}


def table(rates: dict[str, tuple[int, int]]) -> str:
    lines = ["| section | passed | of | rate |", "|---|---:|---:|---:|"]
    for section, (ok, total) in rates.items():
        lines.append(f"| {section} | {ok} | {total} | {100 * ok / total:.0f} % |")
    ok, total = (sum(column) for column in zip(*rates.values()))
    lines.append(f"| all of these | {ok} | {total} | {100 * ok / total:.0f} % |")
    return "\n".join(lines)
