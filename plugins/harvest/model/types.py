"""The harvest's content model: the one declaration that the JSON Schemas, the validator,
the entry pages, the scaffold and the contributor docs are all derived from.

Each type declares everything generic code needs to know of it: its fields, the field its cards
show, its facets, its group on the home page, how schema.org describes it and how its relations are
headed. A new type is a `_type(...)` here plus its own template parts.

Field names are English (the contract contributors write); labels and help are Dutch
(what readers and contributors see)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..i18n import ngettext

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SUMMARY_MAX = 300

# Field kinds. Each maps onto a JSON Schema fragment (schema.py) and a display (templates).
TEXT = "text"
PLAINTEXT = "plaintext"  # text without markup, length-limited (summary)
DATE = "date"
YEAR = "year"
URL = "url"
EMAIL = "email"
ISBN = "isbn"
CHOICE = "choice"
CHOICES = "choices"  # list of one or more choices
TEXTS = "texts"  # list of texts
THEMES = "themes"
LINKS = "links"
RELATION = "relation"  # list of slugs of one entry type
ALIASES = "aliases"  # list of earlier site paths of the entry
MOMENT = "moment"  # a day `YYYY-MM-DD` or a day and time `YYYY-MM-DD HH:MM` (Europe/Brussels)
END = "end"  # a moment, or a time `HH:MM` alone: the same day as the start
# Where an entry's facts come from: the address of the original text, its title in words, or
# {title, publisher, url} (a printed report or a page whose address is unknown has a title and a
# publisher, no address); or a list of those.
SOURCE = "source"
SOURCE_PARTS = {  # part -> its help
    "title": "De titel van de oorspronkelijke tekst.",
    "publisher": "Wie de tekst uitgaf: de organisatie of de website.",
    "url": "Het adres van de tekst (http of https), als er een is.",
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: str
    help: str
    required: bool = False
    choices: dict[str, str] = field(default_factory=dict)  # value -> Dutch label
    example: object = None  # placeholder value for the scaffold
    # How the search index takes it: "text" (the body's field; the default for words), "names"
    # (people, in the names field), "" (not indexed: addresses; choices are in the labels field).
    search: str | None = None
    # A Dutch heading: the field is shown as a section of its own under the body, not among the
    # facts at the top (lessons).
    section: str = ""
    # False: the type's own template part shows it (an event's time and place), not the facts list.
    fact: bool = True

    @property
    def search_field(self) -> str:
        if self.search is not None:
            return self.search
        return "" if self.kind in (URL, EMAIL, CHOICE, CHOICES, MOMENT, END, SOURCE) else "text"

    @property
    def is_list(self) -> bool:
        return self.kind in (CHOICES, TEXTS, THEMES, LINKS, RELATION, ALIASES)


@dataclass(frozen=True)
class Facet:
    """A filter of a type's listing. `kind`: "theme", "region", "organisation" (the entry's
    organisations, directly or through a project), "choice" (a choice field's values), "year"
    (a year field, or the year of a date field) or "place" (a text field's values, and `online`
    when the entry has an online address)."""

    kind: str
    param: str  # URL segment and query parameter, Dutch: what readers see in the address
    field: str = ""
    label: str = ""  # for years; other facets take the field's or their own label
    # For years: the fields to take the year from when `field` is empty, in order.
    fallback: tuple[str, ...] = ()


THEME_FACET = Facet("theme", "thema")
REGION_FACET = Facet("region", "regio")
ORGANISATION_FACET = Facet("organisation", "organisatie")


def choice_facet(field_name: str, param: str) -> Facet:
    return Facet("choice", param, field_name)


def year_facet(field_name: str, label: str, *fallback: str) -> Facet:
    return Facet("year", "jaar", field_name, label, fallback)


ADDED_FACET = year_facet("date", "Jaar toegevoegd")
# Every listing can show what is still incomplete (EntryType.complete); the last of its facets.
COMPLETE_FACET = Facet("complete", "volledigheid", label="Volledigheid")
KIND_FACET = choice_facet("kind", "soort")


@dataclass(frozen=True)
class SchemaOrg:
    """How schema.org describes an entry of a type (jsonld.py writes it)."""

    type: str
    # (schema.org type, {field: value, or True for "present"}): the first that matches wins.
    when: tuple[tuple[str, dict], ...] = ()
    creative_work: bool = False  # a work: genre, keywords, dates, source and licence
    # field -> (property, shape); shapes: "text", "persons", "organisation", "audience",
    # "joined" (a list as one text), "labels" (the card field's Dutch labels)
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)  # related type -> property
    relation: str = "knowsAbout"  # the property for every other related type


def polygon(corners: int, radius: float, inner: float = 0) -> tuple:
    """The corners of a regular figure around (0, 0), the first at the top; with `inner`, a star
    (every other corner at that radius)."""
    steps = corners * (2 if inner else 1)
    return tuple((round((inner if inner and i % 2 else radius)
                        * math.cos(math.radians(-90 + i * 360 / steps)), 4),
                  round((inner if inner and i % 2 else radius)
                        * math.sin(math.radians(-90 + i * 360 / steps)), 4))
                 for i in range(steps))


@dataclass(frozen=True)
class Glyph:
    """A type's symbol: the character beside its label on cards, listings and search results, and the
    same figure as the outline of its nodes in the relation drawings (graph.py): corners around
    (0, 0) for a node of radius 1. No corners: a circle."""

    char: str
    outline: tuple[tuple[float, float], ...] = ()


CIRCLE = Glyph("●")
DIAMOND = Glyph("◆", polygon(4, 1.3))
TRIANGLE = Glyph("▲", ((0, -1.25), (1.15, 0.8), (-1.15, 0.8)))
SQUARE = Glyph("■", ((-0.95, -0.95), (0.95, -0.95), (0.95, 0.95), (-0.95, 0.95)))
STAR = Glyph("★", polygon(5, 1.35, inner=0.6))
HEXAGON = Glyph("⬢", polygon(6, 1.15))
SPARKLE = Glyph("✦", polygon(4, 1.45, inner=0.5))


@dataclass(frozen=True)
class Look:
    """How readers tell a type apart, never by colour alone: its label, its symbol, and its colour
    behind the label, in the light and the dark scheme (outputs/styles.py writes them as the CSS
    custom property `--t-<type>`). `light` carries white text and `dark` near-black text (the
    theme's `--t-ink`), both at AA contrast or better."""

    glyph: Glyph
    light: str
    dark: str


HOME_GROUPS = {  # group -> its heading on the home page, in the page's order
    "oogst": "De vier soorten oogst",
    "achter": "Waar de oogst vandaan komt",
}


@dataclass(frozen=True)
class EntryType:
    name: str  # folder and relation field name, e.g. "projects"
    section: str  # public URL segment, e.g. "projecten"
    label: str  # singular Dutch label, e.g. "Project"
    plural: str  # Dutch section title, e.g. "Projecten"
    description: str  # what the type holds, in Dutch
    class_name: str  # Python class of its content objects
    fields: tuple[Field, ...]
    card: str  # the choice field whose label cards, listings and search results show
    home: str  # its group on the home page (HOME_GROUPS)
    facets: tuple[Facet, ...]
    schema: SchemaOrg
    look: Look
    # What to write about in the body: `make new` puts it in the new file as an HTML comment.
    prompt: str
    # Headings of related entries on this type's pages: the exceptions to relation_heading's rule.
    headings: dict[str, str] = field(default_factory=dict)
    # On this type's pages, the heading of related entries of other types ("Betrokken bij {}"),
    # or "" to head them by the related type's `as_related`.
    heading_pattern: str = ""
    as_related: str = ""  # the heading of entries of this type on others' pages
    # Its entries happen at a time (starts/ends): listings put what is coming first, the home page
    # shows the next ones, and each has a calendar file (events.py, calendar.py).
    timed: bool = False
    # Groups of fields of which an entry must have at least one (an event's city or online link).
    one_of: tuple[tuple[str, ...], ...] = ()
    # Its titles are proper names (people, organisations, projects): the search index finds an
    # entry by the names of such entries it relates to.
    named: bool = False
    # Its story (the text under the front matter) is required: an experience without its story is
    # not one. The validator, the form and intake ask for it.
    story: bool = False
    # The optional fields that make an entry complete: its page asks for what is missing ("Wat
    # ontbreekt nog?"), listings filter on it and the open data carries the score.
    complete: tuple[str, ...] = ()

    def missing(self, data: dict) -> list[Field]:
        """The fields of `complete` that `data` (front matter) leaves out or empty."""
        return [FIELDS_BY_TYPE[self.name][name] for name in self.complete
                if data.get(name) in (None, "", [], {})]

    def completeness(self, data: dict) -> float:
        """How complete `data` is, from 0 to 1 (1 for a type that declares nothing)."""
        if not self.complete:
            return 1.0
        return round(1 - len(self.missing(data)) / len(self.complete), 2)
    # The fields that say when its subject happened (began, appeared, took place), in order of
    # preference; `date` is only when the entry was added. Empty for people and organisations,
    # whose subject does not happen at a time.
    happened: tuple[str, ...] = ()

    def field(self, name: str) -> Field | None:
        return FIELDS_BY_TYPE[self.name].get(name)

    def asks(self, f: Field) -> bool:
        """A new entry must fill it in: a required field, what a published entry needs (its
        source), or the first of a group it needs one of."""
        return f.required or f.name in TO_PUBLISH or any(group[0] == f.name for group in self.one_of)

    @property
    def symbol(self) -> str:
        return self.look.glyph.char

    @property
    def nouns(self) -> tuple[str, str]:
        """What one and many of its entries are called in a running sentence ("schakelfiguur",
        "schakelfiguren"): the labels, unless the label is no countable noun (COUNT_NOUNS)."""
        return COUNT_NOUNS.get(self.name) or (self.label.lower(), self.plural.lower())

    def counted(self, n: int) -> str:
        """`n` entries of this type, in words: "1 schakelfiguur", "6 bijeenkomsten"."""
        one, many = self.nouns
        return ngettext("%(num)d %(one)s", "%(num)d %(many)s", n) % {"num": n, "one": one, "many": many}


# Types whose label is not a countable noun ("6 kennis"): what their entries are called when counted.
COUNT_NOUNS = {"knowledge": ("kennisbron", "kennisbronnen")}


REGIONS = {
    "vlaanderen": "Vlaanderen",
    "brussel": "Brussel",
    "wallonie": "Wallonië",
    "belgie": "België",
    "nederland": "Nederland",
    "europa": "Europa",
    "internationaal": "Internationaal",
}

STATUSES = {"published": "Gepubliceerd", "draft": "Concept"}

COMMON_FIELDS: tuple[Field, ...] = (
    Field("title", TEXT, "Titel", "De naam van de inzending, zoals lezers haar zoeken.",
          required=True, example="Titel van de inzending"),
    Field("summary", PLAINTEXT, "Samenvatting",
          f"Eén of twee zinnen gewone tekst, hoogstens {SUMMARY_MAX} tekens.",
          required=True, example="Korte samenvatting in gewone taal."),
    Field("themes", THEMES, "Thema's",
          "Eén of meer thema's uit content/themes.yml.", required=True,
          example=["innovatiecultuur"]),
    Field("date", DATE, "Toegevoegd op",
          "De dag waarop de inzending aan de oogst wordt toegevoegd (JJJJ-MM-DD), niet wanneer het "
          "project of de gebeurtenis plaatsvond: dat staat in een veld van de soort zelf (bv. `year`).",
          required=True),
    Field("updated", DATE, "Bijgewerkt op",
          "Datum van de laatste inhoudelijke wijziging (JJJJ-MM-DD). Alleen nodig zonder Git: in de "
          "repository zegt de laatste commit wanneer een inzending veranderde."),
    Field("region", CHOICE, "Regio", "Waar het zich afspeelt.", choices=REGIONS),
    Field("links", LINKS, "Links", "Lijst van links, elk met `title` en `url` (http of https)."),
    Field("source", SOURCE, "Bron",
          "Waar de feiten vandaan komen: het adres (https://…) van de oorspronkelijke tekst, of haar "
          "titel en uitgever, bv. `{title: Jaarverslag, publisher: Gemeente Gent}`; meer bronnen als "
          "lijst. Verplicht, behalve in een concept.",
          example="Titel van de oorspronkelijke tekst"),
    Field("license", TEXT, "Licentie", "Licentie van die bron, bv. CC-BY-4.0."),
    Field("contributors", TEXTS, "Bijdragers", "Namen van wie aan deze inzending schreef.",
          search="names"),
    Field("status", CHOICE, "Status",
          "`published` (standaard) of `draft`: een concept toont alleen in de lokale voorbeeldweergave.",
          choices=STATUSES),
    Field("aliases", ALIASES, "Eerdere adressen",
          "Vroegere adressen van deze inzending op de site, na een nieuwe bestandsnaam of een "
          "samenvoeging, bv. `[/ervaringen/oude-slug/]`: wie ze opent, komt hier terecht."),
)


CONTRIBUTORS = next(f for f in COMMON_FIELDS if f.name == "contributors")
# Optional while an entry is a draft, required to publish it (`make validate`, loader.py).
TO_PUBLISH = ("source",)


def _year(name: str, label: str, help: str) -> Field:
    return Field(name, YEAR, label, help)


TYPES: dict[str, EntryType] = {}


def _type(name, section, label, plural, description, class_name, *own, **declared):
    declared.setdefault("as_related", f"Betrokken {plural.lower()}")
    declared["facets"] = (*declared["facets"], COMPLETE_FACET)
    TYPES[name] = EntryType(name, section, label, plural, description, class_name, tuple(own), **declared)


_type(
    "projects", "projecten", "Project", "Projecten",
    "Een innovatieproject of leertraject.", "Project",
    Field("stage", CHOICE, "Fase", "Hoe ver het project staat.", required=True,
          choices={"idee": "Idee", "lopend": "Lopend", "afgerond": "Afgerond", "gestopt": "Gestopt"}),
    _year("started", "Gestart in", "Jaar waarin het project begon, bv. 2019."),
    _year("ended", "Beëindigd in", "Jaar waarin het project eindigde; niet vóór `started`."),
    Field("website", URL, "Website", "Website van het project (http of https)."),
    named=True,
    card="stage", home="achter", happened=("started", "ended"),
    facets=(THEME_FACET, choice_facet("stage", "fase"), REGION_FACET, ORGANISATION_FACET,
            year_facet("started", "Gestart in", "ended")),
    schema=SchemaOrg("Project", fields={"website": ("sameAs", "text"), "started": ("foundingDate", "text"),
                                        "ended": ("dissolutionDate", "text")},
                     relations={"experts": "member", "organisations": "member", "events": "event"}),
    headings={"practices": "Ervaringen uit dit project", "tools": "Gebruikte instrumenten",
              "knowledge": "Gebruikte kennis"},
    complete=("started", "website", "region"),
    look=Look(DIAMOND, "#1f5f99", "#8ec5f5"),
    prompt="Waarover gaat het project, wie doet mee, wat is er al bereikt en wat is de volgende stap?",
)
_type(
    "practices", "ervaringen", "Ervaring", "Ervaringen",
    "Een ervaring: een goede praktijk, een verrijkende mislukking of een opgedane vaardigheid.",
    "Practice",
    Field("kind", CHOICE, "Soort ervaring", "Wat voor ervaring dit is.", required=True,
          choices={"goede-praktijk": "Goede praktijk",
                   "verrijkende-mislukking": "Verrijkende mislukking",
                   "vaardigheid": "Vaardigheid"}),
    Field("lessons", TEXTS, "Lessen", "Korte zinnen: wat anderen hieruit kunnen leren.",
          section="Wat anderen hieruit kunnen leren"),
    _year("year", "Jaar", "Jaar waarin het gebeurde, zoals de bron het zegt, bv. 2019."),
    card="kind", home="oogst", story=True, happened=("year",),
    facets=(THEME_FACET, KIND_FACET, REGION_FACET, ORGANISATION_FACET, year_facet("year", "Jaar")),
    schema=SchemaOrg("CreativeWork", creative_work=True, fields={"lessons": ("abstract", "joined"),
                                                                 "year": ("temporalCoverage", "text")},
                     relations={"projects": "about", "events": "recordedAt"}, relation="mentions"),
    headings={"projects": "Opgedaan in projecten", "tools": "Gebruikte instrumenten",
              "knowledge": "Achterliggende kennis", "events": "Geoogst op bijeenkomsten"},
    complete=("year", "lessons", "region", "contributors"),
    look=Look(CIRCLE, "#2e6b30", "#92d39b"),
    prompt=("Wat deed je, wat liep goed of fout, en wat leer je eruit? Schrijf het zo dat een collega "
            "in een andere organisatie het kan overnemen of vermijden."),
)
_type(
    "tools", "instrumenten", "Instrument", "Instrumenten",
    "Een instrument: een werkvorm, een tool of een systeem.", "Tool",
    Field("kind", CHOICE, "Soort instrument", "Wat voor instrument dit is.", required=True,
          choices={"werkvorm": "Werkvorm", "tool": "Tool", "systeem": "Systeem"}),
    Field("duration", TEXT, "Duur", "Hoe lang het duurt, bv. `2 uur` of `halve dag`."),
    Field("group_size", TEXT, "Groepsgrootte", "Voor hoeveel mensen, bv. `8-20 deelnemers`."),
    Field("url", URL, "Meer informatie", "Adres (http of https) waar het instrument te vinden is."),
    _year("year", "Jaar", "Jaar waarin het instrument gebruikt of beschreven werd, zoals de bron het "
          "zegt, bv. 2019."),
    card="kind", home="oogst", happened=("year",),
    facets=(THEME_FACET, KIND_FACET, REGION_FACET, ORGANISATION_FACET, year_facet("year", "Jaar")),
    # A work form is a sequence of steps to follow; a tool or system is simply a work.
    schema=SchemaOrg("CreativeWork", when=(("HowTo", {"kind": "werkvorm"}),), creative_work=True,
                     fields={"url": ("sameAs", "text"), "duration": ("timeRequired", "text"),
                             "group_size": ("audience", "audience"), "year": ("temporalCoverage", "text")},
                     relation="mentions"),
    headings={"projects": "Gebruikt in projecten", "practices": "Ervaringen met dit instrument",
              "knowledge": "Achterliggende kennis", "events": "Gebruikt op bijeenkomsten"},
    complete=("year", "url", "duration", "group_size"),
    look=Look(TRIANGLE, "#8a4b00", "#f3b86e"),
    prompt="Wat is het instrument, voor wie is het bedoeld, en hoe gebruik je het stap voor stap?",
)
_type(
    "knowledge", "kennis", "Kennis", "Kennis",
    "Kennis: een theorie, een model of literatuur.", "Knowledge",
    Field("kind", CHOICE, "Soort kennis", "Wat voor kennis dit is.", required=True,
          choices={"literatuur": "Literatuur", "model": "Model", "theorie": "Theorie"}),
    Field("authors", TEXTS, "Auteurs", "Namen van de auteurs.", search="names"),
    _year("year", "Jaar", "Jaar van verschijnen, bv. 2018."),
    Field("publisher", TEXT, "Uitgever", "Naam van de uitgever."),
    Field("isbn", ISBN, "ISBN", "ISBN-10 of ISBN-13 met geldig controlecijfer."),
    Field("url", URL, "Online te vinden", "Adres (http of https) van de tekst of het model."),
    card="kind", home="oogst", happened=("year",),
    facets=(THEME_FACET, KIND_FACET, REGION_FACET, ORGANISATION_FACET,
            year_facet("year", "Jaar van verschijnen")),
    # Only an ISBN makes literature certainly a book (the harvest also lists films and reports).
    schema=SchemaOrg("CreativeWork", when=(("Book", {"kind": "literatuur", "isbn": True}),),
                     creative_work=True,
                     fields={"url": ("sameAs", "text"), "authors": ("author", "persons"),
                             "year": ("datePublished", "text"),
                             "publisher": ("publisher", "organisation"), "isbn": ("isbn", "text")},
                     relation="mentions"),
    headings={"projects": "Toegepast in projecten", "practices": "Ervaringen die hierop steunen",
              "tools": "Instrumenten die hierop steunen", "events": "Besproken op bijeenkomsten"},
    complete=("authors", "year", "url"),
    look=Look(SQUARE, "#6b3fa0", "#cbaaf3"),
    prompt="Wat zegt deze theorie, dit model of deze tekst, en wat heb je eraan in de praktijk?",
)
_type(
    "experts", "schakelfiguren", "Schakelfiguur", "Schakelfiguren",
    "Een schakelfiguur: coach, inspirator, innovator of expert.", "Expert",
    Field("roles", CHOICES, "Rollen", "Eén of meer rollen.", required=True,
          choices={"coach": "Coach", "inspirator": "Inspirator", "innovator": "Innovator",
                   "expert": "Expert"}, example=["expert"]),
    Field("email", EMAIL, "E-mail", "E-mailadres, alleen met toestemming van de persoon."),
    Field("website", URL, "Website", "Website van de persoon (http of https)."),
    named=True,
    card="roles", home="oogst",
    facets=(THEME_FACET, choice_facet("roles", "rol"), REGION_FACET, ORGANISATION_FACET, ADDED_FACET),
    schema=SchemaOrg("Person",
                     # The e-mail address is only present with the person's consent (content model).
                     fields={"website": ("sameAs", "text"), "roles": ("jobTitle", "labels"),
                             "email": ("email", "text")},
                     relations={"organisations": "memberOf", "projects": "memberOf", "experts": "knows",
                                "events": "performerIn"}),
    headings={"experts": "Werkt samen met", "organisations": "Verbonden aan organisaties"},
    heading_pattern="Betrokken bij {}", as_related="Betrokken schakelfiguren",
    complete=("website", "region"),
    look=Look(STAR, "#a3214b", "#f5a3bd"),
    prompt=("Wie is deze persoon, waarvoor kun je bij haar of hem terecht, en uit welke projecten "
            "ken je haar of hem? Noem alleen wat de persoon zelf goed vindt."),
)
_type(
    "organisations", "organisaties", "Organisatie", "Organisaties",
    "Een overheid, netwerk, bedrijf of fonds.", "Organisation",
    # Not required: what kind of organisation it is, is a fact about it, and a source may not say.
    Field("kind", CHOICE, "Soort organisatie",
          "Wat voor organisatie dit is; laat het weg als je bron het niet zegt.",
          choices={"overheid": "Overheid", "gemeente": "Gemeente", "netwerk": "Netwerk",
                   "adviesbureau": "Adviesbureau", "kennisinstelling": "Kennisinstelling",
                   "fonds": "Fonds"}),
    Field("website", URL, "Website", "Website van de organisatie (http of https)."),
    named=True,
    card="kind", home="achter",
    facets=(THEME_FACET, KIND_FACET, REGION_FACET, ADDED_FACET),
    schema=SchemaOrg("Organization", when=(("GovernmentOrganization", {"kind": "overheid"}),
                                           ("GovernmentOrganization", {"kind": "gemeente"})),
                     fields={"website": ("sameAs", "text")},
                     relations={"experts": "member", "projects": "memberOf", "events": "event"}),
    headings={"experts": "Verbonden schakelfiguren"},
    heading_pattern="Betrokken bij {}",
    complete=("kind", "website", "region"),
    look=Look(HEXAGON, "#3d5a66", "#a8c4d0"),
    prompt="Wat doet deze organisatie en wat is haar rol in de innovatieoogst?",
)

_type(
    "events", "bijeenkomsten", "Bijeenkomst", "Bijeenkomsten",
    "Een bijeenkomst waar de oogst gemaakt en gedeeld wordt: netwerkbijeenkomst, workshop, Doetank, "
    "café of masterclass.", "Event",
    Field("kind", CHOICE, "Soort bijeenkomst", "Wat voor bijeenkomst dit is.", required=True,
          choices={"netwerkbijeenkomst": "Netwerkbijeenkomst", "workshop": "Workshop",
                   "doetank": "Doetank", "cafe": "Café", "masterclass": "Masterclass",
                   "webinar": "Webinar", "conferentie": "Conferentie"}),
    Field("starts", MOMENT, "Begint",
          "Dag (JJJJ-MM-DD) of dag en uur (JJJJ-MM-DD UU:MM), plaatselijke tijd in België en "
          "Nederland, bv. `2026-12-10 14:00`.", required=True, example="2024-05-17 14:00", fact=False),
    Field("ends", END, "Eindigt",
          "Zoals `starts`, niet ervoor; een uur alleen (`17:00`) is dezelfde dag. Laat het weg als "
          "het eind niet vastligt.", fact=False),
    Field("venue", TEXT, "Locatie", "Naam van de plek, bv. `Beurs van Berlage`.", fact=False),
    Field("address", TEXT, "Adres", "Straat en nummer (en postcode) van de plek.", fact=False,
          search=""),
    Field("city", TEXT, "Plaats", "Gemeente of stad; een bijeenkomst heeft `city` of `online` of "
          "beide. Alleen een bijeenkomst die al voorbij was toen ze werd toegevoegd, mag zonder, als de "
          "bron niet zegt waar ze was.", fact=False, example="Brussel"),
    Field("online", URL, "Online", "Adres (http of https) waar je online deelneemt.", fact=False),
    Field("registration", URL, "Inschrijven", "Adres (http of https) waar je je inschrijft.",
          fact=False),
    card="kind", home="achter", timed=True, one_of=(("city", "online"),), happened=("starts",),
    facets=(THEME_FACET, KIND_FACET, Facet("place", "plaats", "city", "Plaats"),
            ORGANISATION_FACET, year_facet("starts", "Jaar")),
    # startDate, endDate, location and attendance mode follow from several fields together (events.py).
    schema=SchemaOrg("Event", fields={"starts": ("startDate", "event")},
                     relations={"experts": "performer", "organisations": "organizer",
                                "practices": "workFeatured", "tools": "workFeatured",
                                "knowledge": "workFeatured"},
                     relation="about"),
    headings={"experts": "Sprekers en begeleiders", "organisations": "Organisatoren",
              "practices": "Wat we hier oogstten", "projects": "Bij projecten",
              "tools": "Gebruikte instrumenten", "knowledge": "Besproken kennis"},
    as_related="Bijeenkomsten",
    complete=("venue", "ends"),
    look=Look(SPARKLE, "#00695c", "#7fd6c8"),
    prompt=("Vooraf de uitnodiging: voor wie is de bijeenkomst, wat staat op het programma, wie spreekt? "
            "Achteraf het verslag: wat werd er gedeeld en geoogst? Noem de ervaringen in `practices`."),
)

RELATION_FIELDS: tuple[Field, ...] = tuple(
    Field(t.name, RELATION, t.plural,
          f"Slugs van gerelateerde {t.plural.lower()} (bestandsnamen zonder .md).")
    for t in TYPES.values()
)

FIELDS_BY_TYPE: dict[str, dict[str, Field]] = {
    name: {f.name: f for f in (*COMMON_FIELDS, *t.fields, *RELATION_FIELDS)}
    for name, t in TYPES.items()
}

TYPE_BY_SECTION = {t.section: t for t in TYPES.values()}


def relation_heading(page_type: str, related_type: str) -> str:
    """The heading of a group of related entries, seen from the page that shows them: the page
    type's exception, else "Verwante …" for its own type, else the page type's pattern, else the
    related type's own heading."""
    page, related = TYPES[page_type], TYPES[related_type]
    if related_type in page.headings:
        return page.headings[related_type]
    if page_type == related_type:
        return f"Verwante {related.plural.lower()}"
    if page.heading_pattern:
        return page.heading_pattern.format(related.plural.lower())
    return related.as_related


def choice_label(type_name: str, field_name: str, value: str) -> str:
    """Dutch label of an enumerated value; the value itself when it has none."""
    f = FIELDS_BY_TYPE[type_name].get(field_name)
    return f.choices.get(value, value) if f else value


def field_groups(type_name: str) -> tuple[list[Field], list[Field], list[Field]]:
    """A type's fields in the scaffold's order: (required, optional, relations)."""
    t, fields = TYPES[type_name], list(FIELDS_BY_TYPE[type_name].values())
    return ([f for f in fields if t.asks(f)],
            [f for f in fields if not t.asks(f) and f.kind != RELATION],
            [f for f in fields if f.kind == RELATION])
