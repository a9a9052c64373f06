"""A relation graph (graph.py) as inline SVG: nodes in their type's colour and symbol, each a link
to its page in the keyboard's order, named by a title and described in words.

Written here rather than in a Jinja macro: a large harvest has tens of thousands of nodes on its
pages, and string formatting is several times cheaper than a macro's lookups. Every text is escaped
(titles are contributors' input); colours come from classes only (the CSP blocks style attributes),
so the theme's CSS decides them, in the light and the dark scheme and on paper.

An entry is drawn on the page of each entry it relates to: its link and name, escaped once, are
kept (by value: the same texts give the same markup, whichever build asks)."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

_ESCAPED: dict = {}  # text -> escaped, for plain str only (a Markup of the same letters is equal)


def _esc(text) -> str:
    """markupsafe's escape as plain text; a text seen before is looked up."""
    if type(text) is not str:
        return str(escape(text))
    found = _ESCAPED.get(text)
    if found is None:
        if len(_ESCAPED) > 1 << 16:  # bounded, for a preview that runs for days
            _ESCAPED.clear()
        found = _ESCAPED[text] = str(escape(text))
    return found


@lru_cache(maxsize=1 << 15, typed=True)
def _link(ring: int, type_name: str, siteurl: str, url: str, label: str, title: str) -> str:
    """A node's link and its name, up to its symbol."""
    ring_class = " ring-2" if ring == 2 else ""
    return (f'<a class="node{ring_class} entry-{type_name}" href="{siteurl}/{_esc(url)}">'
            f'<title>{_esc(label)}: {_esc(title)}</title>')


@lru_cache(maxsize=256, typed=True)
def _legend_item(type_name: str, text: str, path: str) -> str:
    return (f'<li class="entry-{_esc(type_name)}"><svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
            f'viewBox="-11 -11 22 22" width="20" height="20"><path class="shape" d="{_esc(path)}"/></svg> '
            f'{_esc(text)}</li>\n')


def legend(d) -> Markup:
    """The list under the drawing: each type's symbol and what its nodes are (the same few items
    on every page)."""
    items = "".join([_legend_item(*item) for item in d.legend])
    return Markup(f'<ul class="graph-legend">\n{items}</ul>')


def _text(x, y, lines, anchor: str, cls: str = "") -> str:
    """A label of one or two lines: the second a tspan one line lower, at the same x."""
    anchor = "" if anchor == "start" else f' text-anchor="{anchor}"'
    cls = f' class="{cls}"' if cls else ""
    more = "".join(f'<tspan x="{x}" dy="1.25em">{_esc(line)}</tspan>' for line in lines[1:])
    return f'<text x="{x}" y="{y}"{anchor}{cls}>{_esc(lines[0])}{more}</text>'


def svg(d, siteurl: str) -> Markup:
    x, y, w, h = d.box
    # A group, not role="img": an image's children are presentational, which would hide the
    # links from screen readers (axe: nested-interactive). Named by its title, described in words.
    out = [f'<svg role="group" aria-labelledby="graaf-titel" '
           f'aria-describedby="graaf-tekst" viewBox="{x} {y} {w} {h}" width="{w}" '
           # The labels' halo (a stroke in the page's colour) under their letters: inherited.
           # An attribute, as the Nu checker's CSS profile does not know the property yet.
           f'paint-order="stroke">',
           f'<title id="graaf-titel">{_esc(d.title)}</title>',
           f'<desc id="graaf-tekst">{_esc(d.desc)}</desc>']
    append = out.append
    for c in d.clusters:
        append(f'<g class="cluster"><rect x="{c.x}" y="{c.y}" width="{c.w}" height="{c.h}" rx="8"/>'
               f'<text x="{round(c.x + c.w / 2)}" y="{round(c.label_box[1] + 12.35)}" '
               f'text-anchor="middle">{_esc(c.title)}</text></g>')
    nodes = d.nodes
    append('<g class="edges">')
    if d.edges:
        starts = [f'x1="{n.x}" y1="{n.y}" x2="' for n in nodes]
        ends = [f'{n.x}" y2="{n.y}" data-ends="' for n in nodes]
        for e in d.edges:
            kind = f' class="entry-{e.kind}"' if e.kind else ""
            append(f'<line{kind} {starts[e.a]}{ends[e.b]}{e.a} {e.b}"/>')
    append('</g><g class="nodes">')
    for n in nodes:
        entry = n.entry
        # A node's number (for graph.js) is its place among the nodes.
        if n.ring == 0:  # the page itself, on its card: no link; the lines pass under the card
            c = d.card
            append(f'<g class="node node-centre entry-{entry.type_name}">'
                   f'<rect class="centre-card" x="{c.x}" y="{c.y}" width="{c.w}" height="{c.h}" rx="6"/>'
                   f'<title>{_esc(entry.entry_type.label)}: {_esc(entry.title)}</title>')
            glyph = c.glyph
            append(f'<path d="{glyph}"/>' if glyph[0] == "M" else
                   '<circle cx="{}" cy="{}" r="{}"/>'.format(*glyph.split()))
            append(_text(c.text_x, c.text_y, c.lines, "start"))
            append("</g>")
            continue
        append(_link(n.ring, entry.type_name, siteurl, entry.url, entry.entry_type.label, entry.title))
        append(f'<path d="{n.shape}"/>' if n.shape else f'<circle cx="{n.x}" cy="{n.y}" r="{n.r}"/>')
        if n.lines:
            append(_text(n.label_x, n.label_y, n.lines, n.anchor))
        elif n.name:  # no room for it: shown on hover and focus only (the theme's CSS)
            append(_text(n.name[0], n.name[1], (n.name[2],), "start", "name"))
        append("</a>")
    append("</g></svg>")
    return Markup("".join(out))
