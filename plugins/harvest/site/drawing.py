"""A relation graph (graph.py) as inline SVG: nodes in their type's colour and symbol, each a link
to its page in the keyboard's order, named by a title and described in words.

Written here rather than in a Jinja macro: a large harvest has tens of thousands of nodes on its
pages, and string formatting is several times cheaper than a macro's lookups. Every text is escaped
(titles are contributors' input); colours come from classes only (the CSP blocks style attributes),
so the theme's CSS decides them, in the light and the dark scheme and on paper."""

from __future__ import annotations

from markupsafe import Markup, escape


def _text(x, y, lines, anchor: str, cls: str = "") -> str:
    """A label of one or two lines: the second a tspan one line lower, at the same x."""
    anchor = "" if anchor == "start" else f' text-anchor="{anchor}"'
    cls = f' class="{cls}"' if cls else ""
    more = "".join(f'<tspan x="{x}" dy="1.25em">{escape(line)}</tspan>' for line in lines[1:])
    return f'<text x="{x}" y="{y}"{anchor}{cls}>{escape(lines[0])}{more}</text>'


def svg(d, siteurl: str) -> Markup:
    x, y, w, h = d.box
    # A group, not role="img": an image's children are presentational, which would hide the
    # links from screen readers (axe: nested-interactive). Named by its title, described in words.
    out = [f'<svg role="group" aria-labelledby="graaf-titel" '
           f'aria-describedby="graaf-tekst" viewBox="{x} {y} {w} {h}" width="{w}" '
           # The labels' halo (a stroke in the page's colour) under their letters: inherited.
           # An attribute, as the Nu checker's CSS profile does not know the property yet.
           f'paint-order="stroke">',
           f'<title id="graaf-titel">{escape(d.title)}</title>',
           f'<desc id="graaf-tekst">{escape(d.desc)}</desc>']
    for c in d.clusters:
        out.append(f'<g class="cluster"><rect x="{c.x}" y="{c.y}" width="{c.w}" height="{c.h}" rx="8"/>'
                   f'<text x="{round(c.x + c.w / 2)}" y="{round(c.label_box[1] + 12.35)}" '
                   f'text-anchor="middle">{escape(c.title)}</text></g>')
    nodes = d.nodes
    out.append('<g class="edges">')
    for e in d.edges:
        a, b = nodes[e.a], nodes[e.b]
        kind = f' class="entry-{e.kind}"' if e.kind else ""
        out.append(f'<line{kind} x1="{a.x}" y1="{a.y}" x2="{b.x}" y2="{b.y}" data-ends="{e.a} {e.b}"/>')
    out.append('</g><g class="nodes">')
    for n in nodes:
        entry = n.entry
        # A node's number (for graph.js) is its place among the nodes.
        if n.ring == 0:  # the page itself, on its card: no link; the lines pass under the card
            c = d.card
            out.append(f'<g class="node node-centre entry-{entry.type_name}">'
                       f'<rect class="centre-card" x="{c.x}" y="{c.y}" width="{c.w}" height="{c.h}" rx="6"/>')
        else:
            ring = " ring-2" if n.ring == 2 else ""
            out.append(f'<a class="node{ring} entry-{entry.type_name}" href="{siteurl}/{escape(entry.url)}">')
        out.append(f'<title>{escape(entry.entry_type.label)}: {escape(entry.title)}</title>')
        if n.ring == 0:
            glyph = d.card.glyph
            out.append(f'<path d="{glyph}"/>' if glyph[0] == "M" else
                       '<circle cx="{}" cy="{}" r="{}"/>'.format(*glyph.split()))
        elif n.shape:
            out.append(f'<path d="{n.shape}"/>')
        else:
            out.append(f'<circle cx="{n.x}" cy="{n.y}" r="{n.r}"/>')
        if n.ring == 0:
            out.append(_text(d.card.text_x, d.card.text_y, d.card.lines, "start"))
        elif n.lines:
            out.append(_text(n.label_x, n.label_y, n.lines, n.anchor))
        elif n.name:  # no room for it: shown on hover and focus only (the theme's CSS)
            out.append(_text(n.name[0], n.name[1], (n.name[2],), "start", "name"))
        out.append("</g>" if n.ring == 0 else "</a>")
    out.append("</g></svg>")
    return Markup("".join(out))
