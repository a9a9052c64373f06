"""Facets of the type listings: which values each entry has, with counts and static pages.

Every facet value gets a static page (`/projecten/thema/participatie/`), so filtering works
without JavaScript; facets.js filters the listing in place with the same names in the URL
(`/projecten/?thema=participatie`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from ..i18n import _, lazy
from ..model import types as m
from .relations import sort_key
from .routes import url


@dataclass(frozen=True)
class Facet:
    param: str  # URL segment and query parameter (the model's declaration, model/types.py)
    kind: str  # what it filters by: the model's Facet.kind ("theme", "choice", ...)
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


def _choice(type_name: str, spec: m.Facet) -> Facet:
    f = m.FIELDS_BY_TYPE[type_name][spec.field]
    order = list(f.choices)

    def values(e):
        value = e.data.get(spec.field)
        return list(value) if isinstance(value, list) else [value] if value is not None else []

    return Facet(spec.param, spec.kind, f.label, values, lambda h, v: order.index(v),
                 lambda h, v: f.choices[v])


def _year(spec: m.Facet) -> Facet:
    fields = (spec.field, *spec.fallback)  # a project without a start year: its end year

    def values(e):
        year = next((e.data[name] for name in fields if e.data.get(name)), None)
        return [str(year)[:4]] if year else []  # a year, or a date's year

    # Newest first: readers look for what is recent.
    return Facet(spec.param, spec.kind, spec.label, values, lambda h, v: -int(v), lambda h, v: v)


def _place(spec: m.Facet) -> Facet:
    """Where an entry takes place: its city (by slug, so that the value fits in an address), and
    `online` when it has an online address. Cities alphabetically, online last."""
    from ..text import slugify

    def values(e):
        city = e.data.get(spec.field)
        return (([slugify(city)] if city and slugify(city) else [])
                + (["online"] if e.data.get("online") else []))

    names: dict = {}  # slug -> the city as written, for the harvest last asked about

    def label(h, v):
        if v == "online":
            return _("Online")
        if names.get(None) is not h.entries:  # once per build: one pass, not one per city
            names.clear()
            names[None] = h.entries
            for e in reversed(h.entries):  # the first entry's spelling wins
                if e.data.get(spec.field):
                    names[slugify(e.data[spec.field])] = e.data[spec.field]
        return names[v]

    return Facet(spec.param, spec.kind, spec.label, values, lambda h, v: (v == "online", v), label)


# Facets every type shares, one object each; their URL words are the model's.
THEME = Facet(m.THEME_FACET.param, m.THEME_FACET.kind, lazy("Thema"), lambda e: list(e.data["themes"]),
              lambda h, v: list(h.themes).index(v), lambda h, v: h.themes[v]["title"])
REGION = Facet(m.REGION_FACET.param, m.REGION_FACET.kind, lazy("Regio"),
               lambda e: [e.data["region"]] if "region" in e.data else [],
               lambda h, v: list(m.REGIONS).index(v), lambda h, v: m.REGIONS[v])
ORGANISATION = Facet(
    m.ORGANISATION_FACET.param, m.ORGANISATION_FACET.kind, lazy("Organisatie"),
    lambda e: [o.slug for o in e.organisations],
    lambda h, v: sort_key(h.by_key[("organisations", v)].title),
    lambda h, v: h.by_key[("organisations", v)].title)
_SHARED = {f.kind: f for f in (THEME, REGION, ORGANISATION)}


COMPLETENESS = {"onvolledig": lazy("Onvolledig"), "volledig": lazy("Volledig")}


def _complete(type_name: str, spec: m.Facet) -> Facet:
    """Whether an entry has every field its type counts for completeness (EntryType.complete)."""
    entry_type = m.TYPES[type_name]
    order = list(COMPLETENESS)
    return Facet(spec.param, spec.kind, lazy("Volledigheid"),
                 lambda e: ["onvolledig" if entry_type.missing(e.data) else "volledig"],
                 lambda h, v: order.index(v), lambda h, v: COMPLETENESS[v])


def _facet(type_name: str, spec: m.Facet) -> Facet:
    if spec.kind in _SHARED:
        return _SHARED[spec.kind]
    if spec.kind == "complete":
        return _complete(type_name, spec)
    if spec.kind == "place":
        return _place(spec)
    return _choice(type_name, spec) if spec.kind == "choice" else _year(spec)


# Per type, the facets a reader filters by, in the order the model declares them.
FACETS: dict[str, tuple[Facet, ...]] = {
    name: tuple(_facet(name, spec) for spec in t.facets) for name, t in m.TYPES.items()}


def possible_values(entries: dict) -> dict[tuple[str, str], set[str]]:
    """(type, facet param) -> the values whose facet pages a build of `entries` ({(type, slug):
    front matter}, valid) may write, from the front matter alone, as `make validate` knows them.
    An entry's organisations follow from relations only the build links (directly or through a
    project): there, every organisation counts."""
    organisations = {slug for type_name, slug in entries if type_name == "organisations"}
    found: dict[tuple[str, str], set[str]] = {}
    for (type_name, _slug), data in entries.items():
        unlinked = SimpleNamespace(data=data)
        for facet in FACETS[type_name]:
            values = found.setdefault((type_name, facet.param), set())
            values.update(organisations if facet is ORGANISATION else facet.values(unlinked))
    return found


def facet_values(harvest, facet: Facet, listing: list) -> list[FacetValue]:
    """The values that occur in `listing`, each with its entries, in the facet's order."""
    found: dict[str, list] = {}
    for e in listing:
        for value in facet.values(e):
            found.setdefault(value, []).append(e)
    return [FacetValue(v, facet.value_label(harvest, v), found[v])
            for v in sorted(found, key=lambda v: facet.order(harvest, v))]


def listing_inputs(harvest, type_name: str) -> tuple:
    """All a type's listing (relations.newest_first, or its agenda) and facets_of read, but the
    build's day and the settings: its entries in the harvest's order, each with its front matter
    and the day it last changed; their organisations (linked) with those titles; the themes; and
    for a place facet, every entry's spelling of that field (the first in the harvest's order is
    the label). The same inputs make the same listing and facets (Shows.listing keeps them)."""
    entries = harvest.by_type[type_name]
    found = [b"".join([e.front for e in entries]), [e.changed for e in entries], repr(harvest.themes)]
    for spec, facet in zip(m.TYPES[type_name].facets, FACETS[type_name]):
        if facet is ORGANISATION:
            # Flat, with each entry's count: the same nested lists, at half the cost.
            found.append(([o.slug for e in entries for o in e.organisations],
                          [len(e.organisations) for e in entries]))
            found.append([(e.slug, e.title) for e in harvest.by_type["organisations"]])
        elif spec.kind == "place":
            found.append([e.data.get(spec.field) for e in harvest.entries])
    return tuple(found)


def facets_of(harvest, type_name: str, listing: list | None = None) -> list[tuple[Facet, list[FacetValue]]]:
    """The facets of a type's listing (`listing`, in its order; the type's entries if None) with
    their values; facets without values are left out."""
    listing = harvest.by_type[type_name] if listing is None else listing
    result = []
    for facet in FACETS[type_name]:
        values = facet_values(harvest, facet, listing)
        if values:
            result.append((facet, values))
    return result


def compact(facets: list, active: FacetValue | None, limit: int = 12) -> list:
    """The facets as a facet page shows them: (facet, values, how many left out). A facet with
    many values (organisations, in a large harvest) keeps its `limit` largest and the current
    one, so that a thousand facet pages do not each repeat the whole list; the listing has it."""
    return Compactor(facets, limit)(active)


class Compactor:
    """`compact` for every facet page of one listing: the largest values of each facet are the
    same on every page, so they are found once per facet, not once per page (4,919 facet pages
    at 10,000 entries each sorted every facet's values again)."""

    def __init__(self, facets: list, limit: int = 12):
        self.rows = []  # (facet, values, kept or None when all are shown, position of each value)
        for facet, values in facets:
            if len(values) <= limit:
                self.rows.append((facet, values, None, None))
                continue
            largest = {id(v) for v in sorted(values, key=lambda v: -v.count)[:limit]}
            self.rows.append((facet, values, [v for v in values if id(v) in largest],
                              {id(v): i for i, v in enumerate(values)}))

    def __call__(self, active: FacetValue | None) -> list:
        result = []
        for facet, values, kept, positions in self.rows:
            if kept is None:
                result.append((facet, values, 0))
                continue
            at = positions.get(id(active)) if active is not None else None
            if at is not None and not any(v is active for v in kept):
                # The current value among the largest, in the facet's order.
                kept = sorted([*kept, active], key=lambda v: positions[id(v)])
            result.append((facet, kept, len(values) - len(kept)))
        return result


def data_attributes(entry) -> dict[str, str]:
    """`data-<param>` values of a card: what facets.js filters on, space-separated."""
    return {f"data-{facet.param}": " ".join(facet.values(entry)) for facet in FACETS[entry.type_name]}


def facet_url(settings, entry_type: m.EntryType, facet: Facet, value: str, name: str = "FACET_URL") -> str:
    return url(settings, name, entry_type, facet=facet.param, value=value)

