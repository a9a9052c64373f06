"""The harvest's content model: the one declaration that the JSON Schemas, the validator,
the entry pages, the scaffold and the contributor docs are all derived from.

Field names are English (the contract contributors write); labels and help are Dutch
(what readers and contributors see)."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: str
    help: str
    required: bool = False
    choices: dict[str, str] = field(default_factory=dict)  # value -> Dutch label
    example: object = None  # placeholder value for the scaffold

    @property
    def is_list(self) -> bool:
        return self.kind in (CHOICES, TEXTS, THEMES, LINKS, RELATION, ALIASES)


@dataclass(frozen=True)
class EntryType:
    name: str  # folder and relation field name, e.g. "projects"
    section: str  # public URL segment, e.g. "projecten"
    label: str  # singular Dutch label, e.g. "Project"
    plural: str  # Dutch section title, e.g. "Projecten"
    description: str  # what the type holds, in Dutch
    class_name: str  # Python class of its content objects
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        return FIELDS_BY_TYPE[self.name].get(name)


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
          "project of de gebeurtenis plaatsvond.", required=True),
    Field("updated", DATE, "Bijgewerkt op", "Datum van de laatste inhoudelijke wijziging (JJJJ-MM-DD)."),
    Field("region", CHOICE, "Regio", "Waar het zich afspeelt.", choices=REGIONS),
    Field("links", LINKS, "Links", "Lijst van links, elk met `title` en `url` (http of https)."),
    Field("source", URL, "Bron", "Adres (http of https) van de oorspronkelijke tekst waarop dit steunt."),
    Field("license", TEXT, "Licentie", "Licentie van die bron, bv. CC-BY-4.0."),
    Field("contributors", TEXTS, "Bijdragers", "Namen van wie aan deze inzending schreef."),
    Field("status", CHOICE, "Status",
          "`published` (standaard) of `draft`: een concept toont alleen in de lokale voorbeeldweergave.",
          choices=STATUSES),
    Field("aliases", ALIASES, "Eerdere adressen",
          "Vroegere adressen van deze inzending op de site, na een nieuwe bestandsnaam of een "
          "samenvoeging, bv. `[/ervaringen/oude-slug/]`: wie ze opent, komt hier terecht."),
)


def _year(name: str, label: str, help: str) -> Field:
    return Field(name, YEAR, label, help)


TYPES: dict[str, EntryType] = {}


def _type(name, section, label, plural, description, class_name, *own):
    TYPES[name] = EntryType(name, section, label, plural, description, class_name, tuple(own))


_type(
    "projects", "projecten", "Project", "Projecten",
    "Een innovatieproject of leertraject.", "Project",
    Field("stage", CHOICE, "Fase", "Hoe ver het project staat.", required=True,
          choices={"idee": "Idee", "lopend": "Lopend", "afgerond": "Afgerond", "gestopt": "Gestopt"}),
    _year("started", "Gestart in", "Jaar waarin het project begon, bv. 2019."),
    _year("ended", "Beëindigd in", "Jaar waarin het project eindigde; niet vóór `started`."),
    Field("website", URL, "Website", "Website van het project (http of https)."),
)
_type(
    "practices", "ervaringen", "Ervaring", "Ervaringen",
    "Een ervaring: een goede praktijk, een verrijkende mislukking of een opgedane vaardigheid.",
    "Practice",
    Field("kind", CHOICE, "Soort ervaring", "Wat voor ervaring dit is.", required=True,
          choices={"goede-praktijk": "Goede praktijk",
                   "verrijkende-mislukking": "Verrijkende mislukking",
                   "vaardigheid": "Vaardigheid"}),
    Field("lessons", TEXTS, "Lessen", "Korte zinnen: wat anderen hieruit kunnen leren."),
)
_type(
    "tools", "instrumenten", "Instrument", "Instrumenten",
    "Een instrument: een werkvorm, een tool of een systeem.", "Tool",
    Field("kind", CHOICE, "Soort instrument", "Wat voor instrument dit is.", required=True,
          choices={"werkvorm": "Werkvorm", "tool": "Tool", "systeem": "Systeem"}),
    Field("duration", TEXT, "Duur", "Hoe lang het duurt, bv. `2 uur` of `halve dag`."),
    Field("group_size", TEXT, "Groepsgrootte", "Voor hoeveel mensen, bv. `8-20 deelnemers`."),
    Field("url", URL, "Meer informatie", "Adres (http of https) waar het instrument te vinden is."),
)
_type(
    "knowledge", "kennis", "Kennis", "Kennis",
    "Kennis: een theorie, een model of literatuur.", "Knowledge",
    Field("kind", CHOICE, "Soort kennis", "Wat voor kennis dit is.", required=True,
          choices={"literatuur": "Literatuur", "model": "Model", "theorie": "Theorie"}),
    Field("authors", TEXTS, "Auteurs", "Namen van de auteurs."),
    _year("year", "Jaar", "Jaar van verschijnen, bv. 2018."),
    Field("publisher", TEXT, "Uitgever", "Naam van de uitgever."),
    Field("isbn", ISBN, "ISBN", "ISBN-10 of ISBN-13 met geldig controlecijfer."),
    Field("url", URL, "Online te vinden", "Adres (http of https) van de tekst of het model."),
)
_type(
    "experts", "schakelfiguren", "Schakelfiguur", "Schakelfiguren",
    "Een schakelfiguur: coach, inspirator, innovator of expert.", "Expert",
    Field("roles", CHOICES, "Rollen", "Eén of meer rollen.", required=True,
          choices={"coach": "Coach", "inspirator": "Inspirator", "innovator": "Innovator",
                   "expert": "Expert"}, example=["expert"]),
    Field("email", EMAIL, "E-mail", "E-mailadres, alleen met toestemming van de persoon."),
    Field("website", URL, "Website", "Website van de persoon (http of https)."),
)
_type(
    "organisations", "organisaties", "Organisatie", "Organisaties",
    "Een overheid, netwerk, bedrijf of fonds.", "Organisation",
    Field("kind", CHOICE, "Soort organisatie", "Wat voor organisatie dit is.", required=True,
          choices={"overheid": "Overheid", "gemeente": "Gemeente", "netwerk": "Netwerk",
                   "adviesbureau": "Adviesbureau", "kennisinstelling": "Kennisinstelling",
                   "fonds": "Fonds"}),
    Field("website", URL, "Website", "Website van de organisatie (http of https)."),
)

RELATION_FIELDS: tuple[Field, ...] = tuple(
    Field(t.name, RELATION, t.plural, f"Slugs van gerelateerde {t.plural.lower()} (bestandsnamen zonder .md).")
    for t in TYPES.values()
)

FIELDS_BY_TYPE: dict[str, dict[str, Field]] = {
    name: {f.name: f for f in (*COMMON_FIELDS, *t.fields, *RELATION_FIELDS)}
    for name, t in TYPES.items()
}

TYPE_BY_SECTION = {t.section: t for t in TYPES.values()}


def choice_label(type_name: str, field_name: str, value: str) -> str:
    """Dutch label of an enumerated value; the value itself when it has none."""
    f = FIELDS_BY_TYPE[type_name].get(field_name)
    return f.choices.get(value, value) if f else value
