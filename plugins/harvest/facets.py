"""Facets of the type listings: which values each entry has, with counts and static pages.

Every facet value gets a static page (`/projecten/thema/participatie/`), so filtering works
without JavaScript; facets.js filters the listing in place with the same names in the URL
(`/projecten/?thema=participatie`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import model as m
from .links import sort_key


@dataclass(frozen=True)
class Facet:
    param: str  # URL segment and query parameter, Dutch: what readers see in the address
    label: str
    values: Callable  # entry -> list of value keys (str)
    order: Callable  # (harvest, value key) -> sort key; values show in this order
    value_label: Callable  # (harvest, value key) -> Dutch label


@dataclass
class FacetValue:
    value: str
    label: str
    entries: list  # of the listing's type, in listing order

    @property
    def count(self) -> int:
        return len(self.entries)


def _choice(type_name: str, field_name: str, param: str) -> Facet:
    f = m.FIELDS_BY_TYPE[type_name][field_name]
    order = list(f.choices)

    def values(e):
        value = e.data.get(field_name)
        return list(value) if isinstance(value, list) else [value]

    return Facet(param, f.label, values, lambda h, v: order.index(v), lambda h, v: f.choices[v])


def _year(label: str, get: Callable) -> Facet:
    def values(e):
        year = get(e)
        return [str(year)] if year else []

    # Newest first: readers look for what is recent.
    return Facet("jaar", label, values, lambda h, v: -int(v), lambda h, v: v)


THEME = Facet("thema", "Thema", lambda e: list(e.data["themes"]),
              lambda h, v: list(h.themes).index(v), lambda h, v: h.themes[v]["title"])
REGION = Facet("regio", "Regio", lambda e: [e.data["region"]] if "region" in e.data else [],
               lambda h, v: list(m.REGIONS).index(v), lambda h, v: m.REGIONS[v])
ORGANISATION = Facet(
    "organisatie", "Organisatie", lambda e: [o.slug for o in e.organisations],
    lambda h, v: sort_key(h.by_key[("organisations", v)].title),
    lambda h, v: h.by_key[("organisations", v)].title)
ADDED = _year("Jaar toegevoegd", lambda e: e.data["date"][:4])

# Per type, the facets a reader filters by, in the order they are shown.
FACETS: dict[str, tuple[Facet, ...]] = {
    "projects": (THEME, _choice("projects", "stage", "fase"), REGION, ORGANISATION,
                 _year("Gestart in", lambda e: e.data.get("started"))),
    "practices": (THEME, _choice("practices", "kind", "soort"), REGION, ORGANISATION, ADDED),
    "tools": (THEME, _choice("tools", "kind", "soort"), REGION, ORGANISATION, ADDED),
    "knowledge": (THEME, _choice("knowledge", "kind", "soort"), REGION, ORGANISATION,
                  _year("Jaar van verschijnen", lambda e: e.data.get("year"))),
    "experts": (THEME, _choice("experts", "roles", "rol"), REGION, ORGANISATION, ADDED),
    "organisations": (THEME, _choice("organisations", "kind", "soort"), REGION, ADDED),
}


def facet_values(harvest, facet: Facet, listing: list) -> list[FacetValue]:
    """The values that occur in `listing`, each with its entries, in the facet's order."""
    found: dict[str, list] = {}
    for e in listing:
        for value in facet.values(e):
            found.setdefault(value, []).append(e)
    return [FacetValue(v, facet.value_label(harvest, v), found[v])
            for v in sorted(found, key=lambda v: facet.order(harvest, v))]


def facets_of(harvest, type_name: str) -> list[tuple[Facet, list[FacetValue]]]:
    """The facets of a type's listing with their values; facets without values are left out."""
    listing = harvest.by_type[type_name]
    result = []
    for facet in FACETS[type_name]:
        values = facet_values(harvest, facet, listing)
        if values:
            result.append((facet, values))
    return result


def compact(facets: list, active: FacetValue, limit: int = 12) -> list:
    """The facets as a facet page shows them: (facet, values, how many left out). A facet with
    many values (organisations, in a large harvest) keeps its `limit` largest and the current
    one, so that a thousand facet pages do not each repeat the whole list; the listing has it."""
    result = []
    for facet, values in facets:
        if len(values) <= limit:
            result.append((facet, values, 0))
            continue
        largest = {v.value for v in sorted(values, key=lambda v: -v.count)[:limit]}
        kept = [v for v in values if v.value in largest or v is active]
        result.append((facet, kept, len(values) - len(kept)))
    return result


def data_attributes(entry) -> dict[str, str]:
    """`data-<param>` values of a card: what facets.js filters on, space-separated."""
    return {f"data-{facet.param}": " ".join(facet.values(entry)) for facet in FACETS[entry.type_name]}


def facet_url(entry_type: m.EntryType, facet: Facet, value: str) -> str:
    return f"{entry_type.section}/{facet.param}/{value}/"

