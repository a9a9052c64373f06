"""Text rules shared by everything that writes an entry file or an address: slugs as the site
makes them and YAML scalars as the scaffold and the form write them."""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX = 60

# Letters that Unicode does not decompose into a base letter plus accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
                       "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ı": "i"})
_APOSTROPHES = re.compile(r"['’‘`´]")


def slugify(title: str) -> str:
    """`Één nieuw instrument` -> `een-nieuw-instrument`: lower case, accents folded, ASCII
    letters and digits joined by single hyphens, at most SLUG_MAX characters."""
    text = _APOSTROPHES.sub("", title.translate(_FOLD))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    if len(slug) > SLUG_MAX:  # cut at a word boundary, so the slug stays readable
        slug = slug[:SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX + 1] else slug[:SLUG_MAX]
    return slug.strip("-")


# A text is written plain only when no YAML reader could take it for anything else; otherwise it
# is double-quoted. A fixed rule rather than a trial parse, so that the "Deel je oogst" form
# (theme/js/contribute-rules.js) writes byte for byte the same file; tests check both.
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`.+<=~ ")
_UNSAFE_ANYWHERE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff,\[\]{}]|: |:$| #")
_NUMBER_LIKE = re.compile(r"[0-9][0-9a-fA-FxXoObB_.:+\- tTzZ]*")
_WORDS = re.compile(r"(?i)y|n|yes|no|true|false|on|off|null")


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when safe by the rule above, else double-quoted."""
    if (text and text == text.strip() and text[0] not in _UNSAFE_START
            and not _UNSAFE_ANYWHERE.search(text) and not _NUMBER_LIKE.fullmatch(text)
            and not _WORDS.fullmatch(text)):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]", lambda c: f"\\u{ord(c[0]):04x}", escaped)
    return f'"{escaped}"'


# Characters that are not text: Unicode's noncharacters (U+FDD0-FDEF and the last two code points
# of every plane). XML 1.0 forbids U+FFFE and U+FFFF (a feed with one is no longer XML), and none
# of them may be interchanged as text.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF)
                                          for plane in range(0, 0x110000, 0x10000))
# Bidirectional controls and invisible characters: in a title, a name, an address or a file name
# they make text read other than it is ("Trojan Source", CVE-2021-42574; UTS #39). Zero-width
# joiners are refused there too, but stay allowed in bodies (emoji such as 👩‍💻).
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff"
NOT_TEXT = re.compile(f"[{NONCHARACTERS}]")
MISLEADING = re.compile(f"[{BIDI}{INVISIBLE}]")
# What a message shows escaped: control characters, line separators, the characters above and
# lone surrogates (the bytes of a file name that is not UTF-8).
_UNSHOWN_BUT_LINES = (f"\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff"
                      f"{NONCHARACTERS}{BIDI}{INVISIBLE}")
_UNSHOWN = (re.compile(f"[\\n\\r{_UNSHOWN_BUT_LINES}]"), re.compile(f"[{_UNSHOWN_BUT_LINES}]"))


def _shown(match: re.Match) -> str:
    char = match.group(0)
    if 0xDC80 <= ord(char) <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1] if ord(char) < 0x10000 else f"\\U{ord(char):08x}"


def visible(text: str, lines: bool = False) -> str:
    """`text` with every character that is invisible, steers the direction of what follows, ends a
    line or is not text written as an escape (`\\n`, `\\u202e`, `\\xff`): a message quoting a
    contributor's value shows it as it is and stays one line. `lines`: keep `\\n` and `\\r` (the
    annotation escapes them its own way)."""
    return _UNSHOWN[lines].sub(_shown, text)



# How each byte of UTF-8 appears in a URL: as itself where it is safe, else as %XX.
_URL_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")
_URL_BYTE = [chr(b) if b in _URL_SAFE else f"%{b:02X}" for b in range(256)]


def url_quoted(text: str) -> str:
    """`text` as Jinja's `urlencode` filter quotes a string (urllib's quote, `/` kept), the same
    text: entry pages put ten texts a page into links (an issue's title and body, share links),
    and urllib's loop over each byte in Python cost ~1 s of CPU at 10,000 entries."""
    return "".join(map(_URL_BYTE.__getitem__, text.encode("utf-8")))
