"""Markdown bodies that make parsers slow: the 17 patterns of cmark-gfm's
test/pathological_tests.py, written out here at the sizes cmark-gfm uses, and two more."""

from __future__ import annotations

CUT = 20 * 1024  # the size of the cut variant: within the body cap, so it reaches the renderer


def _nested_lists(depth: int) -> str:
    return "".join("  " * level + "* a\n" for level in range(depth))


def _backticks(count: int) -> str:
    return "".join("e" + "`" * n for n in range(1, count))


PATTERNS = {
    "nested-strong-emph": "*a **a " * 65000 + "b" + " a** a*" * 65000,
    "many-emph-closers": "a_ " * 65000,
    "many-emph-openers": "_a " * 65000,
    "many-link-closers": "a]" * 65000,
    "many-link-openers": "[a" * 65000,
    "mismatched-openers-closers": "*a_ " * 50000,
    "openers-closers-multiple-of-3": "a**b" + "c* " * 50000,
    "link-openers-emph-closers": "[ a_" * 50000,
    "pattern-bracket-paren": "[ (](" * 80000,
    "hard-link-emph": "**x [a*b**c*](d)",
    "nested-brackets": "[" * 50000 + "a" + "]" * 50000,
    "nested-block-quotes": "> " * 50000 + "a",
    "deeply-nested-lists": _nested_lists(1000),
    "nul-in-input": "abc\u0000de\u0000",
    "backticks": _backticks(5000),
    "unclosed-links-a": "[a](<b" * 30000,
    "unclosed-links-b": "[a](b" * 30000,
}
# Two more that the issue names: many link reference definitions, and runs of `<`.
EXTRA = {
    "many-references": "".join(f"[{i}]: u\n" for i in range(1, 80000)) + "[0] " * 5000,
    "angle-runs": "</" + "<!--" * 100000 + "<" * 50000,
}


def cut(body: str) -> str:
    """The body cut to CUT characters, balanced where the pattern is (nested brackets keep
    their middle): what an attacker would send to stay under a size cap."""
    if len(body) <= CUT:
        return body
    half = CUT // 2
    if body.startswith("[" * 100) and body.endswith("]" * 100):
        return "[" * (half - 1) + "a" + "]" * (half - 1)
    if body.startswith("*a **a "):
        return "*a **a " * (half // 7) + "b" + " a** a*" * (half // 7)
    return body[:CUT]


def variants() -> dict[str, str]:
    """Every pattern at full size and cut to 20 KB: {slug: body}."""
    found = {}
    for name, body in {**PATTERNS, **EXTRA}.items():
        found[f"{name}-vol"] = body
        found[f"{name}-20kb"] = cut(body)
    return found
