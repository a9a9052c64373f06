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
