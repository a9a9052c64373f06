"""The front matter's quick reading (document._simple) against libyaml's: for every text it takes,
the same values, positions, plain or quoted scalars and problems; every other text goes to libyaml."""

from __future__ import annotations

import random

import pytest

from harvest.content import document

FIELDS = ("data", "values", "keys", "plain", "refused", "problems", "ok", "body", "body_line")


def _both(front: str) -> tuple:
    raw = f"---\n{front}\n---\nDe tekst.\n".encode()
    quick = document.parse(raw, "tools/t.md")
    simple = document._simple
    document._simple = lambda source, doc: None
    try:
        slow = document.parse(raw, "tools/t.md")
    finally:
        document._simple = simple
    return quick, slow


def _same(front: str) -> None:
    quick, slow = _both(front)
    for name in FIELDS:
        a, b = getattr(quick, name), getattr(slow, name)
        if isinstance(a, dict):  # in the same order too
            a, b = list(a.items()), list(b.items())
        assert a == b, (front, name)


def _taken(front: str) -> bool:
    doc = document.Document("t.md", offset=2)
    return document._simple(front, doc) is not None


TAKEN = [
    'title: "Café netwerk"\nsummary: Een tekst, met komma\'s en "aanhalingstekens"\nthemes: [open-data, x]',
    "starts: 2025-01-31 15:00\nends: 16:30\nurl: https://example.org/a?b=c",
    "title:   ruimte   binnen   \n\n\nthemes: [ a ,  b c  ,d ]\nexperts: []\nprojects: [ ]",
    "title: 'enkel'\nkind: null\nregion: ~\nstage: Null\nx_y: C",
    "title: \"\"\nsummary: ''\ntitle: tweede keer",
    "title: 😀 emoji ééé\nsummary: \"😀 [a] {b} #c\"\nthemes: [😀, é]",
    "title: \"a\u202eb\"\nsummary: a\u200bb\nthemes: [a, \ufdd0]",
    "title: a:b:c\nsummary: a -b ?c !d %e @f `g |h >i",
]
REFUSED = [
    "title: a # comment", "title: a: b", "title: a:", "title:", "title: ", "- a", "title: |\n  x",
    "title: >-\n  x", "title: [a, b, ]", "title: [a,, b]", "title: [a, [b]]", "title: [a b, 'c']",
    "title: [a:b]", 'title: "a\\"b"', "title: 'it''s'", "title: \"a\" b", "title: a\n  b", "# c\ntitle: a",
    "title: -a", "title: ?a", "title: !a", "title : a", "title:\ta", "title: a\ufeff", "titel b: a",
    "source:\n  title: x", "title: [a\n, b]", "title: {a: b}", "title: %a", "title: `a`", "  title: a",
]


@pytest.mark.parametrize("front", TAKEN)
def test_what_it_takes_reads_as_libyaml_reads_it(front):
    assert _taken(front)
    _same(front)


@pytest.mark.parametrize("front", REFUSED)
def test_what_it_does_not_take_goes_to_libyaml(front):
    assert not _taken(front)
    _same(front)


def test_a_duplicate_key_and_a_refused_value_are_reported_where_libyaml_has_them():
    quick, _ = _both("title: a\nthemes: [x, \u202ey]\ntitle: b")
    assert [str(p) for p in quick.problems] == [
        "tools/t.md:3:13: " + document.misleading_message("\u202e"),
        "tools/t.md:4:1: veld `title` staat hier voor de tweede keer (eerst op regel 2); houd er één over"]
    assert quick.data == {"title": "a", "themes": ["x", None]}
    assert quick.refused == {("themes", 1)}


WORDS = ["aap", "noot", "é", "😀", "12:30", "2024-01-01", "a-b", "x.y", "C#", "a:b", "http://x.nl/a?b=c",
         "null", "~", "", "\u200b", "\u202e", "\ufdd0", "\\", '"', "'", "-", "?", ":", "!", "%", "@", "`",
         "|", ">", ",", "[", "]", "{", "}", "#", " ", "  ", "\u00a0", "\u3000"]
KEYS = ["title", "summary", "themes", "title", "x_y", "A", "k-1", "_a", "9x", "-a", "a b"]


def _value(rng: random.Random) -> str:
    odd = rng.choice([0.02, 0.1, 0.3])

    def words(most: int) -> str:
        return " ".join(rng.choice(WORDS) if rng.random() < odd else rng.choice(WORDS[:6])
                        for _ in range(rng.randint(0, most)))

    kind = rng.random()
    if kind < 0.3:
        return words(4) + rng.choice(["", " ", "  "])
    if kind < 0.55:
        return f'"{words(4)}"' + rng.choice(["", " ", " x", " # c"])
    if kind < 0.65:
        return f"'{words(4)}'" + rng.choice(["", " "])
    items = [words(2) for _ in range(rng.randint(0, 4))]
    inner = rng.choice([",", ", ", " ,", ",  "]).join(items) + rng.choice(["", ",", ", "])
    return "[" + rng.choice(["", " "]) + inner + rng.choice(["", " "]) + "]" + rng.choice(["", " ", " x"])


def test_mixed_texts_read_alike():
    rng = random.Random(26)
    taken = 0
    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(1, 3)):
            lines.append(rng.choice(KEYS) + rng.choice([": ", ": ", ":  ", ":", " : "]) + _value(rng))
            if rng.random() < 0.1:
                lines.append(rng.choice(["", " ", "# c", "  meer"]))
        front = "\n".join(lines)
        taken += "&" not in front and "*" not in front and _taken(front)
        _same(front)
    assert taken > 150  # the quick reading was tried on many of them


def test_a_line_of_spaces_is_read_in_bounded_time():
    """Hostile input: a value with thousands of spaces inside (the front matter holds up to 16 KB).
    A pattern that tried every length of the value, each scanning the spaces after it, took ~2.6 s
    of CPU per file on such a line; a pull request can hold a thousand of them. Read in one pass,
    twenty such files take milliseconds (the bound leaves room for a loaded machine), and each is
    read as libyaml reads it."""
    import time

    spaces = " " * (document.FRONT_MATTER_MAX - 200)
    fronts = [f"title: a{spaces}b\nsummary: x", f"title: x\nthemes: [a{spaces}b]",
              f"title: x\nthemes: [a{spaces}:b]", f"title: a{spaces}#b", f"title: a{spaces}",
              f"title: x\nthemes: [{spaces}a, b]", f"title: x\nthemes: [{spaces}a",
              f"title: x\nthemes: [{spaces}a] b", f'title: "{spaces}a" b', f"title:{spaces}#"]
    start = time.process_time()
    for front in fronts * 2:
        doc = document.parse(f"---\n{front}\n---\nTekst.\n".encode(), "tools/x.md")
        assert doc.values or doc.problems  # read, or refused with a message
    assert time.process_time() - start < 2.0
    for front in fronts:
        _same(front)
