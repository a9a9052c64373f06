"""The types' own styles, `theme/css/types.css`, written by the build from the content model: each
type's colour in the light and the dark scheme (`--t-<type>`), the colour its cards, pages, listings
and search results take (`--t`), and the symbol before its label. base.html links it after
oogst.css, which styles `.type` for every type alike; a new type's declaration is all it takes."""

from __future__ import annotations

from ..model import types as m

# The elements that carry a type's class: cards, entry pages, listings and search results.
COLOURED = ("card", "entry", "section", "search-hit")
# Where a label's symbol shows (a listing's heading has none).
SYMBOLED = ("card", "entry", "search-hit")


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _variables(colour: str) -> str:
    return " ".join(f"--t-{t.name}: {getattr(t.look, colour)};" for t in m.TYPES.values())


def type_styles() -> str:
    lines = [
        "/* Oogst: each type's colour and symbol, generated from the content model",
        "   (plugins/harvest/model/types.py) by the build. */",
        f":root {{ {_variables('light')} }}",
        f"@media (prefers-color-scheme: dark) {{ :root {{ {_variables('dark')} }} }}",
    ]
    for t in m.TYPES.values():
        lines.append(f"{', '.join(f'.{c}-{t.name}' for c in COLOURED)} {{ --t: var(--t-{t.name}); }}")
    for t in m.TYPES.values():
        symbol = _string(t.symbol)
        # The symbol has empty alternative text: the label beside it already says the type.
        lines.append(f"{', '.join(f'.{c}-{t.name} .type::before' for c in SYMBOLED)} "
                     f"{{ content: {symbol}; content: {symbol} / \"\"; }}")
    return "\n".join(lines) + "\n"


def write_type_styles(harvest, settings: dict, files) -> None:
    files.write(f"{settings.get('THEME_STATIC_DIR', 'theme')}/css/types.css", type_styles())
