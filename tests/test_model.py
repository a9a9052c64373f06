"""The content model declares each type completely: what its cards show, its facets, its group on
the home page, how schema.org describes it, where its fields go in search, and how its relations
are headed. Generic code reads these; this test fails when a type lacks one or names what it has not."""

from __future__ import annotations

import re

import pytest

from harvest.model import types as m
from harvest.outputs.jsonld import _SHAPES
from harvest.site.facets import FACETS

SCHEMA_TYPE = re.compile(r"[A-Z][A-Za-z]+")
SCHEMA_PROPERTY = re.compile(r"[a-z][A-Za-z]+")


@pytest.mark.parametrize("name", list(m.TYPES))
def test_each_type_declares_everything_generic_code_needs(name):
    t = m.TYPES[name]
    fields = m.FIELDS_BY_TYPE[name]
    card = fields[t.card]
    # Cards show a choice; an optional one (an organisation's kind: a source may not say) is
    # replaced by the type's label where it is left out.
    assert card.kind in (m.CHOICE, m.CHOICES) and (card.required or card.kind == m.CHOICE), \
        "cards need a choice"
    assert t.home in m.HOME_GROUPS
    assert t.facets and t.facets[0] == m.THEME_FACET, "every listing filters by theme first"
    assert len({f.param for f in t.facets}) == len(t.facets), "one query parameter per facet"
    for facet in t.facets:
        assert facet.kind in ("theme", "region", "organisation", "choice", "year", "place", "complete")
        if facet.kind == "choice":
            assert fields[facet.field].kind in (m.CHOICE, m.CHOICES)
        if facet.kind == "year":
            assert fields[facet.field].kind in (m.YEAR, m.DATE, m.MOMENT) and facet.label
        if facet.kind == "place":
            assert fields[facet.field].kind == m.TEXT and facet.label
    assert [f.param for f in FACETS[name]] == [f.param for f in t.facets]
    # Completeness counts optional fields of the type, and every listing can filter on it.
    assert t.complete and all(n in fields and not t.asks(fields[n]) for n in t.complete)
    assert t.facets[-1] == m.COMPLETE_FACET
    schema = t.schema
    assert SCHEMA_TYPE.fullmatch(schema.type)
    for type_name, conditions in schema.when:
        assert SCHEMA_TYPE.fullmatch(type_name) and conditions
        for field_name, value in conditions.items():
            assert value is True or value in fields[field_name].choices
    for field_name, (prop, shape) in schema.fields.items():
        assert field_name in fields and SCHEMA_PROPERTY.fullmatch(prop)
        assert shape in _SHAPES or (shape == "labels" and field_name == t.card) or (
            shape == "event" and t.timed)
    assert set(schema.relations) <= set(m.TYPES) and SCHEMA_PROPERTY.fullmatch(schema.relation)
    for f in t.fields:
        assert f.search_field in ("text", "names", "")
        assert not f.section or f.kind == m.TEXTS, "a field of its own is a list under a heading"
    assert set(t.headings) <= set(m.TYPES)
    assert not t.heading_pattern or t.heading_pattern.count("{}") == 1
    for other in m.TYPES:
        heading = m.relation_heading(name, other)
        assert heading and heading[0].isupper() and "{" not in heading
    # The symbol its cards show, drawn as the outline of its nodes in the relation graphs (none: a
    # circle); its colours for the light and the dark scheme; what its body asks for.
    assert len(t.symbol) == 1 and (not t.look.glyph.outline or len(t.look.glyph.outline) >= 3)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in (t.look.light, t.look.dark))
    assert t.prompt.endswith((".", "?")) and "<!--" not in t.prompt and "-->" not in t.prompt


def test_every_home_group_has_types():
    assert {t.home for t in m.TYPES.values()} == set(m.HOME_GROUPS)


def test_the_year_facet_is_when_the_subject_happened_not_when_it_was_added():
    """Issue 25: `date` is the day an entry was added; the year filter of a listing uses the field
    that says when its subject happened, a project falling back from its start to its end."""
    from types import SimpleNamespace

    def years(type_name, **data):
        facet = next(f for f in FACETS[type_name] if f.param == "jaar")
        return facet.values(SimpleNamespace(data={"date": "2026-11-23", **data}))

    assert years("projects", started=2012, ended=2014) == ["2012"]
    assert years("projects", ended=2014) == ["2014"]
    assert years("projects") == []
    for name in ("practices", "tools", "knowledge"):
        assert years(name, year=2017) == ["2017"] and years(name) == [], name
    assert years("events", starts="2017-11-13") == ["2017"]
    # People and organisations do not happen at a time: their listing filters by the year added.
    assert years("experts") == years("organisations") == ["2026"]
    for name, t in m.TYPES.items():
        assert all(f in m.FIELDS_BY_TYPE[name] for f in t.happened), name
        assert bool(t.happened) == (name not in ("experts", "organisations")), name
