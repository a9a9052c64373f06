"""A relation graph (graph.py) as inline SVG: nodes in their type's colour and symbol, each a link
to its page in the keyboard's order, named by a title and described in words.

Written here rather than in a Jinja macro: a large harvest has tens of thousands of nodes on its
pages, and string formatting is several times cheaper than a macro's lookups. Every text is escaped
(titles are contributors' input); colours come from classes only (the CSP blocks style attributes),
so the theme's CSS decides them, in the light and the dark scheme and on paper."""

from __future__ import annotations

from markupsafe import Markup, escape


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
        out.append(f'<g class="cluster"><circle cx="{c.x}" cy="{c.y}" r="{c.r}"/><text x="{c.x}" '
                   f'y="{round(c.y - c.r - 6, 1)}" text-anchor="middle">{escape(c.title)}</text></g>')
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
        if n.ring == 0:  # the page itself: no link
            out.append(f'<g class="node node-centre entry-{entry.type_name}">')
        else:
            ring = " ring-2" if n.ring == 2 else ""
            out.append(f'<a class="node{ring} entry-{entry.type_name}" href="{siteurl}/{escape(entry.url)}">')
        out.append(f'<title>{escape(entry.entry_type.label)}: {escape(entry.title)}</title>')
        if n.shape:
            out.append(f'<path d="{n.shape}"/>')
        else:
            out.append(f'<circle cx="{n.x}" cy="{n.y}" r="{n.r}"/>')
        if n.label:
            anchor = "" if n.anchor == "start" else f' text-anchor="{n.anchor}"'
            out.append(f'<text x="{n.label_x}" y="{n.label_y}"{anchor}>{escape(n.label)}</text>')
        out.append("</g>" if n.ring == 0 else "</a>")
    out.append("</g></svg>")
    return Markup("".join(out))
